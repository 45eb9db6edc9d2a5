"""Batched commits keep the write order: WARC records synced before the rows that point at them."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import pytest_twisted

from archive.reader import check_capture
from archive.warc import WarcWriter
from schemas.corpus import Corpus
from tests.crawling import crawl_async
from tests.newsroom import Newsroom

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output


@pytest.fixture
def room():
    newsroom = Newsroom(stories=60, seed=2)
    with newsroom.serve() as server:
        newsroom.server = server
        yield newsroom


@pytest_twisted.ensureDeferred
async def test_every_batch_commit_comes_after_the_sync_of_every_record_before_it(
    room, tmp_path, monkeypatch
):

    events: list[str] = []
    real_write, real_sync, real_batch = WarcWriter.write_records, WarcWriter.sync, Corpus.batch

    def write_records(self, records):
        events.append("write")
        return real_write(self, records)

    def sync(self):
        events.append("sync")
        return real_sync(self)

    @contextmanager
    def batch(self):
        with real_batch(self) as conn:
            yield conn
        events.append("commit")

    monkeypatch.setattr(WarcWriter, "write_records", write_records)
    monkeypatch.setattr(WarcWriter, "sync", sync)
    monkeypatch.setattr(Corpus, "batch", batch)
    result = await crawl_async(tmp_path, {"start_urls": room.server.base_url + "/"})

    commits = [i for i, e in enumerate(events) if e == "commit"]
    assert len(commits) < result.stats["corpus/batched_writes"], "nothing was batched"
    for i in commits:
        last_write = max((j for j in range(i) if events[j] == "write"), default=-1)
        last_sync = max((j for j in range(i) if events[j] == "sync"), default=-1)
        assert last_sync > last_write, f"commit {i} before the records it follows were synced"
    assert result.rows("SELECT count(*) AS n FROM articles")[0]["n"] == 60
    for capture in result.rows("SELECT * FROM captures"):
        assert check_capture(result.warc_dir, capture).ok


@pytest_twisted.ensureDeferred
async def test_a_batch_size_of_one_commits_every_row_on_its_own(room, tmp_path):
    result = await crawl_async(
        tmp_path, {"start_urls": room.server.base_url + "/"}, CORPUS_BATCH_SIZE=1
    )
    assert result.stats["corpus/batches"] == result.stats["corpus/batched_writes"]
    assert result.rows("SELECT count(*) AS n FROM articles")[0]["n"] == 60
