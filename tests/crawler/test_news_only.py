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


@pytest_twisted.ensureDeferred
async def test_a_later_run_remembers_that_the_site_dates_its_articles(tmp_path):
    # The second run finds a new static page on the front page, before any new article:
    # what the first run stored says the site dates its news, so it is refused at once.
    site = Site(dated_articles=True)
    try:
        first = await crawl_async(tmp_path, {"start_urls": site.base + "/"}, **FAST)
        about = "/about-the-newsroom/"
        site.pages[about] = _body("About the people behind the newsroom", dated=False)
        site.pages["/"] = site.pages["/"].replace(
            "<ul>", f"<ul><li><a href='{about}'>About</a></li>"
        )
        second = await crawl_async(tmp_path, {"start_urls": site.base + "/"}, **FAST)
    finally:
        site.close()
    assert len(first.rows("SELECT url FROM articles WHERE url LIKE '%/news/%'")) == 5
    fetched = {r["url"] for r in second.rows("SELECT url FROM captures WHERE crawl_id = 2")}
    assert site.base + about in fetched
    urls = {r["url"] for r in second.rows("SELECT url FROM articles")}
    assert site.base + about not in urls
    assert second.stats["extract/news_only/sources_known_from_corpus"] == 1
    assert second.stats["extract/not_article/undated_page"] == 1
