"""scrapy export OUT: the archive as a WACZ, or the articles as a CSV/TSV table.

``OUT.wacz`` packages the WARC files with a pages.jsonl listing the articles;
``OUT.csv`` and ``OUT.tsv`` write one row per article (text, metadata and the WARC
record it came from) for spreadsheets, with formula injection defused.
"""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.cli import NewsarchiveCommand, human_bytes
from crawler.exits import Exit
from crawler.provenance.export import export
from schemas.spreadsheet import DIALECTS, count_articles, export_table


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "OUT.wacz|OUT.csv|OUT.tsv [-s CORPUS_DB=PATH] [-s WARC_DIR=DIR]"

    def short_desc(self) -> str:
        return "Package the archive as a WACZ, or write the articles as a CSV/TSV table"

    def execute(self, args: list[str], opts) -> Exit:
        if len(args) != 1:
            raise UsageError("give the output file, e.g. scrapy export archive.wacz")
        output, suffix = args[0], Path(args[0]).suffix.lower()
        if suffix in DIALECTS:
            corpus_db = self.corpus_path()
            with self.progress("writing articles", total=count_articles(corpus_db)) as advance:
                path, rows = export_table(corpus_db, output, progress=advance)
            what = f"{rows} articles"
        elif suffix == ".wacz":
            path, pages = export(self.corpus_path(), self.warc_dir(), output)
            what = f"{pages} pages"
        else:
            raise UsageError("the output is a .wacz, .csv or .tsv file")
        print(f"export: {path} ({human_bytes(os.path.getsize(path))}, {what})")
        return Exit.OK
