"""Clusters of copies kept in step with the corpus during a crawl. Pure (no Scrapy): the
extraction worker computes each article's evidence (``evidence``), and the corpus
extension holds one ``CopyKeeper``, which puts every stored article in its cluster in the
transaction that stores it (``crawler.stories.clusters``).

Why the evidence is made in the worker: a signature is 0.8 ms of CPU an article, and
finding a "Source link" parses the page again (about 2.5 ms); the crawling process, which
writes every row, should spend neither. The page is parsed for a source link only when
its bytes hold one of the phrases such a link is written with.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from crawler.stories import clusters as stories
from schemas import clusters as store

logger = logging.getLogger(__name__)

# The words every source-link rule of ``clusters.source_link`` starts from: a page that
# has none of them has no such link, and is not parsed again. Plain substrings of the
# lower-cased bytes: a case-blind regex of these alternatives took 5.8 ms a page on the
# development pages, these 0.8 ms (bench/source_links.py).
_CUES = (
    b"source link", b"source-link", b"original article", b"original story",
    b"original post", b"original report", b"originally", b"the original", b"view original",
    b"see original", b"republished", b"first published", b"first appeared", b"first posted",
    b"published from", b"published with permission", b"read the full", b"read full",
)  # fmt: skip


def cued(body: bytes) -> bool:
    """Whether a page may hold a source link (and is worth parsing for one)."""
    low = body.lower()
    return any(cue in low for cue in _CUES)


@dataclass(frozen=True)
class Evidence:
    """What the worker found for clustering: the signature's bytes and shingle count, and
    the original a source link names (canonical URL), if any."""

    minhash: bytes
    shingles: int
    source_link: str | None


def evidence(body: bytes, url: str, text: str, title: str | None) -> Evidence | None:
    """An article's clustering evidence, from its page and its extracted text; None when
    it cannot be made (the article is stored all the same, and signed later from its
    text: clustering never costs an article)."""
    try:
        sig = stories.signature(text, title)
        link = stories.source_link(body, url, text) if cued(body) else None
    except Exception:  # noqa: BLE001 - evidence is secondary to the article
        logger.warning("no clustering evidence for %s", url, exc_info=True)
        return None
    return Evidence(sig.to_bytes(), sig.shingles, link)


def save_evidence(conn: sqlite3.Connection, article_id: int, found: Evidence | None) -> None:
    """An article's signature and source link, stored for a later ``rebuild`` (``scrapy
    reextract``, which has the pages but clusters once at the end)."""
    if found is None:
        return
    row = conn.execute(
        "SELECT coalesce(version, 1), text_sha1 FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    store.save_signature(
        conn,
        article_id,
        version=row[0],
        text_sha1=row[1],
        minhash=found.minhash,
        shingles=found.shingles,
        source_link=found.source_link,
    )


class CopyKeeper:
    """The crawl's cluster index over the corpus, and the writes that keep it true."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.index: stories.ClusterIndex | None = None
        self.rebuilt: stories.Rebuilt | None = None

    def start(self) -> None:
        """Cluster what is not yet (a corpus from before clustering, articles re-extracted
        by ``reextract``, articles stored while clustering had stopped), then load the
        index of every signed article."""
        if store.stale_article_ids(self.conn):
            self.rebuilt = stories.rebuild(self.conn)
            logger.info(
                "clusters: %d articles signed, %d clusters of copies (%.1f s)",
                self.rebuilt.signed,
                self.rebuilt.clusters,
                self.rebuilt.seconds,
            )
        self.index = stories.load_index(self.conn)

    @property
    def active(self) -> bool:
        return self.index is not None

    def invalidate(self, why: str) -> None:
        """Stop clustering for the rest of the run: the in-memory index may no longer be
        the corpus's (a batch rolled back after the index took its articles). The corpus
        stays true; what this run stores next is signed and clustered by the next run's
        start, which rebuilds what has no signature."""
        if self.index is not None:
            logger.error("clusters: %s; copies are clustered again at the next run", why)
        self.index = None

    def _guarded(self, conn: sqlite3.Connection, what: str, work) -> object:
        """``work()`` in a savepoint of its own: a failure rolls back its rows only (the
        article is stored all the same) and stops clustering for this run."""
        conn.execute("SAVEPOINT copies")
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - clustering never costs an article
            conn.execute("ROLLBACK TO copies")
            conn.execute("RELEASE copies")
            self.invalidate(f"{what} failed ({exc!r})")
            return None
        conn.execute("RELEASE copies")
        return result

    def stored(self, conn: sqlite3.Connection, article_id: int, found: Evidence | None) -> str:
        """A new or changed article into its cluster; returns its role there ("alone",
        "original" or "copy"), or "unclustered" when clustering failed, for stats."""
        index = self.index
        if index is None:
            return "unclustered"
        sig = None
        link = None
        if found is not None:
            sig = stories.Signature(found.minhash, found.shingles)
            link = found.source_link
        change = self._guarded(
            conn,
            f"clustering article {article_id}",
            lambda: stories.record(conn, index, article_id, source_link=link, sig=sig),
        )
        return "unclustered" if change is None else self._role(change, article_id)

    def replaced(self, conn: sqlite3.Connection, article_id: int) -> None:
        """A text replaced in place (the site's template learned): signed again from the
        stored text, keeping the source link read from its page."""
        index = self.index
        if index is None:
            return
        row = conn.execute(
            "SELECT source_link FROM article_signatures WHERE article_id = ?", (article_id,)
        ).fetchone()
        self._guarded(
            conn,
            f"re-signing article {article_id}",
            lambda: stories.record(conn, index, article_id, source_link=row[0] if row else None),
        )

    def forget(self, conn: sqlite3.Connection, article_id: int) -> None:
        """A withdrawn article out of its cluster (before its row is deleted). Without an
        index (clustering stopped) the rest of its cluster is regrouped from the stored
        signatures all the same."""
        index = self.index
        done = self._guarded(
            conn,
            f"withdrawing article {article_id}",
            lambda: stories.forget(conn, index, article_id) or True,
        )
        if done is None:  # its rows must go before the article's: plainly, then
            stories.forget(conn, None, article_id)

    @staticmethod
    def _role(change: stories.Change, article_id: int) -> str:
        found = change.cluster_of(article_id)
        if found is None:
            return "alone"
        return "original" if found.original_article_id == article_id else "copy"
