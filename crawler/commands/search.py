"""scrapy search QUERY: full-text search of the corpus, any script, any input."""

from __future__ import annotations

import os
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.security import escape_terminal
from schemas.corpus import CorpusError, open_database
from schemas.search import ORDERS, SearchError, search

EXIT_FOUND = 0
EXIT_NONE = 1
EXIT_BAD_QUERY = 2
EXIT_UNUSABLE = 3


def one_line(text: str) -> str:
    """A title on one tab-separated line, with nothing in it that drives the terminal."""
    return escape_terminal(text).replace("\n", " ").replace("\t", " ")


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "QUERY [--limit N] [--order rank|newest|oldest] [-s CORPUS_DB=PATH]"

    def short_desc(self) -> str:
        return "Search the corpus (every word must match; short CJK words too)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--order", choices=sorted(ORDERS), default="rank")

    def run(self, args: list[str], opts) -> None:
        if not args:
            raise UsageError("give a query")
        assert self.settings is not None
        path = self.settings.get("CORPUS_DB")
        if not os.path.exists(path):
            print(f"search: no corpus at {path}", file=sys.stderr)
            self.exitcode = EXIT_UNUSABLE
            return
        try:
            db = open_database(path, migrate=False)
            hits = search(db, " ".join(args), limit=opts.limit, order=opts.order)
        except CorpusError as exc:
            print(f"search: {exc}", file=sys.stderr)
            self.exitcode = EXIT_UNUSABLE
            return
        except SearchError as exc:
            print(f"search: {exc}", file=sys.stderr)
            self.exitcode = EXIT_BAD_QUERY
            return
        for hit in hits:
            print(f"{hit.id}\t{hit.published or '-'}\t{one_line(hit.title or '')}\t{hit.url}")
        print(f"{len(hits)} article(s)", file=sys.stderr)
        self.exitcode = EXIT_FOUND if hits else EXIT_NONE
