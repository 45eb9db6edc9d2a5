"""schemas.clusters: signatures and clusters of copies in a real corpus file."""

from __future__ import annotations

import random
import sqlite3

import pytest

from crawler.stories import clusters as stories
from schemas import clusters as store
from schemas.corpus import Corpus
from schemas.items import Article, Capture

_rng = random.Random(2024)
_VOCABULARY = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "pe", "ra", "so") for b in range(400)]
PARTS = [" ".join(_rng.choice(_VOCABULARY) for _ in range(80)) for _ in range(8)]
STORY = " ".join(PARTS[0:4])  # 320 words
OTHER = " ".join(PARTS[4:8])  # another story, nothing in common


def text(*parts: int) -> str:
    return " ".join(PARTS[p] for p in parts)


@pytest.fixture
def corpus(tmp_path):
    c = Corpus(tmp_path / "corpus.db")
    yield c
    c.close()


_captures = iter(range(1, 10_000))


def store_article(
    corpus: Corpus, url: str, body: str, published: str | None, title: str = "A story"
) -> int:
    n = next(_captures)
    capture = Capture(
        url=url,
        status=200,
        fetched_at=f"2024-05-17T09:{n // 60 % 60:02d}:{n % 60:02d}.000000+00:00",
        warc_filename="test-20240517093000000-00000-h.warc.gz",
        warc_offset=1000 * n,
        warc_length=900,
        warc_record_id=f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>",
        payload_digest=f"sha1:{n:032d}",
    )
    article = Article(
        text=body,
        title=title,
        author=None,
        published=published,
        language="en",
        sitename=None,
        canonical_url=url,
        url=url,
        extractor="test",
    )
    result = corpus.store_article(capture, article, url_key=url, crawl_id=None)
    assert result.article_id is not None
    return result.article_id


def table(corpus: Corpus) -> list[tuple[int, str, list[tuple[int, str, str]]]]:
    """The clusters as (original, evidence, [(article, role, evidence)]), without ids."""
    out = []
    for cid, original, evidence, size in corpus.db.execute(
        "SELECT id, original_article_id, evidence, size FROM clusters ORDER BY original_article_id"
    ).fetchall():
        members = corpus.db.execute(
            "SELECT article_id, role, evidence FROM cluster_members WHERE cluster_id = ?"
            " ORDER BY article_id",
            (cid,),
        ).fetchall()
        assert len(members) == size
        out.append((original, evidence, [tuple(m) for m in members]))
    return out


