"""robots.txt: obeyed for every queued request, and RFC 9309 on 4xx and 5xx."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import pytest_twisted

from tests.crawling import crawl_async

ARTICLE = (
    "<!doctype html><html lang='en'><head><title>{t}</title>"
    "<meta property='og:type' content='article'></head><body><article><h1>{t}</h1>"
    + "".join(
        f"<p>On day {i} the harbour board met to discuss item {i * 7} of the dredging schedule,"
        f" and member {i + 3} asked about the cost of berth {i * 11}.</p>"
        for i in range(30)
    )
    + "</article></body></html>"
)

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output


class RobotsSite:
    """A site whose robots.txt answers with a chosen status and body."""

    def __init__(self, robots_status: int, robots_body: str = "") -> None:
        self.robots_status = robots_status
        self.robots_body = robots_body
        self.paths: list[str] = []
        lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                with lock:
                    site.paths.append(self.path)
                if self.path == "/robots.txt":
                    status, body, ctype = site.robots_status, site.robots_body, "text/plain"
                elif self.path == "/sitemap.xml":
                    status, ctype = 200, "application/xml"
                    body = (
                        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                        f'sitemap/0.9"><url><loc>{site.base}/news/from-the-sitemap-1</loc></url>'
                        "</urlset>"
                    )
                else:
                    status, ctype = 200, "text/html; charset=utf-8"
                    body = ARTICLE.format(t=self.path.strip("/").replace("/", " "))
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _many_urls(base: str) -> str:
    urls = [f"{base}/private/story-{i}" for i in range(40)]
    urls += [f"{base}/news/open-story-{i}" for i in range(5)]
    return ",".join(urls)


FAST = {"CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "NEWS_FOLLOW_LINKS": False}


@pytest_twisted.ensureDeferred
async def test_disallowed_paths_are_never_fetched_when_many_urls_wait_for_robots(tmp_path):
    with RobotsSite(200, "User-agent: *\nDisallow: /private/\n") as site:
        result = await crawl_async(tmp_path, {"start_urls": _many_urls(site.base)}, **FAST)
    assert not [p for p in site.paths if p.startswith("/private/")]
    assert result.stats["robotstxt/forbidden"] == 40
    assert site.paths.count("/robots.txt") == 1
    assert len([p for p in site.paths if p.startswith("/news/open-story-")]) == 5


@pytest_twisted.ensureDeferred
async def test_a_robots_txt_answering_5xx_disallows_the_host(tmp_path):
    with RobotsSite(503, "down for maintenance") as site:
        result = await crawl_async(
            tmp_path, {"start_urls": _many_urls(site.base)}, RETRY_TIMES=0, **FAST
        )
    assert set(site.paths) == {"/robots.txt"}
    assert result.stats["robotstxt/unreachable_disallow"] == 1
    assert result.stats["robotstxt/forbidden"] == 45
    assert result.rows("SELECT status FROM captures WHERE url LIKE '%/robots.txt'")[0][0] == 503


@pytest_twisted.ensureDeferred
async def test_a_robots_txt_answering_404_allows_everything(tmp_path):
    with RobotsSite(404, "not here") as site:
        result = await crawl_async(tmp_path, {"start_urls": _many_urls(site.base)}, **FAST)
    assert len([p for p in site.paths if p.startswith("/private/")]) == 40
    assert result.stats["robotstxt/unavailable_allow"] == 1


@pytest.mark.parametrize("declared", [True, False])
@pytest_twisted.ensureDeferred
async def test_robots_sitemap_lines_are_used_or_sitemap_xml_guessed(tmp_path, declared):
    body = "User-agent: *\nAllow: /\n"
    with RobotsSite(200) as site:
        if declared:
            site.robots_body = body + f"Sitemap: {site.base}/sitemap.xml\n"
        else:
            site.robots_body = body
        result = await crawl_async(
            tmp_path, {"start_urls": site.base + "/news/open-story-1"}, **FAST
        )
    assert "/sitemap.xml" in site.paths
    assert "/news/from-the-sitemap-1" in site.paths
    via = result.rows("SELECT discovery FROM articles WHERE url LIKE '%from-the-sitemap-1'")
    assert via and '"via": "sitemap"' in via[0][0]
