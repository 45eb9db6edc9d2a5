"""The SQLite frontier as a Scrapy scheduler, and the spider middleware it needs.

Scrapy's JOBDIR does not survive kill -9 (measured here: a "successful"
resumed run stopped at 272 of 400 pages). This scheduler keeps every URL in
the corpus database instead (``schemas.frontier``): new URLs are queued
there, served from there in priority order, and marked done only once all
that came of them is committed: the article or capture, and the links found on
the page. A killed run resumes from the rows, and a scheduled run fetches only
what is new, due for a recrawl, or a discovery page (feed, sitemap, section),
with conditional requests wherever the server gave validators.

Requests are rebuilt from plain data (URL, spider method name, JSON meta):
nothing is pickled.
"""

from __future__ import annotations

import heapq
import itertools
import json
import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.core.scheduler import Scheduler as ScrapyScheduler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import task

from crawler import urls
from crawler.distributed.frontier import RedisFrontier
from crawler.extensions.cluster import ClusterWorker
from crawler.extensions.control import lookup
from crawler.extensions.corpus import CorpusExtension
from crawler.meta import (
    DISCOVERY_META,
    FEED_KIND,
    FRONTIER_KEY_META,
    KIND_META,
    PAGE_KIND,
    POLICY_META,
    REVISIT_META,
    SITEMAP_KIND,
    SOURCE_META,
    URL_META,
    WARC_META,
)
from crawler.options import recrawl_schedule
from schemas.frontier import EVERY_RUN, NO_REVISIT, SCHEDULE, Entry, Frontier, Outcome
from schemas.items import Page

logger = logging.getLogger(__name__)

_EVERY_RUN_KINDS = (FEED_KIND, SITEMAP_KIND)
_EVERY_RUN_OUTCOMES = ("listing_page",)


@dataclass
class _Settling:
    """What is known so far about one URL's fetch, until all of it is committed."""

    pages_expected: int | None = None  # set when the callback's output is consumed
    pages_done: int = 0
    response: Response | None = None
    outcome: str | None = None
    revisit: bool = False
    failed: bool = False
    status: int | None = None


@dataclass(order=True)
class _Queued:
    sort: tuple[int, int]
    request: Request = field(compare=False)


