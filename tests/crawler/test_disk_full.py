"""Disk full (ENOSPC, SQLITE_FULL): a distinct finish reason and exit status, nothing dangling."""

from __future__ import annotations

import errno
import sqlite3

import pytest
import pytest_twisted

from archive.reader import check_capture
from archive.warc import WarcWriter
from crawler.exits import FINISH_EXIT, Exit, is_disk_full
from schemas.corpus import Corpus
from tests.crawling import crawl_async
from tests.newsroom import Newsroom


@pytest.fixture
def room():
    newsroom = Newsroom(stories=30, seed=4)
    with newsroom.serve() as server:
        newsroom.server = server
        yield newsroom


def test_disk_full_is_recognised_behind_the_errors_that_wrap_it():
    from archive.warc import WarcWriteError

    wrapped = WarcWriteError("cannot write")
    wrapped.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert is_disk_full(wrapped)
    assert is_disk_full(sqlite3.OperationalError("database or disk is full"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert FINISH_EXIT["disk_full"] == Exit.DISK_FULL == 7


@pytest.mark.crawl
@pytest_twisted.ensureDeferred
async def test_a_full_disk_under_the_archive_stops_the_crawl_with_no_dangling_row(
    room, tmp_path, monkeypatch
):
    real = WarcWriter.write_records
    calls = {"n": 0}

    def filling_up(self, records):
        calls["n"] += 1
        if calls["n"] > 25:
            self._failed = OSError(errno.ENOSPC, "No space left on device")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, records)

    monkeypatch.setattr(WarcWriter, "write_records", filling_up)
    result = await crawl_async(tmp_path, {"start_urls": room.server.base_url + "/"})

    assert result.stats["finish_reason"] == "disk_full"
    assert result.stats["crawl/stopped/disk_full"] == 1
    (row,) = result.rows("SELECT status, finish_reason FROM crawls")
    assert tuple(row) == ("failed", "disk_full")
    captures = result.rows("SELECT * FROM captures")
    assert captures, "what was archived before the disk filled up is indexed"
    for capture in captures:
        assert check_capture(result.warc_dir, capture).ok
    assert (
        result.rows(
            "SELECT count(*) AS n FROM articles a LEFT JOIN captures c ON c.id = a.capture_id"
            " WHERE c.id IS NULL"
        )[0]["n"]
        == 0
    )


@pytest.mark.crawl
@pytest_twisted.ensureDeferred
async def test_a_full_disk_under_the_corpus_stops_the_crawl(room, tmp_path, monkeypatch):
    real = Corpus.store_article
    calls = {"n": 0}

    def filling_up(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 5:
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Corpus, "store_article", filling_up)
    result = await crawl_async(tmp_path, {"start_urls": room.server.base_url + "/"})

    assert result.stats["finish_reason"] == "disk_full"
    assert result.rows("SELECT count(*) AS n FROM articles")[0]["n"] == 5
    assert result.rows("SELECT finish_reason FROM crawls")[0]["finish_reason"] == "disk_full"
