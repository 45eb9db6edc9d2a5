"""Near-duplicate signatures and clusters of copies in the corpus (``m011_story_coverage``).

No Scrapy, and nothing of ``crawler``: the signatures and clusters are computed by
``crawler.stories.clusters`` and handed here as plain data (bytes, and objects with the
attributes of ``ClusterLike``); where a write needs clusters recomputed (an article
withdrawn) the caller passes the function that does it.

The tables hold what is true of the corpus's current articles, whatever happened to them:

- ``article_signatures``: one row per article, for the version (and text) it was made from,
  so that a new version is seen to need a new one (``stale_article_ids``);
- ``clusters`` and ``cluster_members``: only groups of two or more copies (an article with
  no copy is in no cluster), each article in at most one; ``rebuild`` replaces them all in
  one transaction, ``update`` replaces those one stored article changed, ``forget`` takes a
  withdrawn article out (its cluster gets a new original, splits, or dissolves when one
  article is left) before its row is deleted.

Cluster ids are kept across ``update``: a cluster that gains or loses a member keeps the id
(the smallest, when two merge), so a link to it stays good until the next ``rebuild``,
which numbers clusters from 1 by original article id.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from schemas import transactions

_BATCH = 500  # ids per statement: well under SQLite's variable limit


class ClusterStoreError(RuntimeError):
    """The clusters asked for cannot be stored as they are (they would leave the tables
    untrue), or an article to sign is missing."""


class MemberLike(Protocol):
    """What a cluster's member must have (``crawler.stories.clusters.ClusterMember``)."""

    @property
    def article_id(self) -> int: ...

    @property
    def similarity(self) -> float: ...

    @property
    def role(self) -> str: ...

    @property
    def evidence(self) -> str: ...


