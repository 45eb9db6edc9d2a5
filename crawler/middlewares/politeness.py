"""Retry-After, honoured: a host that says "come back in N seconds" is not asked sooner.

Scrapy's RetryMiddleware retries a 429 or 503 at once (three retries within
10 ms were seen here). This middleware reads ``Retry-After`` (seconds or an
HTTP date) on those answers and holds every later request to that host until
then, capped by ``RETRY_AFTER_MAX`` so that one server cannot stall a run.

A 5xx without Retry-After backs the host off exponentially
(``RETRY_AFTER_BACKOFF_BASE`` seconds, doubled per consecutive 5xx, capped by
``RETRY_AFTER_MAX``), and a ban or captcha page answered with 200 holds the
host for ``RETRY_AFTER_BAN_HOLD`` seconds: the server is saying "too fast"
either way. All waits run on the monotonic clock, so a wall-clock jump (DST,
NTP) neither shortens nor stretches them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
from collections import Counter
from email.utils import parsedate_to_datetime

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

from crawler.extensions.cluster import ClusterWorker, cluster_mode

logger = logging.getLogger(__name__)

_BAN_TITLE = re.compile(
    rb"<title[^>]*>[^<]*(access denied|captcha|are you a (robot|human)|attention required"
    rb"|request blocked|verify you are human|unusual traffic)",
    re.IGNORECASE,
)


def looks_like_ban_page(body: bytes) -> bool:
    """A small page whose title says the server refuses us (captcha, access denied)."""
    return len(body) < 64 * 1024 and bool(_BAN_TITLE.search(body[:16384]))


def retry_after_seconds(value: str | bytes | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


class RetryAfterMiddleware:
    """Hold requests to a host until the time its last 429/503 asked for."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("RETRY_AFTER_ENABLED"):
            raise NotConfigured("RETRY_AFTER_ENABLED is off")
        self.cap = settings.getfloat("RETRY_AFTER_MAX")
        self.statuses = {int(s) for s in settings.getlist("RETRY_AFTER_HTTP_CODES")}
        self.stats = crawler.stats
        self.backoff_base = settings.getfloat("RETRY_AFTER_BACKOFF_BASE", 1.0)
        self.ban_hold = settings.getfloat("RETRY_AFTER_BAN_HOLD", 60.0)
        self._not_before: dict[str, float] = {}
        self._errors: Counter[str] = Counter()
        # In a cluster a hold is every worker's (crawler.distributed.hosts.HostGate.hold).
        self._member = ClusterWorker.of(crawler) if cluster_mode(settings) else None

    @classmethod
    def from_crawler(cls, crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).netloc
        wait = self._not_before.get(host, 0.0) - time.monotonic()
        if wait > 0:
            self.stats.inc_value("politeness/retry_after_waits")
            await asyncio.sleep(wait)
        return None

    def _hold(self, host: str, seconds: float) -> None:
        until = time.monotonic() + min(seconds, self.cap)
        self._not_before[host] = max(self._not_before.get(host, 0.0), until)
        if self._member is not None:
            try:
                self._member.gate.hold(host, min(seconds, self.cap))
                self.stats.inc_value("cluster/host_holds")
            except Exception as exc:  # noqa: BLE001 - this worker holds the host all the same
                logger.warning("hold of %s not shared with the cluster: %r", host, exc)

    def process_response(self, request: Request, response: Response) -> Response:
        host = urlparse_cached(request).netloc
        seconds = None
        if response.status in self.statuses:
            seconds = retry_after_seconds(response.headers.get("Retry-After"))
        if response.status >= 500 and not seconds and self.backoff_base > 0:
            self._errors[host] += 1
            wait = self.backoff_base * 2 ** (self._errors[host] - 1)
            self._hold(host, wait)
            self.stats.inc_value("politeness/backoff")
            logger.info("%s answered %d: holding it %.1f s", host, response.status, wait)
        elif response.status < 500:
            self._errors.pop(host, None)
        if response.status == 200 and self.ban_hold > 0 and looks_like_ban_page(response.body):
            self._hold(host, self.ban_hold)
            self.stats.inc_value("politeness/ban_pages")
            logger.warning("%s served a ban page: holding it %.0f s", host, self.ban_hold)
        if response.status in self.statuses and seconds:
            capped = min(seconds, self.cap)
            if capped < seconds:
                self.stats.inc_value("politeness/retry_after_capped")
            self._hold(host, capped)
            self.stats.inc_value("politeness/retry_after_seen")
            logger.info(
                "%s asked to wait %.0f s (Retry-After); waiting %.0f s", host, seconds, capped
            )
        return response
