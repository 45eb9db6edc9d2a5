"""Item pipelines: extraction off the reactor thread, then the corpus write.

Both are thin. Extraction is ``crawler.extract.extract`` run in a process
pool (a pure function, so results do not depend on which worker ran it or
when); storage is ``schemas.corpus.Corpus``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import sqlite3
from collections import Counter, defaultdict
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy.exceptions import DropItem, NotConfigured

from archive.warc import WarcWriteError
from crawler import urls
from crawler.extensions import CorpusExtension, WarcExtension, is_disk_full, stop_crawl
from crawler.extract_pool import PipePool
from crawler.extraction import ALL_RULES, ExtractOptions, extract
from crawler.gc_tuning import parse_threshold
from schemas.corpus import text_sha1
from schemas.items import Page

logger = logging.getLogger(__name__)

DATED_BEFORE_POLICY = 3
# What ExtractOptions' limits report in Extraction.stats, beside the debris rules' counts.
EXTRACT_LIMITS = ("truncated_input", "parse_limit", "time_budget", "compressed_body")

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "")


def extract_job(body: bytes, url: str, http_charset: str | None, options: ExtractOptions):
    """Runs in a worker process: bytes in, Extraction out (picklable)."""
    return extract(body, url, options, http_charset=http_charset)


def _warm(gc_threshold: tuple[int, int, int] | None = None, nice: int = 0) -> None:
    """Per worker: import trafilatura once, and leave signals to the crawling process.

    Ctrl-C reaches the whole process group, and systemd sends SIGTERM to every process
    of the service: a worker that died of it would lose the pages in flight that a
    graceful stop is meant to finish. The crawling process shuts the pool down itself.
    The worker's garbage collector is tuned like the crawling process's, and it runs
    ``EXTRACT_WORKER_NICE`` nicer, so that the crawling process keeps it fed."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    import crawler.extraction  # noqa: F401

    if gc_threshold is not None:
        from crawler.gc_tuning import tune

        tune(gc_threshold)
    if nice > 0:
        import os

        os.nice(nice)


def skip_reason(page: Page) -> str | None:
    """Why a page is not even worth extracting, if it is not."""
    if page.skip_reason:
        return page.skip_reason
    if page.revisit:
        return "revisit"  # not modified, or the same payload as before: nothing new
    if not 200 <= page.status < 300:
        return f"http_{page.status}"
    if not page.body:
        return "empty"
    mime = page.content_type.split(";")[0].strip().lower()
    if mime not in _HTML_TYPES and not mime.endswith("+xml"):
        return "not_html"
    head = page.body[:8]
    if head.startswith(b"%PDF-") or head.startswith(b"\x89PNG") or head[:3] == b"\xff\xd8\xff":
        return "not_html"
    return None


def extract_options(settings) -> ExtractOptions:
    """The extractor's options from EXTRACT_* settings (recorded on every article row)."""
    disabled = frozenset(settings.getlist("EXTRACT_DEBRIS_DISABLED"))
    unknown = disabled - set(ALL_RULES)
    if unknown:
        raise ValueError(f"EXTRACT_DEBRIS_DISABLED names unknown rules: {sorted(unknown)}")
    return ExtractOptions(
        favor_precision=settings.getbool("EXTRACT_FAVOR_PRECISION", False),
        disabled_rules=disabled,
        time_budget=settings.getfloat("EXTRACT_TIME_BUDGET", 30.0),
        max_elements=settings.getint("EXTRACT_MAX_ELEMENTS", 100_000),
    )


