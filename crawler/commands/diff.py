"""scrapy diff URL: what changed in an article between two stored versions."""

from __future__ import annotations

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.cli import NewsarchiveCommand
from crawler.exits import Exit
from crawler.terminal import escape_terminal
from schemas.versions import compare, history


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "URL [--from N] [--to M] [--list] [-s CORPUS_DB=PATH]"

    def short_desc(self) -> str:
        return "Show how an article's text changed between versions (default: the last change)"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--from", dest="old", type=int, help="older version number")
        parser.add_argument("--to", dest="new", type=int, help="newer version number")
        parser.add_argument("--list", action="store_true", help="list the versions only")

    def execute(self, args: list[str], opts) -> Exit:
        if len(args) != 1:
            raise UsageError("give one article URL")
        if opts.list:
            _article, versions = history(self.corpus(), args[0])
            for v in versions:
                title = escape_terminal(v.title or "")
                print(f"version {v.version}  {v.fetched_at or v.created_at}  {title}")
            return Exit.OK
        db = self.corpus()
        _article, versions = history(db, args[0])
        if len(versions) == 1 and opts.old is None and opts.new is None:
            # Nothing to compare with: say so, rather than "version 1 and version 1 have
            # the same text". The answer to "what changed?" is no (status 1).
            (only,) = versions
            print(
                f"only one version of {escape_terminal(args[0])} is stored (version"
                f" {only.version}, {only.fetched_at or only.created_at}): nothing to compare"
            )
            return Exit.NEGATIVE
        change = compare(db, args[0], opts.old, opts.new)
        if not change.lines:
            print(
                f"version {change.old.version} and version {change.new.version} have the same text"
            )
        for line in change.lines:
            print(escape_terminal(line))
        return Exit.OK
