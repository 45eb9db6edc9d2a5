"""A story's coverage as the corpus holds it: the articles on one followed topic, with
their outlet, dates, cluster of copies and WARC record; by day, by outlet, first mover,
originals with their copies; and the CSV of it. Pure SQLite (``crawler.stories.coverage``
adds queries no topic names; ``archive.viewer.chart`` draws it).

Originals and copies come from ``clusters`` and ``cluster_members``: an article in no
cluster is an original of its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from schemas.spreadsheet import spreadsheet_cell


@dataclass
class Piece:
    """One article of the story, with where its evidence is archived."""

    id: int
    outlet: str
    published: str | None
    first_seen: str | None
    title: str | None
    url: str
    cluster_id: int | None = None
    role: str = "original"  # "original" or "copy"
    original_id: int | None = None  # the cluster's original, for a copy
    similarity: float | None = None
    evidence: str | None = None
    warc_filename: str | None = None
    warc_offset: int | None = None
    warc_record_id: str | None = None

    @property
    def when(self) -> str:
        """When it appeared: its published date, else when the crawl first saw it."""
        return self.published or self.first_seen or ""

    @property
    def day(self) -> str:
        return self.when[:10]


@dataclass
class Coverage:
    name: str
    query: str
    followed: bool  # a stored topic (False: a query matched there and then)
    pieces: list[Piece] = field(default_factory=list)

    @property
    def outlets(self) -> Counter[str]:
        return Counter(p.outlet for p in self.pieces)

    def by_day(self) -> dict[str, Counter[str]]:
        """Articles per day, by outlet, every day from the first to the last."""
        days: dict[str, Counter[str]] = defaultdict(Counter)
        for p in self.pieces:
            if p.day:
                days[p.day][p.outlet] += 1
        if not days:
            return {}
        first, last = (dt.date.fromisoformat(d) for d in (min(days), max(days)))
        span = (last - first).days
        return {
            (first + dt.timedelta(n)).isoformat(): days.get(
                (first + dt.timedelta(n)).isoformat(), Counter()
            )
            for n in range(span + 1)
        }

    @property
    def first_mover(self) -> Piece | None:
        dated = [p for p in self.pieces if p.when]
        return min(dated, key=lambda p: (p.when, p.id)) if dated else None

    def stories(self) -> list[tuple[Piece, list[Piece]]]:
        """Each original with the copies under it (copies whose original is not on the
        topic are listed under themselves), earliest first."""
        by_id = {p.id: p for p in self.pieces}
        copies: dict[int, list[Piece]] = defaultdict(list)
        originals: list[Piece] = []
        for p in self.pieces:
            if p.role == "copy" and p.original_id in by_id:
                copies[p.original_id].append(p)
            else:
                originals.append(p)
        return [
            (o, sorted(copies.get(o.id, []), key=lambda c: (c.when, c.id)))
            for o in sorted(originals, key=lambda o: (o.when, o.id))
        ]


def _outlet(sitename: str | None, url: str) -> str:
    if sitename and sitename.strip():
        return sitename.strip()
    host = (urlsplit(url).hostname or url).lower()
    return host.removeprefix("www.")


ARTICLES = (
    "SELECT a.id, a.sitename, a.url, a.title, a.published, a.first_seen,"
    " cm.cluster_id, cm.role, cm.similarity, cm.evidence, cl.original_article_id,"
    " c.warc_filename, c.warc_offset, c.warc_record_id"
    " FROM articles a LEFT JOIN cluster_members cm ON cm.article_id = a.id"
    " LEFT JOIN clusters cl ON cl.id = cm.cluster_id"
    " LEFT JOIN captures c ON c.id = a.capture_id"
)


WITH_TEXT = ARTICLES.replace(" FROM articles a", ", a.title, a.description, a.text FROM articles a")


def piece(row: sqlite3.Row | tuple) -> Piece:
    (aid, sitename, url, title, published, first_seen, cluster_id, role, similarity,
     evidence, original_id, warc_filename, warc_offset, record_id) = row  # fmt: skip
    is_copy = role == "copy" and original_id is not None and original_id != aid
    return Piece(
        id=int(aid),
        outlet=_outlet(sitename, url),
        published=published,
        first_seen=first_seen,
        title=title,
        url=url,
        cluster_id=cluster_id,
        role="copy" if is_copy else "original",
        original_id=original_id if is_copy else None,
        similarity=similarity,
        evidence=evidence,
        warc_filename=warc_filename,
        warc_offset=warc_offset,
        warc_record_id=record_id,
    )


def followed(conn: sqlite3.Connection, name: str) -> Coverage | None:
    """The coverage of the followed topic ``name``, or None when no topic has that name."""
    row = conn.execute("SELECT id, name, query FROM topics WHERE name = ?", (name,)).fetchone()
    if row is None:
        return None
    found = Coverage(row[1], row[2], True)
    rows = conn.execute(
        ARTICLES + " JOIN topic_articles ta ON ta.article_id = a.id WHERE ta.topic_id = ?",
        (row[0],),
    )
    found.pieces = [piece(r) for r in rows]
    return found


def with_text(conn: sqlite3.Connection, after: int, limit: int = 500) -> list[tuple]:
    """Articles after id ``after`` in id order, with their title, standfirst and text as
    the last three fields (for matching a query no topic names, in batches)."""
    return conn.execute(
        WITH_TEXT + " WHERE a.id > ? ORDER BY a.id LIMIT ?", (after, limit)
    ).fetchall()


CSV_COLUMNS = (
    "article_id", "outlet", "published", "first_seen", "title", "url", "cluster_id", "role",
    "original_article_id", "similarity", "evidence", "warc_filename", "warc_offset",
    "warc_record_id",
)  # fmt: skip


def write_csv(found: Coverage, path: str | os.PathLike[str]) -> int:
    """One row per article (with a UTF-8 byte order mark, for spreadsheets, as the table
    export writes); written beside and renamed, so a failure leaves no half file."""
    out = Path(path)
    part = out.with_name(out.name + ".part")
    with open(part, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for original, copies in found.stories():
            for p in (original, *copies):
                writer.writerow(
                    [
                        spreadsheet_cell(v)
                        for v in (
                            p.id,
                            p.outlet,
                            p.published,
                            p.first_seen,
                            p.title,
                            p.url,
                            p.cluster_id,
                            p.role,
                            p.original_id,
                            p.similarity,
                            p.evidence,
                            p.warc_filename,
                            p.warc_offset,
                            p.warc_record_id,
                        )
                    ]  # fmt: skip
                )
    os.replace(part, out)
    return len(found.pieces)
