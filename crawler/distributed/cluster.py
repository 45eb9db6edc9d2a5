"""Who is crawling: the cluster's runs, its workers' heartbeats, and the drain switch.

A run of the cluster is what one crawl is on one machine: one ``crawl_id`` for the
frontier ("fetched in this run"), one row in the corpus's ``crawls`` ledger (written by
the ingest). A worker that starts joins the run under way, if there is one, and starts
the next run otherwise. A run is under way while any worker is alive in it, or any URL
is leased (a killed worker's, waiting for its lease to expire), or any URL is queued
(unless the cluster was drained). So a worker started after another was killed takes
up the same run and reclaims its URLs, as a single machine's next run resumes a killed
one, and ``scrapy ingest --until-idle`` can tell when a run is over.

A worker is alive while its heartbeat (``beat``) is younger than ``timeout`` seconds,
by the Redis server's clock (``TIME``), so workers' clocks never decide who is alive.

Keys, beside the frontier's (``P`` is ``prefix + ":"``):

``P run``       counter: the current run.
``P workers``   hash, worker name -> JSON (run, host, pid, started, state, reason).
``P beats``     sorted set, worker name -> time of its last heartbeat (alive workers).
``P drain``     "1" while draining: workers take no new URL and stop once idle.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redis import Redis


class ClusterError(RuntimeError):
    """The cluster refuses what was asked (a worker name in use, Redis unreachable)."""


ALIVE = "alive"
LEFT = "left"

# The Redis server's clock, in seconds: workers' clocks never decide who is alive.
LUA_CLOCK = """
local function clock()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1e6
end
"""

# ARGV: prefix. A run is over when no worker is alive in it and nothing is leased or
# (unless draining) queued. Returns 1 when over.
_OVER = (
    LUA_CLOCK
    + """
local function over(P, now, timeout)
  if tonumber(redis.call('GET', P .. 'run') or '0') == 0 then return 1 end
  if redis.call('ZCOUNT', P .. 'beats', now - timeout, '+inf') > 0 then return 0 end
  if redis.call('ZCARD', P .. 'leased') > 0 then return 0 end
  if redis.call('GET', P .. 'drain') ~= '1' and redis.call('ZCARD', P .. 'queued') > 0 then
    return 0
  end
  return 1
end
"""
)

# ARGV: prefix, worker, timeout, info JSON. Returns {run, new (1/0)} or {0, 'in use'}.
_JOIN = (
    _OVER
    + """
local P, worker, timeout = ARGV[1], ARGV[2], tonumber(ARGV[3])
local now = clock()
local beat = redis.call('ZSCORE', P .. 'beats', worker)
if beat and tonumber(beat) >= now - timeout then return {0, 'in use'} end
local new = 0
local run = tonumber(redis.call('GET', P .. 'run') or '0')
if over(P, now, timeout) == 1 then
  run = redis.call('INCR', P .. 'run')
  redis.call('DEL', P .. 'drain')
  new = 1
end
local info = cjson.decode(ARGV[4])
info['run'] = run
info['state'] = 'alive'
info['started'] = now
redis.call('HSET', P .. 'workers', worker, cjson.encode(info))
redis.call('ZADD', P .. 'beats', now, worker)
return {run, new}
"""
)

# ARGV: prefix, worker. Returns 1 if the worker's heartbeat was kept (0: it was gone).
_BEAT = """
local P, worker = ARGV[1], ARGV[2]
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
return redis.call('ZADD', P .. 'beats', 'XX', 'CH', now, worker) + 0
"""

# ARGV: prefix, worker, reason
_LEAVE = """
local P, worker = ARGV[1], ARGV[2]
redis.call('ZREM', P .. 'beats', worker)
local raw = redis.call('HGET', P .. 'workers', worker)
if raw then
  local info = cjson.decode(raw)
  info['state'] = 'left'
  info['reason'] = ARGV[3]
  redis.call('HSET', P .. 'workers', worker, cjson.encode(info))
end
return 1
"""

# ARGV: prefix, timeout. Returns {over, run, now}.
_STATE = (
    _OVER
    + """
