"""scrapy search QUERY: full-text search of the corpus, any script, any input; by relevance
(bm25 among the newest matches, ``schemas.search``) unless a date order is asked for."""

from __future__ import annotations

import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.cli import NewsarchiveCommand
from crawler.exits import Exit
from crawler.terminal import one_line
from schemas.search import ORDERS, search


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "QUERY [--limit N] [--order rank|newest|oldest] [-s CORPUS_DB=PATH]"

    def short_desc(self) -> str:
        return "Search the corpus (every word must match; word* is a prefix; short CJK words too)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument(
            "--order",
            choices=sorted(ORDERS),
            default="rank",
            help="rank (the default) sorts by relevance, newest and oldest by publication date",
        )

    def execute(self, args: list[str], opts) -> Exit:
        if not args:
            raise UsageError("give a query")
        hits = search(self.corpus(), " ".join(args), limit=opts.limit, order=opts.order)
        for hit in hits:
            print(f"{hit.id}\t{hit.published or '-'}\t{one_line(hit.title or '')}\t{hit.url}")
        print(f"{len(hits)} article(s)", file=sys.stderr)
        return Exit.OK if hits else Exit.NEGATIVE
