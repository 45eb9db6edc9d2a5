"""scrapy replay URL [--at TIMESTAMP] [--any-status] [--headers]: an archived body, as it
was sent. The capture is chosen as the viewer chooses it (``archive.replay.choose_capture``)."""

from __future__ import annotations

import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.replay import names_a_moment
from crawler.cli import NewsarchiveCommand
from crawler.exits import Exit
from crawler.provenance.replay import parse_timestamp, replay


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "URL [--at TIMESTAMP] [--any-status] [--headers]"

    def short_desc(self) -> str:
        return "Write an archived response body (decoded) to standard output"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--at",
            help="pick the successful capture nearest to this time (YYYYMMDDhhmmss or ISO)",
        )
        parser.add_argument(
            "--any-status",
            action="store_true",
            help="consider error captures (4xx, 5xx) too; by default they are replayed only"
            " when --at names their second, or when the URL has no other capture",
        )
        parser.add_argument(
            "--headers", action="store_true", help="print the archived status line and headers"
        )

    def execute(self, args: list[str], opts) -> Exit:
        if len(args) != 1:
            raise UsageError("give exactly one URL")
        try:
            at = parse_timestamp(opts.at) if opts.at else None
        except ValueError:
            raise UsageError(f"--at: not a timestamp: {opts.at!r}") from None
        replayed = replay(
            self.corpus(),
            self.warc_dir(),
            args[0],
            at,
            exact=bool(opts.at) and names_a_moment(opts.at),
            any_status=opts.any_status,
        )
        out = sys.stdout.buffer
        out.write(replayed.head if opts.headers else replayed.body)
        out.flush()
        return Exit.OK
