"""schemas.topics: topics and the articles they match, in a real corpus file."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

import pytest

from crawler.stories.topics import Topic, topic_matcher
from schemas.corpus import Corpus
from schemas.items import Article, Capture
from schemas.topics import (
    RematchSummary,
    TopicStoreError,
    articles_of,
    forget_article,
    list_topics,
    record_matches,
    rematch,
    remove_topic,
    sync_topics,
    topic_ids,
)
from tests.schemas.test_corpus import capture as corpus_capture


@dataclass(frozen=True)
class Named:
    name: str
    query: str


def capture(n: int) -> Capture:
    return corpus_capture(n, f"http://127.0.0.1:8765/2025/05/{n:02d}/story-{n}")


def store(corpus: Corpus, n: int, title: str, text: str, description: str | None = None) -> int:
    """Store article ``n`` (again, for a new version, with a new ``capture_n``)."""
    url = f"http://127.0.0.1:8765/2025/05/{n:02d}/story-{n}"
    article = Article(
        text=text,
        title=title,
        author=None,
        published="2025-05-01T09:00:00+00:00",
        language="en",
        sitename="Ledger",
        canonical_url=url,
        url=url,
        extractor="test",
        description=description,
    )
    result = corpus.store_article(
        replace(capture(n), warc_record_id=f"<urn:uuid:{n:08d}-{len(text):04d}>"),
        article,
        url_key=url.replace("http:", "https:"),
        crawl_id=None,
    )
    assert result.article_id is not None
    return result.article_id


def words(*pairs: tuple[int, str]):
    """A stand-in matcher: topic id when its word is in the title, standfirst or text."""

    def matcher(title, description, text):
        fields = " ".join(f for f in (title, description, text) if f).lower()
        return [topic_id for topic_id, word in pairs if word in fields]

    return matcher


def matches(corpus: Corpus) -> set[tuple[int, int, int]]:
    return set(corpus.db.execute("SELECT topic_id, article_id, version FROM topic_articles"))


@pytest.fixture
def corpus(tmp_path):
    c = Corpus(tmp_path / "corpus.db")
    yield c
    c.close()


@pytest.fixture
def conn(corpus):
    return corpus.db.conn


# -- topics ---------------------------------------------------------------------------


def test_new_topics_are_added_with_their_origin(conn):
    report = sync_topics(conn, [Named("show", "eternaut"), Named("vote", "election")], "sources")
    assert report["added"] == [report["ids"]["show"], report["ids"]["vote"]]
    assert report["changed"] == report["unchanged"] == []
    rows = list_topics(conn)
    assert [(r["name"], r["query"], r["origin"], r["articles"]) for r in rows] == [
        ("show", "eternaut", "sources", 0),
        ("vote", "election", "sources", 0),
    ]
    assert rows[0]["created_at"] == rows[0]["updated_at"]


def test_the_same_topics_again_change_nothing(conn):
    first = sync_topics(conn, [Named("show", "eternaut")], "sources")
    before = list_topics(conn)
    second = sync_topics(conn, [Named("show", "eternaut")], "sources")
    assert second["unchanged"] == first["added"]
    assert second["added"] == second["changed"] == []
    assert list_topics(conn) == before


def test_a_changed_query_is_stored_and_its_matches_are_dropped_for_a_rematch(corpus, conn):
    ids = sync_topics(conn, [Named("show", "eternaut"), Named("vote", "election")], "sources")[
        "ids"
    ]
    article = store(corpus, 1, "The Eternaut and the election", "text")
    record_matches(conn, article, 1, [ids["show"], ids["vote"]])
    report = sync_topics(conn, [Named("show", "eternaut*"), Named("vote", "election")], "sources")
    assert report["changed"] == [ids["show"]]
    assert report["unchanged"] == [ids["vote"]]
    assert matches(corpus) == {(ids["vote"], article, 1)}
    show = next(r for r in list_topics(conn) if r["name"] == "show")
    assert show["query"] == "eternaut*"
    assert show["updated_at"] > show["created_at"]


def test_topics_left_out_of_a_later_run_are_kept(conn):
    sync_topics(conn, [Named("netflix eternaut", "netflix eternaut")], "command line")
    sync_topics(conn, [Named("vote", "election")], "sources")
    assert sorted(topic_ids(conn)) == ["netflix eternaut", "vote"]


def test_a_topic_declared_elsewhere_later_takes_that_origin(conn):
    sync_topics(conn, [Named("show", "eternaut")], "command line")
    sync_topics(conn, [Named("show", "eternaut")], "sources")
    assert list_topics(conn)[0]["origin"] == "sources"


def test_an_unknown_origin_is_refused(conn):
    with pytest.raises(TopicStoreError, match="origin"):
        sync_topics(conn, [Named("show", "eternaut")], "cli")


def test_two_topics_of_one_name_are_refused_and_nothing_is_stored(conn):
    with pytest.raises(TopicStoreError, match="same name"):
        sync_topics(conn, [Named("show", "a"), Named("show", "b")], "sources")
    assert list_topics(conn) == []


def test_the_crawlers_topics_can_be_synced_as_they_are(conn):
    report = sync_topics(conn, [Topic("show", "netflix eternaut*")], "sources")
    assert list_topics(conn)[0]["id"] == report["ids"]["show"]


def test_removing_a_topic_removes_its_matches(corpus, conn):
    ids = sync_topics(conn, [Named("show", "eternaut")], "sources")["ids"]
    record_matches(conn, store(corpus, 1, "The Eternaut", "text"), 1, [ids["show"]])
    assert remove_topic(conn, "show") is True
    assert remove_topic(conn, "show") is False
    assert list_topics(conn) == []
    assert matches(corpus) == set()


# -- matches --------------------------------------------------------------------------


def test_record_matches_stores_the_article_version_it_matched(corpus, conn):
    ids = sync_topics(conn, [Named("show", "eternaut"), Named("vote", "election")], "sources")[
        "ids"
    ]
    article = store(corpus, 1, "The Eternaut", "A scene made with generative AI.")
    assert record_matches(conn, article, 1, [ids["show"], ids["show"]]) == 1
    assert matches(corpus) == {(ids["show"], article, 1)}
    assert articles_of(conn, ids["show"]) == [article]


def test_a_new_version_replaces_the_articles_matches(corpus, conn):
    ids = sync_topics(conn, [Named("show", "eternaut"), Named("vote", "election")], "sources")[
        "ids"
    ]
    article = store(corpus, 1, "The Eternaut", "A scene made with generative AI.")
    record_matches(conn, article, 1, [ids["show"]])
    again = store(corpus, 1, "The election", "The vote was held on Sunday.")
    assert again == article
    version = corpus.db.execute("SELECT version FROM articles WHERE id = ?", (article,)).fetchone()
    assert version[0] == 2
    record_matches(conn, article, 2, [ids["vote"]])
    assert matches(corpus) == {(ids["vote"], article, 2)}


def test_matches_recorded_in_the_store_transaction_roll_back_with_it(corpus, conn):
    ids = sync_topics(conn, [Named("show", "eternaut")], "sources")["ids"]
    article = store(corpus, 1, "The Eternaut", "text")
    with pytest.raises(RuntimeError), corpus.transaction():
        record_matches(conn, article, 1, [ids["show"]])
        raise RuntimeError("the store failed after matching")
    assert matches(corpus) == set()


def test_an_unknown_topic_id_is_refused_by_the_foreign_key(corpus, conn):
    article = store(corpus, 1, "The Eternaut", "text")
    with pytest.raises(sqlite3.IntegrityError):
        record_matches(conn, article, 1, [99])
    assert matches(corpus) == set()


def test_a_withdrawn_article_must_be_forgotten_before_its_row_goes(corpus, conn):
    ids = sync_topics(conn, [Named("show", "eternaut")], "sources")["ids"]
    article = store(corpus, 1, "The Eternaut", "text")
    record_matches(conn, article, 1, [ids["show"]])
    conn.execute("DELETE FROM article_versions WHERE article_id = ?", (article,))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM articles WHERE id = ?", (article,))
    assert forget_article(conn, article) == 1
    conn.execute("DELETE FROM articles WHERE id = ?", (article,))
    assert list_topics(conn)[0]["articles"] == 0


def test_list_topics_counts_matches_and_those_made_on_an_older_version(corpus, conn):
    ids = sync_topics(conn, [Named("show", "eternaut"), Named("vote", "election")], "sources")[
        "ids"
    ]
    first = store(corpus, 1, "The Eternaut", "text")
    second = store(corpus, 2, "The Eternaut returns", "text")
    record_matches(conn, first, 1, [ids["show"]])
    record_matches(conn, second, 1, [ids["show"]])
    store(corpus, 2, "The Eternaut returns", "a new text, stored without matching")
    counts = {r["name"]: (r["articles"], r["stale"]) for r in list_topics(conn)}
    assert counts == {"show": (2, 1), "vote": (0, 0)}


# -- rematch --------------------------------------------------------------------------


@pytest.fixture
def five(corpus, conn):
    ids = sync_topics(conn, [Named("show", "eternaut"), Named("vote", "election")], "sources")[
        "ids"
    ]
    articles = [
        store(corpus, 1, "The Eternaut", "Netflix used generative AI."),
        store(corpus, 2, "Election day", "Polls open at eight."),
        store(corpus, 3, "Weather", "Rain.", description="The Eternaut weather, and an election"),
        store(corpus, 4, "Harbour budget", "The council met."),
        store(corpus, 5, "El Eternauta", "Eternaut fans and the election."),
    ]
    matcher = words((ids["show"], "eternaut"), (ids["vote"], "election"))
    return ids, articles, matcher


def test_rematch_matches_every_stored_article_from_the_corpus_alone(corpus, conn, five):
    ids, (a1, a2, a3, a4, a5), matcher = five
    summary = rematch(conn, matcher)
    assert isinstance(summary, RematchSummary)
    assert matches(corpus) == {
        (ids["show"], a1, 1),
        (ids["vote"], a2, 1),
        (ids["show"], a3, 1),
        (ids["vote"], a3, 1),
        (ids["show"], a5, 1),
        (ids["vote"], a5, 1),
    }
    assert (summary.articles, summary.matched, summary.added, summary.removed) == (5, 4, 6, 0)


def test_a_second_rematch_keeps_every_row(conn, five):
    _, _, matcher = five
    rematch(conn, matcher)
    again = rematch(conn, matcher)
    assert (again.added, again.removed, again.kept) == (0, 0, 6)


def test_rematch_removes_matches_the_topics_no_longer_make(corpus, conn, five):
    ids, (a1, *_), matcher = five
    record_matches(conn, a1, 1, [ids["vote"]])
    summary = rematch(conn, matcher)
    assert (ids["vote"], a1, 1) not in matches(corpus)
    assert summary.removed == 1


def test_rematch_of_some_topics_leaves_the_others_rows_alone(corpus, conn, five):
    ids, (a1, a2, *_), matcher = five
    record_matches(conn, a1, 1, [ids["vote"]])  # wrong, but not this rematch's business
    rematch(conn, matcher, topic_ids=[ids["show"]])
    rows = matches(corpus)
    assert (ids["vote"], a1, 1) in rows
    assert (ids["vote"], a2, 1) not in rows
    assert {a for t, a, _ in rows if t == ids["show"]} == {a1, five[1][2], five[1][4]}


def test_rematch_reads_the_corpus_in_batches_and_reports_progress(conn, five):
    _, _, matcher = five
    seen = []
    progress = []

    def counting(title, description, text):
        seen.append(title)
        return matcher(title, description, text)

    rematch(
        conn, counting, batch_size=2, progress=lambda done, total: progress.append((done, total))
    )
    assert progress == [(2, 5), (4, 5), (5, 5)]
    assert len(seen) == 5


def test_rematch_brings_the_version_of_a_kept_match_up_to_date(corpus, conn, five):
    ids, (a1, *_), matcher = five
    rematch(conn, matcher)
    store(corpus, 1, "The Eternaut", "Netflix used generative AI, it says now.")
    summary = rematch(conn, matcher)
    assert (ids["show"], a1, 2) in matches(corpus)
    assert summary.added == 0


def test_rematch_skips_an_article_another_writer_changed_meanwhile(corpus, conn, five):
    ids, (a1, *_), matcher = five

    def meddling(title, description, text):
        if title == "The Eternaut":
            conn.execute("UPDATE articles SET version = 2 WHERE id = ?", (a1,))
        return matcher(title, description, text)

    summary = rematch(conn, meddling)
    assert summary.skipped == 1
    assert not any(a == a1 for _, a, _ in matches(corpus))


def test_rematch_drops_rows_of_articles_deleted_without_foreign_keys(tmp_path, five, corpus):
    ids, (a1, *_), matcher = five
    rematch(corpus.db.conn, matcher)
    raw = sqlite3.connect(corpus.path)  # foreign keys off, as in a plain sqlite3 shell
    raw.execute("DELETE FROM articles WHERE id = ?", (a1,))
    raw.commit()
    raw.close()
    summary = rematch(corpus.db.conn, matcher)
    assert summary.removed == 1
    assert not any(a == a1 for _, a, _ in matches(corpus))


def test_rematch_refuses_unknown_topic_ids(conn, five):
    _, _, matcher = five
    with pytest.raises(TopicStoreError, match="no topics with ids"):
        rematch(conn, matcher, topic_ids=[99])
    with pytest.raises(TopicStoreError, match="unknown topic ids"):
        rematch(conn, lambda *_: [99])


def test_the_crawlers_matcher_plugs_into_rematch(corpus, conn, five):
    ids, (a1, _, a3, _, a5), _ = five
    topics = {ids["show"]: Topic("show", "eternaut*")}
    rematch(conn, topic_matcher(topics), topic_ids=topics)
    assert articles_of(conn, ids["show"]) == [a1, a3, a5]


def test_an_empty_corpus_rematches_to_nothing(conn):
    sync_topics(conn, [Named("show", "eternaut")], "sources")
    summary = rematch(conn, lambda *_: [])
    assert (summary.articles, summary.added, summary.removed) == (0, 0, 0)
