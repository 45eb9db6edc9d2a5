"""Clustering never costs an article: when the clusters cannot take an article (their
rows disagree with the crawl's index), the article is stored, clustering stops for the
run, and the next run's start clusters what was left out. Real SQLite corpora."""

from __future__ import annotations

import random

from crawler.stories.copies import CopyKeeper
from schemas.corpus import Corpus
from tests.schemas.test_corpus import article, capture

WORDS = (
    "harbour council ferry budget dredging quay storm tide pier bridge school market "
    "rail depot library museum river mill canal lock weir meadow orchard chapel square"
).split()


def _text(seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(300))


def _store(corpus: Corpus, keeper: CopyKeeper, n: int, text: str, roles: list[str]) -> int:
    url = f"https://outlet{n}.example/2024/05/story-{n}"
    a = article(text)
    a.url = a.canonical_url = url
    result = corpus.store_article(
        capture(n, url), a, url_key=url, crawl_id=None,
        after=lambda conn, aid: roles.append(keeper.stored(conn, aid, None)),
    )  # fmt: skip
    return result.article_id


def test_an_article_the_clusters_cannot_take_is_stored_and_clustered_at_the_next_start(tmp_path):
    corpus = Corpus(tmp_path / "corpus.db")
    try:
        keeper = CopyKeeper(corpus.db.conn)
        keeper.start()
        roles: list[str] = []
        original = _text(1)
        a = _store(corpus, keeper, 1, original, roles)
        b = _store(corpus, keeper, 2, original.replace("harbour", "harbor", 3), roles)
        d = _store(corpus, keeper, 3, _text(99), roles)
        assert roles == ["alone", "copy", "alone"]
        # the clusters' rows and the crawl's index disagree (as after a rolled-back batch)
        with corpus.db.conn:
            corpus.db.conn.execute(
                "INSERT INTO cluster_members (cluster_id, article_id, similarity, role, evidence)"
                " SELECT cluster_id, ?, 0.1, 'copy', 'near_duplicate' FROM cluster_members"
                " WHERE article_id = ?",
                (d, a),
            )
        c = _store(corpus, keeper, 4, original.replace("council", "councillors", 2), roles)
        assert roles[-1] == "unclustered" and not keeper.active
        assert corpus.db.execute("SELECT count(*) FROM articles WHERE id = ?", (c,)).fetchone()[0]
        signed = "SELECT count(*) FROM article_signatures WHERE article_id = ?"
        assert corpus.db.execute(signed, (c,)).fetchone()[0] == 0  # its rows rolled back
        # the next run: what has no signature is signed and everything clustered again
        again = CopyKeeper(corpus.db.conn)
        again.start()
        assert again.active and again.rebuilt is not None and again.rebuilt.signed >= 1
        members = dict(corpus.db.execute("SELECT article_id, role FROM cluster_members"))
        assert members == {a: "original", b: "copy", c: "copy"}  # d, the stray, is gone
    finally:
        corpus.close()
