"""``scrapy replay URL``: the archived response of a URL, as it was sent. No Scrapy."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

import sqlite_utils

from archive.replay import Replayed, choose_capture, parse_web_timestamp, replay_capture, url_twins
from crawler.urls import canonicalize_url
from schemas.corpus import CorpusError, find_captures


class NotArchived(LookupError):
    """The corpus holds no capture of the URL."""


def parse_timestamp(value: str) -> dt.datetime:
    """A web-archive timestamp (4 to 14 digits, or 20 with microseconds) or an ISO 8601 time."""
    if value.strip().isdigit():
        return parse_web_timestamp(value)
    stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def lookup_forms(url: str) -> list[str]:
    """The forms of ``url`` a capture may be filed under, in the order they are tried:
    as given, canonicalised, then each under the other scheme (http/https)."""
    forms: list[str] = []
    canon = canonicalize_url(url)
    for form in (url, canon):
        if form and form not in forms:
            forms.append(form)
    for form in list(forms):
        for twin in url_twins(form):
            if twin not in forms:
                forms.append(twin)
    return forms


def replay(
    db: sqlite_utils.Database,
    warc_dir: str | os.PathLike[str],
    url: str,
    at: dt.datetime | None = None,
    *,
    exact: bool = False,
    any_status: bool = False,
) -> Replayed:
    """The capture of ``url`` chosen as the viewer chooses (``archive.replay.choose_capture``:
    the nearest successful one to ``at``, default the latest; an error capture only when
    ``exact`` names its moment, or with ``any_status``), read from its WARC record and
    decoded from its Content-Encoding."""
    rows: list[dict] = []
    try:
        for form in lookup_forms(url):
            rows = find_captures(db, form)
            if rows:
                break
    except sqlite3.OperationalError as exc:
        # An SQLite file, but not a corpus: the same status as a missing one.
        raise CorpusError(f"{_path_of(db)}: not a newsarchive corpus ({exc})") from exc
    capture = choose_capture(rows, at, exact=exact, any_status=any_status)
    if capture is None:
        raise NotArchived(f"no capture of {url} in this corpus")
    return replay_capture(warc_dir, capture)


def _path_of(db: sqlite_utils.Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row and row[2] else "CORPUS_DB"
