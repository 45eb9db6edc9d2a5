"""scrapy export OUT.wacz: the archive as a WACZ, its pages.jsonl listing the articles."""

from __future__ import annotations

import os
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.package import PackageError
from crawler.provenance import export
from schemas.corpus import CorpusError


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "OUT.wacz [-s CORPUS_DB=PATH] [-s WARC_DIR=DIR]"

    def short_desc(self) -> str:
        return "Package the WARC files and the article list as a WACZ"

    def run(self, args: list[str], opts) -> None:
        if len(args) != 1:
            raise UsageError("give the output file, e.g. scrapy export archive.wacz")
        assert self.settings is not None
        db = self.settings.get("CORPUS_DB")
        if not os.path.exists(db):
            print(f"export: no corpus at {db}", file=sys.stderr)
            self.exitcode = 3
            return
        try:
            path, pages = export(db, self.settings.get("WARC_DIR"), args[0])
        except (PackageError, CorpusError, OSError) as exc:
            print(f"export: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(f"export: {path} ({os.path.getsize(path)} bytes, {pages} pages)")
