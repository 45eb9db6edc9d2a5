"""Scrapy extensions: the crawl ledger and corpus, the WARC archive, a status line.

The WARC extension archives on ``response_downloaded``: it sees every
response the downloader gets (robots.txt, redirect hops, errors, retries),
with the body as the server sent it, before HttpCompressionMiddleware.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import sqlite3
from collections import OrderedDict
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import scrapy
import trafilatura
import warcio
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from twisted.internet import task

from archive.runlock import corpus_lock, warc_dir_lock
from archive.warc import (
    IDENTICAL_PAYLOAD_DIGEST,
    SERVER_NOT_MODIFIED,
    Revisit,
    WarcFileInfo,
    WarcWriteError,
    WarcWriter,
    payload_digest,
    repair_open_files,
    warc_date_of,
)
from crawler.pages import WARC_META, capture_from, exchange_from
from schemas.corpus import Corpus, CorpusError
from schemas.items import Capture

logger = logging.getLogger(__name__)

RECENT_DIGESTS = 4096  # uncommitted bodies remembered for same-body revisits
KIND_META = "newsarchive_kind"
REVISIT_META = "newsarchive_revisit_of"  # set by the frontier on conditional requests
PAGE_KIND = "page"

# Settings recorded on every crawl row: the ones that change what is fetched or stored.
LEDGER_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "REDIRECT_MAX_TIMES",
    "CORPUS_DB",
    "WARC_DIR",
    "WARC_PREFIX",
    "WARC_MAX_BYTES",
    "WARC_GZIP_LEVEL",
    "WARC_COMPRESSOR",
    "EXTRACT_WORKERS",
    "NEWS_MAX_DEPTH",
    "NEWS_MAX_PAGINATION",
    "NEWS_MAX_PAGES_PER_SOURCE",
    "NEWS_MAX_PER_TEMPLATE",
    "NEWS_FOLLOW_LINKS",
)


def project_version() -> str:
    try:
        return version("newsarchive")
    except PackageNotFoundError:
        return "0+unknown"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class CorpusExtension:
    """Owns the corpus database and this run's row in ``crawls`` (the ledger)."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("CORPUS_ENABLED"):
            raise NotConfigured("CORPUS_ENABLED is off: no SQLite corpus for this crawl")
        self.crawler = crawler
        self.stats = crawler.stats
        self.path = settings.get("CORPUS_DB")
        if not self.path:
            raise NotConfigured("CORPUS_DB is empty")
        self.lock = corpus_lock(self.path).acquire()  # LockedError: another run is on
        try:
            self.corpus = Corpus(self.path, synchronous=settings.get("CORPUS_SYNCHRONOUS", "FULL"))
            self.batch = CommitBatch(
                crawler,
                self.corpus,
                size=settings.getint("CORPUS_BATCH_SIZE"),
                delay=settings.getfloat("CORPUS_BATCH_DELAY"),
            )
        except CorpusError as exc:
            logger.error("%s", exc)
            raise
        self._crawl_id: int | None = None
        self.summary: dict[str, Any] = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
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
            settings = {k: self.crawler.settings.get(k) for k in LEDGER_SETTINGS}
            settings["versions"] = {
                "newsarchive": project_version(),
                "scrapy": scrapy.__version__,
                "trafilatura": trafilatura.__version__,
                "warcio": _warcio_version(),
            }
            from crawler.pipelines import extract_options

            settings["extractor"] = extract_options(self.crawler.settings).signature()
            self._crawl_id = self.corpus.start_crawl(getattr(spider, "name", "?"), args, settings)
            self.stats.set_value("corpus/crawl_id", self._crawl_id)
        return self._crawl_id

    def spider_opened(self, spider) -> None:
        _ = self.crawl_id
        self.withdraw_static_pages()  # what a killed run left for its end

    def withdraw_static_pages(self) -> None:
        """The news-only rule's end-of-run step (``Corpus.withdraw_static_pages``): pages
        stored while their site had not yet shown it dates its news are withdrawn once it
        has. Run at the end of a run and at the start of the next (after a kill)."""
        settings = self.crawler.settings
        if not (settings.getbool("EXTRACT_ENABLED") and settings.getbool("EXTRACT_NEWS_ONLY")):
            return
        from crawler.pipelines import DATED_BEFORE_POLICY

        try:
            urls = self.corpus.withdraw_static_pages(DATED_BEFORE_POLICY)
        except sqlite3.Error as exc:
            logger.error("could not withdraw undated static pages: %s", exc)
            self.stats.inc_value("corpus/news_only/withdraw_errors")
            return
        for url in urls:
            logger.info("withdrawn as an undated static page: %s", url)
        if urls:
            self.stats.inc_value("corpus/news_only/withdrawn", len(urls))

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
        warc = _get_extension(self.crawler, WarcExtension)
        warc_files: list[str] = []
        if warc is not None:
            warc.flush_pending(self)
            warc.close()
            warc_files = list(warc.files_written)
        self.withdraw_static_pages()
        stats = dict(self.crawler.stats.get_stats())
        if reason == "finished" or reason.startswith("closespider_"):
            status = "finished"
        elif reason in ("shutdown", "cancelled", "forced_shutdown"):
            status = "interrupted"
        elif reason == "disk_full":
            status = "failed"
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
        self.lock.release()


