"""EXTRACT_NEWS_ONLY: undated static pages are refused only on sites that date articles."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest_twisted

from tests.crawling import crawl_async


def _body(title: str, dated: bool) -> str:
    date = '<p class="date">March 3, 2025</p>' if dated else ""
    paras = "".join(
        f"<p>{title} paragraph {i}: the council met again to discuss item {i * 3} of the"
        f" transport plan, and residents of ward {i + 2} asked about the cost of it.</p>"
        for i in range(12)
    )
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title></head><body>"
        f"<main><h1>{title}</h1>{date}{paras}</main>"
        # linked from articles only, so that it is fetched after some of them
        "<footer><a href='/submit-a-news-tip/'>Send us a tip</a></footer></body></html>"
    )


class Site:
    def __init__(self, dated_articles: bool) -> None:
        links = "".join(
            f"<li><a href='/news/council-story-number-{i}'>Story {i}</a></li>" for i in range(5)
        )
        pages = {
            "/": f"<!doctype html><html><body><ul>{links}</ul></body></html>",
            "/submit-a-news-tip/": _body("How to submit a news tip to the newsroom", dated=False),
        }
        for i in range(5):
            pages[f"/news/council-story-number-{i}"] = _body(f"Council story {i}", dated_articles)
        self.pages = pages
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                body = site.pages.get(self.path)
                data = (body or "not found").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


FAST = {"CONCURRENT_REQUESTS_PER_DOMAIN": 1, "NEWS_GUESS_SITEMAP": False}


@pytest_twisted.ensureDeferred
async def test_on_a_site_that_dates_articles_an_undated_static_page_is_not_stored(tmp_path):
    site = Site(dated_articles=True)
    try:
        result = await crawl_async(tmp_path, {"start_urls": site.base + "/"}, **FAST)
    finally:
        site.close()
    urls = {r["url"] for r in result.rows("SELECT url FROM articles")}
    assert len([u for u in urls if "/news/" in u]) == 5
    assert site.base + "/submit-a-news-tip/" not in urls
    assert result.stats["extract/not_article/undated_page"] == 1


@pytest_twisted.ensureDeferred
async def test_on_a_site_that_dates_nothing_undated_articles_are_still_stored(tmp_path):
    site = Site(dated_articles=False)
    try:
        result = await crawl_async(tmp_path, {"start_urls": site.base + "/"}, **FAST)
    finally:
        site.close()
    urls = {r["url"] for r in result.rows("SELECT url FROM articles")}
    assert len([u for u in urls if "/news/" in u]) == 5
    assert result.stats.get("extract/not_article/undated_page", 0) == 0
