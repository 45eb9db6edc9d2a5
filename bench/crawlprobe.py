"""A benchmark-only Scrapy extension: per-stage CPU timers and a resource timeline.

Why it exists: the issue asks for CPU per page *by stage* (fetch, WARC, extraction,
SQLite), and the crawler exposes no such timers. Rather than edit ``crawler/`` from a
benchmark, ``bench/crawl.py`` loads this extension (``-s EXTENSIONS=...`` with the
project's own extensions kept) and it wraps the stage entry points at run time:

- ``warc``: what ``WarcExtension.response_downloaded`` calls (``exchange_from``,
  ``WarcWriter.write_exchange``, ``capture_of``) and ``WarcWriter.write_resource``
  (conversion records): header copying, record building, digests, gzip, write, fsync;
- ``sqlite``: ``Corpus`` writes and reads, and ``CorpusPipeline.process_item``;
- ``spider``: ``NewsSpider.parse_page`` (lxml parse, canonical/feed lookup, Page item),
  with ``links`` (``NewsSpider._follow``: canonicalising links and building requests)
  counted apart, and ``discovery`` (feed and sitemap callbacks);
- ``frontier``: the SQLite frontier scheduler (``crawler.scheduler``), where there is one:
  enqueueing every discovered request, handing them out, settling fetched pages;
- ``extract``: only when extraction runs in this process (``EXTRACT_WORKERS=0`` or the
  benchmark's inline mode); with a process pool it is the workers' CPU, read from /proc.

Each timer is the reactor thread's CPU (``time.thread_time_ns``) and nested timers are
subtracted from the outer one, so stages never double count. The same timers also keep
wall time, which shows how long each stage blocks the reactor (fsync waits above all).
Whatever is left of the process's CPU (``time.process_time``) is the fetch/engine
remainder: Twisted, the HTTP client, gzip decoding, middlewares, the scheduler and
dupefilter, item plumbing.

Every ``BENCH_PROBE_INTERVAL`` seconds it appends one JSON line to ``BENCH_PROBE_FILE``:
wall time, counters, stage CPU, process CPU, and CPU and RSS of the extraction workers and
of the multiprocessing resource tracker (the whole crawl process tree).

``BENCH_EXTRACT_INLINE=True`` replaces the extraction executor with one that runs the job
synchronously in ``process_item``: extraction truly in the callback, on the reactor thread,
which is the single-process baseline the issue compares against.
"""

from __future__ import annotations

import concurrent.futures
import functools
import inspect
import json
import multiprocessing
import os
import resource
import threading
import time
from collections import defaultdict
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

STAGES: defaultdict[str, int] = defaultdict(int)  # nanoseconds of CPU, exclusive
WALL: defaultdict[str, int] = defaultdict(int)  # nanoseconds of wall time, exclusive
_stack: list[int] = []
_wstack: list[int] = []
_main_thread: int | None = None
_PATCHED = False
_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")


def _timed(name: str, fn):
    """Wrap a function (or generator function) to charge its own CPU to ``name``."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def gen_wrapper(*args: Any, **kwargs: Any):
            it = fn(*args, **kwargs)
            result = None
            while True:
                if threading.get_ident() != _main_thread:
                    try:
                        item = next(it)
                    except StopIteration as stop:
                        return stop.value
                else:
                    t0, w0 = time.thread_time_ns(), time.perf_counter_ns()
                    _stack.append(0)
                    _wstack.append(0)
                    try:
                        item = next(it)
                    except StopIteration as stop:
                        result = stop.value
                        item = _DONE
                    finally:
                        _account(name, t0, w0)
                    if item is _DONE:
                        return result
                yield item

        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any):
        if threading.get_ident() != _main_thread:
            return fn(*args, **kwargs)
        t0, w0 = time.thread_time_ns(), time.perf_counter_ns()
        _stack.append(0)
        _wstack.append(0)
        try:
            return fn(*args, **kwargs)
        finally:
            _account(name, t0, w0)

    return wrapper


def _account(name: str, t0: int, w0: int) -> None:
    """Charge CPU and wall since (t0, w0) to ``name``, minus nested stages."""
    spent = time.thread_time_ns() - t0
    wall = time.perf_counter_ns() - w0
    STAGES[name] += spent - _stack.pop()
    WALL[name] += wall - _wstack.pop()
    if _stack:
        _stack[-1] += spent
        _wstack[-1] += wall


_DONE = object()


def _thread_timed_job(fn):
    """Extraction in a worker thread: charge that thread's CPU to ``extract``."""

    @functools.wraps(fn)
    def job(*args: Any, **kwargs: Any):
        t0 = time.thread_time_ns()
        try:
            return fn(*args, **kwargs)
        finally:
            STAGES["extract"] += time.thread_time_ns() - t0

    return job


