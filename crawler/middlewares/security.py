"""What a hostile server must never make the crawler do.

``SecurityMiddleware`` (``SECURITY_*``): only http and https are fetched, no URL longer
than ``SECURITY_MAX_URL_LENGTH``, no more than ``SECURITY_MAX_SITEMAPS_PER_HOST`` sitemaps
of one host, and no connection to a private, loopback, link-local or metadata address
unless ``SECURITY_ALLOWED_NETWORKS`` lists it (tests and intranet users allow 127.0.0.1
there). The address is checked on the resolved IP before the request is sent, again by
the download handler just before it connects, and by ``crawler.network.SafeResolver`` for
every lookup the connection itself makes, so a DNS answer that changes between the check
and the connection (rebinding) is caught too.

``RedirectGuardMiddleware`` (``SECURITY_*``): a redirect to another scheme, to a host
outside the crawl's sources, back to a URL already visited in the chain, or past
``REDIRECT_MAX_TIMES`` ends there, and its reason is sent as a ``fetch_outcome`` signal
for the archived 3xx's capture row.

The decisions themselves (``crawler.addresses``) are plain functions that tests call
directly; each refusal is counted as ``security/<reason>``.
"""

from __future__ import annotations

import logging
from collections import Counter
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

from crawler.addresses import ALLOWED_SCHEMES, allowed_scheme
from crawler.meta import KIND_META, ROBOTS_KIND, SITEMAP_KIND
from crawler.network import BlockedAddressError, FetchRefused, resolve_host
from crawler.options import address_policy
from crawler.signals import fetch_outcome
from crawler.terminal import shorten

logger = logging.getLogger(__name__)

DEFAULT_MAX_URL_LENGTH = 8192
DEFAULT_MAX_SITEMAPS_PER_HOST = 50


class SecurityMiddleware:
    """Refuse non-http(s) URLs, over-long URLs and blocked addresses before any byte is sent."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        self.policy = address_policy(settings)
        if self.policy is None:
            raise NotConfigured("SECURITY_ENABLED is off: private addresses are not blocked")
        self.crawler = crawler
        self.stats = crawler.stats
        self.schemes = tuple(s.lower() for s in settings.getlist("SECURITY_ALLOWED_SCHEMES"))
        self.schemes = self.schemes or ALLOWED_SCHEMES
        self.max_url = settings.getint("SECURITY_MAX_URL_LENGTH", DEFAULT_MAX_URL_LENGTH)
        # Sitemap indexes can point at each other forever (generated indexes); the
        # dupefilter stops cycles, this stops chains that never repeat a URL.
        self.max_sitemaps = settings.getint(
            "SECURITY_MAX_SITEMAPS_PER_HOST", DEFAULT_MAX_SITEMAPS_PER_HOST
        )
        self._sitemaps: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler) -> SecurityMiddleware:
        return cls(crawler)

    def _refuse(self, request: Request, reason: str, why: str) -> FetchRefused:
        self.stats.inc_value(f"security/{reason}")
        logger.warning("refused %s: %s", shorten(request.url), why)
        return FetchRefused(reason, f"{reason}: {why}")

    async def process_request(self, request: Request) -> None:
        if not allowed_scheme(request.url, self.schemes):
            raise self._refuse(request, "blocked_scheme", "scheme not in SECURITY_ALLOWED_SCHEMES")
        if len(request.url) > self.max_url:
            raise self._refuse(
                request, "bad_url", f"URL of {len(request.url)} characters > {self.max_url}"
            )
        if request.meta.get(KIND_META) == SITEMAP_KIND and self.max_sitemaps:
            netloc = urlparse_cached(request).netloc
            self._sitemaps[netloc] += 1
            if self._sitemaps[netloc] > self.max_sitemaps:
                raise self._refuse(
                    request, "sitemap_budget", f"more than {self.max_sitemaps} sitemaps on {netloc}"
                )
        host = urlparse_cached(request).hostname or ""
        try:
            address = await resolve_host(host)
        except BlockedAddressError as exc:
            raise self._refuse(request, "blocked_address", str(exc)) from exc
        except Exception:  # noqa: BLE001 - let the download fail and be classified as dns
            return None
        if self.policy.blocked(address):
            raise self._refuse(request, "blocked_address", f"{host} is {address}")
        return None


class RedirectGuardMiddleware:
    """Stop redirects that leave http(s), the sources' hosts, loop, or run too long.

    It sits before Scrapy's RedirectMiddleware on the way back (priority above
    600), so it sees the archived 3xx first and can say why the chain ends.
    """

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if address_policy(settings) is None:
            raise NotConfigured("SECURITY_ENABLED is off")
        self.crawler = crawler
        self.stats = crawler.stats
        self.schemes = tuple(s.lower() for s in settings.getlist("SECURITY_ALLOWED_SCHEMES"))
        self.schemes = self.schemes or ALLOWED_SCHEMES
        self.max_times = settings.getint("REDIRECT_MAX_TIMES")

    @classmethod
    def from_crawler(cls, crawler) -> RedirectGuardMiddleware:
        return cls(crawler)

    def _in_scope(self, url: str) -> bool:
        sources = getattr(self.crawler.spider, "sources", None)
        if not sources:
            return True
        return any(src.in_scope(url) for src in sources)

    def _stop(self, request: Request, reason: str, target: str) -> IgnoreRequest:
        self.stats.inc_value(f"security/redirect/{reason}")
        self.crawler.signals.send_catch_log(signal=fetch_outcome, request=request, outcome=reason)
        logger.info("redirect not followed (%s): %s -> %s", reason, request.url, shorten(target))
        return FetchRefused(reason, f"{reason}: {request.url} -> {shorten(target)}")

    def process_response(self, request: Request, response: Response) -> Response:
        if not 300 <= response.status < 400 or request.meta.get("dont_redirect"):
            return response
        location = response.headers.get("Location")
        if not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        if not allowed_scheme(target, self.schemes):
            raise self._stop(request, "blocked_scheme", target)
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise self._stop(request, "redirect_loop", target)
        ttl = request.meta.get("redirect_ttl", self.max_times)
        if not ttl or request.meta.get("redirect_times", 0) + 1 > self.max_times:
            raise self._stop(request, "too_many_redirects", target)
        kind = request.meta.get(KIND_META)
        if kind != ROBOTS_KIND and not self._in_scope(target):
            raise self._stop(request, "offsite_redirect", target)
        return response
