"""Stopping a crawl for a reason the crawl command turns into an exit status, and
finding a fellow component."""

from __future__ import annotations

import logging

from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)


def stop_crawl(crawler, reason: str, message: str) -> None:
    """Stop the crawl with a finish reason the crawl command turns into an exit status."""
    logger.error("%s; stopping the crawl", message)
    crawler.stats.inc_value(f"crawl/stopped/{reason}")
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=reason))


def lookup(crawler, cls):
    """The crawl's instance of an extension, or None when it is switched off."""
    try:
        return crawler.get_extension(cls)
    except (RuntimeError, KeyError):
        return None