def build_summary(
    stats: dict[str, Any], warc_files: list[str], corpus_path: str, reason: str
) -> dict[str, Any]:
    not_articles = {
        k.split("/", 2)[2]: v
        for k, v in stats.items()
        if k.startswith("extract/not_article/") and isinstance(v, int)
    }
    return {
        "finish_reason": reason,
        "pages_fetched": stats.get("downloader/response_count", 0),
        "records_archived": stats.get("warc/records_written", 0),
        "articles_stored": stats.get("corpus/articles_inserted", 0),
        "articles_updated": stats.get("corpus/articles_updated", 0),
        "articles_unchanged": stats.get("corpus/articles_unchanged", 0),
        "articles_withdrawn": stats.get("corpus/news_only/withdrawn", 0),
        "not_articles": not_articles,
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
        "revisits": sum(
            v
            for k, v in stats.items()
            if k.startswith("warc/revisit_records/") and isinstance(v, int)
        ),
        "conditional_requests": stats.get("frontier/conditional_requests", 0),
        "resumed": stats.get("frontier/resumed", 0),
        "due": stats.get("frontier/due", 0),
        "errors": stats.get("log_count/ERROR", 0),
        "warc_files": warc_files,
        "corpus": corpus_path,
    }


def format_summary(s: dict[str, Any]) -> list[str]:
    dropped = ", ".join(f"{k} {v}" for k, v in sorted(s["not_articles"].items())) or "none"
    withdrawn = s.get("articles_withdrawn", 0)
    withdrawn_note = f", {withdrawn} withdrawn as undated static pages" if withdrawn else ""
    return [
        f"newsarchive summary ({s['finish_reason']}):",
        f"  pages fetched     {s['pages_fetched']}",
        f"  records archived  {s['records_archived']} in {len(s['warc_files'])} WARC file(s)",
        f"  articles stored   {s['articles_stored']} new, {s['articles_updated']} updated,"
        f" {s['articles_unchanged']} unchanged{withdrawn_note}",
        f"  not articles      {dropped}",
        f"  revisits          {s.get('revisits', 0)} record(s) for unchanged pages;"
        f" {s.get('conditional_requests', 0)} conditional request(s),"
        f" {s.get('resumed', 0)} URL(s) resumed, {s.get('due', 0)} due again",
        f"  robots.txt        {s['robots_forbidden']} request(s) not made",
        f"  corpus            {s['corpus']}",
    ]


def _warcio_version() -> str:
    try:
        return version("warcio")
    except PackageNotFoundError:
        return getattr(warcio, "__version__", "?")


def _get_extension(crawler, cls):
    try:
        return crawler.get_extension(cls)
    except (RuntimeError, KeyError):
        return None


