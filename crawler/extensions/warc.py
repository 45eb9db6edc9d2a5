"""The WARC archive of every downloaded response (``WARC_*``).

Archives on ``response_downloaded``: it sees every response the downloader gets
(robots.txt, redirect hops, errors, retries), with the body as the server sent it,
before HttpCompressionMiddleware. It writes the records, puts the capture on the request
(``meta.WARC_META``) and announces it (``signals.capture_archived``); it writes no row
itself: the corpus extension does. A failed write stops the crawl.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from archive.captures import capture_of
from archive.runlock import warc_dir_lock
from archive.warc import (
    IDENTICAL_PAYLOAD_DIGEST,
    SERVER_NOT_MODIFIED,
    RecordLocation,
    Revisit,
    WarcFileInfo,
    WarcWriteError,
    WarcWriter,
    payload_digest,
    repair_open_files,
    warc_date_of,
)
from crawler.distributed.cluster import worker_warc_prefix
from crawler.exits import is_disk_full
from crawler.extensions.cluster import ClusterWorker, cluster_mode
from crawler.extensions.control import stop_crawl
from crawler.meta import REVISIT_META, SAME_BODY_META, WARC_META
from crawler.pages import exchange_from
from crawler.signals import capture_archived
from crawler.versions import package_version, project_version
from schemas.items import Capture

logger = logging.getLogger(__name__)

RECENT_DIGESTS = 4096  # uncommitted bodies remembered for same-body revisits

#: Looks up a body already archived from another URL: (digest, url) -> record or None.
PayloadIndex = Callable[[str, str], dict[str, Any] | None]


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
        # A worker of a cluster names its files after itself, and locks and repairs only
        # those: workers may share one WARC_DIR (a shared mount).
        prefix = settings.get("WARC_PREFIX")
        owner = None
        if cluster_mode(settings):
            owner = prefix = worker_warc_prefix(prefix, ClusterWorker.of(crawler).worker)
        # Held for the run: repairing .open files is only safe when no other run writes them.
        self.lock = None
        if not os.path.exists(self.directory) or os.path.isdir(self.directory):
            self.lock = warc_dir_lock(self.directory, owner).acquire()
        for report in repair_open_files(self.directory, prefix=owner):
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
            f" warcio {package_version('warcio')})",
            operator=settings.get("WARC_OPERATOR") or "",
            robots=robots,
            extra={"http-header-user-agent": settings.get("USER_AGENT") or ""},
        )
        self.writer = WarcWriter(
            self.directory,
            info=self.info,
            prefix=prefix,
            max_bytes=settings.getint("WARC_MAX_BYTES"),
            gzip_level=settings.getint("WARC_GZIP_LEVEL"),
            compressor=settings.get("WARC_COMPRESSOR") or "isal",
            fsync=settings.getbool("WARC_FSYNC"),
            # With batched commits the batch syncs the records before its commit.
            sync_each=not settings.getbool("CORPUS_ENABLED")
            or settings.getint("CORPUS_BATCH_SIZE") <= 1,
        )
        self.failed: Exception | None = None
        #: Set by the component that closes the files itself, in its own order (the
        #: corpus: its last rows must commit after a sync, before the files close).
        self.closed_by: object | None = None
        #: Bodies committed by earlier runs (or this one's batches), set by the corpus.
        self.payload_index: PayloadIndex | None = None
        #: In a cluster: claims a body for a URL as it is archived; returns the other URL
        #: that claimed it first, if one did (set by the corpus extension).
        self.payload_claim: Callable[[str, str], str | None] | None = None
        # Bodies at least this large already archived from another URL become revisits.
        self.dedupe_min_bytes = (
            settings.getint("WARC_DEDUPE_MIN_BYTES") if settings.getbool("WARC_DEDUPE") else 0
        )
        # This run's bodies not yet committed, by digest: bounded, oldest forgotten first.
        self._recent: OrderedDict[str, dict[str, str]] = OrderedDict()
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)
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
        exchange = exchange_from(request, response, dt.datetime.now(dt.UTC))
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
            self.fail(exc)
            return
        self.stats.inc_value("warc/records_written", 2)
        self.stats.set_value("warc/bytes_written", self.writer.bytes_written)
        self.stats.inc_value(f"warc/responses/{response.status // 100}xx")
        assert location.head is not None
        capture = capture_of(location.head, location.response, location.request.record_id)
        if revisit is None and self.dedupe_min_bytes and response.status == 200:
            self._remember(capture)
            if self.payload_claim is not None and digest is not None:
                self._claim(request, response, digest)
        if revisit is not None:
            # A 304's record names no payload: the body it stands for is the original's.
            capture.payload_digest = revisit.payload_digest
            profile = "not_modified" if response.status == 304 else "identical_payload"
            self.stats.inc_value(f"warc/revisit_records/{profile}")
        request.meta[WARC_META] = capture
        self.crawler.signals.send_catch_log(
            signal=capture_archived, capture=capture, request=request, response=response
        )

    def write_conversion(self, capture: Capture, text: str, headers: dict[str, str]) -> str | None:
        """An article's text as a WARC conversion record of its response record; returns
        the record id, or None once the archive has failed. A failed write stops the crawl
        and raises ``WarcWriteError``."""
        if self.failed is not None:
            return None
        try:
            location = self.writer.write_resource(
                "conversion",
                capture.url,
                text.encode("utf-8"),
                "text/plain; charset=utf-8",
                headers,
            )
        except (OSError, WarcWriteError) as exc:
            self.fail(exc)
            raise WarcWriteError(f"conversion record not written: {exc}") from exc
        self.stats.inc_value("warc/records_written")
        self.stats.inc_value("warc/conversion_records")
        return location.record_id

    def write_metadata(self, uri: str, payload: bytes, headers: dict[str, str]) -> RecordLocation:
        """A metadata record (a site's template profile, JSON); where it landed. A failed
        write stops the crawl and raises ``WarcWriteError``."""
        if self.failed is not None:
            raise WarcWriteError("the archive has failed: no metadata record written")
        try:
            location = self.writer.write_resource(
                "metadata", uri, payload, "application/json", headers
            )
        except (OSError, WarcWriteError) as exc:
            self.fail(exc)
            raise WarcWriteError(f"metadata record not written: {exc}") from exc
        self.stats.inc_value("warc/records_written")
        self.stats.inc_value("warc/metadata_records")
        return location

    def sync(self) -> None:
        """Make every record written so far durable, before any row points at it. A
        failed sync stops the crawl and raises; after a failure there is nothing to sync."""
        if self.failed is not None:
            return
        try:
            self.writer.sync()
        except (WarcWriteError, OSError) as exc:
            self.fail(exc)
            raise

    def _same_body_elsewhere(self, response: Response, digest: str) -> Revisit | None:
        """The same bytes already archived from another URL (B52: print and mobile copies).

        Bodies under WARC_DEDUPE_MIN_BYTES are never looked up: empty and tiny bodies
        are the same everywhere, and cheap to keep."""
        original = self._recent.get(digest)
        if original is not None and original["uri"] == response.url:
            original = None  # the same URL: the frontier decides what a refetch is
        if original is None and self.payload_index is not None:
            original = self.payload_index(digest, response.url)
        if original is None:
            return None
        self.stats.inc_value("warc/revisit_records/same_body_other_url")
        return revisit_of(original, response, digest)

    def _claim(self, request: Request, response: Response, digest: str) -> None:
        """Cluster: the same body archived by another worker from another URL moments
        ago (not yet handed over, so not a revisit's original): this copy is kept whole,
        and the page is not read again, as a single crawl's revisit would not be."""
        assert self.payload_claim is not None
        try:
            other = self.payload_claim(digest, response.url)
        except Exception as exc:  # noqa: BLE001 - the page is then read as any other
            logger.warning("body of %s not claimed: %r", response.url, exc)
            return
        if other is not None:
            request.meta[SAME_BODY_META] = other
            self.stats.inc_value("warc/same_body_other_worker")

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

    def fail(self, exc: Exception) -> None:
        """The archive cannot be written: count it and stop the crawl (an archiver that
        silently drops records is worse than one that stops)."""
        self.failed = exc
        self.stats.inc_value("warc/write_errors")
        if is_disk_full(exc):
            stop_crawl(self.crawler, "disk_full", f"disk full writing the archive: {exc}")
        else:
            stop_crawl(self.crawler, "warc_write_failed", f"archive write failed: {exc}")

    def spider_closed(self, spider, reason: str) -> None:
        if self.closed_by is None:
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
