"""A local news site full of crawler traps ("Harbor City Ledger") for in-process crawl tests.

Standard library only, so it can run in any test environment. See ``content``
for the traps and ``server.TrapSite`` for the test-facing API.
"""

from .content import (
    ARCHIVE_SITEMAP_PATH,
    DELETED_PATH,
    DISALLOWED_PREFIXES,
    FEED_PATH,
    FLAKY_PATH,
    NEWS_SITEMAP_PATH,
    PDF_PATHS,
    SITEMAP_INDEX_PATH,
    TWO_HOP_PATH,
    non_article_paths,
    redirect_map,
)
from .server import TrapSite

__all__ = [
    "ARCHIVE_SITEMAP_PATH",
    "DELETED_PATH",
    "DISALLOWED_PREFIXES",
    "FEED_PATH",
    "FLAKY_PATH",
    "NEWS_SITEMAP_PATH",
    "PDF_PATHS",
    "SITEMAP_INDEX_PATH",
    "TWO_HOP_PATH",
    "TrapSite",
    "non_article_paths",
    "redirect_map",
]
