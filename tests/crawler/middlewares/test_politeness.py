"""Retry-After on 429 and 503: the host is not asked again before it said."""

from __future__ import annotations

import datetime as dt
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import pytest_twisted

from crawler.middlewares.politeness import retry_after_seconds
from tests.crawling import crawl_async

ARTICLE = (
    "<!doctype html><html lang='en'><head><title>Harbour works</title>"
    "<meta property='og:type' content='article'></head><body><article><h1>Harbour works</h1>"
    + "".join(
        f"<p>On day {i} the harbour board met to discuss item {i * 7} of the dredging plan,"
        f" and member {i + 3} asked about the cost of berth {i * 11}.</p>"
        for i in range(20)
    )
    + "</article></body></html>"
)


def test_retry_after_is_read_as_seconds_or_as_an_http_date():
    now = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(b"7") == 7
    assert retry_after_seconds("Thu, 01 Jan 2026 12:02:00 GMT", now) == 120
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.crawl
@pytest_twisted.ensureDeferred
async def test_a_429_with_retry_after_is_not_retried_before_the_time_it_asked(tmp_path):
    hits: list[tuple[str, float]] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            with lock:
                hits.append((self.path, time.monotonic()))
                first = sum(1 for p, _ in hits if p == self.path) == 1
            if self.path == "/robots.txt":
                status, body, extra = 404, b"", {}
            elif first:
                status, body, extra = 429, b"slow down", {"Retry-After": "2"}
            else:
                status, body, extra = 200, ARTICLE.encode(), {}
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for k, v in extra.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        result = await crawl_async(
            tmp_path,
            {"start_urls": base + "/news/2026/01/harbour-works"},
            NEWS_FOLLOW_LINKS=False,
            NEWS_GUESS_SITEMAP=False,
        )
    finally:
        server.shutdown()
        server.server_close()
    tries = [t for p, t in hits if p == "/news/2026/01/harbour-works"]
    assert len(tries) == 2
    assert tries[1] - tries[0] >= 1.9  # Scrapy alone retries within milliseconds
    assert result.stats["politeness/retry_after_seen"] == 1
    assert result.rows("SELECT count(*) FROM articles")[0][0] == 1
    statuses = [r[0] for r in result.rows("SELECT status FROM captures ORDER BY id")]
    assert 429 in statuses and 200 in statuses
