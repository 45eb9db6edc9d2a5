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
import re
import sqlite3
from dataclasses import dataclass

from crawler.stories import clusters as stories
from schemas import clusters as store

logger = logging.getLogger(__name__)

# The words every source-link rule of ``clusters.source_link`` starts from: a page that
# has none of them has no such link, and is not parsed again.
_CUES = re.compile(
    rb"source[\s-]+link|original (article|story|post|report)|read (the )?(original|full)"
    rb"|view (the )?original|see (the )?original|originally|first (published|appeared|posted)"
    rb"|republished|published (here )?(with permission )?from",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Evidence:
    """What the worker found for clustering: the signature's bytes and shingle count, and
    the original a source link names (canonical URL), if any."""

    minhash: bytes
    shingles: int
    source_link: str | None


def evidence(body: bytes, url: str, text: str, title: str | None) -> Evidence:
    """An article's clustering evidence, from its page and its extracted text."""
    sig = stories.signature(text, title)
    link = stories.source_link(body, url, text) if _CUES.search(body) else None
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
        by ``reextract``), then load the index of every signed article."""
        if store.stale_article_ids(self.conn):
            self.rebuilt = stories.rebuild(self.conn)
            logger.info(
                "clusters: %d articles signed, %d clusters of copies (%.1f s)",
                self.rebuilt.signed,
                self.rebuilt.clusters,
                self.rebuilt.seconds,
            )
        self.index = stories.load_index(self.conn)

    def stored(self, conn: sqlite3.Connection, article_id: int, found: Evidence | None) -> str:
        """A new or changed article into its cluster; returns its role there ("alone",
        "original" or "copy"), for stats."""
        assert self.index is not None
        sig = None
        link = None
        if found is not None:
            sig = stories.Signature(found.minhash, found.shingles)
            link = found.source_link
        change = stories.record(conn, self.index, article_id, source_link=link, sig=sig)
        return self._role(change, article_id)

    def replaced(self, conn: sqlite3.Connection, article_id: int) -> None:
        """A text replaced in place (the site's template learned): signed again from the
        stored text, keeping the source link read from its page."""
        assert self.index is not None
        row = conn.execute(
            "SELECT source_link FROM article_signatures WHERE article_id = ?", (article_id,)
        ).fetchone()
        stories.record(conn, self.index, article_id, source_link=row[0] if row else None)

    def forget(self, conn: sqlite3.Connection, article_id: int) -> None:
        """A withdrawn article out of its cluster (before its row is deleted)."""
        stories.forget(conn, self.index, article_id)

    @staticmethod
    def _role(change: stories.Change, article_id: int) -> str:
        found = change.cluster_of(article_id)
        if found is None:
            return "alone"
        return "original" if found.original_article_id == article_id else "copy"
