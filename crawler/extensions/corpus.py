"""The corpus extension: the one writer of the crawl's rows.

It owns ``CORPUS_DB`` for the run: this run's row in ``crawls`` (the ledger), and every
``captures`` and ``articles`` row, committed in batches after the WARC records they point
at are durable. The others hand it what to write and never touch the database:

- the WARC extension announces each archived response (``signals.capture_archived``);
- the middlewares announce why a fetch ended (``signals.fetch_outcome``);
- the corpus pipeline hands it each page (``store_page``).

A page's capture waits here until the page has been through the pipelines, so that it is
committed together with its article (or with the reason it is none).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import scrapy
import trafilatura
from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import Request, Response

from archive.runlock import corpus_lock
from archive.warc import WarcWriteError
from crawler import signals as our_signals
from crawler import urls
from crawler.distributed.handoff import Handoff, HandoffError
from crawler.exits import is_disk_full
from crawler.extensions.batch import CommitBatch
from crawler.extensions.cluster import ClusterWorker, cluster_mode
from crawler.extensions.control import lookup, stop_crawl
from crawler.extensions.summary import build_summary, format_summary
from crawler.extensions.warc import WarcExtension
from crawler.extraction.template import rules_of
from crawler.meta import KIND_META, PAGE_KIND, WARC_META
from crawler.newsonly import DATED_BEFORE_POLICY
from crawler.options import extract_options, ledger_settings, template_thresholds
from crawler.provenance.conversion import conversion_headers
from crawler.stories.clusters import forget as forget_copy
from crawler.stories.copies import CopyKeeper
from crawler.stories.following import TopicFollower
from crawler.stories.topics import topic_matcher
from crawler.templates import TemplateLearner
from crawler.versions import package_version, project_version
from schemas.corpus import Corpus, CorpusError, text_sha1
from schemas.items import Capture, Page
from schemas.topics import record_matches

logger = logging.getLogger(__name__)

_UNRESOLVED = object()


class CorpusExtension:
    """Owns the corpus database, this run's row in ``crawls``, and every row written."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("CORPUS_ENABLED"):
            raise NotConfigured("CORPUS_ENABLED is off: no SQLite corpus for this crawl")
        self.crawler = crawler
        self.stats = crawler.stats
        self.path = settings.get("CORPUS_DB")
        # A worker of a cluster has no corpus: it hands its rows to Redis, and `scrapy
        # ingest` writes them (crawler.distributed).
        self.cluster = ClusterWorker.of(crawler) if cluster_mode(settings) else None
        if not self.path and self.cluster is None:
            raise NotConfigured("CORPUS_DB is empty")
        self.lock = None
        if self.cluster is None:
            self.lock = corpus_lock(self.path).acquire()  # LockedError: another run is on
        try:
            self.corpus: Corpus | Handoff
            if self.cluster is not None:
                self.path = self.cluster.url
                self.corpus = Handoff(
                    self.cluster.client,
                    prefix=self.cluster.prefix,
                    worker=self.cluster.worker,
                    run=self.cluster.run,
                )
            else:
                self.corpus = Corpus(
                    self.path, synchronous=settings.get("CORPUS_SYNCHRONOUS", "FULL")
                )
            self.batch = CommitBatch(
                crawler,
                self.corpus,
                size=settings.getint("CORPUS_BATCH_SIZE"),
                delay=settings.getfloat("CORPUS_BATCH_DELAY"),
                before_commit=self.sync_archive,
                on_error=self.write_failed,
            )
        except CorpusError as exc:
            logger.error("%s", exc)
            raise
        self.warc_enabled = settings.getbool("WARC_ENABLED")
        self.conversions = settings.getbool("WARC_CONVERSION_RECORDS")
        self.news_only = settings.getbool("EXTRACT_ENABLED") and settings.getbool(
            "EXTRACT_NEWS_ONLY"
        )
        # What needs the corpus itself is the ingest's in a cluster: the end-of-run
        # withdrawal, topics, clusters of copies (from the evidence workers sign).
        self._clusters_on = settings.getbool("CLUSTERS_ENABLED")
        if self.cluster is not None:
            self.news_only = False
        self._run_topics: tuple = ()  # a worker's run topics: (1..n, Topic)
        self._templates_on = settings.getbool("TEMPLATE_ENABLED") and settings.getbool(
            "EXTRACT_ENABLED"
        )
        self._rules: dict[str, Any] = {}  # a cluster's published rules, by source
        self.templates: TemplateLearner | None = None
        if (
            self.cluster is None
            and settings.getbool("TEMPLATE_ENABLED")
            and settings.getbool("EXTRACT_ENABLED")
        ):
            self.templates = TemplateLearner(
                self.corpus,
                template_thresholds(settings),
                extract_options(settings),
                settings.get("WARC_DIR"),
                workers=settings.getint("EXTRACT_WORKERS"),
            )
        self._template_sources: set[str] = set()
        # the stories this corpus follows (crawler.stories.following)
        self.topics: TopicFollower | None = None
        self.copies: CopyKeeper | None = None  # clusters of copies (crawler.stories.copies)
        if isinstance(self.corpus, Corpus):
            if settings.getbool("TOPICS_ENABLED"):
                self.topics = TopicFollower(self.corpus.db.conn)
            if settings.getbool("CLUSTERS_ENABLED"):
                self.copies = CopyKeeper(self.corpus.db.conn)
        if self.templates is not None:
            self.templates.on_replaced = self._text_replaced
        self._crawl_id: int | None = None
        self._archive: Any = _UNRESOLVED
        self._pending: dict[str, Capture] = {}  # page captures waiting for their page
        self.summary: dict[str, Any] = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.capture_archived, signal=our_signals.capture_archived)
        crawler.signals.connect(self.fetch_outcome, signal=our_signals.fetch_outcome)
        for done in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self.item_done, signal=done)
        # A second SIGINT/SIGTERM stops the reactor without closing the spider: the
        # WARC files and the crawl row are still closed properly on the way out.
        from twisted.internet import reactor  # the one Scrapy installed, never a default

        self._closed = False
        self._trigger = reactor.addSystemEventTrigger("before", "shutdown", self.forced_shutdown)

    @classmethod
    def from_crawler(cls, crawler) -> CorpusExtension:
        return cls(crawler)

    @property
    def crawl_id(self) -> int:
        """Created on first use: pipelines open before ``spider_opened`` fires."""
        if self._crawl_id is None:
            spider = self.crawler.spider
            args = dict(getattr(spider, "crawl_args", {}) or {})
            settings = ledger_settings(self.crawler.settings)
            settings["versions"] = {
                "newsarchive": project_version(),
                "scrapy": scrapy.__version__,
                "trafilatura": trafilatura.__version__,
                "warcio": package_version("warcio"),
            }
            settings["extractor"] = extract_options(self.crawler.settings).signature()
            name = getattr(spider, "name", "?")
            if isinstance(self.corpus, Handoff):
                from_sources, from_args = getattr(spider, "topic_groups", ([], []))
                topics = {
                    "sources": [[t.name, t.query] for t in from_sources],
                    "args": [[t.name, t.query] for t in from_args],
                }
                self._crawl_id = self.corpus.start_crawl(name, args, settings, topics=topics)
            else:
                self._crawl_id = self.corpus.start_crawl(name, args, settings)
            self.stats.set_value("corpus/crawl_id", self._crawl_id)
        return self._crawl_id

    def archive(self) -> WarcExtension | None:
        """The crawl's WARC extension, which this extension syncs before each commit and
        closes after its last one (None when WARC_ENABLED is off)."""
        if self._archive is _UNRESOLVED:
            self._archive = lookup(self.crawler, WarcExtension)
            if self._archive is not None:
                self._archive.closed_by = self
                self._archive.payload_index = self.corpus.capture_with_payload
                if isinstance(self.corpus, Handoff):
                    self._archive.payload_claim = self.corpus.claim_payload
        return self._archive

    def write_failed(self, exc: Exception) -> None:
        """A row nobody waited for was not written: a full disk stops the crawl, and so
        does a Redis that takes no more rows."""
        if isinstance(exc, HandoffError):
            stop_crawl(self.crawler, "handoff_failed", str(exc))
        elif is_disk_full(exc):
            stop_crawl(self.crawler, "disk_full", f"disk full committing to the corpus: {exc}")
        else:
            logger.error("corpus write failed: %r", exc)

    @property
    def signs_copies(self) -> bool:
        """Whether extraction signs articles for clustering: for this corpus's clusters,
        or, in a cluster of workers, for the ingest's."""
        if self.cluster is not None:
            return self._clusters_on
        return self.copies is not None

    @property
    def learns_templates(self) -> bool:
        """Whether articles carry their observed blocks here (``TEMPLATE_ENABLED``, and an
        archive to write profiles and conversion records to); in a cluster, to the
        ingest, which learns the profiles."""
        if self.cluster is not None:
            return self._templates_on and self.warc_enabled and self.conversions
        return self.templates is not None and self.warc_enabled and self.conversions

    def template_rules(self, source: str | None):
        """The site template rules a page of ``source`` is extracted with in this run."""
        if not self.learns_templates:
            return None
        if isinstance(self.corpus, Handoff):
            return self._published_rules(source or "")
        assert self.templates is not None
        return self.templates.rules_for(source)

    def _published_rules(self, source: str):
        """A cluster's rules for a site, as the ingest published them, read once a run."""
        if source not in self._rules:
            try:
                found = self.corpus.template_profile(source) if source else None
            except Exception as exc:  # noqa: BLE001 - extracted without the profile
                logger.warning("template profile of %s not read: %r", source, exc)
                found = None
            self._rules[source] = rules_of(*found) if found else None
        return self._rules[source]

    def sync_archive(self) -> None:
        archive = self.archive()
        if archive is not None:
            archive.sync()

    # -- what the others hand in -----------------------------------------------------
    def capture_archived(self, capture: Capture, request: Request, response: Response) -> None:
        """A response was archived: write its capture row, or hold a page's until the page
        is through the pipelines (its row is then committed with the article)."""
        kind = request.meta.get(KIND_META) or "other"
        revisit = capture.refers_to is not None
        if revisit and kind != PAGE_KIND:
            outcome = "revisit"
        elif kind == PAGE_KIND and (200 <= response.status < 300 or revisit):
            self._pending[capture.warc_record_id] = capture
            return
        else:
            outcome = _outcome(kind, response.status)
        self._add_capture(capture, outcome, "corpus/captures_written")

    def fetch_outcome(self, request: Request, outcome: str) -> None:
        """Why a fetch ended, on the capture row of the response that ended it."""
        capture = request.meta.get(WARC_META)
        if capture is not None:
            # Queued behind the capture's own row, or that row ("redirect",
            # "not_processed") would overwrite this outcome.
            self._add_capture(capture, outcome, "corpus/outcomes_written")

    def item_done(self, item: Any, **kwargs: Any) -> None:
        capture = getattr(item, "capture", None)
        if capture is not None:
            self._pending.pop(capture.warc_record_id, None)

    def _add_capture(self, capture: Capture, outcome: str, stat: str) -> None:
        corpus, crawl_id = self.corpus, self.crawl_id
        self.batch.submit_nowait(lambda: corpus.add_capture(capture, crawl_id, outcome), stat)

    async def store_page(self, page: Page) -> Page:
        """Commit a page's capture, and its article if it has one, in one transaction;
        an article's text goes into the WARC first, as a conversion record. Raises
        ``DropItem`` for a page that is not stored as an article (counted)."""
        try:
            return await self._store(page)
        except HandoffError as exc:
            self.stats.inc_value("corpus/write_errors")
            stop_crawl(self.crawler, "handoff_failed", str(exc))
            raise DropItem(f"not handed over: {page.url}") from exc
        except sqlite3.OperationalError as exc:
            if not is_disk_full(exc):
                raise
            self.stats.inc_value("corpus/write_errors")
            stop_crawl(self.crawler, "disk_full", f"disk full committing to the corpus: {exc}")
            raise DropItem(f"not stored, the disk is full: {page.url}") from exc

    async def _store(self, page: Page) -> Page:
        capture = page.capture
        if capture is None:
            archive = self.archive()
            if self.warc_enabled and (archive is None or archive.failed is not None):
                self.stats.inc_value("corpus/dropped/unarchived")
                raise DropItem(f"not archived, not stored: {page.url}")
        if page.article is None:
            if capture is not None:
                outcome, crawl_id, corpus = (
                    page.outcome or "not_article",
                    self.crawl_id,
                    self.corpus,
                )
                await self.batch.submit(lambda: corpus.add_capture(capture, crawl_id, outcome))
                self.stats.inc_value("corpus/captures_written")
            page.stored = True
            raise DropItem(f"not an article ({page.outcome}): {page.url}", log_level="DEBUG")
        if capture is None:
            self.stats.inc_value("corpus/articles_without_capture")
            page.stored = True  # WARC_ENABLED is off: nothing to point at, by configuration
            raise DropItem(f"no capture to point at: {page.url}")
        article = page.article
        key = urls.url_key(article.canonical_url or page.url)
        topic_ids = None
        if (self.topics is not None and self.topics.active) or self._run_topics:
            topic_ids = (
                list(page.topic_ids)
                if page.topic_ids is not None  # matched in the extraction worker
                else self._match(article.title, article.description, article.text)
            )
            if self._off_topic(page, topic_ids):
                crawl_id, corpus = self.crawl_id, self.corpus
                await self.batch.submit(lambda: corpus.add_capture(capture, crawl_id, "off_topic"))
                self.stats.inc_value("corpus/captures_written")
                self.stats.inc_value("topics/off_topic")
                page.stored = True
                raise DropItem(f"off the run's topics: {page.url}", log_level="DEBUG")
        conversion_id = self._write_conversion(capture, page, key)
        crawl_id, corpus = self.crawl_id, self.corpus
        after = None
        roles: list[str] = []
        if self.copies is not None and self.copies.active:
            copies, found = self.copies, page.evidence

            def after(conn, article_id: int) -> None:
                roles.append(copies.stored(conn, article_id, found))

        blocks = None
        if self.learns_templates and page.source and page.observations:
            blocks = (page.source, page.observations)
            self._template_sources.add(page.source)
        try:
            result = await self._store_article_batched(
                corpus, capture, article, key, crawl_id, page, conversion_id, blocks,
                topic_ids, after,
            )  # fmt: skip
        except BaseException:
            if roles and self.copies is not None:
                # the index took this article; the rolled-back batch did not
                self.copies.invalidate("a batch holding clustered articles was rolled back")
            raise
        for role in roles:
            self.stats.inc_value(f"clusters/articles_{role}")
        if page.evidence is not None and page.evidence.source_link and roles:
            self.stats.inc_value("clusters/source_links")
        if topic_ids and result.action in ("inserted", "updated"):
            self.stats.inc_value("topics/articles_matched")
            self.stats.inc_value("topics/matches", len(topic_ids))
        page.stored = True
        self.stats.inc_value("corpus/captures_written")
        self.stats.inc_value(f"corpus/articles_{result.action}")
        return page

    async def _store_article_batched(
        self, corpus, capture, article, key, crawl_id, page, conversion_id, blocks, topic_ids,
        after,
    ):  # fmt: skip
        """The article row, its capture and what derives from them, in the next batch."""
        extra = {"evidence": page.evidence} if isinstance(corpus, Handoff) else {}
        return await self.batch.submit(
            lambda: corpus.store_article(
                capture,
                article,
                url_key=key,
                crawl_id=crawl_id,
                discovery=page.discovery,
                conversion_record_id=conversion_id,
                news=(page.source, page.news_evidence),
                blocks=blocks,
                topic_ids=topic_ids,
                after=after,
                **extra,
            )
        )

    def _write_conversion(self, capture: Capture, page: Page, key: str) -> str | None:
        """The article text as a WARC conversion record, synced before its row is
        committed: the archive alone then carries the evidence and what was derived."""
        article = page.article
        assert article is not None
        archive = self.archive()
        if not self.conversions or archive is None:
            return None
        if self.corpus.has_text(key, text_sha1(article.text)):
            return None  # unchanged: the record written when it was first seen stands
        headers = conversion_headers(
            capture, article, page.discovery, (page.source, page.news_evidence)
        )
        try:
            return archive.write_conversion(capture, article.text, headers)
        except WarcWriteError as exc:
            raise DropItem(
                f"conversion record not written, article not stored: {page.url}"
            ) from exc

    # -- the run ---------------------------------------------------------------------
    def spider_opened(self, spider) -> None:
        _ = self.crawl_id
        self.start_topics(spider)
        self.start_copies()
        self.archive()  # claims the closing of the WARC files, in order with the rows
        self.withdraw_static_pages()  # what a killed run left for its end

    @property
    def followed_topics(self) -> tuple:
        """(id, topic) of every followed topic, for the extraction workers to match; in a
        cluster, this run's topics (the ingest matches every followed one)."""
        return self.topics.stored if self.topics is not None else self._run_topics

    def start_topics(self, spider) -> None:
        """Store this run's topics (the spider's sources file and ``-a topic``) and match
        the new or changed ones against the articles stored before."""
        if self.cluster is not None:
            from_sources, from_args = getattr(spider, "topic_groups", ([], []))
            self._run_topics = tuple(enumerate([*from_sources, *from_args], start=1))
            return
        if self.topics is None:
            return
        from_sources, from_args = getattr(spider, "topic_groups", ([], []))
        try:
            counts = self.topics.start(from_sources, from_args)
        except sqlite3.Error as exc:
            logger.error("topics not stored: %r", exc)
            self.stats.inc_value("topics/errors")
            return
        self.stats.set_value("topics/followed", self.topics.count)
        for name, value in counts.items():
            if value:
                self.stats.inc_value(f"topics/{name}", value)

    def _match(self, title, description, text) -> list[int]:
        if self.topics is not None:
            return self.topics.match(title, description, text)
        return topic_matcher(dict(self._run_topics))(title, description, text)

    def _off_topic(self, page: Page, topic_ids: list[int]) -> bool:
        """In a focused crawl, an article on none of the run's topics is archived (its
        capture says ``off_topic``) and not stored. A worker of a cluster knows its run's
        topics from its spider (numbered 1..n), which is all this decision needs."""
        spider = self.crawler.spider
        focused = getattr(spider, "focused", None)
        run_ids = (
            self.topics.run_ids if self.topics is not None else {i for i, _ in self._run_topics}
        )
        if focused is None or not focused(page.source) or not run_ids:
            return False
        return not run_ids.intersection(topic_ids)

    def _text_replaced(self, conn, article_id: int, version: int, article) -> None:
        """A text the site's template changed is matched again (a topic's words in a
        template block no longer count) and signed again."""
        if self.topics is not None and self.topics.active:
            ids = self.topics.match(article.title, article.description, article.text)
            record_matches(conn, article_id, version, ids)
        if self.copies is not None and self.copies.active:
            self.copies.replaced(conn, article_id)

    def start_copies(self) -> None:
        """Cluster what is not yet (an older corpus), and load the index the run adds to."""
        if self.copies is None:
            return
        try:
            self.copies.start()
        except Exception as exc:  # noqa: BLE001 - a crawl never stops for its clusters
            logger.error("clusters not loaded, copies not clustered this run: %r", exc)
            self.stats.inc_value("clusters/errors")
            self.copies = None
            return
        if self.copies.rebuilt is not None:
            self.stats.set_value("clusters/rebuilt_articles", self.copies.rebuilt.articles)
        self.stats.set_value("clusters/indexed", len(self.copies.index or ()))

    @staticmethod
    def _forget_copies(conn, article_id: int) -> None:
        """Clusters off: a withdrawn article still leaves its cluster as a rebuild would."""
        forget_copy(conn, None, article_id)

    def count_copies(self) -> None:
        """The corpus's clusters of copies at the end of the run, for the summary (what
        role an article had when it was stored depends on what came before it)."""
        if self.copies is None:
            return
        try:
            clusters, copies = self.corpus.db.execute(
                "SELECT (SELECT count(*) FROM clusters),"
                " (SELECT count(*) FROM cluster_members WHERE role = 'copy')"
            ).fetchone()
        except sqlite3.Error as exc:
            logger.warning("clusters not counted: %r", exc)
            return
        self.stats.set_value("clusters/clusters", clusters)
        self.stats.set_value("clusters/copies", copies)

    def withdraw_static_pages(self) -> None:
        """The news-only rule's end-of-run step (``crawler.newsonly``): pages stored while
        their site had not yet shown it dates its news are withdrawn once it has. Run at
        the end of a run and at the start of the next (after a kill)."""
        if not self.news_only:
            return
        try:
            withdrawn = self.corpus.withdraw_static_pages(
                DATED_BEFORE_POLICY,
                before_delete=(
                    self.copies.forget if self.copies is not None else self._forget_copies
                ),
            )
        except sqlite3.Error as exc:
            logger.error("could not withdraw undated static pages: %s", exc)
            self.stats.inc_value("corpus/news_only/withdraw_errors")
            return
        for url in withdrawn:
            logger.info("withdrawn as an undated static page: %s", url)
        if withdrawn:
            self.stats.inc_value("corpus/news_only/withdrawn", len(withdrawn))

    def finish_templates(self, archive: WarcExtension | None) -> None:
        """The end of a run's template step (``crawler.templates``): each site seen this
        run learns its profile again; this run's articles follow a new one."""
        if self.templates is None or archive is None or archive.failed is not None:
            return  # in a cluster the ingest learns them, once the run is over
        if not self.learns_templates:
            return
        try:
            done = self.templates.finish(archive, self.crawl_id, sorted(self._template_sources))
        except (sqlite3.Error, WarcWriteError, OSError) as exc:
            logger.error("site templates not learned: %r", exc)
            self.stats.inc_value("extract/template/errors")
            return
        for name, value in (
            ("profiles_written", done.profiles),
            ("blocks_learned", done.blocks_learned),
            ("articles_reextracted", done.reextracted),
            ("articles_changed", done.changed),
            ("blocks_removed", done.blocks_removed),
            ("reextract_failed", done.failed),
        ):
            if value:
                self.stats.inc_value(f"extract/template/{name}", value)

    def flush_pending(self) -> None:
        """Write the captures of pages that never reached the pipeline (errors in callbacks)."""
        if not self._pending:
            return
        try:
            self.sync_archive()  # the records first, then the rows that point at them
        except (WarcWriteError, OSError):
            self._pending.clear()  # the crawl stopped: no row may point at unsynced bytes
            return
        items = [(c, "not_processed") for c in self._pending.values()]
        added = self.corpus.add_captures_if_missing(items, self.crawl_id)
        self.stats.inc_value("corpus/captures_written", added)
        self.stats.inc_value("warc/unclaimed_captures", added)
        self._pending.clear()

    def forced_shutdown(self) -> None:
        """The reactor stops before the spider closed (a second signal): close what we own."""
        if self._closed:
            return
        logger.warning("stopping at once: closing the WARC files and the crawl row")
        scheduler = getattr(self.crawler.engine, "scheduler", None)
        flush = getattr(scheduler, "flush", None)
        if callable(flush):
            flush()  # ordered writes: links found are committed before pages marked done
        self.crawler.stats.set_value("finish_reason", "forced_shutdown")
        self.spider_closed(self.crawler.spider, "forced_shutdown")

    def spider_closed(self, spider, reason: str) -> None:
        if self._closed:
            return
        self._closed = True
        if self._trigger is not None:
            from twisted.internet import reactor

            try:
                reactor.removeSystemEventTrigger(self._trigger)
            except (ValueError, KeyError):
                pass
            self._trigger = None
        self.batch.flush()
        archive = self.archive()
        warc_files: list[str] = []
        self.flush_pending()
        if reason != "forced_shutdown":
            self.finish_templates(archive)
        if archive is not None:
            archive.close()
            warc_files = list(archive.files_written)
        self.withdraw_static_pages()
        self.count_copies()
        stats = dict(self.crawler.stats.get_stats())
        if reason == "finished" or reason.startswith("closespider_"):
            status = "finished"
        elif reason in ("shutdown", "cancelled", "forced_shutdown"):
            status = "interrupted"
        else:
            status = "failed"
        self.summary = build_summary(stats, warc_files, self.path, reason)
        self.corpus.finish_crawl(
            self.crawl_id,
            status=status,
            finish_reason=reason,
            stats=stats,
            warc_files=warc_files,
            summary=self.summary,
        )
        for line in format_summary(self.summary):
            logger.info(line)
        self.corpus.close()
        if self.lock is not None:
            self.lock.release()


def _outcome(kind: str, status: int) -> str:
    if 300 <= status < 400:
        return "redirect"
    if status >= 400:
        return f"http_{status}"
    return kind
