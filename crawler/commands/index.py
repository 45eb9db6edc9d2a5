"""scrapy index [--output PATH]: a sorted CDXJ index of WARC_DIR (cdxj-indexer format)."""

from __future__ import annotations

import os
import sys

from scrapy.commands import ScrapyCommand

from archive.package import PackageError, write_cdxj


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--output PATH] [-s WARC_DIR=DIR]"

    def short_desc(self) -> str:
        return "Write a sorted CDXJ index of the WARC files (default WARC_DIR/index.cdxj)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--output", help="where to write the index")

    def run(self, args: list[str], opts) -> None:
        assert self.settings is not None
        warc_dir = self.settings.get("WARC_DIR")
        output = opts.output or os.path.join(warc_dir, "index.cdxj")
        try:
            lines = write_cdxj(warc_dir, output)
        except (PackageError, OSError) as exc:
            print(f"index: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(f"index: {lines} lines written to {output}")
