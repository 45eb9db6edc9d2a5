"""The HTTP/1.1 download handler, keeping the server's own reason phrase.

Scrapy drops the reason phrase of the status line ("200 OK", "404 Not
Found"), but an archive should record the status line the server really sent.
Twisted keeps it on its response object, which Scrapy's agent sees only
privately, so this handler subclasses the agent to copy the phrase into
``request.meta["http_reason"]`` as the response arrives.

It is also the last place before a connection is opened, so it checks the
address the request is about to reach against the crawl's address policy
(``crawler.security``): literal IPs here, host names through the resolver the
connection itself uses. And it keeps a host's robots.txt ``Crawl-delay``
(``crawler.robots``) between the moments requests are really sent.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler, _ScrapyAgent
from scrapy.exceptions import ResponseDataLossError
from scrapy.http import Response
from scrapy.utils._download_handlers import get_dataloss_msg, wrap_twisted_exceptions
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

REASON_META = "http_reason"


class _ReasonAgent(_ScrapyAgent):
    def _cb_latency(self, result: Any, request: Request, start_time: float) -> Any:
        phrase = getattr(result, "phrase", None)
        if isinstance(phrase, bytes):
            request.meta[REASON_META] = phrase.decode("latin-1")
        elif isinstance(phrase, str):
            request.meta[REASON_META] = phrase
        return super()._cb_latency(result, request, start_time)


class ReasonPhraseDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with the reason phrase recorded."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        from crawler.security import policy_from_settings

        self._policy = policy_from_settings(crawler.settings)
        self._pace_locks: dict[str, asyncio.Lock] = {}
        self._last_sent: dict[str, float] = {}

    async def _pace(self, request: Request, delay: float) -> None:
        """Keep a host's requests ``delay`` seconds apart at the moment they are sent.

        One lock per host, and the time recorded is when the wait really ended, so
        a busy reactor that wakes a request late cannot squeeze the next one in.
        """
        netloc = urlparse_cached(request).netloc
        lock = self._pace_locks.setdefault(netloc, asyncio.Lock())
        async with lock:
            wait = self._last_sent.get(netloc, -1e9) + delay - time.monotonic()
            if wait > 0:
                if self._crawler is not None:
                    self._crawler.stats.inc_value("robotstxt/crawl_delay_waits")
                await asyncio.sleep(wait)
            self._last_sent[netloc] = time.monotonic()

    async def _check_address(self, request: Request) -> None:
        """Refuse to connect to a blocked address (every connection passes here)."""
        from crawler.security import BlockedAddressError, FetchRefused, resolve_host

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
        from crawler.robots import CRAWL_DELAY_META

        if self._policy is not None:
            await self._check_address(request)
        delay = request.meta.get(CRAWL_DELAY_META)
        if delay:
            await self._pace(request, float(delay))
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
                import logging

                logging.getLogger(__name__).warning(get_dataloss_msg(request.url))
            raise
