"""Topics and the articles they match, in the corpus (``m011_story_coverage``). No Scrapy.

Storage only: which topics there are (``topics``) and which article, at which version,
matches which (``topic_articles``). Matching itself is ``crawler.stories.topics``;
``rematch`` takes it as a function, because ``schemas`` imports nothing of the project
but ``schemas``.

The relations stay true as the corpus changes:

- an article stored again with a new version is matched again, and ``record_matches``
  replaces all its rows (a topic it no longer matches loses it);
- an article that is withdrawn loses its rows with ``forget_article``, which must run
  before its ``articles`` row is deleted (the foreign key refuses the delete otherwise);
- a topic whose query changed loses its rows in ``sync_topics``, which returns its id
  so that the caller re-matches it (``rematch``): until then it matches nothing, rather
  than claiming articles its new query may not match.

Everything here runs in the caller's transaction when there is one (as a savepoint, so
one failed call is undone alone), or in a transaction of its own otherwise.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, Protocol, TypedDict

from schemas import transactions

ORIGINS = ("sources", "command line")
BATCH = 500  # articles read, matched and written per transaction by ``rematch``

Matcher = Callable[[str | None, str | None, str | None], Iterable[int]]
Progress = Callable[[int, int], None]


class TopicStoreError(ValueError):
    """Topics that cannot be stored as given (a bad origin, a name twice, an unknown id)."""


class NamedQuery(Protocol):
    """What ``sync_topics`` needs of a topic (``crawler.stories.topics.Topic`` is one)."""

    @property
    def name(self) -> str: ...

    @property
    def query(self) -> str: ...


class SyncReport(TypedDict):
    added: list[int]  # new topics: never matched yet
    changed: list[int]  # a new query: their matches were dropped and must be redone
    unchanged: list[int]
    ids: dict[str, int]  # every synced topic's id, by name


@dataclass(frozen=True)
class RematchSummary:
    articles: int  # articles read
    matched: int  # of those, how many match at least one of the topics re-matched
    added: int  # rows inserted into topic_articles
    removed: int  # rows deleted (including rows of articles no longer stored)
    kept: int  # rows that were already right (their version brought up to date)
    skipped: int  # articles changed or withdrawn by another writer while being matched
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _transaction(conn: sqlite3.Connection):
    return transactions.atomic(conn, "topics")


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# -- topics --------------------------------------------------------------------------


def sync_topics(conn: sqlite3.Connection, topics: Iterable[NamedQuery], origin: str) -> SyncReport:
    """Store a run's topics: new names are added, a changed query replaces the old one
    (and drops its matches), the rest are left alone. Topics not given are kept (a topic
    from an earlier command line stays until removed with ``remove_topic``)."""
    if origin not in ORIGINS:
        raise TopicStoreError(f"a topic's origin is one of {ORIGINS}, not {origin!r}")
    topics = list(topics)
    names = [t.name for t in topics]
    for t in topics:
        if not isinstance(t.name, str) or not t.name or not isinstance(t.query, str):
            raise TopicStoreError(f"a topic needs a name and a query: {t!r}")
    if len(set(names)) != len(names):
        raise TopicStoreError("two topics to store have the same name")
    report: SyncReport = {"added": [], "changed": [], "unchanged": [], "ids": {}}
    now = _utcnow()
    with _transaction(conn):
        for t in topics:
            row = conn.execute(
                "SELECT id, query, origin FROM topics WHERE name = ?", (t.name,)
            ).fetchone()
            if row is None:
                cur = conn.execute(
                    "INSERT INTO topics (name, query, origin, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (t.name, t.query, origin, now, now),
                )
                topic_id = int(cur.lastrowid)
                report["added"].append(topic_id)
            else:
                topic_id = int(row[0])
                if row[1] != t.query:
                    conn.execute(
                        "UPDATE topics SET query = ?, origin = ?, updated_at = ? WHERE id = ?",
                        (t.query, origin, now, topic_id),
                    )
                    conn.execute("DELETE FROM topic_articles WHERE topic_id = ?", (topic_id,))
                    report["changed"].append(topic_id)
                else:
                    if row[2] != origin:
                        conn.execute(
                            "UPDATE topics SET origin = ? WHERE id = ?", (origin, topic_id)
                        )
                    report["unchanged"].append(topic_id)
            report["ids"][t.name] = topic_id
    return report


def remove_topic(conn: sqlite3.Connection, name: str) -> bool:
    """Delete a topic and its matches; False when there is no topic of that name."""
    with _transaction(conn):
        row = conn.execute("SELECT id FROM topics WHERE name = ?", (name,)).fetchone()
        if row is None:
            return False
        conn.execute("DELETE FROM topic_articles WHERE topic_id = ?", (row[0],))
        conn.execute("DELETE FROM topics WHERE id = ?", (row[0],))
    return True


def list_topics(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every topic, by name, with ``articles`` (how many it matches) and ``stale`` (how
    many of those matches were made on an older version of the article: a sign that
    something stored articles without matching them, and that a rematch is due)."""
    return _rows(
        conn.execute(
            "SELECT t.id, t.name, t.query, t.origin, t.created_at, t.updated_at,"
            " count(ta.article_id) AS articles,"
            " coalesce(sum(ta.article_id IS NOT NULL"
            "  AND ta.version IS NOT coalesce(a.version, 1)), 0) AS stale,"
            " max(ta.matched_at) AS last_matched"
            " FROM topics t LEFT JOIN topic_articles ta ON ta.topic_id = t.id"
            " LEFT JOIN articles a ON a.id = ta.article_id"
            " GROUP BY t.id ORDER BY t.name"
        )
    )


