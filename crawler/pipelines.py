"""Item pipelines: extraction off the reactor thread, then the corpus write.

Both are thin. Extraction is ``crawler.extraction.extract`` run in a process pool (a
pure function, so results do not depend on which worker ran it or when), judged by the
news-only rule (``crawler.newsonly``); storage is the corpus extension's ``store_page``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import sqlite3
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy.exceptions import NotConfigured

from crawler import urls
from crawler.extensions.control import lookup
from crawler.extensions.corpus import CorpusExtension
from crawler.extract_pool import PipePool
from crawler.mediatypes import is_html
from crawler.newsonly import DATED_BEFORE_POLICY, DOUBTFUL, REFUSED, NewsOnlyRule, Signs
from crawler.options import extract_options, gc_threshold
from crawler.workers import extract_job, warm
from schemas.items import Page

logger = logging.getLogger(__name__)

# What ExtractOptions' limits report in Extraction.stats, beside the debris rules' counts.
EXTRACT_LIMITS = ("truncated_input", "parse_limit", "time_budget", "compressed_body")


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
    if not is_html(page.content_type, page.body):
        return "not_html"
    return None


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
        self.nice = max(0, settings.getint("EXTRACT_WORKER_NICE", 0))
        self.gc_threshold = gc_threshold(settings)
        self.news = NewsOnlyRule(
            self._stored_evidence, enabled=settings.getbool("EXTRACT_NEWS_ONLY")
        )
        self._corpus: CorpusExtension | None = None
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
            initializer=warm,
            initargs=(self.gc_threshold, self.nice),
        )

    def open_spider(self) -> None:
        from twisted.internet import reactor

        self._corpus = lookup(self.crawler, CorpusExtension)
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
                reason = self._judge(item) or reason
        if item.article is None:
            item.outcome = reason
            self.stats.inc_value("extract/not_article")
            self.stats.inc_value(f"extract/not_article/{reason}")
        else:
            item.outcome = "article"
            self.stats.inc_value("extract/articles")
        return item

    def _judge(self, page: Page) -> str | None:
        """The news-only rule's verdict on an article: its mark, or a refusal (returned)."""
        assert page.article is not None
        verdict = self.news.judge(
            Signs(
                source=page.source,
                via=page.discovery.get("via"),
                url_key=urls.url_key(page.article.canonical_url or page.url),
                declared=page.signals.get("declared", False),
                dated=page.signals.get("dated", False),
                bylined=page.signals.get("bylined", False),
            )
        )
        if verdict == REFUSED:
            page.article = None
            return REFUSED
        if verdict is not None:
            page.news_evidence = int(verdict)
            if verdict == DOUBTFUL:
                # Stored for now; withdrawn at the end of the run if the site turns out to
                # date its news (the corpus then ends as if in any order).
                self.stats.inc_value("extract/news_only/doubtful")
        return None

    def _stored_evidence(self, source: str) -> int:
        """A source's evidence articles stored by earlier runs (asked once per source)."""
        if self._corpus is None:
            return 0
        try:
            known = self._corpus.corpus.dated_articles(source, DATED_BEFORE_POLICY)
        except sqlite3.Error as exc:
            logger.warning("could not count %s's dated articles in the corpus: %s", source, exc)
            self.stats.inc_value("extract/news_only/corpus_errors")
            return 0
        if known >= DATED_BEFORE_POLICY:
            self.stats.inc_value("extract/news_only/sources_known_from_corpus")
        return known

    async def _extract(self, page: Page):
        assert self._slots is not None
        async with self._slots:
            assert self._executor is not None
            rules = self._corpus.template_rules(page.source) if self._corpus else None
            learning = self._corpus is not None and self._corpus.learns_templates
            copies = self._corpus is not None and self._corpus.signs_copies
            topics = self._corpus.followed_topics if self._corpus is not None else ()
            try:
                future = self._executor.submit(
                    extract_job,
                    page.body,
                    page.url,
                    page.http_charset,
                    self.options,
                    rules,
                    learning,
                    copies,
                    topics,
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
            if rule == "template_blocks":
                self.stats.inc_value("extract/template/blocks_removed", count)
                continue
            group = "limits" if rule in EXTRACT_LIMITS else "debris"
            self.stats.inc_value(f"extract/{group}/{rule}", count)
        page.observations = result.observations
        page.evidence = result.evidence
        page.topic_ids = result.topic_ids
        if result.encoding_source:
            self.stats.inc_value(f"extract/encoding_source/{result.encoding_source}")
        page.signals = {
            "declared": result.declared,
            "dated": result.dated,
            "bylined": result.bylined,
        }
        return result.article, result.reason


class CorpusPipeline:
    """Hands each page to the corpus extension, which commits its capture and its article
    (if it has one) in one transaction."""

    def __init__(self, crawler) -> None:
        if not crawler.settings.getbool("CORPUS_ENABLED"):
            raise NotConfigured("CORPUS_ENABLED is off")
        self.crawler = crawler
        self._corpus: CorpusExtension | None = None

    @classmethod
    def from_crawler(cls, crawler) -> CorpusPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self._corpus = lookup(self.crawler, CorpusExtension)
        if self._corpus is None:
            raise NotConfigured("CorpusPipeline needs crawler.extensions.corpus.CorpusExtension")

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        assert self._corpus is not None
        return await self._corpus.store_page(item)
