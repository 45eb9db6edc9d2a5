"""Generated news sites for measuring crawl quality. Stdlib only.

Each template builds a whole site (articles with seeded prose, listings, feeds,
sitemaps, robots.txt, redirects, traps) and a manifest that says which URLs are
articles. ``python -m bench.sites NAME`` serves one for a look in a browser.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.sites import arc, drupal, german, legacy, wordpress
from bench.sites.server import LogEntry, Manifest, Site, SiteServer, TruthArticle

TEMPLATES: dict[str, Callable[[str], Site]] = {
    "drupal": drupal.build,
    "arc": arc.build,
    "legacy": legacy.build,
    "wordpress": wordpress.build,
    "wp-plain": wordpress.build_plain,
    "german": german.build,
}


def serve(name: str) -> SiteServer:
    """Start the named site on 127.0.0.1 (a free port) and return its server."""
    return SiteServer(TEMPLATES[name]).start()


__all__ = ["TEMPLATES", "LogEntry", "Manifest", "Site", "SiteServer", "TruthArticle", "serve"]
