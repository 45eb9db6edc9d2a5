"""The ``news`` spider: discovery and fetching only.

It finds article URLs through feeds, sitemaps (robots.txt ``Sitemap:`` lines
included) and links, keeps the crawl inside each source's domains and
budgets, and hands every fetched page to the pipelines as a Page item.
Deciding what is an article is the extractor's job, not the spider's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler import urls
from crawler.discovery import feeds, links, sitemaps
from crawler.mediatypes import declares_html, is_html
from crawler.meta import (
    CHAIN_META,
    DISCOVERY_META,
    FEED_KIND,
    HOPS_META,
    KIND_META,
    PAGE_KIND,
    SITEMAP_DEPTH_META,
    SITEMAP_KIND,
    SOURCE_META,
)
from crawler.pages import header, page_from_response
from crawler.signals import robots_fetched
from crawler.sources import (
    Source,
    SourcesError,
    focus_without_topics,
    load_sources,
    sources_from_start_urls,
    topics_of_run,
)
from crawler.stories.topics import Document
from crawler.versions import project_version

PRIORITY_DISCOVERY = 30  # feeds and sitemaps: where new articles appear
PRIORITY_ON_TOPIC = 25  # a focused crawl's entries whose title is on a topic
PRIORITY_ARTICLE = 20
PRIORITY_LISTING = 0


class NewsSpider(scrapy.Spider):
    name = "news"

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        if not settings.get("USER_AGENT"):
            contact = settings.get("NEWSARCHIVE_CONTACT_URL") or "no contact URL set"
            settings.set(
                "USER_AGENT", f"newsarchive/{project_version()} (+{contact})", priority="spider"
            )

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_fetched, signal=robots_fetched)
        if any(spider.focused(s.name) for s in spider.sources) and not spider.focus_topics:
            raise ValueError(focus_without_topics())
        return spider

    # -- focused crawls (docs/stories.md) ---------------------------------------
    def focused(self, source: str | None) -> bool:
        """Whether only articles on the run's topics are stored for this source."""
        src = self._by_name.get(source or "")
        if src is not None and src.topic_focus is not None:
            return src.topic_focus
        return self.crawler.settings.getbool("TOPIC_FOCUS")

    def _entry_priority(
        self, src: Source, title: str | None, summary: str | None = None
    ) -> int | None:
        """A feed or sitemap entry in a focused crawl: fetched first when its title or
        summary is on a topic; None (not fetched) when it is not and TOPIC_PREFILTER is
        on. An entry with no title is fetched as any other."""
        if not title or not self.focus_topics or not self.focused(src.name):
            return 0
        document = Document(title, summary)
        if any(topic.matches(document) for topic in self.focus_topics):
            self.crawler.stats.inc_value("news/topics/entries_on_topic")
            return PRIORITY_ON_TOPIC
        if self.crawler.settings.getbool("TOPIC_PREFILTER"):
            self._count("off_topic_entry")
            return None
        return 0

    def __init__(
        self, start_urls: str | None = None, sources: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.crawl_args = {"start_urls": start_urls, "sources": sources, **kwargs}
        try:
            # the stories to follow: the sources file's, then the command line's
            self.topic_groups = topics_of_run(
                sources, kwargs.get("topic"), kwargs.get("topic_name")
            )
            self.focus_topics = [*self.topic_groups[0], *self.topic_groups[1]]
            if sources:
                self.sources = load_sources(sources)
            elif start_urls:
                self.sources = sources_from_start_urls(start_urls)
            else:
                raise SourcesError("give -a start_urls=URL[,URL...] or -a sources=FILE")
        except SourcesError as exc:
            raise ValueError(str(exc)) from exc
        # Scrapy's OffsiteMiddleware compares hostnames only; our own scope also checks ports.
        self.allowed_domains = sorted(
            {host for s in self.sources for host, _port in s.rules if host}
        )
        self._by_name = {s.name: s for s in self.sources}
        self._pages: Counter[str] = Counter()
        self._templates: Counter[tuple[str, str]] = Counter()
        self._robots_seen: set[str] = set()
        self._scheduled: set[str] = set()

    def _setting(self, name: str) -> int:
        return self.crawler.settings.getint(name)

    # -- requests -------------------------------------------------------------
    def _count(self, reason: str) -> None:
        self.crawler.stats.inc_value(f"news/skipped/{reason}")

    def _discovery_request(
        self, url: str, src: Source, kind: str, via: str, *, depth: int = 0
    ) -> Request:
        self.crawler.stats.inc_value(f"news/requests/{kind}")
        callback = self.parse_feed if kind == FEED_KIND else self.parse_sitemap
        meta = {SOURCE_META: src.name, KIND_META: kind, HOPS_META: 0, DISCOVERY_META: {"via": via}}
        if depth:
            meta[SITEMAP_DEPTH_META] = depth
        return Request(url, callback=callback, priority=PRIORITY_DISCOVERY, meta=meta)

    def _page_request(
        self,
        url: str,
        src: Source,
        *,
        hops: int,
        chain: int = 0,
        discovery_hints: dict[str, Any] | None = None,
        force: bool = False,
        boost: int = 0,
    ) -> Request | None:
        """A page request within budgets, or None (counted) when a budget says no."""
        if url in self._scheduled:
            return None  # already asked for (most links of a page are): nothing to check
        if not force:
            if not src.wants(url):
                self._count("out_of_scope")
                return None
            if urls.is_asset_url(url):
                self._count("asset")
                return None
            if urls.is_amp_url(url):
                self._count("amp_link")
                return None
        if self._pages[src.name] >= self._setting("NEWS_MAX_PAGES_PER_SOURCE"):
            self._count("source_budget")
            return None
        shape = urls.url_article_score(url)
        template = urls.url_template(url)
        if shape <= 0:
            # Article-shaped URLs share shapes legitimately (/story/#); listings do not.
            if self._templates[(src.name, template)] >= self._setting("NEWS_MAX_PER_TEMPLATE"):
                self._count("template_budget")
                return None
            self._templates[(src.name, template)] += 1
        self._scheduled.add(url)
        self._pages[src.name] += 1
        self.crawler.stats.inc_value("news/requests/page")
        return Request(
            url,
            callback=self.parse_page,
            priority=boost or (PRIORITY_ARTICLE if shape > 0 else PRIORITY_LISTING),
            meta={
                SOURCE_META: src.name,
                KIND_META: PAGE_KIND,
                HOPS_META: hops,
                CHAIN_META: chain,
                DISCOVERY_META: discovery_hints or {"via": "link"},
            },
        )

    async def start(self) -> AsyncIterator[Request]:
        for src in self.sources:
            for url in src.feeds:
                yield self._discovery_request(url, src, FEED_KIND, "sources")
            for url in src.sitemaps:
                yield self._discovery_request(url, src, SITEMAP_KIND, "sources")
            for url in src.start_urls:
                req = self._page_request(
                    url, src, hops=0, discovery_hints={"via": "start"}, force=True
                )
                if req is not None:
                    yield req

    def _source_of(self, response: Response) -> Source | None:
        name = response.meta.get(SOURCE_META)
        if name in self._by_name:
            return self._by_name[name]
        for src in self.sources:
            if src.in_scope(response.url):
                return src
        return None

    # -- robots.txt -----------------------------------------------------------
    def robots_fetched(self, response: Response, allowed: bool) -> None:
        """Use a host's ``Sitemap:`` lines (or guess /sitemap.xml) once robots.txt is in."""
        parts = urlsplit(response.url)
        host = parts.netloc
        if host in self._robots_seen or not allowed:
            return
        self._robots_seen.add(host)
        src = next((s for s in self.sources if s.in_scope(response.url)), None)
        if src is None:
            return
        found = []
        if 200 <= response.status < 300:
            found = sitemaps.robots_sitemaps(response.body, response.url)
        via = "robots"
        if not found and self.crawler.settings.getbool("NEWS_GUESS_SITEMAP"):
            found = [f"{parts.scheme}://{host}/sitemap.xml"]
            via = "guess"
        for url in found:
            if src.in_scope(url):
                self.crawler.engine.crawl(self._discovery_request(url, src, SITEMAP_KIND, via))
            else:
                self._count("sitemap_out_of_scope")

    # -- callbacks ------------------------------------------------------------
    def _not_modified(self, response: Response) -> bool:
        """A 304 to a conditional request: archived as a revisit, nothing new to read."""
        if response.status != 304:
            return False
        self.crawler.stats.inc_value("news/not_modified")
        return True

    def parse_feed(self, response: Response) -> Iterator[Request]:
        src = self._source_of(response)
        if src is None or self._not_modified(response):
            return
        ctype = header(response, "Content-Type")
        feed = feeds.parse_feed(response.body, response.url, ctype)
        if feed.malformed:
            self.crawler.stats.inc_value("news/feeds/malformed")
        if not feed.entries:
            self.crawler.stats.inc_value("news/feeds/empty")
        self.crawler.stats.inc_value("news/feeds/entries", len(feed.entries))
        for entry in feed.entries:
            boost = self._entry_priority(src, entry.title, entry.summary)
            if boost is None:
                continue
            hints = {"via": "feed", "feed": response.url, **entry.hints()}
            req = self._page_request(entry.url, src, hops=1, discovery_hints=hints, boost=boost)
            if req is not None:
                yield req

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        src = self._source_of(response)
        if src is None or self._not_modified(response):
            return
        try:
            sitemap = sitemaps.parse_sitemap(response.body, response.url)
        except sitemaps.SitemapError as exc:
            self.logger.info("not a sitemap: %s (%s)", response.url, exc)
            self.crawler.stats.inc_value("news/sitemaps/unreadable")
            return
        self.crawler.stats.inc_value(f"news/sitemaps/{sitemap.kind}")
        if sitemap.kind == "index":
            yield from self._sitemap_children(response, sitemap.entries, src)
            return
        for entry in sitemap.entries:
            boost = self._entry_priority(src, entry.news_title)
            if boost is None:
                continue
            hints = {"via": "sitemap", "sitemap": response.url, **entry.hints()}
            req = self._page_request(entry.url, src, hops=1, discovery_hints=hints, boost=boost)
            if req is not None:
                yield req

    def _sitemap_children(
        self, response: Response, entries: list[sitemaps.SitemapEntry], src: Source
    ) -> Iterator[Request]:
        """An index's sitemaps, newest first (by ``lastmod``), at most
        ``NEWS_SITEMAP_MAX_DEPTH`` indexes deep: a site's archive sitemaps can outnumber
        ``SECURITY_MAX_SITEMAPS_PER_HOST``, and a generated index can nest without end."""
        depth = int(response.meta.get(SITEMAP_DEPTH_META) or 0) + 1
        if depth > self._setting("NEWS_SITEMAP_MAX_DEPTH"):
            self.crawler.stats.inc_value("news/sitemaps/too_deep", len(entries))
            return
        dated = sorted(entries, key=lambda e: e.lastmod or "", reverse=True)
        for entry in dated:
            if src.in_scope(entry.url):
                yield self._discovery_request(
                    entry.url, src, SITEMAP_KIND, "sitemap_index", depth=depth
                )
            else:
                self._count("sitemap_out_of_scope")

    def parse_page(self, response: Response) -> Iterator[Any]:
        src = self._source_of(response)
        meta_hints = dict(response.meta.get(DISCOVERY_META) or {})
        if self._not_modified(response):
            yield page_from_response(
                response, source=src.name if src else None, discovery=meta_hints
            )
            return
        ctype = header(response, "Content-Type") or ""
        if not declares_html(ctype):
            # A start URL (or a link) may be a feed or a sitemap: read it as one.
            kind = None
            if feeds.looks_like_feed(response.body, ctype):
                kind, parse = FEED_KIND, self.parse_feed
            elif sitemaps.looks_like_sitemap(response.body):
                kind, parse = SITEMAP_KIND, self.parse_sitemap
            if kind:
                yield page_from_response(
                    response,
                    source=src.name if src else None,
                    discovery=meta_hints,
                    skip_reason=kind,
                )
                yield from parse(response)
                return
        if not isinstance(response, TextResponse) or not is_html(ctype, response.body):
            yield page_from_response(
                response, source=src.name if src else None, discovery=meta_hints
            )
            return
        skip = None
        hrefs: list[str] = []
        follow = src is not None and self.crawler.settings.getbool("NEWS_FOLLOW_LINKS")
        page = None
        if src is not None:
            try:
                page = links.read_links(response.text, with_hrefs=follow)
            except Exception:  # noqa: BLE001 - an unparseable page is still archived and counted
                self._count("unparseable")
            else:
                # lxml for pages nested too deep for lexbor (crawler/discovery/links.py)
                self.crawler.stats.inc_value(f"news/links_parser/{page.parser}")
        if page is not None and src is not None:
            skip = yield from self._canonical_and_amp(response, page, src)
            yield from self._feeds(response, page, src)
            hrefs = page.hrefs
        yield page_from_response(
            response, source=src.name if src else None, discovery=meta_hints, skip_reason=skip
        )
        if src is None or not follow:
            return
        yield from self._follow(response, hrefs, src)

    def _canonical_and_amp(self, response: Response, page: links.PageLinks, src: Source):
        """Send AMP copies and non-canonical variants to the canonical URL."""
        canonical = None
        if page.canonical:
            canonical = urls.canonicalize_url(page.canonical, response.url)
        if canonical and urls.url_key(canonical) != urls.url_key(response.url):
            hops = response.meta.get(HOPS_META, 0)
            hints = {"via": "canonical", "from": response.url}
            req = self._page_request(canonical, src, hops=hops, discovery_hints=hints)
            if req is not None:
                yield req
            if page.is_amp:
                return "amp_copy"
        return None

    def _feeds(self, response: Response, page: links.PageLinks, src: Source):
        for url in feeds.autodiscover_feeds(page.feeds, response.url):
            if src.in_scope(url):
                yield self._discovery_request(url, src, FEED_KIND, "autodiscovery")

    def _follow(self, response: Response, hrefs: list[str], src: Source) -> Iterator[Request]:
        hops = response.meta.get(HOPS_META, 0)
        chain = response.meta.get(CHAIN_META, 0)
        max_depth = self._setting("NEWS_MAX_DEPTH")
        max_pages = self._setting("NEWS_MAX_PAGINATION")
        seen: set[str] = set()
        scheduled = self._scheduled
        for href in hrefs:
            if href[:1] == "#":
                continue  # this same page (#respond, #comments, #top): already fetched
            url = urls.canonicalize_url(href, response.url)
            if url is None or url in seen or url in scheduled:
                continue  # most links of a page were scheduled before: nothing to check
            seen.add(url)
            page_no = urls.pagination_number(url)
            if page_no is not None:
                if chain >= max_pages or page_no > max_pages + 1:
                    self._count("pagination_budget")
                    continue
                req = self._page_request(url, src, hops=hops, chain=chain + 1)
            else:
                if hops >= max_depth:
                    self._count("depth")
                    continue
                req = self._page_request(url, src, hops=hops + 1)
            if req is not None:
                yield req
