"""Retry-After, honoured: a host that says "come back in N seconds" is not asked sooner.

Scrapy's RetryMiddleware retries a 429 or 503 at once (three retries within
10 ms were seen here). This middleware reads ``Retry-After`` (seconds or an
HTTP date) on those answers and holds every later request to that host until
then, capped by ``RETRY_AFTER_MAX`` so that one server cannot stall a run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from email.utils import parsedate_to_datetime

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)


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
        self._not_before: dict[str, float] = {}

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

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in self.statuses:
            seconds = retry_after_seconds(response.headers.get("Retry-After"))
            if seconds:
                capped = min(seconds, self.cap)
                if capped < seconds:
                    self.stats.inc_value("politeness/retry_after_capped")
                host = urlparse_cached(request).netloc
                until = time.monotonic() + capped
                self._not_before[host] = max(self._not_before.get(host, 0.0), until)
                self.stats.inc_value("politeness/retry_after_seen")
                logger.info(
                    "%s asked to wait %.0f s (Retry-After); waiting %.0f s", host, seconds, capped
                )
        return response
