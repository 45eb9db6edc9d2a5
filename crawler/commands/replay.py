"""scrapy replay URL [--at TIMESTAMP] [--headers]"""

from __future__ import annotations

import datetime as dt
import os
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archive.replay import ReplayError, parse_web_timestamp, replay_capture
from crawler.urls import canonicalize_url
from schemas.corpus import CorpusError, find_captures, nearest_capture, open_database

EXIT_NOT_FOUND = 1
EXIT_UNREADABLE = 3


def parse_timestamp(value: str) -> dt.datetime:
    """A web-archive timestamp (4 to 14 digits, or 20 with microseconds) or an ISO 8601 time."""
    if value.strip().isdigit():
        return parse_web_timestamp(value)
    stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "URL [--at TIMESTAMP] [--headers]"

    def short_desc(self) -> str:
        return "Write an archived response body (decoded) to standard output"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--at", help="pick the capture nearest to this time (YYYYMMDDhhmmss or ISO)"
        )
        parser.add_argument(
            "--headers", action="store_true", help="print the archived status line and headers"
        )

    def _fail(self, code: int, message: str) -> None:
        print(f"replay: {message}", file=sys.stderr)
        self.exitcode = code

    def run(self, args: list[str], opts) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one URL")
        url = args[0]
        try:
            at = parse_timestamp(opts.at) if opts.at else None
        except ValueError:
            raise UsageError(f"--at: not a timestamp: {opts.at!r}") from None
        assert self.settings is not None
        if not os.path.exists(self.settings.get("CORPUS_DB")):
            return self._fail(EXIT_NOT_FOUND, f"no corpus at {self.settings.get('CORPUS_DB')}")
        try:
            db = open_database(self.settings.get("CORPUS_DB"), migrate=False)
        except CorpusError as exc:
            return self._fail(EXIT_UNREADABLE, str(exc))
        try:
            rows = find_captures(db, url)
            if not rows:
                canon = canonicalize_url(url)
                if canon and canon != url:
                    rows = find_captures(db, canon)
        except Exception as exc:  # noqa: BLE001 - a corpus without tables, for one
            return self._fail(
                EXIT_UNREADABLE, f"cannot search {self.settings.get('CORPUS_DB')}: {exc}"
            )
        capture = nearest_capture(rows, at)
        if capture is None:
            return self._fail(
                EXIT_NOT_FOUND, f"no capture of {url} in {self.settings.get('CORPUS_DB')}"
            )
        try:
            replayed = replay_capture(self.settings.get("WARC_DIR"), capture)
        except ReplayError as exc:
            return self._fail(EXIT_UNREADABLE, str(exc))
        out = sys.stdout.buffer
        out.write(replayed.head if opts.headers else replayed.body)
        out.flush()
