"""scrapy verify: audit CORPUS_DB against WARC_DIR; exit 0 only when everything is clean."""

from __future__ import annotations

from collections import Counter

from scrapy.commands import ScrapyCommand

from crawler.cli import NewsarchiveCommand, counted, human_bytes
from crawler.exits import Exit
from crawler.provenance.verify import FAILURES, FILES_STAGE, NOTICES, verify
from crawler.terminal import escape_terminal

# What was checked, in the order a reader meets it, as the noun of one.
_CHECKED = (
    ("warc_files", "WARC file"),
    ("records", "record"),
    ("captures", "capture"),
    ("articles", "article"),
    ("article_versions", "article version"),
    ("template_profiles", "template profile"),
)


def checked_sentence(checked: Counter[str]) -> str:
    """``2 WARC files (26.7 MB, 4,118 records), 2,016 captures, 16 articles, ...``"""
    files = counted(checked["warc_files"], "WARC file")
    inside = [human_bytes(checked["warc_bytes"]), counted(checked["records"], "record")]
    parts = [f"{files} ({', '.join(inside)})"]
    parts += [counted(checked[key], noun) for key, noun in _CHECKED[2:] if key in checked]
    return ", ".join(parts)


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "[-s CORPUS_DB=PATH] [-s WARC_DIR=DIR]"

    def short_desc(self) -> str:
        return "Check every row against the WARC record it points at, and every WARC file"

    def execute(self, args: list[str], opts) -> Exit:
        corpus_db, warc_dir = self.corpus_path(), self.warc_dir()
        with self.stages(bytes_stages=(FILES_STAGE,)) as advance:
            report = verify(corpus_db, warc_dir, progress=advance)
        print(f"checked: {checked_sentence(report.checked)}")
        for kind in FAILURES + NOTICES:
            n = report.counts.get(kind, 0)
            if not n:
                continue
            print(f"{'FAIL' if kind in FAILURES else 'note'} {kind}: {n}")
            for example in report.examples[kind]:
                print(f"    {escape_terminal(str(example))}")
        print("verify: clean" if report.ok else "verify: PROBLEMS FOUND")
        return Exit.OK if report.ok else Exit.NEGATIVE
