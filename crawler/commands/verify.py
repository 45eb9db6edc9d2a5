"""scrapy verify: audit CORPUS_DB against WARC_DIR; exit 0 only when everything is clean."""

from __future__ import annotations

from scrapy.commands import ScrapyCommand

from crawler.cli import NewsarchiveCommand
from crawler.exits import Exit
from crawler.provenance.verify import FAILURES, NOTICES, verify
from crawler.terminal import escape_terminal


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "[-s CORPUS_DB=PATH] [-s WARC_DIR=DIR]"

    def short_desc(self) -> str:
        return "Check every row against the WARC record it points at, and every WARC file"

    def execute(self, args: list[str], opts) -> Exit:
        corpus_db, warc_dir = self.corpus_path(), self.warc_dir()
        with self.progress("verifying", total=0) as advance:
            report = verify(corpus_db, warc_dir, progress=advance)
        checked = ", ".join(f"{v} {k}" for k, v in sorted(report.checked.items()))
        print(f"checked: {checked}")
        for kind in FAILURES + NOTICES:
            n = report.counts.get(kind, 0)
            if not n:
                continue
            print(f"{'FAIL' if kind in FAILURES else 'note'} {kind}: {n}")
            for example in report.examples[kind]:
                print(f"    {escape_terminal(str(example))}")
        print("verify: clean" if report.ok else "verify: PROBLEMS FOUND")
        return Exit.OK if report.ok else Exit.NEGATIVE
