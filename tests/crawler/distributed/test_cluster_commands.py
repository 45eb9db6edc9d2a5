"""The cluster's commands refuse in one line, with the project's exit statuses."""

from __future__ import annotations

import pytest

from tests.crawling import scrapy_command

NOWHERE = "REDIS_URL=redis://127.0.0.1:1/0"  # nothing listens on port 1


def _line(res) -> str:
    lines = res.stderr.decode().strip().splitlines()
    return lines[-1] if lines else ""


@pytest.mark.parametrize(
    "args",
    [
        ("ingest", "--until-idle", "-s", NOWHERE),
        ("cluster", "status", "-s", NOWHERE),
    ],
)
def test_an_unreachable_redis_is_one_line_and_status_8(args, tmp_path):
    res = scrapy_command(*args, "-s", f"CORPUS_DB={tmp_path / 'corpus.db'}")
    assert res.returncode == 8, res.stderr.decode()[-2000:]
    assert f"{args[0]}: cannot reach Redis at redis://127.0.0.1:1/0" in _line(res)
    assert not (tmp_path / "corpus.db").exists()  # nothing written before Redis answered


def test_a_url_that_is_no_redis_url_is_a_usage_error():
    res = scrapy_command("cluster", "status", "-s", "REDIS_URL=nonsense")
    assert res.returncode == 2
    assert _line(res).startswith("cluster: REDIS_URL 'nonsense' is not a Redis URL")


@pytest.mark.crawl
@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("FRONTIER_BACKEND=postgres", "FRONTIER_BACKEND must be one of sqlite, redis"),
        ("WORKER_NAME=../evil", "WORKER_NAME '../evil': use 1 to 64 letters"),
    ],
)
def test_a_crawl_refuses_a_cluster_setting_it_cannot_use(setting, message, tmp_path):
    res = scrapy_command(
        "crawl", "news", "-a", "start_urls=http://127.0.0.1:9/",
        "-s", "FRONTIER_BACKEND=redis", "-s", setting, "-s", NOWHERE,
        "-s", f"WARC_DIR={tmp_path / 'warcs'}",
    )  # fmt: skip
    assert res.returncode == 2, res.stderr.decode()[-2000:]
    assert message in _line(res)


@pytest.mark.crawl
def test_a_worker_that_cannot_reach_redis_stops_before_crawling(tmp_path):
    res = scrapy_command(
        "crawl", "news", "-a", "start_urls=http://127.0.0.1:9/",
        "-s", "FRONTIER_BACKEND=redis", "-s", NOWHERE, "-s", f"WARC_DIR={tmp_path / 'warcs'}",
    )  # fmt: skip
    assert res.returncode == 8
    assert _line(res).startswith("crawl: cannot reach Redis at redis://127.0.0.1:1/0")
    assert not (tmp_path / "warcs").exists()