class FrontierScheduler:
    """A Scrapy scheduler over ``schemas.frontier.Frontier``."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.batch_size = max(1, settings.getint("FRONTIER_BATCH"))
        self.flush_interval = settings.getfloat("FRONTIER_FLUSH_INTERVAL")
        self.max_attempts = settings.getint("FRONTIER_MAX_ATTEMPTS")
        self.conditional = settings.getbool("FRONTIER_CONDITIONAL_REQUESTS")
        self.schedule = recrawl_schedule(settings)
        self.frontier: Frontier | RedisFrontier | None = None
        self.cluster: ClusterWorker | None = None
        self.spider = None
        self._memory: list[_Queued] = []  # retries and redirect hops of served requests
        self._counter = itertools.count()
        self._batch: list[Entry] = []
        self._maybe_more = True
        self._settling: dict[str, _Settling] = {}
        self._flusher: task.LoopingCall | None = None
        self._leases: task.LoopingCall | None = None
        self._held: set[str] = set()  # URL keys this worker holds a lease on (cluster)
        self._fetched: set[str] = set()  # ...of which the response is in (being stored)
        self.per_host_leases = 0
        self._next_look = 0.0  # monotonic time before which an empty queue is not asked again
        self._pending_cache: tuple[float, bool] = (0.0, True)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.item_done, signal=signals.item_scraped)
        crawler.signals.connect(self.item_done, signal=signals.item_dropped)
        crawler.signals.connect(self.item_done, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("FRONTIER_ENABLED"):
            logger.info("FRONTIER_ENABLED is off: Scrapy's memory scheduler, no resume")
            return ScrapyScheduler.from_crawler(crawler)
        if not crawler.settings.getbool("CORPUS_ENABLED"):
            raise NotConfigured("the frontier lives in CORPUS_DB: CORPUS_ENABLED must be on")
        return cls(crawler)

    # -- lifecycle -------------------------------------------------------------
    def open(self, spider) -> None:
        self.spider = spider
        corpus_ext = lookup(self.crawler, CorpusExtension)
        if corpus_ext is None:
            raise NotConfigured("the frontier needs crawler.extensions.corpus.CorpusExtension")
        self.cluster = lookup(self.crawler, ClusterWorker)
        if self.cluster is not None:
            settings = self.crawler.settings
            self.batch_size = max(1, settings.getint("FRONTIER_LEASE_BATCH"))
            # URLs of one host a worker holds at once: its turns at the host come one by
            # one, so more would only keep them from the other workers
            self.per_host_leases = 2 * max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
            self.frontier = RedisFrontier(
                self.cluster.client,
                crawl_id=self.cluster.run,
                schedule=self.schedule,
                worker=self.cluster.worker,
                max_attempts=self.max_attempts,
                lease_timeout=self.cluster.lease_timeout,
                prefix=self.cluster.prefix,
                before_flush=corpus_ext.batch.flush,
            )
            # leases renewed, and dead workers' leases reclaimed, well within the timeout
            self._leases = task.LoopingCall(self.tend_leases)
            self._leases.start(min(1.0, self.cluster.beat_interval), now=False)
        else:
            self.frontier = Frontier(
                corpus_ext.corpus.db,
                crawl_id=corpus_ext.crawl_id,
                schedule=self.schedule,
                max_attempts=self.max_attempts,
                before_flush=corpus_ext.batch.flush,
            )
        counts = self.frontier.begin_run()
        for name in ("resumed", "rescheduled", "due", "retried"):
            self.stats.set_value(f"frontier/{name}", counts[name])
        if counts["queued"]:
            logger.info(
                "frontier: %d URL(s) queued at start (%d resumed from an interrupted run,"
                " %d due for a recrawl, %d retried)",
                counts["queued"],
                counts["resumed"],
                counts["due"],
                counts["retried"],
            )
        if self.flush_interval > 0:
            self._flusher = task.LoopingCall(self.flush)
            self._flusher.start(self.flush_interval, now=False)

    def close(self, reason: str) -> None:
        if self._flusher is not None and self._flusher.running:
            self._flusher.stop()
        if self._leases is not None and self._leases.running:
            self._leases.stop()
        if self.frontier is None:
            return
        failed = self.frontier.end_run(finished=reason == "finished")
        if failed:
            self.stats.inc_value("frontier/never_completed", failed)
        for state, n in self.frontier.counts().items():
            self.stats.set_value(f"frontier/rows/{state}", n)

    def flush(self) -> None:
        if self.frontier is not None:
            written = self.frontier.flush()
            if written:
                self.stats.inc_value("frontier/writes", written)

    def tend_leases(self) -> None:
        """Cluster: keep this worker's leases, and put dead workers' back in the queue."""
        frontier = self.frontier
        if not isinstance(frontier, RedisFrontier):
            return
        try:
            frontier.flush()
            lost = frontier.renew(self._held)
            reclaimed = frontier.reclaim_expired()
        except Exception as exc:  # noqa: BLE001 - Redis away for a moment: next time
            self.stats.inc_value("frontier/lease_errors")
            logger.warning("leases not renewed: %r", exc)
            return
        if lost:
            # expired before this worker came back to them: another worker may fetch them
            self.stats.inc_value("frontier/leases_lost", len(lost))
            logger.warning("%d lease(s) expired before they were renewed", len(lost))
            self._held.difference_update(lost)
            self._fetched.difference_update(lost)
        if reclaimed:
            self.stats.inc_value("frontier/leases_reclaimed", reclaimed)
            self._maybe_more = True
            self._next_look = 0.0
            logger.info("%d URL(s) of a worker that stopped answering back in the queue", reclaimed)
        # Other workers queue URLs this engine hears nothing of: ask it to look (its own
        # heartbeat looks every 5 s).
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None and not self._batch:
            nextcall.schedule()

    # -- the scheduler interface ---------------------------------------------------
    def has_pending_requests(self) -> bool:
        if self._memory or self._batch:
            return True
        if not isinstance(self.frontier, RedisFrontier):
            return self._maybe_more
        if self._held:
            # this worker's own fetches may still find links (not ``_settling``: an item
            # finishing after its page was settled leaves an entry there for nothing)
            return True
        # Other workers' fetches may still find links, and a dead worker's leases come
        # back: the crawl is over only when nothing is queued or leased anywhere.
        when, pending = self._pending_cache
        now = time.monotonic()
        if now - when < 0.5:
            return pending
        counts = self.frontier.counts()
        draining = self.cluster is not None and self.cluster.draining
        pending = bool(counts.get("in_flight")) or (not draining and bool(counts.get("queued")))
        self._pending_cache = (now, pending)
        return pending

    def __len__(self) -> int:
        return len(self._memory) + len(self._batch) + (1 if self._maybe_more else 0)

    def enqueue_request(self, request: Request) -> bool:
        assert self.frontier is not None
        if FRONTIER_KEY_META in request.meta:
            return self._continue(request)
        entry = self._entry_for(request)
        if entry is None:
            self._push_memory(request)
            self.stats.inc_value("frontier/memory_only")
            return True
        known = self.frontier.state_of(entry.url_key)
        if known is None:
            if self.frontier.add(entry) is False:
                self.stats.inc_value("frontier/duplicate")  # another worker found it first
                return False
            self._maybe_more = True
            self._next_look = 0.0
            self.stats.inc_value("frontier/enqueued")
            return True
        state, crawl_id, next_eligible = known
        if crawl_id == self.frontier.crawl_id or state in ("queued", "in_flight"):
            self.stats.inc_value("frontier/duplicate")
            return False
        if state == "done" and next_eligible is not None and next_eligible <= time.time():
            if self.frontier.requeue(entry.url_key) is False:
                self.stats.inc_value("frontier/duplicate")
                return False
            self._maybe_more = True
            self._next_look = 0.0
            self.stats.inc_value("frontier/due")
            return True
        self.stats.inc_value("frontier/not_due" if state == "done" else "frontier/gave_up")
        return False

    def _continue(self, request: Request) -> bool:
        """A retry, or a redirect hop, of a request the frontier served."""
        assert self.frontier is not None
        key = request.meta[FRONTIER_KEY_META]
        target = urls.url_key(request.url)
        if target == key:
            self._push_memory(request)
            self.stats.inc_value("frontier/retried_in_run")
            return True
        # A redirect: the URL that redirected is done (its 3xx is archived); the
        # target is a URL of its own, fetched once however many URLs lead to it.
        reasons = request.meta.get("redirect_reasons") or []
        status = reasons[-1] if reasons and isinstance(reasons[-1], int) else None
        policy = request.meta.get(POLICY_META) or SCHEDULE
        self._settle(key, Outcome(status=status, policy=policy))
        known = self.frontier.state_of(target)
        if known is not None:
            state, crawl_id, next_eligible = known
            due = state == "done" and next_eligible is not None and next_eligible <= time.time()
            retry = state == "failed" and crawl_id != self.frontier.crawl_id
            if crawl_id == self.frontier.crawl_id or not (due or retry):
                self.stats.inc_value("frontier/redirect_to_known")
                return False
        entry = self._entry_for(request)
        if entry is None:
            self._push_memory(request)
            return True
        if self.frontier.add(entry, in_flight=True) is False:
            self.stats.inc_value("frontier/redirect_to_known")  # another worker has it
            return False
        self._held.add(target)
        request.meta[FRONTIER_KEY_META] = target
        self._push_memory(request)
        self.stats.inc_value("frontier/redirects_followed")
        return True

    def next_request(self) -> Request | None:
        if self._memory:
            return heapq.heappop(self._memory).request
        if isinstance(self.frontier, RedisFrontier):
            self._take_leases()
        elif not self._batch and self._maybe_more:
            assert self.frontier is not None
            self._batch = self.frontier.take(self.batch_size)
            self._batch.reverse()  # pop() from the end keeps priority order
            self._maybe_more = len(self._batch) >= self.batch_size
        while self._batch:
            entry = self._batch.pop()
            request = self._request_for(entry)
            if request is not None:
                self.stats.inc_value("frontier/served")
                return request
            if entry.url_key in self._held:
                # never fetched: its lease ends now, as a failure a later run retries
                self._settle(entry.url_key, Outcome(status=None, policy=NO_REVISIT, failed=True))
        return None

    def _take_leases(self) -> None:
        """Cluster: lease the next URLs, holding at most ``FRONTIER_LEASE_BATCH`` not yet
        done, so that every worker gets some; an empty queue is asked again after a short
        pause, not at every engine tick."""
        if self._batch or time.monotonic() < self._next_look:
            return
        if self.cluster is not None and self.cluster.draining:
            self._next_look = time.monotonic() + 1.0
            return
        assert isinstance(self.frontier, RedisFrontier)
        # Scrapy pulls requests into its downloader as fast as the scheduler gives them:
        # without a cap one worker would lease a small site whole while the others idle.
        # URLs fetched and being extracted and stored are held still (until they settle)
        # but no longer wait for their host: they do not count against the caps
        waiting = self._held - self._fetched
        room = self.batch_size - len(waiting)
        if room <= 0:
            return
        held = Counter(urlsplit(key).netloc for key in waiting)
        self._batch = self.frontier.take(room, per_host=self.per_host_leases, held=held)
        self._held.update(e.url_key for e in self._batch)
        self._batch.reverse()
        if not self._batch:
            self._next_look = time.monotonic() + 0.2

    # -- requests and rows -------------------------------------------------------
    def _push_memory(self, request: Request) -> None:
        heapq.heappush(self._memory, _Queued((-request.priority, next(self._counter)), request))

    def _entry_for(self, request: Request) -> Entry | None:
        """The plain-data form of a spider request, or None if it has none."""
        callback = request.callback
        name = getattr(callback, "__name__", None)
        if callback is None or getattr(callback, "__self__", None) is not self.spider:
            return None
        if request.method != "GET" or request.body:
            return None
        if request.errback is not None and request.errback != self.fetch_failed:
            return None
        # The spider's keys that describe the URL; the rest (download slots, retry counts,
        # redirect chains) belongs to one fetch.
        meta = {k: request.meta[k] for k in URL_META if k in request.meta}
        try:
            json.dumps(meta)
        except (TypeError, ValueError):
            return None
        kind = meta.get(KIND_META) or PAGE_KIND
        via = (meta.get(DISCOVERY_META) or {}).get("via")
        policy = EVERY_RUN if kind in _EVERY_RUN_KINDS or via == "start" else SCHEDULE
        return Entry(
            url_key=urls.url_key(request.url),
            url=request.url,
            callback=name,
            kind=kind,
            source=meta.get(SOURCE_META),
            meta=meta,
            priority=request.priority,
            policy=policy,
        )

    def _request_for(self, entry: Entry) -> Request | None:
        callback = getattr(self.spider, entry.callback, None)
        if callback is None:
            logger.error("frontier row %s names no spider method %r", entry.url, entry.callback)
            self.stats.inc_value("frontier/unknown_callback")
            return None
        meta = dict(entry.meta)
        meta[FRONTIER_KEY_META] = entry.url_key
        meta[POLICY_META] = entry.policy
        headers = {}
        if self.conditional and entry.fetch_count:
            if entry.etag:
                headers["If-None-Match"] = entry.etag
            if entry.last_modified:
                headers["If-Modified-Since"] = entry.last_modified
            if entry.record_id and entry.payload_digest:
                meta[REVISIT_META] = {
                    "record_id": entry.record_id,
                    "uri": entry.record_uri or entry.url,
                    "date": entry.record_date,
                    "payload_digest": entry.payload_digest,
                }
                # a 304 reaches the callback, which archives it as a revisit
                meta["handle_httpstatus_list"] = [304]
            if headers:
                self.stats.inc_value("frontier/conditional_requests")
        return Request(
            entry.url,
            callback=callback,
            errback=self.fetch_failed,
            priority=entry.priority,
            meta=meta,
            headers=headers or None,
            dont_filter=True,
        )

    # -- settling --------------------------------------------------------------------
    def _state(self, key: str) -> _Settling:
        return self._settling.setdefault(key, _Settling())

    def response_received(self, response: Response, request: Request, spider) -> None:
        """Cluster: the URL's fetch is over; what remains is storing it (and there is room
        to lease another at once: the pause after an empty take is for an empty queue,
        not for a host at its cap)."""
        key = request.meta.get(FRONTIER_KEY_META)
        if key is not None and key in self._held:
            self._fetched.add(key)
            self._next_look = 0.0

    def output_done(self, response: Response, pages: int) -> None:
        """The callback's output is consumed: every request it made is queued."""
        key = response.meta.get(FRONTIER_KEY_META)
        if key is None:
            return
        st = self._state(key)
        st.pages_expected = pages
        st.response = response
        st.status = response.status
        self._maybe_settle(key)

    def item_done(self, item: Any, **kwargs: Any) -> None:
        """A page's item has been through the pipelines: committed, or dropped (counted)."""
        if not isinstance(item, Page) or item.frontier_key is None:
            return
        st = self._state(item.frontier_key)
        st.pages_done += 1
        st.outcome = item.outcome
        st.revisit = st.revisit or item.revisit
        if not item.stored or item.outcome in ("extract_crashed", "extract_error"):
            st.failed = True  # not committed, or not judged: a later run fetches it again
        self._maybe_settle(item.frontier_key)

    def fetch_failed(self, failure) -> None:
        """Errback of every served request: an HTTP error status, a refusal, a network error."""
        request = failure.request
        key = request.meta.get(FRONTIER_KEY_META)
        exc = failure.value
        if isinstance(exc, HttpError):
            response = exc.response
            self.stats.inc_value(f"frontier/http_errors/{response.status}")
            if key is not None:
                st = self._state(key)
                st.response, st.status, st.pages_expected = response, response.status, 0
                self._maybe_settle(key)
            return
        if isinstance(exc, IgnoreRequest):
            self.stats.inc_value("frontier/refused")
            logger.debug("not fetched: %s (%s)", request.url, exc)
        else:
            name = type(exc).__name__
            self.stats.inc_value(f"frontier/fetch_errors/{name}")
            logger.warning("fetch failed after retries: %s (%s: %s)", request.url, name, exc)
        if key is not None and self.frontier is not None:
            # tried again by later runs, up to FRONTIER_MAX_ATTEMPTS
            self._next_look = 0.0
            self._settle(key, Outcome(status=None, policy=NO_REVISIT, failed=True))

    def _settle(self, key: str, outcome: Outcome) -> None:
        """The URL is done in this run: written to the frontier, and no longer held."""
        self._settling.pop(key, None)
        self._held.discard(key)
        self._fetched.discard(key)
        assert self.frontier is not None
        self.frontier.settle(key, outcome)

    def _maybe_settle(self, key: str) -> None:
        st = self._settling.get(key)
        if st is None or st.pages_expected is None or st.pages_done < st.pages_expected:
            return
        self._settle(key, self._outcome(st))
        self.stats.inc_value("frontier/settled")

    def _outcome(self, st: _Settling) -> Outcome:
        response = st.response
        assert response is not None
        policy = response.meta.get(POLICY_META) or SCHEDULE
        kind = response.meta.get(KIND_META)
        if kind in _EVERY_RUN_KINDS or st.outcome in _EVERY_RUN_OUTCOMES:
            policy = EVERY_RUN
        elif st.outcome == "article":
            policy = SCHEDULE
        capture = response.meta.get(WARC_META)
        fresh = capture is not None and not capture.refers_to and response.status == 200
        etag = last_modified = None
        if fresh:
            etag = _header(response, "ETag")
            last_modified = _header(response, "Last-Modified")
        return Outcome(
            status=st.status,
            policy=policy,
            etag=etag,
            last_modified=last_modified,
            payload_digest=capture.payload_digest if fresh else None,
            record_id=capture.warc_record_id if fresh else None,
            record_uri=capture.url if fresh else None,
            record_date=capture.fetched_at if fresh else None,
            failed=st.failed,
        )


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    if value is None:
        return None
    text = value.decode("latin-1").strip()
    return text or None


