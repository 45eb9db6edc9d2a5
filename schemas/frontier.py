"""The crawl frontier's SQL: what is queued, in flight, done, and due again.

The frontier shares the corpus database (and its connection) so that it
survives kill -9 exactly as the corpus does. Writes are buffered and
committed in batches, in the order they were made: a page's newly found links
are always committed no later than the mark that says the page is done, and a
page is only marked done after its article was committed. A kill loses at
most some work that was not yet reported done, which the next run redoes.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

QUEUED = "queued"
IN_FLIGHT = "in_flight"
DONE = "done"
FAILED = "failed"

EVERY_RUN = "every_run"  # feeds, sitemaps, section and home pages
SCHEDULE = "schedule"  # articles: revisited on the recrawl schedule
NO_REVISIT = "none"

_COLUMNS = (
    "url_key",
    "url",
    "source",
    "kind",
    "callback",
    "meta",
    "priority",
    "state",
    "policy",
    "attempts",
    "seq",
    "next_eligible",
    "first_seen",
    "last_fetched",
    "fetch_count",
    "last_status",
    "etag",
    "last_modified",
    "payload_digest",
    "record_id",
    "record_uri",
    "record_date",
    "crawl_id",
)


@dataclass
class Entry:
    """One URL to fetch, as stored: plain data, so that any run can rebuild it."""

    url_key: str
    url: str
    callback: str
    kind: str = "page"
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    priority: int = 0
    policy: str = SCHEDULE
    # filled from the row when it comes back out of the frontier
    attempts: int = 0
    etag: str | None = None
    last_modified: str | None = None
    payload_digest: str | None = None
    record_id: str | None = None
    record_uri: str | None = None
    record_date: str | None = None
    fetch_count: int = 0
    state: str = QUEUED


# The validators a fetch leaves for the next one (conditional requests, revisit records).
VALIDATORS = ("etag", "last_modified", "payload_digest", "record_id", "record_uri", "record_date")


@dataclass(frozen=True)
class Outcome:
    """What a fetch of one URL came to, for the frontier row."""

    status: int | None
    policy: str
    etag: str | None = None
    last_modified: str | None = None
    payload_digest: str | None = None
    record_id: str | None = None  # None keeps the row's: a revisit points at the original
    record_uri: str | None = None
    record_date: str | None = None
    failed: bool = False


def every_run(schedule: Sequence[float]) -> bool:
    """A schedule of zeros: revisit at every run (it used to mean never again)."""
    return bool(schedule) and not any(schedule)


def next_due(first_seen: float, now: float, schedule: Sequence[float]) -> float | None:
    """The first scheduled revisit after ``now``, counted from when the URL was first seen;
    ``now`` itself (due at the next run) for a schedule of zeros; None: never again."""
    if every_run(schedule):
        return now
    for after in sorted(schedule):
        due = first_seen + after
        if due > now:
            return due
    return None


class Frontier:
    """Frontier rows of one corpus, for the one run that holds the corpus lock."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        crawl_id: int,
        schedule: Sequence[float],
        max_attempts: int = 3,
        clock: Callable[[], float] = time.time,
        before_flush: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.crawl_id = crawl_id
        self.schedule = tuple(schedule)
        self.max_attempts = max_attempts
        self.clock = clock
        # Called before frontier writes are committed: whatever they report done (an
        # article, a capture) must be committed first.
        self.before_flush = before_flush
        self._inserts: dict[str, Entry] = {}
        self._updates: list[tuple[str, tuple[Any, ...]]] = []
        self._seq = int(db.execute("SELECT coalesce(max(seq), 0) FROM frontier").fetchone()[0])

    # -- run start -------------------------------------------------------------
    def begin_run(self) -> dict[str, int]:
        """Queue what this run owes: leftovers of a killed run, due revisits, retries."""
        now = self.clock()
        conn = self.db.conn
        counts = {}
        conn.execute("BEGIN IMMEDIATE")
        try:
            counts["resumed"] = conn.execute(
                "UPDATE frontier SET state = ? WHERE state = ?", (QUEUED, IN_FLIGHT)
            ).rowcount
            counts["rescheduled"] = self._reschedule(conn)
            counts["due"] = conn.execute(
                "UPDATE frontier SET state = ? WHERE state = ? AND next_eligible IS NOT NULL"
                " AND next_eligible <= ?",
                (QUEUED, DONE, now),
            ).rowcount
            counts["retried"] = conn.execute(
                "UPDATE frontier SET state = ? WHERE state = ? AND attempts < ?",
                (QUEUED, FAILED, self.max_attempts),
            ).rowcount
            counts["queued"] = conn.execute(
                "SELECT count(*) FROM frontier WHERE state = ?", (QUEUED,)
            ).fetchone()[0]
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return counts

    def _reschedule(self, conn: sqlite3.Connection) -> int:
        """Each article's next revisit by today's schedule, from its last fetch: a changed
        ``FRONTIER_RECRAWL_AFTER`` applies from the next run to the URLs already known,
        not only to new ones (their due time was fixed with the schedule of their fetch).
        """
        steps = sorted(set(self.schedule))
        params: list[Any] = []
        if every_run(steps):
            expr = "last_fetched"
        elif not steps:
            expr = "NULL"
        else:
            whens = []
            for step in steps:
                whens.append("WHEN first_seen + ? > last_fetched THEN first_seen + ?")
                params += [step, step]
            expr = f"CASE {' '.join(whens)} ELSE NULL END"
        return conn.execute(
            f"UPDATE frontier SET next_eligible = {expr} WHERE state = ? AND policy = ?"
            f" AND first_seen IS NOT NULL AND last_fetched IS NOT NULL"
            f" AND next_eligible IS NOT ({expr})",
            (*params, DONE, SCHEDULE, *params),
        ).rowcount

    # -- lookups ---------------------------------------------------------------
    def state_of(self, url_key: str) -> tuple[str, int | None, float | None] | None:
        """(state, crawl_id, next_eligible) of a URL, counting writes not yet committed."""
        if url_key in self._inserts:
            return self._inserts[url_key].state, self.crawl_id, None
        row = self.db.execute(
            "SELECT state, crawl_id, next_eligible FROM frontier WHERE url_key = ?", (url_key,)
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def queued_count(self) -> int:
        return int(
            self.db.execute("SELECT count(*) FROM frontier WHERE state = ?", (QUEUED,)).fetchone()[
                0
            ]
        )

    def counts(self) -> dict[str, int]:
        return {
            state: n
            for state, n in self.db.execute("SELECT state, count(*) FROM frontier GROUP BY state")
        }

    # -- buffered writes -------------------------------------------------------
    def add(self, entry: Entry, *, in_flight: bool = False) -> None:
        """A new URL (or one that is due again): queued at the next flush.

        ``in_flight``: it is being fetched already (a redirect target), not queued."""
        entry.state = IN_FLIGHT if in_flight else QUEUED
        self._inserts[entry.url_key] = entry

    def requeue(self, url_key: str) -> None:
        """A known URL discovered again when it is due: back in the queue."""
        self._updates.append(
            (
                "UPDATE frontier SET state = ?, crawl_id = ? WHERE url_key = ?",
                (QUEUED, self.crawl_id, url_key),
            )
        )

    def settle(self, url_key: str, outcome: Outcome) -> None:
        """A fetch came to an end: done (with its validators) or failed."""
        now = self.clock()
        if outcome.failed:
            self._updates.append(
                (
                    "UPDATE frontier SET state = ?, attempts = attempts + 1, last_status = ?,"
                    " last_fetched = ?, crawl_id = ? WHERE url_key = ?",
                    (FAILED, outcome.status, now, self.crawl_id, url_key),
                )
            )
            return
        self._updates.append(
            (
                "UPDATE frontier SET state = ?, attempts = 0, policy = ?, last_status = ?,"
                " last_fetched = ?, fetch_count = fetch_count + 1, crawl_id = ?,"
                " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),"
                " payload_digest = coalesce(?, payload_digest),"
                " record_id = coalesce(?, record_id), record_uri = coalesce(?, record_uri),"
                " record_date = coalesce(?, record_date),"
                " next_eligible = CASE ? WHEN ? THEN ? WHEN ? THEN NULL"
                "   ELSE ? END"
                " WHERE url_key = ?",
                (
                    DONE,
                    outcome.policy,
                    outcome.status,
                    now,
                    self.crawl_id,
                    outcome.etag,
                    outcome.last_modified,
                    outcome.payload_digest,
                    outcome.record_id,
                    outcome.record_uri,
                    outcome.record_date,
                    outcome.policy,
                    EVERY_RUN,
                    now,
                    NO_REVISIT,
                    _SCHEDULE_MARK,
                    url_key,
                ),
            )
        )

    def pending_writes(self) -> int:
        return len(self._inserts) + len(self._updates)

    def flush(self) -> int:
        """Commit buffered writes in one transaction, in the order they were made."""
        if not self._inserts and not self._updates:
            return 0
        if self.before_flush is not None and self._updates:
            self.before_flush()
        now = self.clock()
        conn = self.db.conn
        inserts, self._inserts = self._inserts, {}
        updates, self._updates = self._updates, []
        conn.execute("BEGIN IMMEDIATE")
        try:
            for entry in inserts.values():
                self._seq += 1
                conn.execute(
                    "INSERT INTO frontier (url_key, url, source, kind, callback, meta, priority,"
                    " state, policy, attempts, seq, first_seen, fetch_count, crawl_id)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?)"
                    " ON CONFLICT(url_key) DO UPDATE SET state = excluded.state,"
                    " crawl_id = excluded.crawl_id",
                    (
                        entry.url_key,
                        entry.url,
                        entry.source,
                        entry.kind,
                        entry.callback,
                        json.dumps(entry.meta, sort_keys=True, default=str),
                        entry.priority,
                        entry.state,
                        entry.policy,
                        self._seq,
                        now,
                        self.crawl_id,
                    ),
                )
            for sql, params in updates:
                if _SCHEDULE_MARK in params:
                    params = self._with_schedule(conn, params, now)
                conn.execute(sql, params)
        except BaseException:
            conn.execute("ROLLBACK")
            # put them back: a failed commit must not forget discovered URLs
            self._inserts = {**inserts, **self._inserts}
            self._updates = updates + self._updates
            raise
        conn.execute("COMMIT")
        return len(inserts) + len(updates)

    def _with_schedule(
        self, conn: sqlite3.Connection, params: tuple[Any, ...], now: float
    ) -> tuple[Any, ...]:
        url_key = params[-1]
        row = conn.execute(
            "SELECT first_seen FROM frontier WHERE url_key = ?", (url_key,)
        ).fetchone()
        first_seen = row[0] if row and row[0] is not None else now
        due = next_due(first_seen, now, self.schedule)
        return tuple(due if p == _SCHEDULE_MARK else p for p in params)

    # -- serving -----------------------------------------------------------------
    def take(self, limit: int, exclude: Iterable[str] = ()) -> list[Entry]:
        """The next queued URLs by priority, marked in flight (committed at once)."""
        self.flush()
        skip = set(exclude)
        rows = self.db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM frontier WHERE state = ?"
            " ORDER BY priority DESC, seq LIMIT ?",
            (QUEUED, limit + len(skip)),
        ).fetchall()
        entries = []
        for values in rows:
            row = dict(zip(_COLUMNS, values, strict=True))
            if row["url_key"] in skip:
                continue
            entries.append(entry_from_row(row))
            if len(entries) >= limit:
                break
        if entries:
            conn = self.db.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "UPDATE frontier SET state = ?, crawl_id = ? WHERE url_key = ?",
                    [(IN_FLIGHT, self.crawl_id, e.url_key) for e in entries],
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return entries

    def end_run(self, *, finished: bool) -> int:
        """After a finished run, what is still in flight never came back: failed.

        After an interrupted one it stays in flight, and the next run resumes it."""
        self.flush()
        if not finished:
            return 0
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        n = conn.execute(
            "UPDATE frontier SET state = ?, attempts = attempts + 1 WHERE state = ?",
            (FAILED, IN_FLIGHT),
        ).rowcount
        conn.execute("COMMIT")
        return n


_SCHEDULE_MARK = "\x00schedule"  # replaced by the row's next due time at flush


def entry_from_row(row: Mapping[str, Any], state: str = QUEUED) -> Entry:
    """An ``Entry`` from a frontier row: SQLite's, or the Redis frontier's hash (all
    strings, NULL fields absent). ``state``: when the row has none."""
    try:
        meta = json.loads(row.get("meta") or "{}")
    except ValueError:
        meta = {}
    return Entry(
        url_key=row["url_key"],
        url=row["url"],
        callback=row["callback"],
        kind=row.get("kind") or "page",
        source=row.get("source"),
        meta=meta if isinstance(meta, dict) else {},
        priority=int(row.get("priority") or 0),
        policy=row.get("policy") or SCHEDULE,
        attempts=int(row.get("attempts") or 0),
        etag=row.get("etag"),
        last_modified=row.get("last_modified"),
        payload_digest=row.get("payload_digest"),
        record_id=row.get("record_id"),
        record_uri=row.get("record_uri"),
        record_date=row.get("record_date"),
        fetch_count=int(row.get("fetch_count") or 0),
        state=row.get("state") or state,
    )
