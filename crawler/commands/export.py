"""scrapy export OUT: the archive as a WACZ, or the articles as a CSV/TSV table.

``OUT.wacz`` packages the WARC files with a pages.jsonl listing the articles;
``OUT.csv`` and ``OUT.tsv`` write one row per article (text, metadata and the WARC
record it came from) for spreadsheets, with formula injection defused.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.package import PackageError
from crawler.provenance import export
from schemas.corpus import CorpusError
from schemas.spreadsheet import DIALECTS, ExportError, count_articles, export_table


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "OUT.wacz|OUT.csv|OUT.tsv [-s CORPUS_DB=PATH] [-s WARC_DIR=DIR]"

    def short_desc(self) -> str:
        return "Package the archive as a WACZ, or write the articles as a CSV/TSV table"

    def run(self, args: list[str], opts) -> None:
        if len(args) != 1:
            raise UsageError("give the output file, e.g. scrapy export archive.wacz")
        assert self.settings is not None
        db = self.settings.get("CORPUS_DB")
        if not os.path.exists(db):
            print(f"export: no corpus at {db}", file=sys.stderr)
            self.exitcode = 3
            return
        suffix = Path(args[0]).suffix.lower()
        if suffix in DIALECTS:
            self._table(db, args[0])
            return
        if suffix != ".wacz":
            raise UsageError("the output is a .wacz, .csv or .tsv file")
        try:
            path, pages = export(db, self.settings.get("WARC_DIR"), args[0])
        except (PackageError, CorpusError, OSError) as exc:
            print(f"export: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(f"export: {path} ({os.path.getsize(path)} bytes, {pages} pages)")

    def _table(self, db: str, output: str) -> None:
        err = Console(stderr=True)
        try:
            with Progress(
                TextColumn("writing articles"),
                BarColumn(),
                MofNCompleteColumn(),
                console=err,
                transient=True,
            ) as bar:
                task = bar.add_task("rows", total=count_articles(db) or None)
                path, rows = export_table(db, output, progress=lambda n: bar.advance(task, n))
        except (ExportError, OSError) as exc:
            err.print(f"export: {exc}", markup=False, highlight=False)
            self.exitcode = 1
            return
        print(f"export: {path} ({os.path.getsize(path)} bytes, {rows} articles)")