class WarcExtension:
    """Archive every downloaded response as a WARC request/response pair."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED"):
            raise NotConfigured("WARC_ENABLED is off: responses will not be archived")
        self.crawler = crawler
        self.stats = crawler.stats
        self.directory = settings.get("WARC_DIR")
        if not self.directory:
            raise NotConfigured("WARC_DIR is empty")
        # Held for the run: repairing .open files is only safe when no other run writes them.
        self.lock = None
        if not os.path.exists(self.directory) or os.path.isdir(self.directory):
            self.lock = warc_dir_lock(self.directory).acquire()
        for report in repair_open_files(self.directory):
            logger.warning(
                "repaired %s left open by an earlier run: kept %d record(s), dropped %d byte(s)",
                report.path,
                report.records_kept,
                report.bytes_dropped,
            )
            self.stats.inc_value("warc/repaired_files")
            self.stats.inc_value("warc/repaired_bytes_dropped", report.bytes_dropped)
        robots = "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore"
        self.info = WarcFileInfo(
            software=f"newsarchive/{project_version()} (Scrapy {scrapy.__version__},"
            f" warcio {_warcio_version()})",
            operator=settings.get("WARC_OPERATOR") or "",
            robots=robots,
            extra={"http-header-user-agent": settings.get("USER_AGENT") or ""},
        )
        self.writer = WarcWriter(
            self.directory,
            info=self.info,
            prefix=settings.get("WARC_PREFIX"),
            max_bytes=settings.getint("WARC_MAX_BYTES"),
            gzip_level=settings.getint("WARC_GZIP_LEVEL"),
            compressor=settings.get("WARC_COMPRESSOR") or "isal",
            fsync=settings.getbool("WARC_FSYNC"),
            # With batched commits the batch syncs the records before its commit.
            sync_each=not settings.getbool("CORPUS_ENABLED")
            or settings.getint("CORPUS_BATCH_SIZE") <= 1,
        )
        self.failed: Exception | None = None
        self._pending: dict[str, Capture] = {}
        # Bodies at least this large already archived from another URL become revisits.
        self.dedupe_min_bytes = (
            settings.getint("WARC_DEDUPE_MIN_BYTES") if settings.getbool("WARC_DEDUPE") else 0
        )
        # This run's bodies not yet committed, by digest: bounded, oldest forgotten first.
        self._recent: OrderedDict[str, dict[str, str]] = OrderedDict()
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(self.item_done, signal=signals.item_scraped)
        crawler.signals.connect(self.item_done, signal=signals.item_dropped)
        crawler.signals.connect(self.item_done, signal=signals.item_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> WarcExtension:
        return cls(crawler)

    @property
    def files_written(self) -> list[str]:
        return self.writer.closed_files

    def response_downloaded(self, response: Response, request: Request, spider) -> None:
        # A redirected request inherits the hop's meta: never let it keep that capture.
        request.meta.pop(WARC_META, None)
        if self.failed is not None:
            return
        fetched_at = _now()
        exchange = exchange_from(request, response, fetched_at)
        original = request.meta.get(REVISIT_META)
        dedupe = self.dedupe_min_bytes and len(response.body) >= self.dedupe_min_bytes
        # the body's digest once, and only when something will compare it
        digest = (
            payload_digest(response.body)
            if response.status == 200 and (original or dedupe)
            else None
        )
        revisit = revisit_of(original, response, digest)
        if revisit is None and dedupe and digest is not None:
            revisit = self._same_body_elsewhere(response, digest)
        try:
            if revisit is None:
                location = self.writer.write_exchange(exchange)
            else:
                location = self.writer.write_revisit(exchange, revisit)
        except (WarcWriteError, OSError) as exc:
            self._fail(exc)
            return
        self.stats.inc_value("warc/records_written", 2)
        self.stats.set_value("warc/bytes_written", self.writer.bytes_written)
        self.stats.inc_value(f"warc/responses/{response.status // 100}xx")
        capture = capture_from(
            response, location, fetched_at, request.meta.get("http_reason") or ""
        )
        if revisit is None and self.dedupe_min_bytes and response.status == 200:
            self._remember(capture)
        if revisit is not None:
            capture.refers_to = revisit.record_id
            capture.payload_digest = revisit.payload_digest
            profile = "not_modified" if response.status == 304 else "identical_payload"
            self.stats.inc_value(f"warc/revisit_records/{profile}")
        request.meta[WARC_META] = capture
        kind = request.meta.get(KIND_META) or "other"
        if revisit is not None and kind != PAGE_KIND:
            outcome = "revisit"
        elif kind == PAGE_KIND and (200 <= response.status < 300 or revisit is not None):
            # The pipeline commits this capture together with its article.
            self._pending[capture.warc_record_id] = capture
            return
        else:
            outcome = _outcome(kind, response)
        corpus_ext = _get_extension(self.crawler, CorpusExtension)
        if corpus_ext is not None:
            corpus, crawl_id = corpus_ext.corpus, corpus_ext.crawl_id
            corpus_ext.batch.submit_nowait(
                lambda: corpus.add_capture(capture, crawl_id, outcome), "corpus/captures_written"
            )

    def _same_body_elsewhere(self, response: Response, digest: str) -> Revisit | None:
        """The same bytes already archived from another URL (B52: print and mobile copies).

        Bodies under WARC_DEDUPE_MIN_BYTES are never looked up: empty and tiny bodies
        are the same everywhere, and cheap to keep."""
        original = self._recent.get(digest)
        if original is not None and original["uri"] == response.url:
            original = None  # the same URL: the frontier decides what a refetch is
        if original is None:
            corpus_ext = _get_extension(self.crawler, CorpusExtension)
            if corpus_ext is not None:  # committed by earlier runs (or this one's batches)
                original = corpus_ext.corpus.capture_with_payload(digest, response.url)
        if original is None:
            return None
        self.stats.inc_value("warc/revisit_records/same_body_other_url")
        return revisit_of(original, response, digest)

    def _remember(self, capture: Capture) -> None:
        if not capture.payload_digest:
            return
        self._recent[capture.payload_digest] = {
            "record_id": capture.warc_record_id,
            "uri": capture.url,
            "date": capture.fetched_at,
            "payload_digest": capture.payload_digest,
        }
        if len(self._recent) > RECENT_DIGESTS:
            self._recent.popitem(last=False)

    def _fail(self, exc: Exception) -> None:
        self.failed = exc
        self.stats.inc_value("warc/write_errors")
        if is_disk_full(exc):
            stop_crawl(self.crawler, "disk_full", f"disk full writing the archive: {exc}")
        else:
            stop_crawl(self.crawler, "warc_write_failed", f"archive write failed: {exc}")

    def item_done(self, item: Any, **kwargs: Any) -> None:
        capture = getattr(item, "capture", None)
        if capture is not None:
            self._pending.pop(capture.warc_record_id, None)

    def flush_pending(self, corpus_ext: CorpusExtension) -> None:
        """Write captures of pages that never reached the pipeline (errors in callbacks)."""
        if not self._pending:
            return
        items = [(c, "not_processed") for c in self._pending.values()]
        added = corpus_ext.corpus.add_captures_if_missing(items, corpus_ext.crawl_id)
        self.stats.inc_value("corpus/captures_written", added)
        self.stats.inc_value("warc/unclaimed_captures", added)
        self._pending.clear()

    def spider_closed(self, spider, reason: str) -> None:
        corpus_ext = _get_extension(self.crawler, CorpusExtension)
        if corpus_ext is None:
            self._pending.clear()
            self.close()

    def close(self) -> None:
        try:
            self.writer.close()
        except (OSError, WarcWriteError) as exc:
            logger.error("could not close WARC file: %s", exc)
            self.stats.inc_value("warc/write_errors")
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def revisit_of(
    original: dict[str, Any] | None, response: Response, digest: str | None
) -> Revisit | None:
    """A revisit when a conditional request was answered 304, or the body is unchanged.

    ``original`` is the last full capture of the same body (what the frontier knew of
    this URL, or another URL's); ``digest`` is this response's payload digest."""
    if not original or not original.get("record_id") or not original.get("payload_digest"):
        return None
    if response.status == 304:
        profile = SERVER_NOT_MODIFIED
    elif response.status == 200 and digest == original["payload_digest"]:
        profile = IDENTICAL_PAYLOAD_DIGEST
    else:
        return None
    return Revisit(
        profile=profile,
        record_id=original["record_id"],
        uri=original.get("uri") or response.url,
        date=warc_date_of(original.get("date")),
        payload_digest=original["payload_digest"],
    )


class CommitBatch:
    """Corpus writes committed together, in the order they were submitted.

    Before the commit the WARC records they point at are synced (one fsync per
    batch, not per record), so the write order holds: record on disk, then the row.
    Each write runs in its own savepoint: one that fails is rolled back alone.
    Callers awaiting ``submit`` resume only after the commit, so what they report
    (an item scraped, a URL done) is never ahead of the database."""

    def __init__(self, crawler, corpus: Corpus, *, size: int, delay: float) -> None:
        self.crawler = crawler
        self.corpus = corpus
        self.size = max(1, size)
        self.delay = max(0.0, delay)
        self._ops: list[tuple[Any, Any, str | None]] = []
        self._timer = None

    def submit(self, op):
        """Queue ``op()``; returns an asyncio future with its result after the commit."""
        import asyncio

        future = asyncio.get_event_loop().create_future()
        self._add(op, future, None)
        return future

    def submit_nowait(self, op, stat: str | None = None) -> None:
        """Queue ``op()`` with nobody waiting: a failure is logged and counted."""
        self._add(op, None, stat)

    def _add(self, op, future, stat: str | None) -> None:
        self._ops.append((op, future, stat))
        if len(self._ops) >= self.size:
            self.flush()
        elif self._timer is None:
            from twisted.internet import reactor

            self._timer = reactor.callLater(self.delay, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            if self._timer.active():
                self._timer.cancel()
            self._timer = None
        ops, self._ops = self._ops, []
        if not ops:
            return
        stats = self.crawler.stats
        warc = _get_extension(self.crawler, WarcExtension)
        if warc is not None and warc.failed is None:
            try:
                warc.writer.sync()
            except (WarcWriteError, OSError) as exc:
                warc._fail(exc)
                self._fail_all(ops, exc)
                return
        results = []
        try:
            with self.corpus.batch():
                for op, future, stat in ops:
                    try:
                        results.append((future, stat, op(), None))
                    except Exception as exc:  # noqa: BLE001 - reported to its submitter
                        results.append((future, stat, None, exc))
        except Exception as exc:  # noqa: BLE001 - the commit itself failed
            self._fail_all(ops, exc)
            return
        stats.inc_value("corpus/batches")
        stats.inc_value("corpus/batched_writes", len(ops))
        for future, stat, result, exc in results:
            self._settle(future, stat, result, exc)

    def _fail_all(self, ops, exc: Exception) -> None:
        for _op, future, stat in ops:
            self._settle(future, stat, None, exc)

    def _settle(self, future, stat: str | None, result, exc: Exception | None) -> None:
        if future is not None:
            if not future.done():
                if exc is None:
                    future.set_result(result)
                else:
                    future.set_exception(exc)
            return
        if exc is None:
            if stat:
                self.crawler.stats.inc_value(stat)
            return
        self.crawler.stats.inc_value("corpus/write_errors")
        if is_disk_full(exc):
            stop_crawl(self.crawler, "disk_full", f"disk full committing to the corpus: {exc}")
        else:
            logger.error("corpus write failed: %r", exc)


def is_disk_full(exc: BaseException | None) -> bool:
    """ENOSPC from a write, or SQLITE_FULL from a commit (also behind a WarcWriteError)."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
            return True
        exc = exc.__cause__
    return False


def stop_crawl(crawler, reason: str, message: str) -> None:
    """Stop the crawl with a finish reason the crawl command turns into an exit status."""
    logger.error("%s; stopping the crawl", message)
    crawler.stats.inc_value(f"crawl/stopped/{reason}")
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason=reason))


