"""One real crawl of the whole hostile site per test session, shared by every case test.

The crawl is in-process (Scrapy, the project's settings, the real pipelines and
WARC writer) against ``HostileSite`` on 127.0.0.1. The security components
(``crawler.middlewares``, ``crawler.network``) are passed here explicitly, as the
checklist asked when they were first written, plus limits made small so that the
suite stays fast.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest
import pytest_twisted
from scrapy.crawler import CrawlerRunner

from crawler.middlewares.outcomes import FetchOutcomeMiddleware
from crawler.spiders.news import NewsSpider
from tests.crawling import CrawlResult, crawl_settings, require_crawl_marker
from tests.hostile.site import HostileSite

#: What request 1 asks crawler/settings.py to hold (the tests pass it until then).
SECURITY_SETTINGS: dict[str, Any] = {
    "SECURITY_ENABLED": True,
    "SECURITY_ALLOWED_NETWORKS": ["127.0.0.1/32"],
    "TWISTED_DNS_RESOLVER": "crawler.network.SafeResolver",
    "RETRY_GIVE_UP_LOG_LEVEL": "WARNING",
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawler.middlewares.outcomes.FetchOutcomeMiddleware": 30,
        "crawler.middlewares.security.SecurityMiddleware": 40,
        "crawler.middlewares.robots.RobotsTxtMiddleware": 100,
        "crawler.middlewares.politeness.RetryAfterMiddleware": 560,
        "crawler.middlewares.decoding.ContentDecodingMiddleware": 595,
        "crawler.middlewares.security.RedirectGuardMiddleware": 650,
    },
}

#: Limits made small so that every case ends in seconds.
FAST_LIMITS: dict[str, Any] = {
    "DOWNLOAD_MAXSIZE": 6 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 0,
    "DOWNLOAD_TIMEOUT": 3,
    "SECURITY_MAX_SITEMAPS_PER_HOST": 20,
    "NEWS_MAX_PER_TEMPLATE": 15,
    "RETRY_AFTER_BACKOFF_BASE": 0.2,
    "RETRY_AFTER_BAN_HOLD": 0.5,
    "LOG_LEVEL": "INFO",
}


class LogCapture(logging.Handler):
    """Every log record of the crawl, to check that none carries a traceback."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class HostileCrawl(CrawlResult):
    site: HostileSite
    outcomes: list[tuple[str, str]]
    log: list[logging.LogRecord]
    seconds: float

    def responses(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for rec in self.records():
            if rec["type"] == "response":
                out.setdefault(rec["uri"], []).append(rec)
        return out


def start_urls(site: HostileSite) -> list[str]:
    from tests.hostile.cases import CASES, b06_seeds

    urls: list[str] = list(b06_seeds(site))
    for case in CASES:
        for url in case.seeds(site):
            if url not in urls:
                urls.append(url)
    return urls


def run_hostile_crawl(tmp: Path, site: HostileSite, **overrides: Any) -> HostileCrawl:
    """Crawl every case of the site once (blocks on the reactor, for fixtures)."""
    require_crawl_marker()
    settings = crawl_settings(tmp, **SECURITY_SETTINGS, **FAST_LIMITS, **overrides)
    runner = CrawlerRunner(settings)
    crawler = runner.create_crawler(NewsSpider)
    capture = LogCapture()
    root = logging.getLogger()
    root.addHandler(capture)
    started = dt.datetime.now()
    try:
        pytest_twisted.blockon(runner.crawl(crawler, start_urls=start_urls(site)))
    finally:
        root.removeHandler(capture)
    result = HostileCrawl(
        tmp=tmp,
        stats=dict(crawler.stats.get_stats()),
        db_path=Path(settings.get("CORPUS_DB")),
        warc_dir=Path(settings.get("WARC_DIR")),
    )
    result.site = site
    mw = crawler.get_downloader_middleware(FetchOutcomeMiddleware)
    result.outcomes = list(mw.outcomes) if mw is not None else []
    result.log = capture.records
    result.seconds = (dt.datetime.now() - started).total_seconds()
    return result


@pytest.fixture(scope="session")
def hostile_site():
    with HostileSite() as site:
        yield site


@pytest.fixture(scope="session")
def hostile(hostile_site, tmp_path_factory) -> HostileCrawl:
    return run_hostile_crawl(tmp_path_factory.mktemp("hostile"), hostile_site)
