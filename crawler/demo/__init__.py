"""A bundled, offline demo news site ("The Millbrook Courier") for ``make demo`` and tests.

It lets the crawler be exercised end to end without the network: articles in two URL
shapes, listing pages, feeds, sitemaps, robots.txt, AMP copies, redirects, a 404 and a
PDF, all generated deterministically so a crawl's output can be checked exactly.
"""

from .server import DemoSite

__all__ = ["DemoSite"]
