"""The SQLite frontier in real crawls of a local site that changes between runs."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest
import pytest_twisted

from schemas.corpus import Corpus
from schemas.frontier import Entry, Frontier
from tests.crawling import ROOT, crawl_async, scrapy_command
from tests.killing import crawl_command
from tests.newsroom import Newsroom

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output

PAGE_SETTINGS = {"CONCURRENT_REQUESTS_PER_DOMAIN": 8}


@pytest.fixture
def room():
    newsroom = Newsroom(stories=40)
    with newsroom.serve() as server:
        newsroom.server = server
        yield newsroom


def _start(room) -> dict[str, str]:
    return {"start_urls": room.server.base_url + "/"}


def _article_paths(room) -> set[str]:
    return {s.path for s in room.all_stories}


def _fetched(room) -> list[dict]:
    return [r for r in room.log if r["path"] != "/robots.txt"]


def _make_all_due(db_path) -> None:
    """The clock moves on: every article's next scheduled visit has come (its history
    moved two hours back, since each run reschedules from when a URL was seen and
    fetched)."""
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE frontier SET first_seen = first_seen - 7200, last_fetched = last_fetched"
            " - 7200, next_eligible = 0 WHERE next_eligible IS NOT NULL"
        )


@pytest_twisted.ensureDeferred
async def test_a_second_run_fetches_discovery_pages_and_archives_revisits_only(room, tmp_path):
    first = await crawl_async(tmp_path, _start(room), **PAGE_SETTINGS)
    stored = first.rows("SELECT count(*) AS n FROM articles")[0]["n"]
    assert stored == len(room.all_stories)
    room.clear_log()

    again = await crawl_async(tmp_path, _start(room), **PAGE_SETTINGS)

    fetched = _fetched(room)
    assert fetched, "the second run fetched nothing at all"
    assert not {r["path"] for r in fetched} & _article_paths(room), "an article was refetched"
    # every page it asked for again, it asked for conditionally, and got 304
    assert all(r["if_none_match"] for r in fetched)
    assert {r["status"] for r in fetched} == {304}
    assert again.stats["warc/revisit_records/not_modified"] == len(fetched)
    revisits = [r for r in again.records() if r["type"] == "revisit"]
    assert len(revisits) == len(fetched)
    assert all(r["refers_to"] for r in revisits)
    assert again.stats.get("corpus/articles_inserted", 0) == 0
    assert again.rows("SELECT count(*) AS n FROM articles")[0]["n"] == stored
    assert again.rows("SELECT count(*) AS n FROM article_versions")[0]["n"] == stored


@pytest_twisted.ensureDeferred
async def test_a_changed_article_is_stored_as_a_new_version_on_its_next_due_run(room, tmp_path):
    await crawl_async(tmp_path, _start(room), **PAGE_SETTINGS)
    story = room.edit(3, "Correction: the ferry vote was postponed to March, zqcorrectedx.")
    _make_all_due(tmp_path / "corpus.db")
    room.clear_log()

    again = await crawl_async(tmp_path, _start(room), **PAGE_SETTINGS)

    asked = room.requests_for(story.path)
    assert len(asked) == 1 and asked[0]["if_none_match"] and asked[0]["status"] == 200
    assert again.stats["corpus/articles_updated"] == 1
    assert again.stats.get("corpus/articles_inserted", 0) == 0
    # the unchanged articles were asked conditionally and archived as revisits
    assert again.stats["warc/revisit_records/not_modified"] >= len(room.all_stories) - 1
    (row,) = again.rows("SELECT * FROM articles WHERE url LIKE ?", f"%{story.path}")
    assert row["version"] == 2 and "zqcorrectedx" in row["text"]
    versions = again.rows(
        "SELECT version, text FROM article_versions WHERE article_id = ? ORDER BY version",
        row["id"],
    )
    assert [v["version"] for v in versions] == [1, 2]
    assert "zqcorrectedx" not in versions[0]["text"]
    # full-text search finds the latest version
    hits = again.rows("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", "zqcorrectedx")
    assert [h["rowid"] for h in hits] == [row["id"]]

    diff = scrapy_command(
        "diff", room.server.base_url + story.path, "-s", f"CORPUS_DB={tmp_path / 'corpus.db'}"
    )
    out = diff.stdout.decode()
    assert diff.returncode == 0, diff.stderr.decode()
    assert "+Correction: the ferry vote was postponed" in out
    assert "version 1" in out and "version 2" in out


@pytest_twisted.ensureDeferred
async def test_new_stories_are_found_and_old_ones_are_not_fetched_again(room, tmp_path):
    await crawl_async(tmp_path, _start(room), **PAGE_SETTINGS)
    new = room.publish(3)
    room.clear_log()

    again = await crawl_async(tmp_path, _start(room), **PAGE_SETTINGS)

    paths = {r["path"] for r in _fetched(room)}
    assert {s.path for s in new} <= paths
    assert not (paths & (_article_paths(room) - {s.path for s in new}))
    assert again.stats["corpus/articles_inserted"] == 3


@pytest_twisted.ensureDeferred
async def test_a_resumed_run_with_many_queued_urls_never_fetches_disallowed_paths(room, tmp_path):
    """The Scrapy 2.19 trap: requests queued before robots.txt arrives went through."""
    base = room.server.base_url
    corpus = Corpus(tmp_path / "corpus.db")
    try:
        frontier = Frontier(corpus.db, crawl_id=0, schedule=[3600])
        for i in range(60):
            for path in (f"/private/draft-{i}", f"/section/politics?page={i + 1}"):
                url = base + path
                frontier.add(
                    Entry(
                        url_key=url,
                        url=url,
                        callback="parse_page",
                        meta={
                            "newsarchive_kind": "page",
                            "newsarchive_hops": 1,
                        },
                    )
                )
        frontier.take(120)  # they were in flight when the last run died
    finally:
        corpus.close()

    result = await crawl_async(tmp_path, _start(room), **PAGE_SETTINGS)

    assert result.stats["frontier/resumed"] == 120
    assert not [r for r in room.log if r["path"].startswith("/private/")]
    assert result.stats["robotstxt/forbidden"] >= 60
    assert room.requests_for("/section/politics?page=1")


def test_the_frontier_can_be_switched_off(room, tmp_path):
    cmd = crawl_command(room.server.base_url, tmp_path, "-s", "FRONTIER_ENABLED=False")
    cmd[cmd.index("LOG_LEVEL=WARNING")] = "LOG_LEVEL=INFO"
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=300)
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert "FRONTIER_ENABLED is off" in res.stderr.decode()
    with sqlite3.connect(tmp_path / "corpus.db") as conn:
        assert conn.execute("SELECT count(*) FROM frontier").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 40


@pytest_twisted.ensureDeferred
async def test_a_print_copy_with_the_same_bytes_is_archived_as_a_revisit_not_a_second_article(
    tmp_path,
):
    """B52: the same body at another URL: identical-payload-digest revisit, no article row."""
    room = Newsroom(stories=12, seed=5, print_links=True)
    with room.serve() as server:
        result = await crawl_async(tmp_path, {"start_urls": server.base_url + "/"})
        printed = [r for r in room.log if r["path"].startswith("/print/")]
    assert len(printed) == 12
    assert result.stats["warc/revisit_records/same_body_other_url"] == 12
    assert result.rows("SELECT count(*) AS n FROM articles")[0]["n"] == 12
    assert not result.rows("SELECT * FROM articles WHERE url LIKE '%/print/%'")
    revisits = result.rows(
        "SELECT p.url AS copy, o.url AS original FROM captures p"
        " JOIN captures o ON o.warc_record_id = p.refers_to WHERE p.url LIKE '%/print/%'"
    )
    assert len(revisits) == 12
    assert all(r["copy"].endswith(r["original"].split("/", 3)[3]) for r in revisits)
    for rec in (r for r in result.records() if r["type"] == "revisit"):
        assert rec["payload"] == b""  # the body is stored once, with the original


@pytest_twisted.ensureDeferred
async def test_a_removed_article_keeps_its_row_and_its_history_gains_the_410(room, tmp_path):
    """B11: deletion is provenance: the 410 is archived, nothing stored is deleted."""
    await crawl_async(tmp_path, _start(room), **PAGE_SETTINGS)
    story = room.delete(5)
    _make_all_due(tmp_path / "corpus.db")

    again = await crawl_async(tmp_path, _start(room), **PAGE_SETTINGS)

    url = room.server.base_url + story.path
    history = again.rows("SELECT status FROM captures WHERE url = ? ORDER BY id", url)
    assert [h["status"] for h in history] == [200, 410]
    (row,) = again.rows("SELECT title, text FROM articles WHERE url = ?", url)
    assert row["title"] == story.title
    (frontier,) = again.rows("SELECT last_status, state FROM frontier WHERE url = ?", url)
    assert tuple(frontier) == (410, "done")
    assert again.stats["frontier/http_errors/410"] == 1
