"""What a hostile server must never make the crawler do, and the reason when it stops.

Four downloader middlewares and a DNS resolver, each switched off with its own
``PREFIX_ENABLED`` and counting every refusal as ``component/reason``:

- ``SecurityMiddleware`` (``SECURITY_*``): only http and https are fetched, no
  URL longer than ``SECURITY_MAX_URL_LENGTH``, and no connection to a private,
  loopback, link-local or metadata address unless ``SECURITY_ALLOWED_NETWORKS``
  lists it (tests and intranet users allow 127.0.0.1 there). The address is
  checked on the resolved IP before the request is sent, again by the download
  handler just before it connects, and by ``SafeResolver`` for every lookup the
  connection itself makes, so a DNS answer that changes between the check and
  the connection (rebinding) is caught too.
- ``RedirectGuardMiddleware`` (``SECURITY_*``): a redirect to another scheme, to
  a host outside the crawl's sources, back to a URL already visited in the
  chain, or past ``REDIRECT_MAX_TIMES`` ends there, with its reason on the
  archived 3xx capture.
- ``ContentDecodingMiddleware`` (``DECODE_*``): every Content-Encoding layer is
  undone with one bound (``DOWNLOAD_MAXSIZE``), so bombs of any layer, stacked
  encodings, a body that is not what its encoding says, and unknown encodings
  end as an archived response with a reason, never as compressed bytes fed to
  the extractor.
- ``FetchOutcomeMiddleware`` (``FETCH_*``): a download that fails after its
  retries (data loss, broken chunking, timeout, DNS, refused, too large) is one
  warning and a ``fetch/failed/<reason>`` count instead of an ERROR with a
  traceback; a host that fails ``FETCH_HOST_MAX_FAILURES`` times in a row is
  given up for the run (``fetch/failed/host_down``).

Scrapy-side only: the decisions themselves (``AddressPolicy``,
``allowed_scheme``) are plain functions that tests call directly.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

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
from scrapy.resolver import CachingThreadedResolver
from scrapy.responsetypes import responsetypes
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import DNSLookupError

from archive.reader import ContentDecodingError, decode_content

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_MAX_URL_LENGTH = 8192
DEFAULT_MAX_SITEMAPS_PER_HOST = 500
OUTCOME_META = "newsarchive_fetch_outcome"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class FetchRefused(IgnoreRequest):
    """A request the crawler refused to make or to finish, with a short reason."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class BlockedAddressError(DNSLookupError):
    """A name resolved to an address the crawl may not connect to."""


# -- decisions (pure) ------------------------------------------------------------


def allowed_scheme(url: str, schemes: Iterable[str] = ALLOWED_SCHEMES) -> bool:
    """Whether a URL's scheme is one the crawler fetches (http and https by default)."""
    try:
        return urlsplit(url).scheme.lower() in set(schemes)
    except ValueError:
        return False


class AddressPolicy:
    """Which IP addresses a crawl may connect to.

    Anything that is not a global unicast address (loopback, RFC 1918, link-local
    with the 169.254.169.254 metadata service, CGNAT, unique-local, multicast,
    reserved, unspecified) is refused unless an allowed network contains it.
    IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
    """

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.allowed: list[IPNetwork] = [
            ipaddress.ip_network(str(n).strip(), strict=False) for n in allowed if str(n).strip()
        ]

    @staticmethod
    def parse(address: str) -> IPAddress | None:
        try:
            ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
        except ValueError:
            return None
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        return ip

    def blocked(self, address: str) -> bool:
        """True for an address the crawl must not reach (and for what is not an IP)."""
        ip = self.parse(address)
        if ip is None:
            return True
        if any(ip.version == net.version and ip in net for net in self.allowed):
            return False
        return not ip.is_global or ip.is_multicast


def policy_from_settings(settings) -> AddressPolicy | None:
    """The address policy of a crawl, or None when SECURITY_ENABLED is off."""
    # Until crawler/settings.py defines SECURITY_ENABLED, an absent setting means off,
    # so that crawls of 127.0.0.1 written before this module keep working.
    if not settings.getbool("SECURITY_ENABLED", False):
        return None
    return AddressPolicy(settings.getlist("SECURITY_ALLOWED_NETWORKS"))


def _record_outcome(crawler, request: Request, outcome: str) -> None:
    """Put the reason on the capture row of the archived response that ended a fetch."""
    from crawler.extensions import CorpusExtension
    from crawler.pages import WARC_META

    request.meta[OUTCOME_META] = outcome
    capture = request.meta.get(WARC_META)
    if capture is None:
        return
    try:
        ext = crawler.get_extension(CorpusExtension)
    except (KeyError, RuntimeError):
        return
    if ext is None:
        return
    corpus, crawl_id = ext.corpus, ext.crawl_id
    batch = getattr(ext, "batch", None)
    if batch is not None and hasattr(batch, "submit_nowait"):
        # Captures may be committed in batches: queue behind the capture's own row,
        # or that row (outcome "redirect", "not_processed") would overwrite this one.
        batch.submit_nowait(lambda: corpus.add_capture(capture, crawl_id, outcome))
    else:
        corpus.add_capture(capture, crawl_id, outcome)


# -- the resolver ------------------------------------------------------------------


