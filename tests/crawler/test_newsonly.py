"""EXTRACT_NEWS_ONLY: undated static pages are refused only on sites that date articles."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
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
    def __init__(self, dated_articles: bool, tip_first: bool = False) -> None:
        links = "".join(
            f"<li><a href='/news/council-story-number-{i}'>Story {i}</a></li>" for i in range(5)
        )
        pages = {
            "/": f"<!doctype html><html><body><ul>{links}</ul></body></html>",
            "/submit-a-news-tip/": _body("How to submit a news tip to the newsroom", dated=False),
        }
        if tip_first:
            # Only the static page is linked from the front, and the articles only from
            # it: it is fetched, and extracted, before any of them.
            pages["/"] = "<!doctype html><html><body><a href='/submit-a-news-tip/'>Tips</a>"
            pages["/submit-a-news-tip/"] = pages["/submit-a-news-tip/"].replace(
                "<footer>", f"<footer><ul>{links}</ul>"
            )
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


@pytest.mark.crawl
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


@pytest.mark.crawl
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


@pytest.mark.crawl
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


@pytest.mark.crawl
@pytest_twisted.ensureDeferred
async def test_a_static_page_extracted_before_the_dated_articles_is_withdrawn_at_the_end(
    tmp_path,
):
    """Completion order does not decide: the tip page, met first, is stored while the
    site has shown no dated article, then withdrawn when the run ends; the corpus is
    the one a run that met it last leaves."""
    first = Site(dated_articles=True, tip_first=True)
    try:
        early = await crawl_async(tmp_path / "early", {"start_urls": first.base + "/"}, **FAST)
    finally:
        first.close()
    last = Site(dated_articles=True)
    try:
        late = await crawl_async(tmp_path / "late", {"start_urls": last.base + "/"}, **FAST)
    finally:
        last.close()
    assert early.stats["extract/news_only/doubtful"] == 1  # it really came first
    assert early.stats["corpus/news_only/withdrawn"] == 1
    assert late.stats.get("corpus/news_only/withdrawn", 0) == 0  # refused when met
    tip = "/submit-a-news-tip/"
    paths = [
        sorted(r["url"].replace(site.base, "") for r in result.rows("SELECT url FROM articles"))
        for site, result in ((first, early), (last, late))
    ]
    assert paths[0] == paths[1] and tip not in paths[0] and len(paths[0]) == 5
    outcome = early.rows("SELECT outcome FROM captures WHERE url = ?", first.base + tip)
    assert [r["outcome"] for r in outcome] == ["undated_page"]  # archived, not an article
    assert early.rows("SELECT * FROM news_marks WHERE evidence = 0") == []


@pytest.mark.crawl
@pytest_twisted.ensureDeferred
async def test_a_static_page_stays_stored_while_its_site_has_too_few_dated_articles(tmp_path):
    site = Site(dated_articles=True, tip_first=True)
    tip = site.pages["/submit-a-news-tip/"]
    for i in range(2, 5):  # two dated articles only
        tip = tip.replace(f"<li><a href='/news/council-story-number-{i}'>Story {i}</a></li>", "")
    site.pages["/submit-a-news-tip/"] = tip
    try:
        first = await crawl_async(tmp_path, {"start_urls": site.base + "/"}, **FAST)
        assert site.base + "/submit-a-news-tip/" in {
            r["url"] for r in first.rows("SELECT url FROM articles")
        }
        # The next run finds a third dated article on the front page: the tip page goes.
        site.pages["/"] += "<a href='/news/council-story-number-2'>Story 2</a>"
        second = await crawl_async(tmp_path, {"start_urls": site.base + "/"}, **FAST)
    finally:
        site.close()
    urls = {r["url"] for r in second.rows("SELECT url FROM articles")}
    assert site.base + "/submit-a-news-tip/" not in urls
    assert len(urls) == 3
    assert second.stats["corpus/news_only/withdrawn"] == 1


@pytest.mark.crawl
@pytest_twisted.ensureDeferred
async def test_a_corpus_rebuilt_from_the_warcs_withdraws_the_same_static_page(tmp_path):
    import sqlite3

    from crawler.provenance.rebuild import reextract

    site = Site(dated_articles=True, tip_first=True)
    try:
        crawled = await crawl_async(tmp_path / "crawl", {"start_urls": site.base + "/"}, **FAST)
    finally:
        site.close()
    assert crawled.stats["corpus/news_only/withdrawn"] == 1
    rebuilt = tmp_path / "rebuilt.db"
    result = reextract(crawled.warc_dir, rebuilt)
    assert result.withdrawn == 1 and result.articles == 5
    query = "SELECT url, text_sha1 FROM articles ORDER BY url"
    with sqlite3.connect(crawled.db_path) as a, sqlite3.connect(rebuilt) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_a_run_starts_by_withdrawing_what_a_killed_run_left(tmp_path):
    """A run killed before its end leaves doubtful pages whose site has since shown
    enough dated articles: the next run withdraws them when it opens."""
    from scrapy.utils.test import get_crawler

    import crawler.settings as project
    from crawler.extensions.corpus import CorpusExtension
    from schemas.corpus import Corpus
    from tests.schemas.test_corpus import _store_marked

    db = tmp_path / "corpus.db"
    corpus = Corpus(db)
    _store_marked(corpus, 1, "about-us", 0)
    for n in range(2, 5):
        _store_marked(corpus, n, f"news/{n}", 1)
    corpus.close()
    settings = {k: v for k, v in vars(project).items() if k.isupper()}
    settings.update(CORPUS_DB=str(db), WARC_DIR=str(tmp_path / "warcs"))
    crawler = get_crawler(settings_dict=settings)  # builds the extensions
    ext = crawler.get_extension(CorpusExtension)
    try:
        ext.spider_opened(None)
        assert crawler.stats.get_value("corpus/news_only/withdrawn") == 1
        urls = [r[0] for r in ext.corpus.db.execute("SELECT url FROM articles")]
        assert len(urls) == 3 and not any("about-us" in u for u in urls)
    finally:
        ext.spider_closed(None, "finished")
