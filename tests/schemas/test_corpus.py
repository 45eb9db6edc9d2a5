"""schemas.corpus: crawls, captures and articles in SQLite."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from schemas.corpus import Corpus, CorpusError, find_captures, text_sha1
from schemas.items import Article, Capture

VENV_BIN = Path(sys.executable).parent
URL = "http://127.0.0.1:8765/2024/05/17/council-approves-harbor-budget"
KEY = "https://127.0.0.1:8765/2024/05/17/council-approves-harbor-budget"


def capture(n: int = 1, url: str = URL) -> Capture:
    return Capture(
        url=url,
        status=200,
        fetched_at=f"2024-05-17T09:30:{n % 60:02d}.000000+00:00",
        warc_filename="test-20240517093000000-00000-h.warc.gz",
        warc_offset=1000 * n,
        warc_length=900,
        warc_record_id=f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>",
        payload_digest="sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
        warc_request_record_id=f"<urn:uuid:10000000-0000-0000-0000-{n:012d}>",
        reason="OK",
        protocol="HTTP/1.1",
        content_type="text/html",
        ip_address="127.0.0.1",
    )


def article(text: str = "The council approved the harbor budget on Friday.") -> Article:
    return Article(
        text=text,
        title="Council approves harbor budget",
        author="Jane Doe",
        published="2024-05-17T09:30:00+00:00",
        language="en",
        sitename="Harbor City Ledger",
        canonical_url=URL,
        url=URL,
        extractor="trafilatura-2.3.1+debris-1",
    )


@pytest.fixture
def corpus(tmp_path):
    c = Corpus(tmp_path / "corpus.db")
    yield c
    c.close()


def rows(corpus: Corpus, table: str) -> list[dict]:
    return [dict(r) for r in corpus.db.query(f"SELECT * FROM {table} ORDER BY id")]


def cli_search(path: Path, query: str) -> list[dict]:
    result = subprocess.run(
        [str(VENV_BIN / "sqlite-utils"), "search", str(path), "articles", query],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- opening --------------------------------------------------------------------------


def test_a_corpus_is_in_wal_mode(tmp_path):
    path = tmp_path / "corpus.db"
    Corpus(path).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert {"captures", "articles", "crawls", "articles_fts"} <= tables


@pytest.mark.parametrize(("mode", "level"), [("NORMAL", 1), ("full", 2), ("EXTRA", 3)])
def test_the_wal_sync_level_is_the_one_asked_for(tmp_path, mode, level):
    corpus = Corpus(tmp_path / "corpus.db", synchronous=mode)
    try:
        assert corpus.db.execute("PRAGMA synchronous").fetchone()[0] == level
    finally:
        corpus.close()


def test_an_unknown_sync_level_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(CorpusError, match="synchronous must be one of"):
        Corpus(tmp_path / "corpus.db", synchronous="OFF")
    assert not (tmp_path / "corpus.db").exists()


def test_a_corpus_in_a_missing_directory_is_created(tmp_path):
    path = tmp_path / "deeper" / "still" / "corpus.db"
    Corpus(path).close()
    assert path.exists()


def test_a_corrupt_database_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "corpus.db"
    garbage = random.Random(1234).randbytes(16384)
    assert not garbage.startswith(b"SQLite format 3")
    path.write_bytes(garbage)
    with pytest.raises(CorpusError, match="not a usable SQLite corpus"):
        Corpus(path)
    assert path.read_bytes() == garbage


def test_a_database_with_a_valid_header_but_corrupt_pages_is_refused(tmp_path):
    path = tmp_path / "corpus.db"
    garbage = b"SQLite format 3\x00" + random.Random(99).randbytes(8192)
    path.write_bytes(garbage)
    with pytest.raises(CorpusError):
        Corpus(path)
    assert path.read_bytes() == garbage


# -- crawls ---------------------------------------------------------------------------


def test_start_and_finish_crawl_record_a_run(corpus):
    crawl_id = corpus.start_crawl("news", {"start_urls": URL}, {"DOWNLOAD_DELAY": 1.0})
    (row,) = rows(corpus, "crawls")
    assert row["id"] == crawl_id
    assert row["status"] == "running"
    assert row["finished_at"] is None
    assert json.loads(row["args"]) == {"start_urls": URL}
    assert json.loads(row["settings"]) == {"DOWNLOAD_DELAY": 1.0}
    assert row["corpus_path"] == str(Path(corpus.path).resolve())

    corpus.finish_crawl(
        crawl_id,
        status="finished",
        finish_reason="finished",
        stats={"warc/records_written": 12},
        warc_files=["test-1.warc.gz"],
        summary={"articles": 3},
    )
    (row,) = rows(corpus, "crawls")
    assert row["status"] == "finished"
    assert row["finish_reason"] == "finished"
    assert row["finished_at"] >= row["started_at"]
    assert json.loads(row["stats"]) == {"warc/records_written": 12}
    assert json.loads(row["warc_files"]) == ["test-1.warc.gz"]
    assert json.loads(row["summary"]) == {"articles": 3}


def test_each_crawl_gets_its_own_row(corpus):
    first = corpus.start_crawl("news", {}, {})
    second = corpus.start_crawl("news", {}, {})
    assert first != second
    assert corpus.counts()["crawls"] == 2


# -- captures and articles --------------------------------------------------------------


def test_store_article_writes_the_capture_and_the_article(corpus):
    crawl_id = corpus.start_crawl("news", {}, {})
    result = corpus.store_article(
        capture(), article(), url_key=KEY, crawl_id=crawl_id, discovery={"feed_title": "x"}
    )
    assert result.action == "inserted"
    (cap,) = rows(corpus, "captures")
    (art,) = rows(corpus, "articles")
    assert cap["id"] == result.capture_id
    assert cap["outcome"] == "article"
    assert cap["warc_record_id"] == capture().warc_record_id
    assert cap["warc_offset"] == 1000
    assert art["id"] == result.article_id
    assert art["capture_id"] == cap["id"]
    assert art["url_key"] == KEY
    assert art["title"] == "Council approves harbor budget"
    assert art["word_count"] == 8
    assert art["text_sha1"] == text_sha1(article().text)
    assert art["extractor"] == "trafilatura-2.3.1+debris-1"
    assert json.loads(art["discovery"]) == {"feed_title": "x"}
    assert art["crawl_id"] == crawl_id
    assert art["first_seen"] == art["last_seen"]


def test_the_same_url_key_twice_keeps_one_row_unchanged(corpus):
    first = corpus.store_article(capture(1), article(), url_key=KEY, crawl_id=None)
    second = corpus.store_article(capture(2), article(), url_key=KEY, crawl_id=None)
    assert second.action == "unchanged"
    assert second.article_id == first.article_id
    (art,) = rows(corpus, "articles")
    assert art["capture_id"] == first.capture_id  # the text still comes from the first
    assert art["last_seen"] >= art["first_seen"]
    assert corpus.counts() == {"captures": 2, "articles": 1, "crawls": 0}


def test_the_same_url_key_with_new_text_updates_the_row(corpus):
    first = corpus.store_article(capture(1), article(), url_key=KEY, crawl_id=None)
    changed = article("The council approved the harbor budget after a late amendment.")
    second = corpus.store_article(capture(2), changed, url_key=KEY, crawl_id=None)
    assert second.action == "updated"
    assert second.article_id == first.article_id
    (art,) = rows(corpus, "articles")
    assert art["text"] == changed.text
    assert art["capture_id"] == second.capture_id
    assert art["text_sha1"] == text_sha1(changed.text)


def test_storing_the_same_capture_again_does_not_duplicate_it(corpus):
    corpus.store_article(capture(1), article(), url_key=KEY, crawl_id=None)
    corpus.store_article(capture(1), article(), url_key=KEY, crawl_id=None)
    assert corpus.counts()["captures"] == 1


def test_a_failed_article_insert_leaves_no_capture_behind(corpus):
    corpus.db.execute(
        "CREATE TRIGGER refuse_articles BEFORE INSERT ON articles"
        " BEGIN SELECT RAISE(ABORT, 'article refused by test'); END"
    )
    with pytest.raises(sqlite3.DatabaseError, match="article refused by test"):
        corpus.store_article(capture(), article(), url_key=KEY, crawl_id=None)
    assert corpus.counts() == {"captures": 0, "articles": 0, "crawls": 0}
    # the connection is usable again afterwards
    corpus.db.execute("DROP TRIGGER refuse_articles")
    assert corpus.store_article(capture(), article(), url_key=KEY, crawl_id=None).action == (
        "inserted"
    )
    assert corpus.counts()["captures"] == 1


def test_an_article_pointing_at_an_unknown_crawl_rolls_back_its_capture(corpus):
    with pytest.raises(sqlite3.IntegrityError):
        corpus.store_article(capture(), article(), url_key=KEY, crawl_id=999)
    assert corpus.counts() == {"captures": 0, "articles": 0, "crawls": 0}


def test_add_capture_records_non_article_responses(corpus):
    capture_id = corpus.add_capture(
        capture(3, url="http://127.0.0.1:8765/robots.txt"), None, "robots"
    )
    (cap,) = rows(corpus, "captures")
    assert cap["id"] == capture_id
    assert cap["outcome"] == "robots"
    assert find_captures(corpus.db, "http://127.0.0.1:8765/robots.txt")[0]["id"] == capture_id


def test_add_captures_if_missing_adds_only_unknown_captures(corpus):
    known = capture(1)
    corpus.add_capture(known, None, "article")
    added = corpus.add_captures_if_missing(
        [(known, "not_processed"), (capture(2), "not_processed"), (capture(3), None)], None
    )
    assert added == 2
    by_id = {r["warc_record_id"]: r for r in rows(corpus, "captures")}
    assert len(by_id) == 3
    assert by_id[known.warc_record_id]["outcome"] == "article"  # left as it was
    assert by_id[capture(2).warc_record_id]["outcome"] == "not_processed"
    assert corpus.add_captures_if_missing([(capture(2), "x")], None) == 0


# -- full-text search -------------------------------------------------------------------


def test_a_stored_article_is_found_by_sqlite_utils_search(tmp_path):
    path = tmp_path / "corpus.db"
    corpus = Corpus(path)
    corpus.store_article(capture(), article(), url_key=KEY, crawl_id=None)
    other = article("Fishermen protest the new quota rules at the pier.")
    other.title = "Fishermen protest"
    other.url = "http://127.0.0.1:8765/2024/05/18/fishermen-protest"
    corpus.store_article(capture(2, url=other.url), other, url_key=other.url, crawl_id=None)
    corpus.close()

    found = cli_search(path, "harbor")
    assert [r["url"] for r in found] == [URL]
    assert [r["url"] for r in cli_search(path, "quota")] == [other.url]
    assert cli_search(path, "nonexistentword") == []


def test_an_updated_text_is_reflected_in_search(tmp_path):
    path = tmp_path / "corpus.db"
    corpus = Corpus(path)
    corpus.store_article(capture(1), article(), url_key=KEY, crawl_id=None)
    revised = article("The mayor vetoed the spending plan on Saturday.")
    corpus.store_article(capture(2), revised, url_key=KEY, crawl_id=None)
    fts = [
        r[0]
        for r in corpus.db.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'vetoed'"
        ).fetchall()
    ]
    corpus.close()

    assert len(fts) == 1
    assert [r["url"] for r in cli_search(path, "vetoed")] == [URL]
    assert cli_search(path, "friday") == []
    assert [r["url"] for r in cli_search(path, "council")] == [URL]  # still in the title


# -- the news-only rule's marks ------------------------------------------------------


def _store_marked(corpus: Corpus, n: int, slug: str, evidence: int | None, source="ledger"):
    url = f"http://127.0.0.1:8765/{slug}"
    a = article(f"The {slug.replace('-', ' ')} page says what it says, number {n}.")
    a.url = a.canonical_url = url
    if not evidence:
        a.author = a.published = None
    return corpus.store_article(
        capture(n, url), a, url_key=url, crawl_id=None, news=(source, evidence)
    )


def test_doubtful_pages_are_withdrawn_once_their_site_shows_enough_dated_articles(tmp_path):
    corpus = Corpus(tmp_path / "corpus.db")
    try:
        _store_marked(corpus, 1, "about-us", 0)  # before any dated article: doubtful
        _store_marked(corpus, 2, "news/one", 1)
        _store_marked(corpus, 3, "news/two", 1)
        assert corpus.withdraw_static_pages(3) == []  # two are not enough yet
        _store_marked(corpus, 4, "news/three", 1)
        withdrawn = corpus.withdraw_static_pages(3)
        assert withdrawn == ["http://127.0.0.1:8765/about-us"]
        urls = [r["url"] for r in rows(corpus, "articles")]
        assert "http://127.0.0.1:8765/about-us" not in urls and len(urls) == 3
        versions = corpus.db.execute("SELECT url_key FROM article_versions").fetchall()
        assert ("http://127.0.0.1:8765/about-us",) not in versions
        outcomes = {r["url"]: r["outcome"] for r in rows(corpus, "captures")}
        assert outcomes["http://127.0.0.1:8765/about-us"] == "undated_page"  # still archived
        assert outcomes["http://127.0.0.1:8765/news/one"] == "article"
        assert corpus.withdraw_static_pages(3) == []  # done once
    finally:
        corpus.close()
    assert cli_search(tmp_path / "corpus.db", "about") == []
    assert len(cli_search(tmp_path / "corpus.db", "three")) == 1


def test_a_site_that_dates_nothing_keeps_its_doubtful_pages(corpus):
    for n in range(1, 6):
        _store_marked(corpus, n, f"story-{n}", 0)
    _store_marked(corpus, 6, "elsewhere/one", 1, source="other")
    _store_marked(corpus, 7, "elsewhere/two", 1, source="other")
    _store_marked(corpus, 8, "elsewhere/three", 1, source="other")
    assert corpus.withdraw_static_pages(3) == []  # another site's evidence is not this one's
    assert len(rows(corpus, "articles")) == 8


def test_a_doubtful_page_that_later_carries_a_date_is_no_longer_doubtful(corpus):
    _store_marked(corpus, 1, "notice", 0)
    for n in range(2, 5):
        _store_marked(corpus, n, f"news/{n}", 1)
    _store_marked(corpus, 5, "notice", 1)  # fetched again, now dated
    assert corpus.withdraw_static_pages(3) == []
    assert corpus.dated_articles("ledger", 10) == 4


def test_a_store_without_a_mark_leaves_the_mark_alone(corpus):
    """Re-extraction stores without judging: the crawl's mark stands."""
    _store_marked(corpus, 1, "notice", 0)
    url = "http://127.0.0.1:8765/notice"
    a = article("The notice page, extracted again with the current code.")
    a.url = a.canonical_url = url
    corpus.store_article(capture(9, url), a, url_key=url, crawl_id=None)
    marks = corpus.db.execute("SELECT url_key, evidence FROM news_marks").fetchall()
    assert marks == [(url, 0)]