def _outcome(kind: str, response: Response) -> str:
    if 300 <= response.status < 400:
        return "redirect"
    if response.status >= 400:
        return f"http_{response.status}"
    return kind


class StatusLine:
    """Log one line of progress every STATUS_INTERVAL seconds during long crawls."""

    def __init__(self, crawler) -> None:
        if not crawler.settings.getbool("STATUS_ENABLED"):
            raise NotConfigured("STATUS_ENABLED is off")
        self.interval = crawler.settings.getfloat("STATUS_INTERVAL")
        if self.interval <= 0:
            raise NotConfigured("STATUS_INTERVAL must be positive")
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> StatusLine:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self.loop = task.LoopingCall(self.log)
        self.loop.start(self.interval, now=False)

    def log(self) -> None:
        s = self.crawler.stats
        logger.info(
            "status: %d fetched, %d WARC records (%.1f MB), %d articles new, %d updated,"
            " %d not articles, %d robots-forbidden",
            s.get_value("downloader/response_count", 0),
            s.get_value("warc/records_written", 0),
            s.get_value("warc/bytes_written", 0) / 1e6,
            s.get_value("corpus/articles_inserted", 0),
            s.get_value("corpus/articles_updated", 0),
            s.get_value("extract/not_article", 0),
            s.get_value("robotstxt/forbidden", 0),
        )

    def spider_closed(self, spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
