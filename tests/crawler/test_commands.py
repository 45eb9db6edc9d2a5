"""Every command: one line on standard error and the same exit status for the same kind of
failure (``crawler.exits``), whichever command met it."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from crawler.exits import MEANING, Exit
from schemas.corpus import open_database
from tests.crawling import scrapy_command

COMMANDS = (
    "crawl", "search", "replay", "diff", "verify", "export", "serve", "index", "reextract",
    "topics", "coverage",
)  # fmt: skip


def _run_all(commands: list[list[str]]):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda args: scrapy_command(*args, timeout=120), commands))


def _one_line(res) -> str:
    """The one line the command said about the failure (a crawl also logs Scrapy's start)."""
    lines = res.stderr.decode().strip().splitlines()
    said = [ln for ln in lines if ln.split(":", 1)[0] in COMMANDS]
    assert len(said) == 1 and said[0] == lines[-1], res.stderr.decode()[-2000:]
    return said[0]


def test_every_command_reading_a_corpus_says_no_corpus_with_status_5(tmp_path):
    missing = tmp_path / "none.db"
    db, warcs = f"CORPUS_DB={missing}", f"WARC_DIR={tmp_path}"
    commands = {
        "search": ["search", "harbour", "-s", db],
        "topics": ["topics", "-s", db],
        "coverage": ["coverage", "harbour", "-s", db],
        "replay": ["replay", "http://example.com/", "-s", db, "-s", warcs],
        "diff": ["diff", "http://example.com/", "-s", db],
        "verify": ["verify", "-s", db, "-s", warcs],
        "export": ["export", str(tmp_path / "out.csv"), "-s", db],
        "serve": ["serve", "--port", "0", "-s", db, "-s", warcs],
    }
    for name, res in zip(commands, _run_all(list(commands.values())), strict=True):
        assert res.returncode == Exit.CORPUS == 5, (name, res.stderr.decode()[-2000:])
        said = _one_line(res)
        assert said.startswith(f"{name}: no corpus at {missing}"), said
        assert said == (
            f"{name}: no corpus at {missing}: pass -s CORPUS_DB=PATH, or set CORPUS_DB"
            " in the settings"
        )
    assert not missing.exists()  # reading commands never create one


def test_every_command_reading_the_archive_says_no_warc_directory_with_status_3(tmp_path):
    corpus = tmp_path / "corpus.db"
    open_database(corpus).conn.close()
    gone = tmp_path / "no-warcs"
    db, warcs = f"CORPUS_DB={corpus}", f"WARC_DIR={gone}"
    commands = {
        "replay": ["replay", "http://example.com/", "-s", db, "-s", warcs],
        "verify": ["verify", "-s", db, "-s", warcs],
        "index": ["index", "-s", warcs],
        "export": ["export", str(tmp_path / "out.wacz"), "-s", db, "-s", warcs],
        "reextract": ["reextract", "-s", f"CORPUS_DB={tmp_path / 'new.db'}", "-s", warcs],
    }
    for name, res in zip(commands, _run_all(list(commands.values())), strict=True):
        assert res.returncode == Exit.ARCHIVE == 3, (name, res.stderr.decode()[-2000:])
        assert _one_line(res) == f"{name}: no WARC directory at {gone}"


@pytest.mark.crawl  # runs `scrapy crawl`, refused before it fetches anything
def test_a_file_that_is_not_a_corpus_is_status_5_for_the_crawl_and_for_search(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"not sqlite at all " * 200)
    crawl, search = _run_all(
        [
            ["crawl", "news", "-a", "start_urls=http://127.0.0.1:9/", "-s", f"CORPUS_DB={bogus}"],
            ["search", "harbour", "-s", f"CORPUS_DB={bogus}"],
        ]
    )
    for name, res in (("crawl", crawl), ("search", search)):
        assert res.returncode == Exit.CORPUS, res.stderr.decode()[-2000:]
        assert _one_line(res).startswith(f"{name}: {bogus}: not a usable SQLite corpus")


@pytest.mark.crawl  # runs `scrapy crawl`, refused before it fetches anything
def test_a_bad_setting_stops_the_crawl_before_it_starts_with_status_2(tmp_path):
    res = scrapy_command(
        "crawl",
        "news",
        "-a",
        "start_urls=http://127.0.0.1:9/",
        "-s",
        f"CORPUS_DB={tmp_path / 'c.db'}",
        "-s",
        "EXTRACT_DEBRIS_DISABLED=comments,no_such_rule",
    )
    assert res.returncode == Exit.USAGE, res.stderr.decode()[-2000:]
    assert _one_line(res) == (
        "crawl: EXTRACT_DEBRIS_DISABLED names unknown rules: ['no_such_rule']"
    )
    assert not (tmp_path / "c.db").exists()


def test_every_exit_status_has_one_meaning():
    assert [int(s) for s in Exit] == list(range(len(Exit)))
    assert set(MEANING) == set(Exit)
    assert sqlite3  # the corpus tests above use real SQLite files


def test_every_reading_command_refuses_an_sqlite_file_that_is_not_a_corpus(tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    db, warcs = f"CORPUS_DB={other}", f"WARC_DIR={tmp_path}"
    runs = [
        ["search", "harbour", "-s", db],
        ["verify", "-s", db, "-s", warcs],
        ["replay", "http://example.com/", "-s", db, "-s", warcs],
        ["diff", "http://example.com/", "-s", db],
    ]
    for args, res in zip(runs, _run_all(runs), strict=True):
        assert res.returncode == Exit.CORPUS, (args[0], res.stderr.decode()[-1500:])
        said = _one_line(res)
        assert said == (
            f"{args[0]}: {other} is an SQLite database but not a newsarchive corpus"
            " (no articles or captures table)"
        )


def test_story_commands_on_a_corpus_from_before_topics_say_so_with_status_5(tmp_path):
    import sqlite3

    from schemas.corpus import Corpus

    old = tmp_path / "old.db"
    Corpus(old).close()
    with sqlite3.connect(old) as conn:  # as an older newsarchive left it
        for table in ("topic_articles", "cluster_members", "clusters", "article_signatures",
                      "topics"):  # fmt: skip
            conn.execute(f"DROP TABLE {table}")
    db = f"CORPUS_DB={old}"
    runs = [["topics", "-s", db], ["coverage", "harbour", "-s", db]]
    for args, res in zip(runs, _run_all(runs), strict=True):
        assert res.returncode == Exit.CORPUS, (args[0], res.stderr.decode()[-1500:])
        said = _one_line(res)
        assert "it was made by an older newsarchive" in said and "sqlite-utils migrate" in said
