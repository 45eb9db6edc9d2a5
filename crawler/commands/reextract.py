"""scrapy reextract: build a new CORPUS_DB from WARC_DIR alone, with no network."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.pipelines import extract_options
from crawler.provenance import reextract
from crawler.security import escape_terminal


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--diff] -s WARC_DIR=DIR -s CORPUS_DB=NEW.db"

    def short_desc(self) -> str:
        return "Rebuild captures and articles from the WARC files into a new corpus"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--diff", action="store_true", help="print a diff per changed article")

    def run(self, args: list[str], opts) -> None:
        if args:
            raise UsageError("reextract takes no arguments")
        assert self.settings is not None
        err = Console(stderr=True)
        try:
            options = extract_options(self.settings)
            with Progress(
                TextColumn("reading WARCs"), BarColumn(), console=err, transient=True
            ) as bar:
                task = bar.add_task("scan", total=None)
                result = reextract(
                    self.settings.get("WARC_DIR"),
                    self.settings.get("CORPUS_DB"),
                    options=options,
                    want_diffs=opts.diff,
                    progress=lambda n: bar.advance(task, n),
                )
        except (FileExistsError, ValueError, OSError) as exc:
            err.print(f"reextract: {exc}", markup=False, highlight=False)
            self.exitcode = 2
            return
        for url, diff in result.diffs:
            print(f"--- {escape_terminal(url)}\n{escape_terminal(diff)}")
        print(
            f"reextract: {result.captures} captures, {result.articles} articles "
            f"({result.identical} identical to the archived text, {result.changed} changed,"
            f" {result.lost} no longer articles, {result.withdrawn} withdrawn as undated static"
            f" pages) into {self.settings.get('CORPUS_DB')}",
            file=sys.stdout,
        )
