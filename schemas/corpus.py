"""All SQL of the corpus: crawls, captures and articles.

The database is an index over the WARC files (captures) and text derived from
them (articles). Callers must have synced the WARC record before they ask for
a row that points at it to be committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from schemas import clusters, templates, topics, transactions
from schemas.items import Article, Capture
from schemas.migrations import migrations


class CorpusError(RuntimeError):
    """The corpus database cannot be opened or used as it is."""


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoreResult:
    capture_id: int
    article_id: int | None
    action: str  # inserted | updated | unchanged | capture_only


SYNCHRONOUS_MODES = ("NORMAL", "FULL", "EXTRA")


def open_database(
    path: str | os.PathLike[str], *, migrate: bool = True, synchronous: str = "FULL"
) -> sqlite_utils.Database:
    """Open (and create or upgrade) a corpus, refusing one that is damaged.

    ``synchronous`` is SQLite's WAL durability: FULL syncs the log at every commit;
    NORMAL only at checkpoints, so a power cut (never a killed process) can take back
    the last commits. Neither can corrupt the database, and since WARC records are
    fsynced before the rows that point at them, no surviving row ever points at bytes
    that were not on disk."""
    mode_wanted = str(synchronous).upper()
    if mode_wanted not in SYNCHRONOUS_MODES:
        raise CorpusError(
            f"synchronous must be one of {', '.join(SYNCHRONOUS_MODES)}, got {synchronous!r}"
        )
    p = Path(path)
    if p.parent and not p.parent.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
    conn = None
    try:
        conn = sqlite3.connect(str(p), timeout=30, isolation_level=None)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA busy_timeout = 30000")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise CorpusError(f"{p}: cannot switch to WAL mode (got {mode})")
        db.execute(f"PRAGMA synchronous = {mode_wanted}")
        db.execute("PRAGMA foreign_keys = ON")
        if migrate:
            migrations.apply(db)
    except (sqlite3.DatabaseError, CorpusError) as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, CorpusError):
            raise
        raise CorpusError(f"{p}: not a usable SQLite corpus ({exc})") from exc
    return db


def require_corpus(path: str | os.PathLike[str]) -> Path:
    """The path of an existing corpus file, or ``CorpusError("no corpus at PATH: ...")``: a
    command that reads a corpus must not create an empty one where a path was mistyped.
    The message says how to name another, since a new user meets it first with the
    project's default path (``corpus.db``), before knowing the setting's name."""
    p = Path(path)
    if not p.is_file():
        raise CorpusError(
            f"no corpus at {p}: pass -s CORPUS_DB=PATH, or set CORPUS_DB in the settings"
        )
    return p


def open_for_reading(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """An existing corpus, as it is (never migrated): for verify, search, replay, diff.
    An SQLite file that is not a corpus is refused here, with one message for every
    command, rather than failing later on a missing table."""
    p = require_corpus(path)
    db = open_database(p, migrate=False)
    missing = {"articles", "captures"} - set(db.table_names())
    if missing:
        db.conn.close()
        raise CorpusError(
            f"{p} is an SQLite database but not a newsarchive corpus"
            f" (no {' or '.join(sorted(missing))} table)"
        )
    return db


def require_tables(db: sqlite_utils.Database, *names: str) -> None:
    """A corpus opened for reading (never migrated) that a command needs newer tables of:
    one message saying how to get them, rather than a traceback on a missing table."""
    missing = [n for n in names if not db[n].exists()]
    if missing:
        raise CorpusError(
            f"this corpus has no {', '.join(missing)} table (it was made by an older"
            " newsarchive): the next crawl adds it, or run `sqlite-utils migrate"
            " CORPUS_DB schemas/migrations.py`"
        )


class Corpus:
    """The writer side of a corpus, used by one crawl at a time."""

    def __init__(self, path: str | os.PathLike[str], *, synchronous: str = "FULL") -> None:
        self.path = str(path)
        self.db = open_database(path, synchronous=synchronous)
        self._savepoints = 0

    def close(self) -> None:
        self.db.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A transaction, or inside one (a batch) a savepoint: one failed write is
        rolled back alone and the rest of the batch still commits."""
        self._savepoints += 1
        with transactions.atomic(self.db.conn, f"sp{self._savepoints}") as conn:
            yield conn

    @contextmanager
    def batch(self) -> Iterator[sqlite3.Connection]:
        """One commit (one WAL sync) for many writes; each write is its own savepoint."""
        with self.transaction() as conn:
            yield conn

    # -- crawls --------------------------------------------------------------
    def start_crawl(self, spider: str, args: dict[str, Any], settings: dict[str, Any]) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO crawls (spider, args, settings, started_at, status, corpus_path)"
                " VALUES (?, ?, ?, ?, 'running', ?)",
                (
                    spider,
                    json.dumps(args, sort_keys=True, default=str),
                    json.dumps(settings, sort_keys=True, default=str),
                    utcnow(),
                    os.path.abspath(self.path),
                ),
            )
            return int(cur.lastrowid)

    def finish_crawl(
        self,
        crawl_id: int,
        *,
        status: str,
        finish_reason: str,
        stats: dict[str, Any],
        warc_files: list[str],
        summary: dict[str, Any],
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE crawls SET finished_at = ?, status = ?, finish_reason = ?, stats = ?,"
                " warc_files = ?, summary = ? WHERE id = ?",
                (
                    utcnow(),
                    status,
                    finish_reason,
                    json.dumps(stats, sort_keys=True, default=str),
                    json.dumps(warc_files),
                    json.dumps(summary, sort_keys=True, default=str),
                    crawl_id,
                ),
            )

    # -- captures and articles ----------------------------------------------
    @staticmethod
    def _insert_capture(
        conn: sqlite3.Connection, capture: Capture, crawl_id: int | None, outcome: str | None
    ) -> int:
        row = capture.as_row()
        row["crawl_id"] = crawl_id
        row["outcome"] = outcome
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        conn.execute(
            f"INSERT INTO captures ({cols}) VALUES ({marks})"
            " ON CONFLICT(warc_record_id) DO UPDATE SET outcome = excluded.outcome",
            list(row.values()),
        )
        found = conn.execute(
            "SELECT id FROM captures WHERE warc_record_id = ?", (capture.warc_record_id,)
        ).fetchone()
        return int(found[0])

    def add_capture(self, capture: Capture, crawl_id: int | None, outcome: str | None) -> int:
        with self.transaction() as conn:
            return self._insert_capture(conn, capture, crawl_id, outcome)

    def add_captures_if_missing(
        self, items: list[tuple[Capture, str | None]], crawl_id: int | None
    ) -> int:
        """Write captures that nobody claimed; returns how many were new."""
        added = 0
        with self.transaction() as conn:
            for capture, outcome in items:
                exists = conn.execute(
                    "SELECT 1 FROM captures WHERE warc_record_id = ?", (capture.warc_record_id,)
                ).fetchone()
                if not exists:
                    self._insert_capture(conn, capture, crawl_id, outcome)
                    added += 1
        return added

    def store_article(
        self,
        capture: Capture,
        article: Article,
        *,
        url_key: str,
        crawl_id: int | None,
        discovery: dict[str, Any] | None = None,
        conversion_record_id: str | None = None,
        news: tuple[str | None, int | None] | None = None,
        blocks: tuple[str, Any] | None = None,
        topic_ids: list[int] | None = None,
        after: Callable[[sqlite3.Connection, int], None] | None = None,
    ) -> StoreResult:
        """Commit a capture and its article in one transaction.

        One row per ``url_key``: the same article crawled again updates
        ``last_seen`` (and the text, if it changed) instead of adding a row.
        ``news`` is the news-only rule's mark, ``(source, evidence)``, committed with the
        row (see ``m008_news_marks``); an evidence of None clears it, and no ``news``
        leaves it as it was (re-extraction does not re-judge). ``blocks`` is ``(source,
        observations)``: the blocks its text came from, for learning its site's template
        (``schemas.templates``). ``topic_ids``: the topics its text matches, recorded
        for the version stored (``schemas.topics``); None leaves the matches alone.
        ``after(conn, article_id)``: what else a new or changed text brings (its cluster
        of copies), in the same transaction.
        """
        now = utcnow()
        sha1 = text_sha1(article.text)
        with self.transaction() as conn:
            capture_id = self._insert_capture(conn, capture, crawl_id, "article")
            if news is not None:
                self._mark_news(conn, url_key, *news)
            if blocks is not None and blocks[0]:
                templates.record_blocks(conn, blocks[0], url_key, blocks[1])
            existing = conn.execute(
                "SELECT id, text_sha1, version FROM articles WHERE url_key = ?", (url_key,)
            ).fetchone()
            values = {
                "url": article.url,
                "canonical_url": article.canonical_url,
                "title": article.title,
                "author": article.author,
                "published": article.published,
                "modified": article.modified,
                "description": article.description,
                "language": article.language,
                "sitename": article.sitename,
                "text": article.text,
                "word_count": article.word_count,
                "text_sha1": sha1,
                "capture_id": capture_id,
                "extractor": article.extractor,
                "discovery": json.dumps(discovery or {}, sort_keys=True, default=str),
                "crawl_id": crawl_id,
                "last_seen": now,
                "conversion_record_id": conversion_record_id,
                "template_profile": article.template_profile,
            }
            if existing is None:
                values["url_key"] = url_key
                values["first_seen"] = now
                values["version"] = 1
                cols = ", ".join(values)
                cur = conn.execute(
                    f"INSERT INTO articles ({cols}) VALUES ({', '.join('?' for _ in values)})",
                    list(values.values()),
                )
                article_id = int(cur.lastrowid)
                self._insert_version(conn, article_id, 1, url_key, values, now)
                if topic_ids is not None:
                    topics.record_matches(conn, article_id, 1, topic_ids)
                if after is not None:
                    after(conn, article_id)
                return StoreResult(capture_id, article_id, "inserted")
            article_id, old_sha1, version = existing
            if old_sha1 == sha1:
                conn.execute("UPDATE articles SET last_seen = ? WHERE id = ?", (now, article_id))
                return StoreResult(capture_id, int(article_id), "unchanged")
            values["version"] = (version or 1) + 1
            sets = ", ".join(f"{k} = ?" for k in values)
            conn.execute(f"UPDATE articles SET {sets} WHERE id = ?", [*values.values(), article_id])
            self._insert_version(conn, int(article_id), values["version"], url_key, values, now)
            if topic_ids is not None:
                topics.record_matches(conn, int(article_id), values["version"], topic_ids)
            if after is not None:
                after(conn, int(article_id))
            return StoreResult(capture_id, int(article_id), "updated")

    @staticmethod
    def _insert_version(
        conn: sqlite3.Connection,
        article_id: int,
        version: int,
        url_key: str,
        values: dict[str, Any],
        now: str,
    ) -> None:
        """Every text an article ever had stays: ``articles`` only holds the latest."""
        row = {
            "article_id": article_id,
            "version": version,
            "url_key": url_key,
            **{
                k: values[k]
                for k in (
                    "title",
                    "author",
                    "published",
                    "modified",
                    "description",
                    "text",
                    "text_sha1",
                    "word_count",
                    "capture_id",
                    "extractor",
                    "conversion_record_id",
                    "crawl_id",
                    "template_profile",
                )
            },
            "created_at": now,
        }
        conn.execute(
            f"INSERT INTO article_versions ({', '.join(row)})"
            f" VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )

    # -- reading -------------------------------------------------------------
    def capture_with_payload(self, digest: str, other_than_url: str) -> dict[str, Any] | None:
        """An earlier full capture of the same bytes at another URL (print, mobile,
        tracking variants), for an identical-payload-digest revisit record."""
        row = self.db.execute(
            "SELECT warc_record_id, url, fetched_at FROM captures"
            " WHERE payload_digest = ? AND refers_to IS NULL AND url != ? AND status = 200"
            " ORDER BY id LIMIT 1",
            (digest, other_than_url),
        ).fetchone()
        if row is None:
            return None
        return {"record_id": row[0], "uri": row[1], "date": row[2], "payload_digest": digest}

    def has_text(self, url_key: str, sha1: str) -> bool:
        """Whether the article stored under this key already has exactly this text."""
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE url_key = ? AND text_sha1 = ?", (url_key, sha1)
        ).fetchone()
        return row is not None

    @staticmethod
    def _mark_news(
        conn: sqlite3.Connection, url_key: str, source: str | None, evidence: int | None
    ) -> None:
        if source is None or evidence is None:
            conn.execute("DELETE FROM news_marks WHERE url_key = ?", (url_key,))
            return
        conn.execute(
            "INSERT INTO news_marks (url_key, source, evidence) VALUES (?, ?, ?)"
            " ON CONFLICT(url_key) DO UPDATE SET source = excluded.source,"
            " evidence = excluded.evidence",
            (url_key, source, int(evidence)),
        )

    def dated_articles(self, source: str, enough: int) -> int:
        """How many stored articles of ``source`` are dated, signed or declared, counting
        up to ``enough``: what the corpus knows about how a site marks its news."""
        row = self.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM news_marks m CROSS JOIN articles a"
            " ON a.url_key = m.url_key WHERE m.source = ? AND m.evidence = 1 LIMIT ?)",
            (source, enough),
        ).fetchone()
        return int(row[0])

    def withdraw_static_pages(
        self,
        enough: int,
        outcome: str = "undated_page",
        before_delete: Callable[[sqlite3.Connection, int], None] | None = None,
    ) -> list[str]:
        """Withdraw the articles stored while their site had shown fewer than ``enough``
        dated, signed or declared articles, now that the corpus holds enough of them.

        Why: the news-only rule refuses such pages as static (about, policies) only once
        a site has shown it marks its news, and pages finish extraction in no fixed
        order. Withdrawing at the end of a run (and at the start of the next, after a
        kill) makes the corpus the same as if the evidence had come first. The page
        stays archived: its captures say ``outcome``, and its WARC records are kept.
        Returns the withdrawn articles' URLs. ``before_delete(conn, article_id)`` takes
        the article out of what is derived from it (its cluster of copies) first; without
        it, its cluster's other members are left unclustered until the next rebuild,
        never in a cluster it alone joined."""
        with self.transaction() as conn:
            doubtful = [
                source
                for (source,) in conn.execute(
                    "SELECT DISTINCT source FROM news_marks WHERE evidence = 0"
                ).fetchall()
            ]
            rows = []
            for source in doubtful:
                if self.dated_articles(source, enough) < enough:
                    continue
                rows += conn.execute(
                    "SELECT a.id, a.url, a.url_key, a.capture_id FROM news_marks m"
                    " CROSS JOIN articles a ON a.url_key = m.url_key"
                    " WHERE m.source = ? AND m.evidence = 0",
                    (source,),
                ).fetchall()
            for article_id, url, url_key, capture_id in rows:
                conn.execute(
                    "UPDATE captures SET outcome = ? WHERE outcome = 'article' AND (id = ?"
                    " OR url = ? OR id IN (SELECT capture_id FROM article_versions"
                    " WHERE article_id = ?))",
                    (outcome, capture_id, url, article_id),
                )
                topics.forget_article(conn, article_id)
                if before_delete is not None:
                    before_delete(conn, article_id)
                else:
                    clusters.forget(conn, article_id, lambda _rows: ())
                conn.execute("DELETE FROM article_versions WHERE article_id = ?", (article_id,))
                conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                conn.execute("DELETE FROM news_marks WHERE url_key = ?", (url_key,))
        return [url for _, url, _, _ in rows]

    def counts(self) -> dict[str, int]:
        return {
            t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("captures", "articles", "crawls")
        }


def find_captures(db: sqlite_utils.Database, url: str) -> list[dict[str, Any]]:
    """Captures of a URL (exact, then without a trailing slash difference), oldest first."""
    variants = [url]
    if url.endswith("/"):
        variants.append(url[:-1])
    else:
        variants.append(url + "/")
    rows = []
    for variant in variants:
        rows = [
            dict(r)
            for r in db.query(
                # Revisit records carry no body: the capture they refer to stands for them.
                "SELECT * FROM captures WHERE url = ? AND refers_to IS NULL"
                " ORDER BY fetched_at, id",
                [variant],
            )
        ]
        if rows:
            break
    return rows


def article_pages(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """One entry per article for a WACZ pages.jsonl: the captured URL, title and time."""
    pages = []
    for row in db.query(
        "SELECT a.id, c.url, a.title, c.fetched_at FROM articles a"
        " JOIN captures c ON c.id = a.capture_id ORDER BY c.fetched_at, a.id"
    ):
        stamp = dt.datetime.fromisoformat(row["fetched_at"]).astimezone(dt.UTC)
        pages.append(
            {
                "id": f"article-{row['id']}",
                "url": row["url"],
                "title": row["title"] or row["url"],
                "ts": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
    return pages
