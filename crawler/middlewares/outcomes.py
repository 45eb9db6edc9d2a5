"""A download that fails for good, as one counted reason (``FETCH_*``).

A download that fails after its retries (data loss, broken chunking, timeout, DNS,
refused, too large) is one warning and a ``fetch/failed/<reason>`` count instead of an
ERROR with a traceback; a host that fails ``FETCH_HOST_MAX_FAILURES`` times in a row is
given up for the run (``fetch/failed/host_down``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotConfigured,
    ResponseDataLossError,
)
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import DNSLookupError

from crawler.network import BlockedAddressError, FetchRefused
from crawler.terminal import shorten

logger = logging.getLogger(__name__)

_CONNECTION_REASONS = ("dns", "refused", "timeout", "blocked_address")


def failure_reason(exc: BaseException) -> str:
    """A short reason for a failed download (dataloss, timeout, dns, refused, ...)."""
    if isinstance(exc, FetchRefused):
        return exc.reason
    if isinstance(exc, BlockedAddressError) or isinstance(exc.__cause__, BlockedAddressError):
        return "blocked_address"
    if isinstance(exc, ResponseDataLossError):
        return "dataloss"
    if isinstance(exc, DownloadTimeoutError | TimeoutError):
        return "timeout"
    if isinstance(exc, CannotResolveHostError | DNSLookupError):
        return "dns"
    if isinstance(exc, DownloadConnectionRefusedError | ConnectionRefusedError):
        return "refused"
    if isinstance(exc, DownloadCancelledError):
        # Scrapy cancels a download only when it passes DOWNLOAD_MAXSIZE (its message
        # says so, or is empty when the size was only known while streaming).
        return "too_large"
    if isinstance(exc, DownloadFailedError):
        text = str(exc)
        if re.search(r"DataLoss|ConnectionLost|ConnectionDone|PotentialDataLoss", text):
            return "dataloss"
        return "protocol_error"
    name = type(exc).__name__
    if "Timeout" in name:
        return "timeout"
    return "error"


class FetchOutcomeMiddleware:
    """Turn a download that failed for good into one counted, logged reason.

    Registered below RetryMiddleware (it sees what is left after the retries),
    it raises IgnoreRequest so Scrapy does not log an ERROR with a traceback
    for what is an ordinary outcome of crawling the web.
    """

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("FETCH_OUTCOME_ENABLED", True):
            raise NotConfigured("FETCH_OUTCOME_ENABLED is off")
        self.stats = crawler.stats
        self.max_failures = settings.getint("FETCH_HOST_MAX_FAILURES", 5)
        self._failures: Counter[str] = Counter()
        self.outcomes: list[tuple[str, str]] = []  # (url, reason), for the run's report

    @classmethod
    def from_crawler(cls, crawler) -> FetchOutcomeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).netloc
        if self.max_failures and self._failures[host] >= self.max_failures:
            self.stats.inc_value("fetch/failed/host_down")
            self.outcomes.append((request.url, "host_down"))
            raise FetchRefused("host_down", f"{host} failed {self._failures[host]} times in a row")
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        self._failures.pop(urlparse_cached(request).netloc, None)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest) and not isinstance(exception, FetchRefused):
            return None  # robots.txt, offsite, max redirects: counted where they happen
        reason = failure_reason(exception)
        if reason == "host_down":
            raise exception
        self.outcomes.append((request.url, reason))
        self.stats.inc_value(f"fetch/failed/{reason}")
        if reason in _CONNECTION_REASONS:
            self._failures[urlparse_cached(request).netloc] += 1
        if not isinstance(exception, FetchRefused):
            logger.warning("not fetched (%s): %s: %s", reason, shorten(request.url), exception)
        raise FetchRefused(reason, f"{reason}: {request.url}") from exception
