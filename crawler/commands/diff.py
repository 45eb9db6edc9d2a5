"""scrapy diff URL: what changed in an article between two stored versions."""

from __future__ import annotations

import os
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.security import escape_terminal
from schemas.corpus import CorpusError, open_database
from schemas.versions import VersionError, find_article, pick, text_diff, versions_of

EXIT_SAME = 0
EXIT_NOT_FOUND = 1
EXIT_UNUSABLE = 3


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "URL [--from N] [--to M] [--list] [-s CORPUS_DB=PATH]"

    def short_desc(self) -> str:
        return "Show how an article's text changed between versions (default: the last change)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--from", dest="old", type=int, help="older version number")
        parser.add_argument("--to", dest="new", type=int, help="newer version number")
        parser.add_argument("--list", action="store_true", help="list the versions only")

    def run(self, args: list[str], opts) -> None:
        if len(args) != 1:
            raise UsageError("give one article URL")
        assert self.settings is not None
        path = self.settings.get("CORPUS_DB")
        if not os.path.exists(path):
            print(f"diff: no corpus at {path}", file=sys.stderr)
            self.exitcode = EXIT_UNUSABLE
            return
        try:
            db = open_database(path, migrate=False)
            article = find_article(db, args[0])
            versions = versions_of(db, article["id"])
            if opts.list:
                for v in versions:
                    print(f"version {v.version}  {v.fetched_at or v.created_at}  {v.title or ''}")
                return
            new = pick(versions, opts.new, -1)
            older = [v for v in versions if v.version < new.version]
            old = pick(older or versions, opts.old, -1)
        except CorpusError as exc:
            print(f"diff: {exc}", file=sys.stderr)
            self.exitcode = EXIT_UNUSABLE
            return
        except VersionError as exc:
            print(f"diff: {exc}", file=sys.stderr)
            self.exitcode = EXIT_NOT_FOUND
            return
        lines = text_diff(old, new, article["url"])
        if not lines:
            print(f"version {old.version} and version {new.version} have the same text")
        for line in lines:
            print(escape_terminal(line))