class ClusterLike(Protocol):
    """What a cluster to store must have (``crawler.stories.clusters.Cluster``)."""

    @property
    def original_article_id(self) -> int: ...

    @property
    def evidence(self) -> str: ...

    @property
    def members(self) -> Iterable[MemberLike]: ...


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _dicts(cursor: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def atomic(conn: sqlite3.Connection):
    """A transaction, or inside the caller's a savepoint: ``rebuild`` must replace every
    cluster or none, and the corpus writer's batch must be able to hold it."""
    return transactions.atomic(conn, "clusters")


# -- signatures ------------------------------------------------------------------------------


def save_signature(
    conn: sqlite3.Connection,
    article_id: int,
    *,
    version: int | None,
    text_sha1: str,
    minhash: bytes,
    shingles: int,
    source_link: str | None,
) -> None:
    """Store (or replace) an article's signature, with the version and text it was made
    from and the original its page linked to."""
    conn.execute(
        "INSERT INTO article_signatures (article_id, version, text_sha1, minhash, shingles,"
        " source_link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(article_id) DO UPDATE SET version = excluded.version,"
        " text_sha1 = excluded.text_sha1, minhash = excluded.minhash,"
        " shingles = excluded.shingles, source_link = excluded.source_link,"
        " created_at = excluded.created_at",
        (article_id, version, text_sha1, bytes(minhash), shingles, source_link, _now()),
    )


def signature_rows(
    conn: sqlite3.Connection, article_ids: Iterable[int] | None = None
) -> Iterator[dict[str, Any]]:
    """Signed articles, with what clustering needs of their rows: ``article_id``,
    ``url_key``, ``published``, ``first_seen``, ``version``, ``text_sha1``, ``minhash``,
    ``shingles``, ``source_link``. All of them, by article id, or those of ``article_ids``."""
    select = (
        "SELECT s.article_id, a.url_key, a.published, a.first_seen, s.version, s.text_sha1,"
        " s.minhash, s.shingles, s.source_link FROM article_signatures s"
        " JOIN articles a ON a.id = s.article_id"
    )
    if article_ids is None:
        yield from _dicts(conn.execute(select + " ORDER BY s.article_id"))
        return
    for chunk in _chunks(sorted(set(article_ids))):
        marks = ",".join("?" for _ in chunk)
        yield from _dicts(
            conn.execute(f"{select} WHERE s.article_id IN ({marks}) ORDER BY s.article_id", chunk)
        )


def stale_article_ids(conn: sqlite3.Connection, *, everything: bool = False) -> list[int]:
    """Articles whose signature is missing or was made from another version or text; all
    of them with ``everything`` (after the signature's parameters changed)."""
    if everything:
        query = "SELECT id FROM articles ORDER BY id"
    else:
        query = (
            "SELECT a.id FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id"
            " WHERE s.article_id IS NULL OR s.version IS NOT a.version"
            " OR s.text_sha1 IS NOT a.text_sha1 ORDER BY a.id"
        )
    return [int(i) for (i,) in conn.execute(query)]


def article_rows(conn: sqlite3.Connection, article_ids: Iterable[int]) -> list[dict[str, Any]]:
    """What signing needs of these articles: ``id``, ``url_key``, ``published``,
    ``first_seen``, ``version``, ``text_sha1``, ``title``, ``text``, and the ``source_link``
    their signature recorded (None if unsigned)."""
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(article_ids):
        marks = ",".join("?" for _ in chunk)
        rows += _dicts(
            conn.execute(
                "SELECT a.id, a.url_key, a.published, a.first_seen, a.version, a.text_sha1,"
                " a.title, a.text, s.source_link FROM articles a"
                f" LEFT JOIN article_signatures s ON s.article_id = a.id WHERE a.id IN ({marks})"
                " ORDER BY a.id",
                chunk,
            )
        )
    return rows


def article_row(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """One article as ``article_rows`` gives it, or None."""
    rows = article_rows(conn, [article_id])
    return rows[0] if rows else None


# -- clusters --------------------------------------------------------------------------------


def _insert(
    conn: sqlite3.Connection, cluster_id: int | None, c: ClusterLike, created: str, now: str
) -> int:
    members = list(c.members)
    if len(members) < 2:
        raise ClusterStoreError(
            f"a cluster holds two or more articles; the one of {c.original_article_id}"
            f" holds {len(members)}"
        )
    if [m.article_id for m in members if m.role == "original"] != [c.original_article_id]:
        raise ClusterStoreError(
            f"the cluster of {c.original_article_id} must have it, and only it, as original"
        )
    cur = conn.execute(
        "INSERT INTO clusters (id, original_article_id, size, evidence, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (cluster_id, c.original_article_id, len(members), c.evidence, created, now),
    )
    new_id = int(cur.lastrowid) if cluster_id is None else cluster_id
    conn.executemany(
        "INSERT INTO cluster_members (cluster_id, article_id, similarity, role, evidence)"
        " VALUES (?, ?, ?, ?, ?)",
        [(new_id, m.article_id, float(m.similarity), m.role, m.evidence) for m in members],
    )
    return new_id


def rebuild(conn: sqlite3.Connection, clusters: Iterable[ClusterLike]) -> int:
    """Replace every cluster with these, in one transaction (or none of them, if one cannot
    be stored). They are numbered from 1 by original article id. Returns how many."""
    ordered = sorted(clusters, key=lambda c: c.original_article_id)
    now = _now()
    with atomic(conn):
        conn.execute("DELETE FROM cluster_members")
        conn.execute("DELETE FROM clusters")
        for number, c in enumerate(ordered, start=1):
            _insert(conn, number, c, now, now)
    return len(ordered)


def update(
    conn: sqlite3.Connection, touched: Iterable[int], clusters: Iterable[ClusterLike]
) -> None:
    """Replace the clusters of the ``touched`` articles with ``clusters`` (those that now
    hold any of them; a touched article in none is in no cluster), as one stored article
    changed them (``crawler.stories.clusters.Change``).

    A cluster that is replaced must be wholly accounted for: each of its members touched or
    in a new cluster. Otherwise the caller's view of the corpus is not the corpus's (an
    index built before a rebuild) and writing it would leave an article in a cluster that
    no longer exists: ``ClusterStoreError``, and the caller should rebuild."""
    clusters = list(clusters)
    ids = set(touched)
    for c in clusters:
        ids |= {m.article_id for m in c.members}
    old: dict[int, tuple[set[int], str]] = {}
    for chunk in _chunks(sorted(ids)):
        marks = ",".join("?" for _ in chunk)
        for cluster_id, created in conn.execute(
            "SELECT id, created_at FROM clusters WHERE id IN"
            f" (SELECT cluster_id FROM cluster_members WHERE article_id IN ({marks}))",
            chunk,
        ):
            old[int(cluster_id)] = (set(), created)
    for cluster_id, (held, _) in old.items():
        held.update(
            int(a)
            for (a,) in conn.execute(
                "SELECT article_id FROM cluster_members WHERE cluster_id = ?", (cluster_id,)
            )
        )
        if not held <= ids:
            raise ClusterStoreError(
                f"cluster {cluster_id} also holds articles {sorted(held - ids)}, which the"
                " update does not account for: rebuild the clusters"
            )
    now = _now()
    with atomic(conn):
        for cluster_id in old:
            conn.execute("DELETE FROM cluster_members WHERE cluster_id = ?", (cluster_id,))
            conn.execute("DELETE FROM clusters WHERE id = ?", (cluster_id,))
        free = dict(old)
        for c in sorted(clusters, key=lambda c: c.original_article_id):
            members = {m.article_id for m in c.members}
            reusable = sorted(i for i, (held, _) in free.items() if held & members)
            if reusable:
                _, created = free.pop(reusable[0])
                _insert(conn, reusable[0], c, created, now)
            else:
                _insert(conn, None, c, now, now)


def forget(
    conn: sqlite3.Connection,
    article_id: int,
    regroup: Callable[[list[dict[str, Any]]], Iterable[ClusterLike]],
) -> None:
    """Take an article out of the clusters and drop its signature (before the article's row
    is deleted: both point at it). ``regroup`` is handed the signature rows of the other
    members of its cluster (as ``signature_rows`` gives them) and returns their clusters
    without it: a cluster left with one member is dissolved, one that lost its original
    gets a new one, one that it alone held together splits."""
    row = conn.execute(
        "SELECT cluster_id FROM cluster_members WHERE article_id = ?", (article_id,)
    ).fetchone()
    others: list[int] = []
    if row is not None:
        others = [
            int(a)
            for (a,) in conn.execute(
                "SELECT article_id FROM cluster_members WHERE cluster_id = ? AND article_id != ?",
                (row[0], article_id),
            )
        ]
    with atomic(conn):
        conn.execute("DELETE FROM article_signatures WHERE article_id = ?", (article_id,))
        if row is None:
            return
        regrouped = list(regroup(list(signature_rows(conn, others))))
        for c in regrouped:
            if article_id in {m.article_id for m in c.members}:
                raise ClusterStoreError(f"article {article_id} is forgotten, yet regrouped")
        update(conn, {article_id, *others}, regrouped)


# -- reading ---------------------------------------------------------------------------------


def memberships(
    conn: sqlite3.Connection, article_ids: Iterable[int] | None = None
) -> dict[int, dict[str, Any]]:
    """Each clustered article's ``cluster_id``, ``original_article_id``, ``role``,
    ``similarity`` and ``evidence``, by article id (all, or those of ``article_ids``).
    An article not here has no copies: it is its own original."""
    select = (
        "SELECT m.article_id, m.cluster_id, c.original_article_id, m.role, m.similarity,"
        " m.evidence FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id"
    )
    if article_ids is None:
        rows = list(_dicts(conn.execute(select)))
    else:
        rows = []
        for chunk in _chunks(sorted(set(article_ids))):
            marks = ",".join("?" for _ in chunk)
            rows += _dicts(conn.execute(f"{select} WHERE m.article_id IN ({marks})", chunk))
    return {int(r.pop("article_id")): r for r in rows}