class ExtractPipeline:
    """Turn Page items into articles (or a counted reason why not)."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("EXTRACT_ENABLED"):
            raise NotConfigured("EXTRACT_ENABLED is off: pages are archived, not extracted")
        self.crawler = crawler
        self.stats = crawler.stats
        self.workers = settings.getint("EXTRACT_WORKERS")
        self.max_inflight = max(1, settings.getint("EXTRACT_MAX_INFLIGHT"))
        self.options = extract_options(settings)
        self.news_only = settings.getbool("EXTRACT_NEWS_ONLY")
        self.nice = max(0, settings.getint("EXTRACT_WORKER_NICE", 0))
        self.gc_threshold = (
            parse_threshold(settings.get("GC_THRESHOLD"))
            if settings.getbool("GC_TUNING_ENABLED")
            else None
        )
        # Dated, signed or declared articles per source (their URL keys, as stored).
        self._dated: defaultdict[str | None, set[str]] = defaultdict(set)
        self._known: Counter[str | None] = Counter()  # what the corpus held at first ask
        self._asked: set[str | None] = set()  # sources whose stored articles were counted
        self._executor: concurrent.futures.Executor | PipePool | None = None
        self._slots: asyncio.Semaphore | None = None
        self._trigger = None

    @classmethod
    def from_crawler(cls, crawler) -> ExtractPipeline:
        return cls(crawler)

    def _new_executor(self) -> concurrent.futures.Executor | PipePool:
        if self.workers <= 0:
            return concurrent.futures.ThreadPoolExecutor(max_workers=1)
        # spawn, not fork: the crawling process has a reactor, threads and an open database.
        return PipePool(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm,
            initargs=(self.gc_threshold, self.nice),
        )

    def open_spider(self) -> None:
        from twisted.internet import reactor

        self._executor = self._new_executor()
        self._slots = asyncio.Semaphore(self.max_inflight)
        # A second signal stops the reactor without closing the spider: the workers
        # (which ignore signals) must not keep the process alive.
        self._trigger = reactor.addSystemEventTrigger("before", "shutdown", self.kill_workers)

    def close_spider(self) -> None:
        if self._trigger is not None:
            from twisted.internet import reactor

            try:
                reactor.removeSystemEventTrigger(self._trigger)
            except (ValueError, KeyError):
                pass
            self._trigger = None
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def kill_workers(self) -> None:
        executor, self._executor = self._executor, None
        if isinstance(executor, PipePool):
            executor.kill()
        elif executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        reason = skip_reason(item)
        if reason is None:
            item.article, reason = await self._extract(item)
            if item.article is not None:
                signals = item.signals
                if signals.get("declared") or signals.get("dated") or signals.get("bylined"):
                    key = urls.url_key(item.article.canonical_url or item.url)
                    self._dated[item.source].add(key)
                    item.news_evidence = 1
                elif self._refuse_undated(item):
                    item.article, reason = None, "undated_page"
                elif self._doubtful(item):
                    # Stored for now; withdrawn at the end of the run if the site turns
                    # out to date its news (the corpus then ends as if in any order).
                    item.news_evidence = 0
                    self.stats.inc_value("extract/news_only/doubtful")
        if item.article is None:
            item.outcome = reason
            self.stats.inc_value("extract/not_article")
            self.stats.inc_value(f"extract/not_article/{reason}")
        else:
            item.outcome = "article"
            self.stats.inc_value("extract/articles")
        return item

    def _refuse_undated(self, page: Page) -> bool:
        """Whether an article with no date, byline or declaration is a static page.

        News articles carry a date or a byline, or say they are articles; static pages
        (about, policies, "submit a tip") do none of that. Pages that a feed or sitemap
        listed are trusted: the site itself called them news."""
        if not self._doubtful(page):
            return False
        # Only on a site that does date its articles: where nothing is dated, an undated
        # page says nothing, and refusing it would lose every article.
        if self._dated_count(page) < DATED_BEFORE_POLICY and page.source not in self._asked:
            self._known[page.source] = self._stored_dated(page)
        return self._dated_count(page) >= DATED_BEFORE_POLICY

    def _doubtful(self, page: Page) -> bool:
        """For a page with no date, byline or declaration: whether the rule judges it
        at all (it is on, the page's source is known, and no feed or sitemap vouched for
        it)."""
        return (
            self.news_only
            and page.source is not None
            and page.discovery.get("via") not in ("feed", "sitemap")
        )

    def _dated_count(self, page: Page) -> int:
        # Never more than the corpus will count at the end (``withdraw_static_pages``),
        # so a page refused now is one the end of the run would withdraw anyway.
        return max(len(self._dated[page.source]), self._known[page.source])

    def _stored_dated(self, page: Page) -> int:
        """Once per source and run, what earlier runs stored: a scheduled run that meets
        a new static page before three new dated articles still knows the site dates
        its news."""
        self._asked.add(page.source)
        ext = self.crawler.get_extension(CorpusExtension)
        if page.source is None or ext is None:
            return 0
        try:
            known = ext.corpus.dated_articles(page.source, DATED_BEFORE_POLICY)
        except sqlite3.Error as exc:
            logger.warning(
                "could not count %s's dated articles in the corpus: %s", page.source, exc
            )
            self.stats.inc_value("extract/news_only/corpus_errors")
            return 0
        if known >= DATED_BEFORE_POLICY:
            self.stats.inc_value("extract/news_only/sources_known_from_corpus")
        return known

    async def _extract(self, page: Page):
        assert self._slots is not None
        async with self._slots:
            assert self._executor is not None
            try:
                future = self._executor.submit(
                    extract_job, page.body, page.url, page.http_charset, self.options
                )
                result = await asyncio.wrap_future(future)
            except BrokenProcessPool:
                # The pool has already replaced the worker; the other workers' jobs go on.
                logger.error("extraction worker died on %s; it was replaced", page.url)
                self.stats.inc_value("extract/worker_crashes")
                return None, "extract_crashed"
            except Exception as exc:  # noqa: BLE001 - one bad page must not stop the crawl
                logger.error("extraction failed on %s: %r", page.url, exc)
                self.stats.inc_value("extract/errors")
                return None, "extract_error"
        for rule, count in result.stats.items():
            group = "limits" if rule in EXTRACT_LIMITS else "debris"
            self.stats.inc_value(f"extract/{group}/{rule}", count)
        if result.encoding_source:
            self.stats.inc_value(f"extract/encoding_source/{result.encoding_source}")
        page.signals = {
            "declared": result.declared,
            "dated": result.dated,
            "bylined": result.bylined,
        }
        return result.article, result.reason


def conversion_headers(
    capture, article, discovery_hints, news: tuple[str | None, int | None] | None = None
) -> dict[str, str]:
    """WARC headers of the conversion record that carries an article's text.

    The news-only rule's mark goes with it, so that a corpus rebuilt from the archive
    alone (``scrapy reextract``) withdraws the same static pages the crawl did."""
    import json

    headers = {
        "WARC-Refers-To": capture.warc_record_id,
        "WARC-Refers-To-Target-URI": capture.url,
        "WARC-Refers-To-Date": capture.fetched_at,
        "WARC-Date": capture.fetched_at,
        "X-Newsarchive-Extractor": article.extractor,
        "X-Newsarchive-Discovery": json.dumps(discovery_hints or {}, sort_keys=True),
    }
    if news is not None and news[0] is not None and news[1] is not None:
        headers["X-Newsarchive-News-Mark"] = json.dumps(
            {"source": news[0], "evidence": news[1]}, sort_keys=True
        )
    return headers


class CorpusPipeline:
    """Commit each page's capture, and its article if it has one, in one transaction."""

    def __init__(self, crawler) -> None:
        if not crawler.settings.getbool("CORPUS_ENABLED"):
            raise NotConfigured("CORPUS_ENABLED is off")
        self.crawler = crawler
        self.stats = crawler.stats
        self.warc_enabled = crawler.settings.getbool("WARC_ENABLED")
        self.conversions = crawler.settings.getbool("WARC_CONVERSION_RECORDS")
        self._corpus_ext: CorpusExtension | None = None

    @classmethod
    def from_crawler(cls, crawler) -> CorpusPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self._corpus_ext = self.crawler.get_extension(CorpusExtension)
        if self._corpus_ext is None:
            raise NotConfigured("CorpusPipeline needs crawler.extensions.CorpusExtension")

    def _write_conversion(self, capture, article, item: Page, key: str) -> str | None:
        """The article text as a WARC conversion record, synced before its row is
        committed: the archive alone then carries the evidence and what was derived."""
        if not self.conversions:
            return None
        if self._corpus_ext.corpus.has_text(key, text_sha1(article.text)):
            return None  # unchanged: the record written when it was first seen stands
        warc = self.crawler.get_extension(WarcExtension)
        if warc is None or warc.failed is not None:
            return None
        try:
            location = warc.writer.write_resource(
                "conversion",
                capture.url,
                article.text.encode("utf-8"),
                "text/plain; charset=utf-8",
                conversion_headers(
                    capture, article, item.discovery, (item.source, item.news_evidence)
                ),
            )
        except (OSError, WarcWriteError) as exc:
            warc._fail(exc)
            raise DropItem(
                f"conversion record not written, article not stored: {item.url}"
            ) from exc
        self.stats.inc_value("warc/records_written")
        self.stats.inc_value("warc/conversion_records")
        return location.record_id

    async def process_item(self, item: Any) -> Any:
        try:
            return await self._store(item)
        except sqlite3.OperationalError as exc:
            if not is_disk_full(exc):
                raise
            self.stats.inc_value("corpus/write_errors")
            stop_crawl(self.crawler, "disk_full", f"disk full committing to the corpus: {exc}")
            raise DropItem(f"not stored, the disk is full: {getattr(item, 'url', '?')}") from exc

    async def _store(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        ext = self._corpus_ext
        assert ext is not None
        capture = item.capture
        if capture is None:
            warc = self.crawler.get_extension(WarcExtension)
            if self.warc_enabled and (warc is None or warc.failed is not None):
                self.stats.inc_value("corpus/dropped/unarchived")
                raise DropItem(f"not archived, not stored: {item.url}")
        if item.article is None:
            if capture is not None:
                outcome, crawl_id = item.outcome or "not_article", ext.crawl_id
                await ext.batch.submit(lambda: ext.corpus.add_capture(capture, crawl_id, outcome))
                self.stats.inc_value("corpus/captures_written")
            item.stored = True
            raise DropItem(f"not an article ({item.outcome}): {item.url}", log_level="DEBUG")
        if capture is None:
            self.stats.inc_value("corpus/articles_without_capture")
            item.stored = True  # WARC_ENABLED is off: nothing to point at, by configuration
            raise DropItem(f"no capture to point at: {item.url}")
        article = item.article
        key = urls.url_key(article.canonical_url or item.url)
        conversion_id = self._write_conversion(capture, article, item, key)
        crawl_id = ext.crawl_id
        result = await ext.batch.submit(
            lambda: ext.corpus.store_article(
                capture,
                article,
                url_key=key,
                crawl_id=crawl_id,
                discovery=item.discovery,
                conversion_record_id=conversion_id,
                news=(item.source, item.news_evidence),
            )
        )
        item.stored = True
        self.stats.inc_value("corpus/captures_written")
        self.stats.inc_value(f"corpus/articles_{result.action}")
        return item
