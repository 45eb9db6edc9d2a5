"""The extension that tunes the garbage collector of the crawling process (``GC_*``)."""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.gc_tuning import tune
from crawler.options import gc_threshold


class GcTuning:
    """Applies ``GC_THRESHOLD`` in the crawling process when the spider opens."""

    def __init__(self, crawler) -> None:
        if not crawler.settings.getbool("GC_TUNING_ENABLED"):
            raise NotConfigured("GC_TUNING_ENABLED is off")
        self.threshold = gc_threshold(crawler.settings)
        self.stats = crawler.stats
        self._previous: tuple[int, ...] | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> GcTuning:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self._previous = gc.get_threshold()
        tune(self.threshold)
        self.stats.set_value("gc/threshold", ",".join(map(str, self.threshold)))
        self.stats.set_value("gc/frozen_objects", gc.get_freeze_count())

    def spider_closed(self, spider) -> None:
        """Give the process back as it was: a process that runs crawls one after another
        (tests, CrawlerRunner scripts) must not keep every earlier crawl's objects frozen."""
        if self._previous is not None:
            gc.unfreeze()
            gc.set_threshold(*self._previous)
            self._previous = None
