"""scrapy verify: audit CORPUS_DB against WARC_DIR; exit 0 only when everything is clean."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from scrapy.commands import ScrapyCommand

from crawler.provenance import FAILURES, NOTICES, verify
from crawler.security import escape_terminal
from schemas.corpus import CorpusError

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 3


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[-s CORPUS_DB=PATH] [-s WARC_DIR=DIR]"

    def short_desc(self) -> str:
        return "Check every row against the WARC record it points at, and every WARC file"

    def run(self, args: list[str], opts) -> None:
        assert self.settings is not None
        db, warc_dir = self.settings.get("CORPUS_DB"), self.settings.get("WARC_DIR")
        err = Console(stderr=True)
        if not os.path.exists(db):
            err.print(f"verify: no corpus at {db}", markup=False, highlight=False)
            self.exitcode = EXIT_UNUSABLE
            return
        try:
            with Progress(
                TextColumn("verifying"),
                BarColumn(),
                MofNCompleteColumn(),
                console=err,
                transient=True,
            ) as bar:
                task = bar.add_task("verify", total=None)
                report = verify(db, warc_dir, progress=lambda n: bar.advance(task, n))
        except CorpusError as exc:
            err.print(f"verify: {exc}", markup=False, highlight=False)
            self.exitcode = EXIT_UNUSABLE
            return
        out = sys.stdout
        checked = ", ".join(f"{v} {k}" for k, v in sorted(report.checked.items()))
        print(f"checked: {checked}", file=out)
        for kind in FAILURES + NOTICES:
            n = report.counts.get(kind, 0)
            if not n:
                continue
            tag = "FAIL" if kind in FAILURES else "note"
            print(f"{tag} {kind}: {n}", file=out)
            for example in report.examples[kind]:
                print(f"    {escape_terminal(str(example))}", file=out)
        print("verify: clean" if report.ok else "verify: PROBLEMS FOUND", file=out)
        self.exitcode = EXIT_CLEAN if report.ok else EXIT_PROBLEMS
