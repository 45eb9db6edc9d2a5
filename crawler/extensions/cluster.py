"""This process as one worker of a cluster (``FRONTIER_BACKEND = "redis"``).

It connects to ``REDIS_URL``, joins the cluster's run (``crawler.distributed.cluster``)
under ``WORKER_NAME``, says it is alive every few seconds, and leaves when the spider
closes. The other components ask it for what they share through Redis: the scheduler
for the frontier's client and run, the corpus extension for the hand-off of rows, the
download handler for turns at each host, the robots.txt middleware for the shared
answers. With the SQLite frontier it is off, and so is every cluster behaviour.
"""

from __future__ import annotations

import logging
import re
import weakref

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.distributed.cluster import Cluster, ClusterError, default_worker_name
from crawler.distributed.hosts import HostGate, SharedRobots
from crawler.options import SettingsError

logger = logging.getLogger(__name__)

BACKENDS = ("sqlite", "redis")

# One membership per crawler, whoever asks first (the corpus extension is built before
# Scrapy can look extensions up).
_MEMBERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cluster_mode(settings) -> bool:
    """Whether this crawl is a worker of a cluster; refuses a backend it does not know."""
    backend = (settings.get("FRONTIER_BACKEND") or "sqlite").lower()
    if backend not in BACKENDS:
        raise SettingsError(
            f"FRONTIER_BACKEND must be one of {', '.join(BACKENDS)}, got {backend!r}"
        )
    return backend == "redis"


def worker_name(settings) -> str:
    """``WORKER_NAME``, or ``HOST-PID``; refused unless it can name files."""
    name = settings.get("WORKER_NAME") or default_worker_name()
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", name):
        raise SettingsError(
            f"WORKER_NAME {name!r}: use 1 to 64 letters, digits, '.', '_' or '-'"
            " (it names the worker's WARC files)"
        )
    return name


def connect(url: str):
    """A Redis client for ``url``, checked with a PING: a wrong URL fails here, once,
    with what to fix, rather than at the first write."""
    import redis

    if not url:
        raise SettingsError("REDIS_URL is empty: give redis://HOST:PORT/DB")
    try:
        client = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)
        client.ping()
    except ValueError as exc:
        raise SettingsError(f"REDIS_URL {url!r} is not a Redis URL ({exc})") from exc
    except redis.RedisError as exc:
        raise ClusterError(f"cannot reach Redis at {url}: {exc}") from exc
    return client


class ClusterWorker:
    """The cluster membership of this crawl."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not cluster_mode(settings):
            raise NotConfigured("FRONTIER_BACKEND is not redis: a crawl on one machine")
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = settings.get("REDIS_URL")
        self.prefix = settings.get("CLUSTER_NAME") or "na"
        self.worker = worker_name(settings)
        self.lease_timeout = settings.getfloat("FRONTIER_LEASE_TIMEOUT")
        if self.lease_timeout <= 0:
            raise SettingsError("FRONTIER_LEASE_TIMEOUT must be a positive number of seconds")
        self.client = connect(self.url)
        self.cluster = Cluster(self.client, prefix=self.prefix, timeout=self.lease_timeout)
        self.gate = HostGate(
            self.client,
            prefix=self.prefix,
            turn_timeout=settings.getfloat("DOWNLOAD_TIMEOUT") + 30.0,
        )
        # the claim on a robots.txt fetch outlasts the longest it can take: every retry
        # timing out, and a Retry-After hold before each
        attempts = 1 + max(0, settings.getint("RETRY_TIMES"))
        claim = attempts * (
            settings.getfloat("DOWNLOAD_TIMEOUT") + settings.getfloat("RETRY_AFTER_MAX")
        )
        self.robots = SharedRobots(self.client, prefix=self.prefix, claim_timeout=claim)
        self.run, new = self.cluster.join(self.worker)
        self.stats.set_value("cluster/run", self.run)
        logger.info(
            "worker %s %s run %d of cluster %r at %s",
            self.worker,
            "started" if new else "joined",
            self.run,
            self.prefix,
            self.url,
        )
        self._beat: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        # after spider_closed, where the corpus extension hands over the worker's last rows
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)
        self._reason = "finished"

    @classmethod
    def from_crawler(cls, crawler) -> ClusterWorker:
        return cls.of(crawler)

    @classmethod
    def of(cls, crawler) -> ClusterWorker:
        """This crawler's membership (``NotConfigured`` off a cluster)."""
        member = _MEMBERS.get(crawler)
        if member is None:
            member = _MEMBERS[crawler] = cls(crawler)
        return member

    @property
    def beat_interval(self) -> float:
        return max(0.5, min(10.0, self.lease_timeout / 5))

    def spider_opened(self, spider) -> None:
        self._beat = task.LoopingCall(self.beat)
        self._beat.start(self.beat_interval, now=False)

    def beat(self) -> None:
        try:
            self.cluster.beat(self.worker)
            self.stats.inc_value("cluster/heartbeats")
        except Exception as exc:  # noqa: BLE001 - the next beat tries again
            self.stats.inc_value("cluster/heartbeat_errors")
            logger.warning("heartbeat to %s failed: %r", self.url, exc)

    @property
    def draining(self) -> bool:
        try:
            return self.cluster.draining
        except Exception:  # noqa: BLE001 - Redis away: go on as before
            return False

    def spider_closed(self, spider, reason: str) -> None:
        self._reason = reason
        if self.draining:
            # before the corpus extension hands over this worker's stats: the run's row
            # then says it was drained, not finished
            self.stats.set_value("cluster/drained", 1)

    def engine_stopped(self) -> None:
        """Leave last: the ingest may end the run once no worker is in it."""
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        try:
            self.cluster.leave(self.worker, self._reason)
        except Exception as exc:  # noqa: BLE001 - its heartbeat then lapses
            logger.warning("could not leave the cluster: %r", exc)
