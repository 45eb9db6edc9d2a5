"""scrapy index [--output PATH]: a sorted CDXJ index of WARC_DIR (cdxj-indexer format)."""

from __future__ import annotations

import os

from scrapy.commands import ScrapyCommand

from archive.package import write_cdxj
from crawler.cli import NewsarchiveCommand, counted, human_bytes
from crawler.exits import Exit


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "[--output PATH] [-s WARC_DIR=DIR]"

    def short_desc(self) -> str:
        return "Write a sorted CDXJ index of the WARC files (default WARC_DIR/index.cdxj)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--output", help="where to write the index")

    def execute(self, args: list[str], opts) -> Exit:
        warc_dir = self.warc_dir()
        output = opts.output or os.path.join(warc_dir, "index.cdxj")
        lines = write_cdxj(warc_dir, output)
        size = human_bytes(os.path.getsize(output))
        print(f"index: {counted(lines, 'line')} written to {output} ({size})")
        return Exit.OK