def topic_ids(conn: sqlite3.Connection) -> dict[str, int]:
    """Every stored topic's id, by name."""
    return {name: int(i) for i, name in conn.execute("SELECT id, name FROM topics")}


# -- matches -------------------------------------------------------------------------


def record_matches(
    conn: sqlite3.Connection, article_id: int, version: int, topic_ids: Iterable[int]
) -> int:
    """Replace an article's matches with ``topic_ids``, made on its ``version``: called
    in the transaction that stores the article, so its rows never describe another
    version of it. Returns how many rows it has now."""
    wanted = sorted(set(topic_ids))
    now = _utcnow()
    with _transaction(conn):
        conn.execute("DELETE FROM topic_articles WHERE article_id = ?", (article_id,))
        conn.executemany(
            "INSERT INTO topic_articles (topic_id, article_id, version, matched_at)"
            " VALUES (?, ?, ?, ?)",
            [(topic_id, article_id, version, now) for topic_id in wanted],
        )
    return len(wanted)


def forget_article(conn: sqlite3.Connection, article_id: int) -> int:
    """Drop a withdrawn article's matches (before its row goes); returns how many."""
    with _transaction(conn):
        cur = conn.execute("DELETE FROM topic_articles WHERE article_id = ?", (article_id,))
    return cur.rowcount


def articles_of(conn: sqlite3.Connection, topic_id: int) -> list[int]:
    """The ids of the articles a topic matches, in id order."""
    return [
        int(r[0])
        for r in conn.execute(
            "SELECT article_id FROM topic_articles WHERE topic_id = ? ORDER BY article_id",
            (topic_id,),
        )
    ]


