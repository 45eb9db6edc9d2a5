"""Running real in-process crawls for tests, and reading back what they left."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest_twisted
from scrapy.crawler import CrawlerRunner
from scrapy.settings import Settings
from warcio.archiveiterator import ArchiveIterator

from crawler.spiders.news import NewsSpider

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

#: Set by tests/conftest.py for each test: whether it is marked ``crawl``.
CRAWL_ALLOWED = True


def require_crawl_marker() -> None:
    """A crawl belongs in a test marked ``@pytest.mark.crawl`` (the fast run skips those)."""
    if not CRAWL_ALLOWED:
        raise AssertionError("this test runs a crawl: mark it @pytest.mark.crawl")


def crawl_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """The project's settings, made fast for a loopback site, writing under tmp_path."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict(
        {
            "CORPUS_DB": str(tmp_path / "corpus.db"),
            "WARC_DIR": str(tmp_path / "warcs"),
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            "EXTRACT_WORKERS": 1,
            "LOG_LEVEL": "WARNING",
            "RETRY_TIMES": 2,
            "TELNETCONSOLE_ENABLED": False,
            # test sites listen on loopback, which the crawler refuses by default
            "SECURITY_ALLOWED_NETWORKS": ["127.0.0.1/32"],
        },
        priority="cmdline",
    )
    settings.setdict(overrides, priority="cmdline")
    return settings


@dataclass
class CrawlResult:
    tmp: Path
    stats: dict[str, Any]
    db_path: Path
    warc_dir: Path

    def db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db_path)
        conn.row_factory = sqlite3.Row
        return conn

    def rows(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        with self.db() as conn:
            return list(conn.execute(sql, params))

    def warc_files(self) -> list[Path]:
        return sorted(self.warc_dir.glob("*.warc.gz"))

    def records(self) -> list[dict[str, Any]]:
        """Every record of every WARC file, content read before anything else."""
        out = []
        for path in self.warc_files():
            with open(path, "rb") as fh:
                for rec in ArchiveIterator(fh):
                    payload = rec.raw_stream.read()
                    out.append(
                        {
                            "file": path.name,
                            "type": rec.rec_type,
                            "uri": rec.rec_headers.get_header("WARC-Target-URI"),
                            "id": rec.rec_headers.get_header("WARC-Record-ID"),
                            "refers_to": rec.rec_headers.get_header("WARC-Refers-To"),
                            "extractor": rec.rec_headers.get_header("X-Newsarchive-Extractor"),
                            "status": rec.http_headers.get_statuscode()
                            if rec.http_headers and rec.rec_type == "response"
                            else None,
                            "headers": rec.http_headers,
                            "payload": payload,
                        }
                    )
        return out


def _prepare(tmp_path: Path, overrides: dict[str, Any]):
    require_crawl_marker()
    settings = crawl_settings(tmp_path, **overrides)
    runner = CrawlerRunner(settings)
    return settings, runner, runner.create_crawler(NewsSpider)


def _result(tmp_path: Path, settings: Settings, crawler) -> CrawlResult:
    return CrawlResult(
        tmp=tmp_path,
        stats=dict(crawler.stats.get_stats()),
        db_path=Path(settings.get("CORPUS_DB")),
        warc_dir=Path(settings.get("WARC_DIR")),
    )


def run_crawl(tmp_path: Path, spider_args: dict[str, str], **overrides: Any) -> CrawlResult:
    """Run the news spider in this process, from a fixture (blocks on the reactor)."""
    settings, runner, crawler = _prepare(tmp_path, overrides)
    pytest_twisted.blockon(runner.crawl(crawler, **spider_args))
    return _result(tmp_path, settings, crawler)


async def crawl_async(tmp_path: Path, spider_args: dict[str, str], **overrides: Any) -> CrawlResult:
    """The same, awaited from a test marked ``@pytest_twisted.ensureDeferred``."""
    settings, runner, crawler = _prepare(tmp_path, overrides)
    await runner.crawl(crawler, **spider_args)  # a Deferred: Twisted drives this coroutine
    return _result(tmp_path, settings, crawler)


def scrapy_command(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    """Run ``scrapy ARGS`` from the project root, as a user would."""
    if args[:1] == ("crawl",):
        require_crawl_marker()
    return subprocess.run(
        [str(VENV_BIN / "scrapy"), *args],
        cwd=ROOT,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