def withdraw(corpus: Corpus, article_id: int, index: stories.ClusterIndex | None = None) -> None:
    """What withdrawing an article must do: forget it, then delete its rows."""
    with corpus.transaction() as conn:
        stories.forget(conn, index, article_id)
        conn.execute("DELETE FROM article_versions WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))


@pytest.fixture
def wire(corpus):
    """A story on three outlets (the second a lightly cut copy) and an unrelated article."""
    a = store_article(corpus, "https://a.example/2024/story", STORY, "2024-05-14T09:00:00Z")
    b = store_article(corpus, "https://b.example/2024/story", text(0, 1, 2), "2024-05-14T10:00:00Z")
    c = store_article(corpus, "https://c.example/2024/story", STORY, "2024-05-14T11:00:00Z")
    d = store_article(corpus, "https://d.example/2024/other", OTHER, "2024-05-14T08:00:00Z")
    return a, b, c, d


def test_a_signature_is_stored_with_the_version_and_text_it_was_made_from(corpus, wire):
    a = wire[0]
    sig = stories.signature(STORY, "A story")
    with corpus.transaction() as conn:
        store.save_signature(
            conn,
            a,
            version=1,
            text_sha1=stories.text_sha1(STORY),
            minhash=sig.to_bytes(),
            shingles=sig.shingles,
            source_link="https://orig.example/2024/story",
        )
    (row,) = store.signature_rows(corpus.db.conn, [a])
    assert stories.member_of(row).signature == sig
    assert row["source_link"] == "https://orig.example/2024/story"
    assert a not in store.stale_article_ids(corpus.db.conn)
    assert set(store.stale_article_ids(corpus.db.conn)) == set(wire[1:])


def test_a_rebuild_stores_each_group_of_copies_under_its_earliest_article(corpus, wire):
    a, b, c, d = wire
    report = stories.rebuild(corpus.db.conn)
    assert (report.signed, report.articles, report.clusters, report.copies) == (4, 4, 1, 2)
    assert table(corpus) == [
        (a, "earliest", [(a, "original", "near_duplicate"), (b, "copy", "near_duplicate"),
                         (c, "copy", "near_duplicate")]),
    ]  # fmt: skip
    similarity = dict(
        corpus.db.execute("SELECT article_id, similarity FROM cluster_members").fetchall()
    )
    assert similarity[a] == 1.0 and similarity[c] == 1.0 and 0.5 <= similarity[b] < 1.0
    assert store.memberships(corpus.db.conn, [d]) == {}


def test_a_rebuild_numbers_clusters_from_one_and_gives_the_same_rows_twice(corpus, wire):
    stories.rebuild(corpus.db.conn)
    first = corpus.db.execute("SELECT * FROM cluster_members ORDER BY article_id").fetchall()
    again = stories.rebuild(corpus.db.conn)
    assert again.signed == 0
    assert corpus.db.execute("SELECT * FROM cluster_members ORDER BY article_id").fetchall() == (
        first
    )
    assert [r[0] for r in corpus.db.execute("SELECT id FROM clusters")] == [1]


def test_a_rebuild_that_fails_leaves_the_clusters_it_would_have_replaced(corpus, wire):
    stories.rebuild(corpus.db.conn)
    before = table(corpus)
    alone = stories.ClusterMember(wire[3], 1.0, "original", "near_duplicate")
    broken = stories.Cluster(wire[3], "earliest", (alone,))
    with pytest.raises(store.ClusterStoreError):
        store.rebuild(corpus.db.conn, [*stories.cluster(stories.members(corpus.db.conn)), broken])
    assert table(corpus) == before


def test_an_aggregators_source_link_makes_the_original_it_links_to(corpus):
    original = store_article(corpus, "https://orig.example/2024/story", STORY, "2024-05-15")
    agg = store_article(corpus, "https://agg.example/story", STORY, "2024-05-14T06:00:00Z")
    index = stories.ClusterIndex()
    with corpus.transaction() as conn:
        stories.record(conn, index, original, source_link=None)
        stories.record(conn, index, agg, source_link="https://www.orig.example/2024/story/")
    assert table(corpus) == [
        (original, "source_link", [(original, "original", "source_link"),
                                   (agg, "copy", "source_link")]),
    ]  # fmt: skip


def test_storing_articles_one_by_one_fills_the_tables_a_rebuild_would(corpus):
    rng = random.Random(3)
    urls = [f"https://site{i}.example/2024/story" for i in range(8)]
    bodies = [STORY, text(0, 1, 2), OTHER, STORY, text(4, 5, 6), text(1, 2, 3), "Too short.", OTHER]
    ids = [
        store_article(corpus, url, body, f"2024-05-{10 + i}")
        for i, (url, body) in enumerate(zip(urls, bodies, strict=True))
    ]
    index = stories.ClusterIndex()
    with corpus.transaction() as conn:
        for article_id in rng.sample(ids, len(ids)):
            stories.record(conn, index, article_id, source_link=None)
    incremental = table(corpus)
    stories.rebuild(corpus.db.conn)
    assert incremental == table(corpus)
    assert [(o, sorted(m[0] for m in ms)) for o, _, ms in incremental] == [
        (ids[0], [ids[0], ids[1], ids[3], ids[5]]),
        (ids[2], [ids[2], ids[4], ids[7]]),
    ]


def test_a_cluster_keeps_its_id_as_it_grows(corpus, wire):
    a, b, c, d = wire
    index = stories.ClusterIndex()
    with corpus.transaction() as conn:
        for article_id in (a, b):
            stories.record(conn, index, article_id, source_link=None)
    (first,) = corpus.db.execute("SELECT id, created_at FROM clusters").fetchall()
    with corpus.transaction() as conn:
        stories.record(conn, index, c, source_link=None)
    (grown,) = corpus.db.execute("SELECT id, created_at, size FROM clusters").fetchall()
    assert grown == (*first, 3)


def test_withdrawing_the_original_gives_its_cluster_a_new_original(corpus, wire):
    a, b, c, d = wire
    stories.rebuild(corpus.db.conn)
    withdraw(corpus, a)
    assert table(corpus) == [
        (b, "earliest", [(b, "original", "near_duplicate"), (c, "copy", "near_duplicate")]),
    ]
    assert store.stale_article_ids(corpus.db.conn) == []


def test_withdrawing_one_of_two_copies_dissolves_their_cluster(corpus):
    a = store_article(corpus, "https://a.example/2024/story", STORY, "2024-05-14")
    b = store_article(corpus, "https://b.example/2024/story", STORY, "2024-05-15")
    index = stories.load_index(corpus.db.conn)
    with corpus.transaction() as conn:
        for article_id in (a, b):
            stories.record(conn, index, article_id, source_link=None)
    withdraw(corpus, b, index)
    assert table(corpus) == []
    assert corpus.db.execute("SELECT count(*) FROM clusters").fetchone()[0] == 0
    assert index.clusters() == []


def test_withdrawing_the_article_that_joined_two_others_splits_them(corpus):
    a = store_article(corpus, "https://a.example/1", text(0, 1, 2, 3), "2024-01-01")
    b = store_article(corpus, "https://b.example/1", text(1, 2, 3, 4), "2024-01-02")
    c = store_article(corpus, "https://c.example/1", text(2, 3, 4, 5), "2024-01-03")
    d = store_article(corpus, "https://d.example/1", text(2, 3, 4, 5), "2024-01-04")
    stories.rebuild(corpus.db.conn)
    assert [sorted(m[0] for m in ms) for _, _, ms in table(corpus)] == [[a, b, c, d]]
    index = stories.load_index(corpus.db.conn)
    withdraw(corpus, b, index)
    assert table(corpus) == [
        (c, "earliest", [(c, "original", "near_duplicate"), (d, "copy", "near_duplicate")]),
    ]
    assert [(k.original_article_id, sorted(k.article_ids)) for k in index.clusters()] == [
        (c, [c, d])
    ]


def test_an_article_with_signatures_and_clusters_cannot_be_deleted_without_forgetting_it(
    corpus, wire
):
    stories.rebuild(corpus.db.conn)
    with pytest.raises(sqlite3.IntegrityError), corpus.transaction() as conn:
        conn.execute("DELETE FROM article_versions WHERE article_id = ?", (wire[1],))
        conn.execute("DELETE FROM articles WHERE id = ?", (wire[1],))


def test_a_new_version_that_is_no_longer_a_copy_leaves_its_cluster(corpus, wire):
    a, b, c, d = wire
    stories.rebuild(corpus.db.conn)
    store_article(corpus, "https://c.example/2024/story", text(5, 6, 7), "2024-05-14T11:00:00Z")
    assert store.stale_article_ids(corpus.db.conn) == [c]
    report = stories.rebuild(corpus.db.conn)
    assert report.signed == 1
    assert table(corpus) == [
        (a, "earliest", [(a, "original", "near_duplicate"), (b, "copy", "near_duplicate")]),
        (d, "earliest", [(c, "copy", "near_duplicate"), (d, "original", "near_duplicate")]),
    ]
    (row,) = store.signature_rows(corpus.db.conn, [c])
    assert row["version"] == 2


def test_a_new_version_stored_during_a_crawl_moves_the_article_at_once(corpus, wire):
    a, b, c, d = wire
    index = stories.ClusterIndex()
    with corpus.transaction() as conn:
        for article_id in wire:
            stories.record(conn, index, article_id, source_link=None)
    (cluster_id,) = corpus.db.execute("SELECT id FROM clusters").fetchone()
    store_article(corpus, "https://c.example/2024/story", OTHER, "2024-05-14T11:00:00Z")
    with corpus.transaction() as conn:
        change = stories.record(conn, index, c, source_link=None)
    assert change.touched >= {a, b, c, d}
    members = store.memberships(corpus.db.conn)
    assert members[a]["cluster_id"] == members[b]["cluster_id"] == cluster_id
    assert members[c]["original_article_id"] == d and members[c]["role"] == "copy"


def test_an_update_that_does_not_account_for_a_whole_cluster_is_refused(corpus, wire):
    a, b, c, d = wire
    stories.rebuild(corpus.db.conn)
    before = table(corpus)
    partial = stories.Cluster(
        a,
        "earliest",
        (
            stories.ClusterMember(a, 1.0, "original", "near_duplicate"),
            stories.ClusterMember(b, 0.8, "copy", "near_duplicate"),
        ),
    )
    with pytest.raises(store.ClusterStoreError):
        store.update(corpus.db.conn, {a, b}, [partial])
    assert table(corpus) == before