class SafeResolver(CachingThreadedResolver):
    """Scrapy's caching resolver that refuses names resolving to blocked addresses.

    Installed with ``TWISTED_DNS_RESOLVER = "crawler.security.SafeResolver"`` (by
    ``scrapy crawl``; an in-process CrawlerRunner keeps the reactor's resolver, and
    the middleware and download handler checks still apply). Every
    connection Twisted opens to a host name asks this resolver, so the address
    checked is the address connected to.
    """

    def __init__(self, reactor, cache_size: int, timeout: float, policy: AddressPolicy | None):
        super().__init__(reactor, cache_size, timeout)
        self.policy = policy
        self.stats = None

    @classmethod
    def from_crawler(cls, crawler, reactor):
        cache = crawler.settings.getint("DNSCACHE_SIZE")
        if not crawler.settings.getbool("DNSCACHE_ENABLED"):
            cache = 0
        resolver = cls(
            reactor,
            cache,
            crawler.settings.getfloat("DNS_TIMEOUT"),
            policy_from_settings(crawler.settings),
        )
        # Scrapy builds the resolver from the CrawlerProcess, which has settings, no stats.
        resolver.stats = getattr(crawler, "stats", None)
        return resolver

    def getHostByName(self, name: str, timeout=()):  # noqa: N802 - Twisted's interface
        d = super().getHostByName(name, timeout)
        if self.policy is None:
            return d

        def check(address: str) -> str:
            if self.policy.blocked(address):
                if self.stats is not None:
                    self.stats.inc_value("security/blocked_address")
                raise BlockedAddressError(f"{name} resolves to blocked address {address}")
            return address

        return d.addCallback(check)


async def resolve_host(host: str) -> str:
    """The IPv4 address the reactor's resolver gives for a host (an IP is returned as is)."""
    if AddressPolicy.parse(host) is not None:
        return host.strip("[]")
    from twisted.internet import reactor

    return await maybe_deferred_to_future(reactor.resolve(host))


# -- middlewares ---------------------------------------------------------------------


class SecurityMiddleware:
    """Refuse non-http(s) URLs, over-long URLs and blocked addresses before any byte is sent."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        self.policy = policy_from_settings(settings)
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
        logger.warning("refused %s: %s", _short(request.url), why)
        return FetchRefused(reason, f"{reason}: {why}")

    async def process_request(self, request: Request) -> None:
        if not allowed_scheme(request.url, self.schemes):
            raise self._refuse(request, "blocked_scheme", "scheme not in SECURITY_ALLOWED_SCHEMES")
        if len(request.url) > self.max_url:
            raise self._refuse(
                request, "bad_url", f"URL of {len(request.url)} characters > {self.max_url}"
            )
        if request.meta.get("newsarchive_kind") == "sitemap" and self.max_sitemaps:
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
        if policy_from_settings(settings) is None:
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
        _record_outcome(self.crawler, request, reason)
        logger.info("redirect not followed (%s): %s -> %s", reason, request.url, _short(target))
        return FetchRefused(reason, f"{reason}: {request.url} -> {_short(target)}")

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
        kind = request.meta.get("newsarchive_kind")
        if kind != "robots" and not self._in_scope(target):
            raise self._stop(request, "offsite_redirect", target)
        return response


class ContentDecodingMiddleware:
    """Undo Content-Encoding with one size bound for every layer, or say why not.

    Sits just before Scrapy's HttpCompressionMiddleware (590) on the way back,
    so that one sees a decoded body and has nothing left to do.
    """

    def __init__(self, crawler) -> None:
        if not crawler.settings.getbool("DECODE_ENABLED", True):
            raise NotConfigured("DECODE_ENABLED is off")
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE") or 1 << 30

    @classmethod
    def from_crawler(cls, crawler) -> ContentDecodingMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        encodings = b",".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
        if request.method == "HEAD" or not encodings.strip() or not response.body:
            return response
        limit = request.meta.get("download_maxsize", self.max_size) or 1 << 30
        try:
            body = decode_content(response.body, encodings, limit)
        except ContentDecodingError as exc:
            text = str(exc)
            if "exceeds" in text:
                reason = "too_large"
            elif "unsupported" in text:
                reason = "unsupported_encoding"
            else:
                reason = "decode_error"
            self.stats.inc_value(f"decode/failed/{reason}")
            _record_outcome(self.crawler, request, reason)
            logger.warning("%s: %s (%s), archived undecoded", reason, request.url, text)
            raise FetchRefused(reason, f"{reason}: {request.url}: {text}") from exc
        self.stats.inc_value("decode/responses")
        headers = response.headers.copy()
        del headers["Content-Encoding"]
        cls = responsetypes.from_args(headers=headers, url=response.url, body=body)
        kwargs: dict[str, Any] = {"body": body, "headers": headers, "cls": cls}
        if hasattr(cls, "encoding"):
            kwargs["encoding"] = None
        return response.replace(**kwargs)


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
            logger.warning("not fetched (%s): %s: %s", reason, _short(request.url), exception)
        raise FetchRefused(reason, f"{reason}: {request.url}") from exception


_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def escape_terminal(text: str) -> str:
    """Text safe to print: control characters, ESC sequences and bidi overrides escaped.

    Titles, URLs and article text come from hostile pages; printed as they are, an
    ESC sequence can rewrite the terminal and U+202E can make text read backwards.
    Each such character becomes a visible ``\\xNN`` or ``\\uNNNN``; newlines and tabs stay.
    """

    def visible(m: re.Match[str]) -> str:
        code = ord(m.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _TERMINAL_UNSAFE.sub(visible, text)


def _short(url: str, limit: int = 200) -> str:
    return url if len(url) <= limit else url[:limit] + "..."
