"""Corpus writes committed together, after the WARC records they point at are durable."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from archive.warc import WarcWriteError
from schemas.corpus import Corpus

logger = logging.getLogger(__name__)


class CommitBatch:
    """Corpus writes committed together, in the order they were submitted.

    Before the commit, ``before_commit`` makes the WARC records they point at durable
    (one fsync per batch, not per record), so the write order holds: record on disk, then
    the row; if it raises, nothing of the batch is committed. Each write runs in its own
    savepoint: one that fails is rolled back alone. Callers awaiting ``submit`` resume
    only after the commit, so what they report (an item scraped, a URL done) is never
    ahead of the database. A write with nobody waiting that fails is counted
    (``corpus/write_errors``) and handed to ``on_error``."""

    def __init__(
        self,
        crawler,
        corpus: Corpus,
        *,
        size: int,
        delay: float,
        before_commit: Callable[[], None] = lambda: None,
        on_error: Callable[[Exception], None] = lambda exc: None,
    ) -> None:
        self.crawler = crawler
        self.corpus = corpus
        self.size = max(1, size)
        self.delay = max(0.0, delay)
        self.before_commit = before_commit
        self.on_error = on_error
        self._ops: list[tuple[Any, Any, str | None]] = []
        self._timer = None

    def submit(self, op):
        """Queue ``op()``; returns an asyncio future with its result after the commit."""
        future = asyncio.get_event_loop().create_future()
        self._add(op, future, None)
        return future

    def submit_nowait(self, op, stat: str | None = None) -> None:
        """Queue ``op()`` with nobody waiting: a failure is logged and counted."""
        self._add(op, None, stat)

    def _add(self, op, future, stat: str | None) -> None:
        self._ops.append((op, future, stat))
        if len(self._ops) >= self.size:
            self.flush()
        elif self._timer is None:
            from twisted.internet import reactor

            self._timer = reactor.callLater(self.delay, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            if self._timer.active():
                self._timer.cancel()
            self._timer = None
        ops, self._ops = self._ops, []
        if not ops:
            return
        try:
            self.before_commit()
        except (WarcWriteError, OSError) as exc:  # the archive failed, and stopped the crawl
            self._fail_all(ops, exc)
            return
        results = []
        try:
            with self.corpus.batch():
                for op, future, stat in ops:
                    try:
                        results.append((future, stat, op(), None))
                    except Exception as exc:  # noqa: BLE001 - reported to its submitter
                        results.append((future, stat, None, exc))
        except Exception as exc:  # noqa: BLE001 - the commit itself failed
            self._fail_all(ops, exc)
            return
        stats = self.crawler.stats
        stats.inc_value("corpus/batches")
        stats.inc_value("corpus/batched_writes", len(ops))
        for future, stat, result, exc in results:
            self._settle(future, stat, result, exc)

    def _fail_all(self, ops, exc: Exception) -> None:
        for _op, future, stat in ops:
            self._settle(future, stat, None, exc)

    def _settle(self, future, stat: str | None, result, exc: Exception | None) -> None:
        if future is not None:
            if not future.done():
                if exc is None:
                    future.set_result(result)
                else:
                    future.set_exception(exc)
            return
        if exc is None:
            if stat:
                self.crawler.stats.inc_value(stat)
            return
        self.crawler.stats.inc_value("corpus/write_errors")
        self.on_error(exc)