class FrontierMiddleware:
    """Tells the frontier when a callback's output has been fully consumed.

    Only then have all the links found on a page been queued, so only then may
    the page be marked done."""

    def __init__(self, crawler) -> None:
        if not crawler.settings.getbool("FRONTIER_ENABLED"):
            raise NotConfigured("FRONTIER_ENABLED is off")
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> FrontierMiddleware:
        return cls(crawler)

    def _scheduler(self) -> FrontierScheduler | None:
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        return scheduler if isinstance(scheduler, FrontierScheduler) else None

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        pages = 0
        key = response.meta.get(FRONTIER_KEY_META)
        for item in result:
            if isinstance(item, Page) and key is not None:
                item.frontier_key = key
                pages += 1
            yield item
        scheduler = self._scheduler()
        if scheduler is not None:
            scheduler.output_done(response, pages)

    async def process_spider_output_async(self, response: Response, result):
        pages = 0
        key = response.meta.get(FRONTIER_KEY_META)
        async for item in result:
            if isinstance(item, Page) and key is not None:
                item.frontier_key = key
                pages += 1
            yield item
        scheduler = self._scheduler()
        if scheduler is not None:
            scheduler.output_done(response, pages)

    def process_spider_exception(self, response: Response, exception: Exception):
        scheduler = self._scheduler()
        if scheduler is not None and not isinstance(exception, HttpError):
            # A bug in a callback: what was yielded before it stands; the page is done.
            scheduler.output_done(response, 0)
        return None
