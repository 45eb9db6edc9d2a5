"""scrapy export OUT: the archive as a WACZ, or the articles as a CSV/TSV table.

``OUT.wacz`` packages the WARC files with a pages.jsonl listing the articles and their
texts; ``OUT.csv`` and ``OUT.tsv`` write one row per article (text, metadata and the WARC
record it came from) for spreadsheets, with formula injection defused. A ``.csv`` starts
with a UTF-8 byte order mark, so that Excel reads it as UTF-8 (``--no-bom``: without).
An existing OUT is kept unless ``--force`` is given.
"""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.cli import NewsarchiveCommand, counted, human_bytes
from crawler.exits import Exit
from crawler.provenance.export import export
from schemas.spreadsheet import DIALECTS, count_articles, export_table


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "OUT.wacz|OUT.csv|OUT.tsv [--force] [--no-bom] [-s CORPUS_DB=PATH] [-s WARC_DIR=DIR]"

    def short_desc(self) -> str:
        return "Package the archive as a WACZ, or write the articles as a CSV/TSV table"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
        parser.add_argument(
            "--no-bom",
            dest="bom",
            action="store_false",
            default=None,
            help="no UTF-8 byte order mark at the start of a .csv (Excel needs it to read UTF-8)",
        )

    def execute(self, args: list[str], opts) -> Exit:
        if len(args) != 1:
            raise UsageError("give the output file, e.g. scrapy export archive.wacz")
        output, suffix = args[0], Path(args[0]).suffix.lower()
        if suffix in DIALECTS:
            corpus_db = self.corpus_path()
            with self.progress("writing articles", total=count_articles(corpus_db)) as advance:
                path, rows = export_table(
                    corpus_db, output, progress=advance, overwrite=opts.force, bom=opts.bom
                )
            what = counted(rows, "article")
        elif suffix == ".wacz":
            corpus_db, warc_dir = self.corpus_path(), self.warc_dir()
            with self.stages(bytes_stages=("writing WACZ",)) as advance:
                done = 0

                def grown(size: int, total: int) -> None:
                    nonlocal done
                    advance("writing WACZ", max(0, size - done), total)
                    done = max(done, size)

                path, pages = export(
                    corpus_db, warc_dir, output, overwrite=opts.force, progress=grown
                )
            what = f"{counted(pages, 'page')} with their texts"
        else:
            raise UsageError("the output is a .wacz, .csv or .tsv file")
        print(f"export: {path} ({human_bytes(os.path.getsize(path))}, {what})")
        return Exit.OK
