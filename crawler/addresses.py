"""Which schemes and IP addresses a crawl may reach. Pure decisions, no network.

Hostile pages link to ``file:``, ``gopher:`` and private addresses (the cloud metadata
service at 169.254.169.254, a router at 192.168.0.1): the crawler only fetches http and
https, from global unicast addresses, unless ``SECURITY_ALLOWED_NETWORKS`` says otherwise.
The Scrapy side (``crawler.network``, ``crawler.middlewares.security``) asks these.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


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
