"""The HTTP/1.1 download handler, keeping the server's own reason phrase.

Scrapy drops the reason phrase of the status line ("200 OK", "404 Not
Found"), but an archive should record the status line the server really sent.
Twisted keeps it on its response object, which Scrapy's agent sees only
privately, so this handler subclasses the agent to copy the phrase into
``request.meta["http_reason"]`` as the response arrives.

It is also the last place before a connection is opened, so it checks the
address the request is about to reach against the crawl's address policy
(``crawler.addresses``, ``crawler.network``): literal IPs here, host names through the resolver the
connection itself uses. And it keeps a host's robots.txt ``Crawl-delay``
(``crawler.middlewares.robots``) between one fetch's end and the next one's start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler, _ScrapyAgent
from scrapy.exceptions import ResponseDataLossError
from scrapy.http import Response
from scrapy.utils._download_handlers import get_dataloss_msg, wrap_twisted_exceptions
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

from crawler.distributed.hosts import Turn
from crawler.extensions.cluster import ClusterWorker, cluster_mode
from crawler.meta import CRAWL_DELAY_META, REASON_META
from crawler.middlewares.politeness import retry_after_seconds
from crawler.network import BlockedAddressError, FetchRefused, resolve_host
from crawler.options import address_policy

logger = logging.getLogger(__name__)


_TURN_ATTEMPTS = 60  # seconds a fetch waits for an unreachable Redis before it fails


class _ReasonAgent(_ScrapyAgent):
    def _cb_latency(self, result: Any, request: Request, start_time: float) -> Any:
        phrase = getattr(result, "phrase", None)
        if isinstance(phrase, bytes):
            request.meta[REASON_META] = phrase.decode("latin-1")
        elif isinstance(phrase, str):
            request.meta[REASON_META] = phrase
        return super()._cb_latency(result, request, start_time)


class HostPacer:
    """One fetch at a time per Crawl-delay host, ``delay`` seconds after the last one ended.

    Pacing from the moment a request is released is not enough: a busy reactor can
    hold a released request before it reaches the socket, and the next one, released on
    time, then follows it on the wire at once. (The hostile crawl once saw two requests
    50 ms apart under ``Crawl-delay: 1``, after a 3.4 s gap; a stall in the test server
    fits that too, so it is not proof.) The end of the previous fetch is the one moment
    known to be after its request was sent, so the gap the server sees is at least
    ``delay`` whatever the reactor does. Heritrix paces the same way (its delay runs
    from the end of a fetch). A Crawl-delay host gets one connection at a time, which
    the delay implied.
    """

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._last_end: dict[str, float] = {}

    @contextlib.asynccontextmanager
    async def turn(self, host: str, delay: float) -> AsyncIterator[float]:
        """Hold ``host`` for one fetch; yields the seconds waited."""
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._last_end.get(host, -1e9) + delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield max(0.0, wait)
            finally:
                self._last_end[host] = time.monotonic()


class ReasonPhraseDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with the reason phrase recorded."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._policy = address_policy(crawler.settings)
        self._pacer = HostPacer()
        settings = crawler.settings
        # A worker of a cluster takes each fetch's turn at its host from Redis: one delay
        # and one concurrency limit per host for all workers (crawler.distributed.hosts).
        self._member = ClusterWorker.of(crawler) if cluster_mode(settings) else None
        self._delay = max(0.0, settings.getfloat("DOWNLOAD_DELAY"))
        self._per_host = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        # A Retry-After holds the host for every worker from the moment the answer is in
        # (crawler.middlewares.politeness also holds it, for 5xx back-off and ban pages).
        self._retry_codes: set[int] = set()
        if settings.getbool("RETRY_AFTER_ENABLED"):
            self._retry_codes = {int(c) for c in settings.getlist("RETRY_AFTER_HTTP_CODES")}
        self._retry_cap = settings.getfloat("RETRY_AFTER_MAX")

    async def _check_address(self, request: Request) -> None:
        """Refuse to connect to a blocked address (every connection passes here)."""
        host = urlparse_cached(request).hostname or ""
        try:
            address = await resolve_host(host)
        except BlockedAddressError as exc:
            raise FetchRefused("blocked_address", str(exc)) from exc
        except Exception:  # noqa: BLE001 - the connection attempt reports DNS failures itself
            return
        if self._policy is not None and self._policy.blocked(address):
            if self._crawler is not None:
                self._crawler.stats.inc_value("security/blocked_address")
            raise FetchRefused("blocked_address", f"{host} is {address}: not connecting")

    async def download_request(self, request: Request) -> Response:
        if self._policy is not None:
            await self._check_address(request)
        delay = request.meta.get(CRAWL_DELAY_META)
        if self._member is not None:
            wanted = max(self._delay, float(delay or 0), self._slot_delay(request))
            return await self._download_in_turn(request, wanted)
        if not delay:
            return await self._download(request)
        async with self._pacer.turn(urlparse_cached(request).netloc, float(delay)) as waited:
            if waited > 0 and self._crawler is not None:
                self._crawler.stats.inc_value("robotstxt/crawl_delay_waits")
            return await self._download(request)

    def _slot_delay(self, request: Request) -> float:
        """This worker's download slot delay for the request: AutoThrottle's, when it
        has slowed the host down; the cluster's turns then keep at least that spacing."""
        engine = getattr(self._crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        if downloader is None:
            return 0.0
        slot = downloader.slots.get(downloader.get_slot_key(request))
        return float(getattr(slot, "delay", 0.0) or 0.0)

    async def _download_in_turn(self, request: Request, delay: float) -> Response:
        """The fetch in its turn at the host, shared by the cluster's workers."""
        assert self._member is not None
        gate, stats = self._member.gate, self._crawler.stats if self._crawler else None
        host = urlparse_cached(request).netloc
        waited = 0.0
        errors = 0
        while True:
            try:
                turn = gate.try_take(host, delay, self._per_host)
            except Exception:
                # Redis away for a moment: wait for it rather than fetch out of turn
                errors += 1
                if stats is not None:
                    stats.inc_value("cluster/host_turn_errors")
                if errors >= _TURN_ATTEMPTS:
                    raise
                await asyncio.sleep(1.0)
                continue
            if isinstance(turn, Turn):
                break
            waited += turn
            await asyncio.sleep(turn)
        if stats is not None:
            stats.inc_value("cluster/host_turns")
            if waited:
                stats.inc_value("cluster/host_waits")
        hold = 0.0
        try:
            response = await self._download(request)
            if response.status in self._retry_codes:
                hold = min(
                    retry_after_seconds(response.headers.get("Retry-After")) or 0.0, self._retry_cap
                )
            return response
        finally:
            try:
                gate.done(turn, hold)
            except Exception as exc:  # noqa: BLE001 - the turn lapses on its own
                logger.warning("turn at %s not given back: %r", host, exc)
                if stats is not None:
                    stats.inc_value("cluster/host_turn_errors")

    async def _download(self, request: Request) -> Response:
        agent = _ReasonAgent(
            contextFactory=self._contextFactory,
            bindAddress=self._bind_address,
            pool=self._pool,
            maxsize=self._default_maxsize,
            warnsize=self._default_warnsize,
            fail_on_dataloss=self._fail_on_dataloss,
            crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        try:
            with wrap_twisted_exceptions():
                return await maybe_deferred_to_future(agent.download_request(request))
        except ResponseDataLossError:
            if not self._fail_on_dataloss_warned:
                self._fail_on_dataloss_warned = True
                logger.warning(get_dataloss_msg(request.url))
            raise
