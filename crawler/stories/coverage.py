"""A story's coverage for ``scrapy coverage``: a followed topic's (``schemas.coverage``),
or a query's: a query that names no topic is matched against the whole corpus there and
then, so ``scrapy coverage 'netflix AND eternaut*'`` answers before the topic is ever
followed. Pure (SQLite and the topic matcher)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from archive.viewer.chart import plot
from crawler.stories.topics import Document, Topic, TopicQueryError
from schemas.coverage import Coverage, followed, piece, with_text, write_csv

__all__ = ["Coverage", "CoverageError", "coverage", "plot", "write_csv"]


class CoverageError(ValueError):
    """No such topic, and not a query either."""


def coverage(conn: sqlite3.Connection, topic: str) -> Coverage:
    """The coverage of a followed topic (by name), or of a query over the whole corpus."""
    found = followed(conn, topic)
    if found is not None:
        return found
    try:
        query = Topic(topic[:200] or "query", topic)
    except TopicQueryError as exc:
        raise CoverageError(f"no topic named {topic!r}, and not a query: {exc}") from None
    found = Coverage(topic, topic, False)
    found.pieces = [piece(row[:-3]) for row in _matching(conn, query)]
    return found


def _matching(conn: sqlite3.Connection, query: Topic) -> Iterator[tuple]:
    """Articles matching an ad-hoc query, read in batches (never the whole corpus)."""
    last = 0
    while rows := with_text(conn, last):
        for row in rows:
            if query.matches(Document(*row[-3:])):
                yield tuple(row)
        last = rows[-1][0]
