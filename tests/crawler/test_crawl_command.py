"""``scrapy crawl news`` as a user runs it: exit statuses, summary, clear errors."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from tests.crawling import ROOT, VENV_BIN, scrapy_command
from tests.site import TrapSite

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output


@pytest.fixture(scope="module")
def site():
    with TrapSite() as s:
        yield s


def _fast(tmp_path):
    return [
        "-s",
        f"CORPUS_DB={tmp_path / 'corpus.db'}",
        "-s",
        f"WARC_DIR={tmp_path / 'warcs'}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "EXTRACT_WORKERS=1",
        "-s",
        "SECURITY_ALLOWED_NETWORKS=127.0.0.1/32",
    ]


def test_a_finished_crawl_exits_0_with_a_summary_and_no_control_servers(site, tmp_path):
    res = scrapy_command("crawl", "news", "-a", f"start_urls={site.base_url}/", *_fast(tmp_path))
    log = res.stderr.decode()
    assert res.returncode == 0, log[-2000:]
    assert "newsarchive summary (finished)" in log
    assert "articles stored   16 new" in log
    assert "Remote control HTTP server listening" not in log
    assert "Telnet console listening" not in log
    assert "newsarchive/" in log  # the User-Agent names the project


def test_a_bad_sources_file_is_refused_with_one_line(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "x"\nfeeds = ["ftp://example.com/feed"]\n')
    res = scrapy_command("crawl", "news", "-a", f"sources={bad}", *_fast(tmp_path))
    assert res.returncode == 2
    err = res.stderr.decode()
    ours = [line for line in err.splitlines() if line.startswith("crawl:")]
    assert len(ours) == 1 and "non-http(s) URL" in ours[0]
    assert "Traceback" not in err


def test_a_sources_file_drives_the_crawl(site, tmp_path):
    src = tmp_path / "sources.toml"
    src.write_text(
        "[[source]]\n"
        'name = "harbor"\n'
        f'feeds = ["{site.base_url}/rss.xml"]\n'
        f'allowed_domains = ["127.0.0.1:{site.port}"]\n'
        'deny = ["/section/", "/tags/", "/authors/", "/calendar/"]\n'
    )
    res = scrapy_command(
        "crawl", "news", "-a", f"sources={src}", *_fast(tmp_path), "-s", "NEWS_FOLLOW_LINKS=False"
    )
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    with sqlite3.connect(tmp_path / "corpus.db") as conn:
        n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        feed_rows = conn.execute(
            'SELECT count(*) FROM articles WHERE discovery LIKE \'%"via": "feed"%\''
        ).fetchone()[0]
    assert n >= 8 and feed_rows >= 8, res.stderr.decode()[-4000:]


def test_a_failed_archive_write_stops_the_crawl_with_status_3(site, tmp_path):
    blocker = tmp_path / "warcs"
    blocker.write_text("a file where the WARC directory should be")
    res = scrapy_command("crawl", "news", "-a", f"start_urls={site.base_url}/", *_fast(tmp_path))
    log = res.stderr.decode()
    assert res.returncode == 3, log[-2000:]
    assert "archive write failed" in log and "stopping the crawl" in log
    with sqlite3.connect(tmp_path / "corpus.db") as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM captures").fetchone()[0] == 0
        status = conn.execute("SELECT status, finish_reason FROM crawls").fetchone()
    assert status == ("failed", "warc_write_failed")


def test_a_second_run_on_the_same_corpus_is_refused_with_status_6(site, tmp_path):
    from archive.runlock import corpus_lock

    with corpus_lock(tmp_path / "corpus.db"):  # as if a run were going on
        res = scrapy_command(
            "crawl", "news", "-a", f"start_urls={site.base_url}/", *_fast(tmp_path)
        )
    assert res.returncode == 6
    line = [x for x in res.stderr.decode().splitlines() if x.startswith("crawl:")]
    assert len(line) == 1 and "another run holds the lock" in line[0]
    assert f"{tmp_path / 'corpus.db.lock'}" in line[0]
    assert not (tmp_path / "warcs").exists()


def test_of_two_runs_started_at_once_one_crawls_and_the_other_exits_6_naming_the_lock(
    site, tmp_path
):
    cmd = [
        str(VENV_BIN / "scrapy"), "crawl", "news", "-a", f"start_urls={site.base_url}/",
        *_fast(tmp_path),
    ]  # fmt: skip
    for attempt in range(2):
        logs = [tmp_path / f"run-{attempt}-{n}.log" for n in range(2)]
        runs = []
        for log in logs:
            with open(log, "wb") as out:
                runs.append(subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=out))
        outcomes = [
            (run.wait(timeout=300), log.read_text(errors="replace"))
            for run, log in zip(runs, logs, strict=True)
        ]
        codes = sorted(code for code, _ in outcomes)
        assert codes == [0, 6], [err[-1500:] for _, err in outcomes]
        refused = next(err for code, err in outcomes if code == 6)
        ours = [x for x in refused.splitlines() if x.startswith("crawl:")]
        assert len(ours) == 1 and "another run holds the lock" in ours[0], refused[-1500:]
        assert ".lock" in ours[0] and "database is locked" not in refused


def test_a_second_run_on_the_same_warc_directory_is_refused(site, tmp_path):
    from archive.runlock import warc_dir_lock

    (tmp_path / "warcs").mkdir()
    open_file = tmp_path / "warcs" / "other-run-00000.warc.gz.open"
    open_file.write_bytes(b"in progress")
    with warc_dir_lock(tmp_path / "warcs"):
        res = scrapy_command(
            "crawl", "news", "-a", f"start_urls={site.base_url}/", *_fast(tmp_path)
        )
    assert res.returncode == 6
    assert open_file.read_bytes() == b"in progress"  # never "repaired" under a live run


def test_a_feed_given_as_start_url_is_read_as_a_feed(site, tmp_path):
    res = scrapy_command(
        "crawl",
        "news",
        "-a",
        f"start_urls={site.base_url}/rss.xml",
        *_fast(tmp_path),
        "-s",
        "NEWS_FOLLOW_LINKS=False",
    )
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    with sqlite3.connect(tmp_path / "corpus.db") as conn:
        n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        outcome = conn.execute(
            "SELECT outcome FROM captures WHERE url LIKE '%/rss.xml'"
        ).fetchone()[0]
    assert n >= 8 and outcome == "feed"
