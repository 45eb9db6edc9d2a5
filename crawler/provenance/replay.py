"""``scrapy replay URL``: the archived response of a URL, as it was sent. No Scrapy."""

from __future__ import annotations

import datetime as dt
import os

import sqlite_utils

from archive.replay import Replayed, parse_web_timestamp, replay_capture
from crawler.urls import canonicalize_url
from schemas.corpus import find_captures, nearest_capture


class NotArchived(LookupError):
    """The corpus holds no capture of the URL."""


def parse_timestamp(value: str) -> dt.datetime:
    """A web-archive timestamp (4 to 14 digits, or 20 with microseconds) or an ISO 8601 time."""
    if value.strip().isdigit():
        return parse_web_timestamp(value)
    stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def replay(
    db: sqlite_utils.Database,
    warc_dir: str | os.PathLike[str],
    url: str,
    at: dt.datetime | None = None,
) -> Replayed:
    """The capture of ``url`` (as given, else canonicalised) nearest to ``at`` (default:
    the latest), read from its WARC record and decoded from its Content-Encoding."""
    rows = find_captures(db, url)
    if not rows:
        canon = canonicalize_url(url)
        if canon and canon != url:
            rows = find_captures(db, canon)
    capture = nearest_capture(rows, at)
    if capture is None:
        raise NotArchived(f"no capture of {url} in this corpus")
    return replay_capture(warc_dir, capture)
