"""A line of progress every ``STATUS_INTERVAL`` seconds, for people watching long crawls."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)


class StatusLine:
    """Log one line of progress every STATUS_INTERVAL seconds during long crawls."""

    def __init__(self, crawler) -> None:
        if not crawler.settings.getbool("STATUS_ENABLED"):
            raise NotConfigured("STATUS_ENABLED is off")
        self.interval = crawler.settings.getfloat("STATUS_INTERVAL")
        if self.interval <= 0:
            raise NotConfigured("STATUS_INTERVAL must be positive")
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> StatusLine:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self.loop = task.LoopingCall(self.log)
        self.loop.start(self.interval, now=False)

    def log(self) -> None:
        s = self.crawler.stats
        logger.info(
            "status: %d fetched, %d WARC records (%.1f MB), %d articles new, %d updated,"
            " %d not articles, %d robots-forbidden",
            s.get_value("downloader/response_count", 0),
            s.get_value("warc/records_written", 0),
            s.get_value("warc/bytes_written", 0) / 1e6,
            # a worker of a cluster hands them over; the ingest tells new from updated
            s.get_value("corpus/articles_inserted", 0)
            + s.get_value("corpus/articles_handed_off", 0),
            s.get_value("corpus/articles_updated", 0),
            s.get_value("extract/not_article", 0),
            s.get_value("robotstxt/forbidden", 0),
        )

    def spider_closed(self, spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
