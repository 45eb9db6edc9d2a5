"""scrapy reextract: build a new CORPUS_DB from WARC_DIR alone, with no network."""

from __future__ import annotations

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.cli import NewsarchiveCommand
from crawler.exits import Exit
from crawler.options import extract_options
from crawler.provenance.rebuild import reextract
from crawler.terminal import escape_terminal


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "[--diff] -s WARC_DIR=DIR -s CORPUS_DB=NEW.db"

    def short_desc(self) -> str:
        return "Rebuild captures and articles from the WARC files into a new corpus"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--diff", action="store_true", help="print a diff per changed article")

    def execute(self, args: list[str], opts) -> Exit:
        if args:
            raise UsageError("reextract takes no arguments")
        with self.progress("reading WARCs") as advance:
            result = reextract(
                self.warc_dir(),
                self.settings.get("CORPUS_DB"),
                options=extract_options(self.settings),
                want_diffs=opts.diff,
                progress=advance,
            )
        for url, diff in result.diffs:
            print(f"--- {escape_terminal(url)}\n{escape_terminal(diff)}")
        print(
            f"reextract: {result.captures} captures, {result.articles} articles "
            f"({result.identical} identical to the archived text, {result.changed} changed,"
            f" {result.lost} no longer articles, {result.withdrawn} withdrawn as undated static"
            f" pages) into {self.settings.get('CORPUS_DB')}"
        )
        return Exit.OK
