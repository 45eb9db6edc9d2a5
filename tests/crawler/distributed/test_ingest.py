"""Rows handed to Redis by workers, and the one ingest that writes them (real SQLite, real
redis-server): batches are all or nothing, an ingest goes on where its commit ended, and
writing the same rows twice changes nothing."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from crawler.distributed.cluster import Cluster
from crawler.distributed.handoff import Handoff, HandoffError
from crawler.distributed.ingest import Ingest
from schemas.corpus import Corpus
from schemas.items import Article, Capture


def _capture(n: int) -> Capture:
    return Capture(
        url=f"https://news.example/story-{n}",
        status=200,
        fetched_at="2026-12-07T10:00:00.000000+00:00",
        warc_filename="newsarchive-w1-20261207100000000-00000-host.warc.gz",
        warc_offset=1000 * n,
        warc_length=900,
        warc_record_id=f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>",
        payload_digest=f"sha1:DIGEST{n}",
    )


def _article(n: int) -> Article:
    return Article(
        text=f"Story {n} says what happened at the harbour on day {n}.",
        title=f"Story {n}",
        author="A. Writer",
        published="2026-12-07",
        language="en",
        sitename="News",
        canonical_url=None,
        url=f"https://news.example/story-{n}",
        extractor="newsarchive test",
    )


@pytest.fixture
def ingest(redis_client, tmp_path):
    corpus = Corpus(tmp_path / "corpus.db")
    cluster = Cluster(redis_client, timeout=5)
    yield Ingest(corpus, redis_client, cluster, topics=False, clusters=False, news_only=False)
    corpus.close()


def _hand(redis_client, ns: range, run: int = 1) -> Handoff:
    handoff = Handoff(redis_client, worker="w1", run=run)
    handoff.start_crawl("news", {}, {"k": "v"})
    with handoff.batch():
        for n in ns:
            handoff.add_capture(_capture(1000 + n), run, "listing_page")
            handoff.store_article(
                _capture(n), _article(n), url_key=f"news.example/story-{n}", crawl_id=run
            )
    return handoff


def _count(db_path, table: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_batch_is_one_stream_entry_and_a_failed_batch_hands_over_nothing(redis_client):
    handoff = _hand(redis_client, range(3))
    assert redis_client.xlen("na:rows") == 2  # the start, then the batch
    entry = json.loads(redis_client.xrange("na:rows")[-1][1][b"data"])
    assert [op["op"] for op in entry["ops"]] == ["capture", "article"] * 3
    with pytest.raises(RuntimeError), handoff.batch():
        handoff.add_capture(_capture(99), 1, "x")
        raise RuntimeError("the WARC sync failed")
    assert redis_client.xlen("na:rows") == 2
    # what a worker reads back: the text it handed over stands, and its body for revisits
    assert handoff.has_text("news.example/story-1", "0" * 40) is False
    assert handoff.capture_with_payload("sha1:DIGEST1", "https://other.example/")["uri"] == (
        "https://news.example/story-1"
    )


def test_an_unreachable_redis_is_a_handoff_error(redis_client):
    import redis

    handoff = Handoff(redis.Redis(host="127.0.0.1", port=1), worker="w1", run=1)
    with pytest.raises(HandoffError, match="not handed"):
        handoff.add_capture(_capture(1), 1, "x")


def test_the_ingest_writes_the_rows_and_where_it_got_in_one_transaction(
    ingest, redis_client, tmp_path
):
    _hand(redis_client, range(3))
    assert ingest.step() == 2
    db = tmp_path / "corpus.db"
    assert _count(db, "articles") == 3 and _count(db, "captures") == 6
    assert redis_client.xlen("na:rows") == 0  # deleted once committed
    conn = sqlite3.connect(db)
    (last_id,) = conn.execute("SELECT last_id FROM cluster_ingest").fetchone()
    assert last_id == ingest.last_id
    ((crawl_id, run),) = conn.execute("SELECT crawl_id, run FROM cluster_runs").fetchall()
    assert run == 1
    spider, settings = conn.execute("SELECT spider, settings FROM crawls").fetchone()
    assert spider == "news" and json.loads(settings)["cluster"] == {"name": "na", "run": 1}
    assert {r for (r,) in conn.execute("SELECT DISTINCT crawl_id FROM captures")} == {crawl_id}


def test_an_entry_that_cannot_be_written_is_set_aside_and_the_others_are_written(
    ingest, redis_client, tmp_path
):
    bad = json.dumps({"run": 1, "worker": "w1", "ops": [{"op": "capture", "capture": {}}]})
    _hand(redis_client, range(1))
    redis_client.xadd("na:rows", {"data": bad})
    _hand(redis_client, range(1, 3))
    assert ingest.step() == 5
    db = tmp_path / "corpus.db"
    assert _count(db, "articles") == 3 and _count(db, "crawls") == 1
    assert redis_client.xlen("na:rows") == 0
    ((_id, fields),) = redis_client.xrange("na:rows-failed")
    assert fields[b"data"].decode() == bad
    assert fields[b"error"].startswith(b"TypeError")
    assert ingest.progress.counts["entries_failed"] == 1


def test_a_database_that_takes_no_writes_stops_the_batch_and_loses_nothing(
    ingest, redis_client, tmp_path
):
    _hand(redis_client, range(2))
    conn = ingest.corpus.db.conn
    conn.execute("PRAGMA query_only = ON")  # as a full disk: the database, not an entry
    with pytest.raises(sqlite3.OperationalError):
        ingest.step()
    conn.execute("PRAGMA query_only = OFF")
    assert redis_client.xlen("na:rows") == 2 and ingest.last_id == "0-0"
    assert redis_client.xlen("na:rows-failed") == 0
    assert ingest.step() == 2
    assert _count(tmp_path / "corpus.db", "articles") == 2


def test_rows_written_twice_change_nothing(ingest, redis_client, tmp_path):
    """As after a crash between the commit and the deletion from the stream."""
    _hand(redis_client, range(3))
    entries = redis_client.xrange("na:rows")
    ingest.step()
    db = tmp_path / "corpus.db"
    before = [_count(db, t) for t in ("captures", "articles", "article_versions", "crawls")]
    for _id, fields in entries:
        redis_client.xadd("na:rows", fields)
    ingest.step()
    assert [_count(db, t) for t in ("captures", "articles", "article_versions", "crawls")] == before


class _NoDeletes:
    """A client whose stream deletions never happen: an ingest killed right after its
    commit."""

    def __init__(self, client) -> None:
        self._client = client

    def __getattr__(self, name: str):
        return getattr(self._client, name)

    def xdel(self, *args) -> int:
        return 0


def test_a_new_ingest_starts_where_the_last_commit_ended(redis_client, tmp_path):
    corpus = Corpus(tmp_path / "corpus.db")
    cluster = Cluster(redis_client, timeout=5)
    killed = Ingest(
        corpus, _NoDeletes(redis_client), cluster, topics=False, clusters=False, news_only=False
    )
    _hand(redis_client, range(2))
    assert killed.step() == 2
    assert redis_client.xlen("na:rows") == 2  # written, and still in the stream
    again = Ingest(corpus, redis_client, cluster, topics=False, clusters=False, news_only=False)
    assert again.last_id == killed.last_id
    assert redis_client.xlen("na:rows") == 0  # what was written is deleted now
    assert again.step() == 0
    assert _count(tmp_path / "corpus.db", "captures") == 4
    corpus.close()


def test_until_idle_ends_the_run_once_its_workers_left_and_nothing_is_left(
    ingest, redis_client, tmp_path
):
    cluster = Cluster(redis_client, timeout=5)
    run, _ = cluster.join("w1")
    handoff = _hand(redis_client, range(2), run=run)
    handoff.finish_crawl(
        run, status="finished", finish_reason="finished", stats={"downloader/response_count": 4},
        warc_files=["newsarchive-w1-x.warc.gz"], summary={},
    )  # fmt: skip
    cluster.leave("w1", "finished")
    done = ingest.until_idle(poll=0.05)
    assert done.runs_finished == [run]
    conn = sqlite3.connect(tmp_path / "corpus.db")
    status, reason, files, summary = conn.execute(
        "SELECT status, finish_reason, warc_files, summary FROM crawls"
    ).fetchone()
    assert (status, reason) == ("finished", "finished")
    assert json.loads(files) == ["newsarchive-w1-x.warc.gz"]
    summary = json.loads(summary)
    assert summary["pages_fetched"] == 4 and summary["articles_stored"] == 2
    assert summary["workers"] == ["w1"] and summary["workers_lost"] == []


def test_until_idle_waits_for_the_next_run_when_the_last_one_is_closed(ingest, redis_client):
    cluster = Cluster(redis_client, timeout=5)
    run, _ = cluster.join("w1")
    _hand(redis_client, range(1), run=run)
    cluster.leave("w1", "finished")
    assert ingest.until_idle(poll=0.05).runs_finished == [run]
    started = time.monotonic()
    again = ingest.until_idle(poll=0.05, wait_for_run=0.5)  # nobody starts a run
    assert again.runs_finished == [run] and time.monotonic() - started >= 0.5