class InlineExecutor(concurrent.futures.Executor):
    """Runs each job at submit time, on the caller's (the reactor's) thread."""

    def submit(self, fn, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        t0, w0 = time.thread_time_ns(), time.perf_counter_ns()
        _stack.append(0)
        _wstack.append(0)
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting pipeline
            future.set_exception(exc)
        finally:
            _account("extract", t0, w0)
        return future


def patch(inline: bool, workers: int) -> None:
    """Install the stage timers once per process."""
    global _PATCHED, _main_thread
    _main_thread = threading.get_ident()
    if _PATCHED:
        return
    _PATCHED = True
    from archive.warc import WarcWriter
    from crawler import pipelines
    from crawler.extensions import warc as warc_extension
    from crawler.spiders.news import NewsSpider
    from schemas.corpus import Corpus

    # Not the signal handler itself: pydispatch reads a handler's own signature.
    WarcWriter.write_exchange = _timed("warc", WarcWriter.write_exchange)
    WarcWriter.write_resource = _timed("warc", WarcWriter.write_resource)
    warc_extension.exchange_from = _timed("warc", warc_extension.exchange_from)
    warc_extension.capture_of = _timed("warc", warc_extension.capture_of)
    for meth in ("add_capture", "store_article", "add_captures_if_missing", "has_text"):
        setattr(Corpus, meth, _timed("sqlite", getattr(Corpus, meth)))
    pipelines.CorpusPipeline.process_item = _timed("sqlite", pipelines.CorpusPipeline.process_item)
    NewsSpider.parse_page = _timed("spider", NewsSpider.parse_page)
    NewsSpider._follow = _timed("links", NewsSpider._follow)
    NewsSpider.parse_feed = _timed("discovery", NewsSpider.parse_feed)
    NewsSpider.parse_sitemap = _timed("discovery", NewsSpider.parse_sitemap)
    try:  # the SQLite frontier (crawler.scheduler), where the project has one
        from crawler.scheduler import FrontierScheduler
    except ImportError:
        FrontierScheduler = None  # noqa: N806
    if FrontierScheduler is not None:
        for meth in ("enqueue_request", "next_request", "flush", "output_done", "_maybe_settle"):
            if hasattr(FrontierScheduler, meth):
                setattr(
                    FrontierScheduler, meth, _timed("frontier", getattr(FrontierScheduler, meth))
                )
    if inline:
        pipelines.ExtractPipeline._new_executor = lambda self: InlineExecutor()
    elif workers <= 0:
        pipelines.extract_job = _thread_timed_job(pipelines.extract_job)


def _proc_stat(pid: int) -> tuple[float, int] | None:
    """(CPU seconds, RSS bytes) of a live process, from /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK, int(fields[21]) * _PAGE


def _ru_children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _hwm(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class CrawlProbe:
    """Stage timers plus a JSON-lines timeline of counters, CPU and memory."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        self.path = settings.get("BENCH_PROBE_FILE")
        if not self.path:
            raise NotConfigured("BENCH_PROBE_FILE is not set")
        self.crawler = crawler
        self.interval = settings.getfloat("BENCH_PROBE_INTERVAL", 1.0)
        patch(settings.getbool("BENCH_EXTRACT_INLINE"), settings.getint("EXTRACT_WORKERS"))
        self.fh = open(self.path, "a", buffering=1)  # noqa: SIM115 - closed at engine stop
        self.loop: task.LoopingCall | None = None
        self.child_cpu: dict[int, float] = {}
        self.child_hwm: dict[int, int] = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler) -> CrawlProbe:
        return cls(crawler)

    def _children(self) -> list[int]:
        pids = [p.pid for p in multiprocessing.active_children() if p.pid]
        try:
            from multiprocessing import resource_tracker

            tracker = resource_tracker._resource_tracker._pid
            if tracker:
                pids.append(tracker)
        except (ImportError, AttributeError):
            pass
        return pids

    def sample(self, event: str = "tick") -> None:
        stats = self.crawler.stats
        rss_children = 0
        for pid in self._children():
            st = _proc_stat(pid)
            if st is None:
                continue
            self.child_cpu[pid] = st[0]
            rss_children += st[1]
            self.child_hwm[pid] = max(self.child_hwm.get(pid, 0), _hwm(pid))
        me = _proc_stat(os.getpid())
        line = {
            "event": event,
            "t": time.time(),
            "responses": stats.get_value("downloader/response_count", 0),
            "response_bytes": stats.get_value("downloader/response_bytes", 0),
            "items": stats.get_value("item_scraped_count", 0)
            + stats.get_value("item_dropped_count", 0),
            "articles": stats.get_value("extract/articles", 0),
            "stored": stats.get_value("corpus/articles_inserted", 0),
            "warc_bytes": stats.get_value("warc/bytes_written", 0),
            "cpu_main": time.process_time(),
            "cpu_children": sum(self.child_cpu.values()),
            # exact for reaped workers (after the pipeline shut the pool down)
            "ru_children": _ru_children(),
            "rss_main": me[1] if me else 0,
            "rss_children": rss_children,
            "hwm_main": _hwm(os.getpid()),
            "hwm_children": sum(self.child_hwm.values()),
            "stages": {k: v / 1e9 for k, v in STAGES.items()},
            "walls": {k: v / 1e9 for k, v in WALL.items()},
        }
        self.fh.write(json.dumps(line) + "\n")

    def spider_opened(self, spider) -> None:
        self.sample("open")
        self.loop = task.LoopingCall(self.sample)
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.sample("closed")

    def engine_stopped(self) -> None:
        self.sample("stopped")
        self.fh.close()