def rematch(
    conn: sqlite3.Connection,
    matcher: Matcher,
    *,
    topic_ids: Iterable[int] | None = None,
    batch_size: int = BATCH,
    progress: Progress | None = None,
) -> RematchSummary:
    """Match the whole corpus again, from ``articles`` alone (title, description, text).

    ``matcher(title, description, text)`` returns the ids of the topics an article
    matches (``crawler.stories.topics.topic_matcher``). ``topic_ids`` limits the work to
    those topics (the ones ``sync_topics`` added or changed); the others' rows are left
    alone. Without it every topic is re-matched, and rows of articles no longer stored
    are dropped.

    Articles are read ``batch_size`` at a time in id order, matched outside any
    transaction, and written one batch per transaction, so a corpus of 100,000 texts is
    never in memory at once and a crawl writing at the same time waits for one batch at
    most. An article that another writer changed or withdrew between the read and the
    write is skipped: that writer matches it itself. ``progress(done, total)`` is called
    after each batch."""
    started = time.monotonic()
    known = {int(r[0]) for r in conn.execute("SELECT id FROM topics")}
    scope = set(known if topic_ids is None else (int(i) for i in topic_ids))
    missing = scope - known
    if missing:
        raise TopicStoreError(f"no topics with ids {sorted(missing)}")
    total = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    counts = dict.fromkeys(("articles", "matched", "added", "removed", "kept", "skipped"), 0)
    if topic_ids is None:
        with _transaction(conn):
            cur = conn.execute(
                "DELETE FROM topic_articles WHERE article_id NOT IN (SELECT id FROM articles)"
            )
            counts["removed"] += cur.rowcount
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, coalesce(version, 1), title, description, text FROM articles"
            " WHERE id > ? ORDER BY id LIMIT ?",
            (last, max(1, batch_size)),
        ).fetchall()
        if not rows:
            break
        found: dict[int, tuple[int, set[int]]] = {}
        for article_id, version, title, description, text in rows:
            matched = {int(i) for i in matcher(title, description, text)}
            unknown = matched - known
            if unknown:
                raise TopicStoreError(f"the matcher returned unknown topic ids {sorted(unknown)}")
            found[int(article_id)] = (int(version), matched & scope)
        _write_batch(conn, found, scope, rows[0][0], rows[-1][0], counts)
        last = rows[-1][0]
        counts["articles"] += len(rows)
        if progress is not None:
            progress(counts["articles"], total)
    return RematchSummary(**counts, seconds=round(time.monotonic() - started, 3))


def _write_batch(
    conn: sqlite3.Connection,
    found: dict[int, tuple[int, set[int]]],
    scope: set[int],
    first: int,
    last: int,
    counts: dict[str, int],
) -> None:
    now = _utcnow()
    with _transaction(conn):
        current = dict(
            conn.execute(
                "SELECT id, coalesce(version, 1) FROM articles WHERE id BETWEEN ? AND ?",
                (first, last),
            ).fetchall()
        )
        old: dict[int, dict[int, int]] = {}
        for topic_id, article_id, version in conn.execute(
            "SELECT topic_id, article_id, version FROM topic_articles"
            " WHERE article_id BETWEEN ? AND ?",
            (first, last),
        ):
            if topic_id in scope:
                old.setdefault(article_id, {})[topic_id] = version
        deletes, inserts, updates = [], [], []
        for article_id, (version, matched) in found.items():
            if current.get(article_id) != version:
                counts["skipped"] += 1
                continue
            counts["matched"] += bool(matched)
            before = old.get(article_id, {})
            deletes += [(t, article_id) for t in before if t not in matched]
            for topic_id in matched:
                if topic_id not in before:
                    inserts.append((topic_id, article_id, version, now))
                else:
                    counts["kept"] += 1
                    if before[topic_id] != version:
                        updates.append((version, now, topic_id, article_id))
        conn.executemany(
            "DELETE FROM topic_articles WHERE topic_id = ? AND article_id = ?", deletes
        )
        conn.executemany(
            "INSERT INTO topic_articles (topic_id, article_id, version, matched_at)"
            " VALUES (?, ?, ?, ?)",
            inserts,
        )
        conn.executemany(
            "UPDATE topic_articles SET version = ?, matched_at = ?"
            " WHERE topic_id = ? AND article_id = ?",
            updates,
        )
    counts["removed"] += len(deletes)
    counts["added"] += len(inserts)