def test_evidence_counts_only_articles_still_stored(corpus):
    for n in range(1, 4):
        _store_marked(corpus, n, f"news/{n}", 1)
    _store_marked(corpus, 4, "about", 0)
    corpus.db.execute("DELETE FROM article_versions WHERE url_key LIKE '%news/1'")
    corpus.db.execute("DELETE FROM articles WHERE url_key LIKE '%news/1'")
    assert corpus.dated_articles("ledger", 3) == 2
    assert corpus.withdraw_static_pages(3) == []


def test_the_standfirst_and_the_modified_date_are_stored_in_their_own_columns(corpus):
    a = article()
    a.description = "The budget doubles flood spending along the eastern quay."
    a.modified = "2024-05-18T10:00:00+00:00"
    corpus.store_article(capture(), a, url_key=KEY, crawl_id=None)
    (row,) = rows(corpus, "articles")
    assert (row["description"], row["modified"]) == (a.description, a.modified)
    assert a.description not in row["text"]
    (version,) = rows(corpus, "article_versions")
    assert (version["description"], version["modified"]) == (a.description, a.modified)


def test_a_withdrawn_article_leaves_no_topic_match_behind(tmp_path):
    from schemas.topics import sync_topics

    class _Topic:
        name, query = "pages", "page"

    corpus = Corpus(tmp_path / "corpus.db")
    try:
        topic_id = sync_topics(corpus.db.conn, [_Topic()], "sources")["ids"]["pages"]
        url = "http://127.0.0.1:8765/about-us"
        a = article("The about us page says what it says, number 1.")
        a.url = a.canonical_url = url
        a.author = a.published = None
        corpus.store_article(
            capture(1, url), a, url_key=url, crawl_id=None, news=("ledger", 0),
            topic_ids=[topic_id],
        )  # fmt: skip
        matches = "SELECT topic_id, version FROM topic_articles"
        assert corpus.db.execute(matches).fetchall() == [(topic_id, 1)]
        for n, slug in ((2, "news/one"), (3, "news/two"), (4, "news/three")):
            _store_marked(corpus, n, slug, 1)
        assert corpus.withdraw_static_pages(3) == [url]  # no foreign-key failure
        assert corpus.db.execute(matches).fetchall() == []
    finally:
        corpus.close()
