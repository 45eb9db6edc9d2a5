"""Where the crawl meets the network: the DNS resolver that refuses blocked addresses,
the address check made just before a connection, and the refusal they raise.

Every connection Twisted opens to a host name asks ``SafeResolver`` (installed with
``TWISTED_DNS_RESOLVER = "crawler.network.SafeResolver"`` by ``scrapy crawl``; an
in-process CrawlerRunner keeps the reactor's resolver, and the middleware and download
handler checks still apply), so the address checked is the address connected to. The
decisions themselves are ``crawler.addresses``.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError

from crawler.addresses import AddressPolicy
from crawler.options import address_policy


class FetchRefused(IgnoreRequest):
    """A request the crawler refused to make or to finish, with a short reason."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class BlockedAddressError(DNSLookupError):
    """A name resolved to an address the crawl may not connect to."""


class SafeResolver(CachingThreadedResolver):
    """Scrapy's caching resolver that refuses names resolving to blocked addresses.

    Every connection Twisted opens to a host name asks this resolver, so the address
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
            address_policy(crawler.settings),
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