local P, timeout = ARGV[1], tonumber(ARGV[2])
local now = clock()
return {over(P, now, timeout), tonumber(redis.call('GET', P .. 'run') or '0'), tostring(now)}
"""
)


@dataclass(frozen=True)
class Worker:
    """One worker as the cluster sees it."""

    name: str
    run: int
    state: str  # alive | left | dead (no heartbeat within the timeout)
    host: str
    pid: int | None
    last_beat: float | None
    reason: str | None


@dataclass(frozen=True)
class RunState:
    run: int
    over: bool
    now: float  # the Redis server's clock


def default_worker_name() -> str:
    """``HOST-PID``: unique on a machine, and readable in WARC file names."""
    return f"{socket.gethostname()}-{os.getpid()}"


def worker_warc_prefix(prefix: str, worker: str) -> str:
    """The WARC file name prefix of one worker, ``WARC_PREFIX-WORKER``: workers sharing
    a WARC_DIR never write, lock or repair each other's files."""
    return f"{prefix or 'newsarchive'}-{worker}"


class Cluster:
    """The cluster's runs and workers, seen through one Redis client."""

    def __init__(self, client: Redis, *, prefix: str = "na", timeout: float = 60.0) -> None:
        if timeout <= 0:
            raise ValueError("the heartbeat timeout must be positive")
        self.client = client
        self.prefix = prefix + ":"
        self.timeout = timeout
        self._join = client.register_script(_JOIN)
        self._beat = client.register_script(_BEAT)
        self._leave = client.register_script(_LEAVE)
        self._state = client.register_script(_STATE)

    def key(self, name: str) -> str:
        return self.prefix + name

    def join(self, worker: str) -> tuple[int, bool]:
        """Enter the run under way, or start the next; returns (run, started a new one).
        Raises ``ClusterError`` if a live worker already has this name."""
        info = {"host": socket.gethostname(), "pid": os.getpid()}
        run, new = self._join(args=[self.prefix, worker, self.timeout, json.dumps(info)])
        if int(run) == 0:
            raise ClusterError(
                f"a worker named {worker!r} is alive in this cluster: give each its own WORKER_NAME"
            )
        return int(run), bool(int(new))

    def beat(self, worker: str) -> bool:
        """Say this worker is alive. False if its heartbeat had been dropped (it left)."""
        return bool(int(self._beat(args=[self.prefix, worker])))

    def leave(self, worker: str, reason: str) -> None:
        self._leave(args=[self.prefix, worker, reason])

    def state(self) -> RunState:
        over, run, now = self._state(args=[self.prefix, self.timeout])
        return RunState(run=int(run), over=bool(int(over)), now=float(_text(now) or 0))

    def alive(self, worker: str) -> bool:
        """Whether a worker's heartbeat is younger than the timeout (server clock)."""
        beat = self.client.zscore(self.key("beats"), worker)
        return beat is not None and float(beat) >= self.state().now - self.timeout

    @property
    def draining(self) -> bool:
        return _text(self.client.get(self.key("drain"))) == "1"

    def drain(self) -> None:
        """Workers finish what they hold, take nothing new, and stop; the queue stays
        for the next run."""
        self.client.set(self.key("drain"), "1")

    def undrain(self) -> None:
        self.client.delete(self.key("drain"))

    def workers(self) -> list[Worker]:
        """Every worker the cluster has seen, alive first; a worker whose heartbeat is
        older than the timeout is "dead" (killed, or cut off)."""
        state = self.state()
        raw = self.client.hgetall(self.key("workers"))
        beats = {
            _text(k): float(v)
            for k, v in self.client.zrange(self.key("beats"), 0, -1, withscores=True)
        }
        found = []
        for name_b, value in raw.items():
            name = _text(name_b) or ""
            try:
                info: dict[str, Any] = json.loads(_text(value) or "{}")
            except ValueError:
                info = {}
            beat = beats.get(name)
            status = str(info.get("state") or ALIVE)
            if status == ALIVE and (beat is None or beat < state.now - self.timeout):
                status = "dead"
            found.append(
                Worker(
                    name=name,
                    run=int(info.get("run") or 0),
                    state=status,
                    host=str(info.get("host") or ""),
                    pid=info.get("pid"),
                    last_beat=beat,
                    reason=info.get("reason"),
                )
            )
        order = {ALIVE: 0, "dead": 1, LEFT: 2}
        return sorted(found, key=lambda w: (order.get(w.state, 3), -w.run, w.name))

    def forget_left(self, before_run: int) -> int:
        """Drop the records of workers that left (or died) before ``before_run``."""
        gone = [w.name for w in self.workers() if w.state != ALIVE and w.run < before_run]
        if gone:
            self.client.hdel(self.key("workers"), *gone)
            self.client.zrem(self.key("beats"), *gone)
        return len(gone)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)
