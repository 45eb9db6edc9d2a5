"""Politeness across workers: one delay, one concurrency limit and one robots.txt per host
for the whole cluster.

Scrapy keeps download slots per process, so N workers sharing a queue (as scrapy-redis
does) hit a host N times as often as one. Here each fetch first takes a turn at the host
from Redis (``HostGate``): at most ``concurrency`` fetches at once across the cluster,
and each starts at least ``delay`` seconds after the previous fetch to the host *ended*
(as Heritrix paces, and as ``crawler.handlers.HostPacer`` paces Crawl-delay), so the gap
the server sees between two requests is at least ``delay`` whichever workers sent them.
A Retry-After, a 5xx back-off or a ban page seen by one worker holds the host for all
(``hold``). A turn is itself a lease: a worker killed mid-fetch frees it after
``turn_timeout`` seconds. Times are the Redis server's (``TIME``).

robots.txt is fetched once per host per run (``SharedRobots``): the first worker to ask
claims the fetch, and the others wait for its answer, which it publishes.

Keys (``P`` is ``prefix + ":"``): ``P host:<netloc>`` hash (``next``: the earliest start
of the next fetch); ``P turns:<netloc>`` sorted set of turns held, by expiry;
``P robots:<run>:<netloc>`` hash (``status``, ``body``); ``P robots-claim:<run>:<netloc>``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crawler.distributed.cluster import LUA_CLOCK

if TYPE_CHECKING:
    from redis import Redis

# KEYS: host hash, turns zset. ARGV: token, concurrency, turn_timeout, max_wait, delay.
# Returns 0 (the turn is taken) or the seconds to wait before asking again. Starts are
# spaced by the delay too, as one Scrapy process spaces them.
_TAKE = (
    LUA_CLOCK
    + """
local now = clock()
local token, concurrency, ttl, cap = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]),
  tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local nxt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if nxt > now then return tostring(math.min(nxt - now, cap)) end
if redis.call('ZCARD', KEYS[2]) >= concurrency then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return tostring(math.max(0.01, math.min(tonumber(first[2]) - now, 0.05)))
end
redis.call('ZADD', KEYS[2], now + ttl, token)
redis.call('EXPIRE', KEYS[2], math.ceil(ttl) + 60)
redis.call('HSET', KEYS[1], 'next', tostring(now + tonumber(ARGV[5])))
return '0'
"""
)

# KEYS: host hash, turns zset. ARGV: token, delay. The fetch ended: the next starts at
# least ``delay`` from now.
_DONE = (
    LUA_CLOCK
    + """
local now = clock()
redis.call('ZREM', KEYS[2], ARGV[1])
local nxt = now + tonumber(ARGV[2])
if nxt > tonumber(redis.call('HGET', KEYS[1], 'next') or '0') then
  redis.call('HSET', KEYS[1], 'next', tostring(nxt))
end
return 1
"""
)

# KEYS: host hash. ARGV: seconds. Nobody starts a fetch to the host before now + seconds.
_HOLD = (
    LUA_CLOCK
    + """
local nxt = clock() + tonumber(ARGV[1])
if nxt > tonumber(redis.call('HGET', KEYS[1], 'next') or '0') then
  redis.call('HSET', KEYS[1], 'next', tostring(nxt))
  return 1
end
return 0
"""
)


@dataclass(frozen=True)
class Turn:
    host: str
    token: str
    delay: float


class HostGate:
    """Turns at each host, shared by every worker of the cluster."""

    def __init__(
        self,
        client: Redis,
        *,
        prefix: str = "na",
        turn_timeout: float = 300.0,
        max_wait: float = 1.0,
    ) -> None:
        self.client = client
        self.prefix = prefix + ":"
        self.turn_timeout = turn_timeout
        self.max_wait = max_wait
        self._take = client.register_script(_TAKE)
        self._done = client.register_script(_DONE)
        self._hold = client.register_script(_HOLD)

    def _keys(self, host: str) -> list[str]:
        return [f"{self.prefix}host:{host}", f"{self.prefix}turns:{host}"]

    def try_take(self, host: str, delay: float, concurrency: int) -> Turn | float:
        """A turn at ``host``, or the seconds to wait before trying again (at most
        ``max_wait``, so a hold shortened or a turn freed is noticed soon)."""
        token = uuid.uuid4().hex
        wait = float(
            _text(
                self._take(
                    keys=self._keys(host),
                    args=[
                        token,
                        max(1, int(concurrency)),
                        self.turn_timeout,
                        self.max_wait,
                        max(0.0, float(delay)),
                    ],
                )
            )
            or 0
        )
        if wait > 0:
            return wait
        return Turn(host, token, max(0.0, float(delay)))

    def done(self, turn: Turn, hold: float = 0.0) -> None:
        """The fetch ended (answered or failed): free the turn, and start the delay, or
        ``hold`` if longer (a Retry-After: set before the turn is free, so that no other
        worker's request slips in between)."""
        self._done(keys=self._keys(turn.host), args=[turn.token, max(turn.delay, hold)])

    def hold(self, host: str, seconds: float) -> bool:
        """No worker starts a fetch to ``host`` for ``seconds`` (Retry-After, back-off)."""
        return bool(int(self._hold(keys=self._keys(host)[:1], args=[max(0.0, seconds)])))


class SharedRobots:
    """Each host's robots.txt answer for the run, fetched by one worker for all."""

    def __init__(self, client: Redis, *, prefix: str = "na", claim_timeout: float = 120.0) -> None:
        self.client = client
        self.prefix = prefix + ":"
        self.claim_timeout = claim_timeout
        # compare and delete in one step: two waiters never drop each other's claims
        self._drop = client.register_script(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then"
            " return redis.call('DEL', KEYS[1]) end return 0"
        )

    def _key(self, run: int, host: str) -> str:
        return f"{self.prefix}robots:{run}:{host}"

    def _claim_key(self, run: int, host: str) -> str:
        return f"{self.prefix}robots-claim:{run}:{host}"

    def get(self, run: int, host: str) -> tuple[int | None, bytes] | None:
        """(status, body) published for this run, or None. A status of None: the fetch
        failed (no answer), which disallows the host as it would for its fetcher."""
        found = self.client.hgetall(self._key(run, host))
        if not found:
            return None
        status = _text(found.get(b"status", found.get("status")))
        body = found.get(b"body", found.get("body")) or b""
        if isinstance(body, str):
            body = body.encode("latin-1")
        return (int(status) if status else None), body

    def claim(self, run: int, host: str, worker: str) -> bool:
        """True for the one worker that is to fetch it (the claim lapses after
        ``claim_timeout`` seconds, if that worker dies before publishing)."""
        key = self._claim_key(run, host)
        return bool(self.client.set(key, worker, nx=True, ex=max(1, int(self.claim_timeout))))

    def claimant(self, run: int, host: str) -> str | None:
        """The worker that claimed the fetch (None once the claim lapsed)."""
        found = self.client.get(self._claim_key(run, host))
        return _text(found)

    def drop_claim(self, run: int, host: str, worker: str) -> bool:
        """Drop a dead worker's claim (only that worker's), so another can fetch."""
        return bool(int(self._drop(keys=[self._claim_key(run, host)], args=[worker])))

    def publish(self, run: int, host: str, status: int | None, body: bytes) -> None:
        self.client.hset(
            self._key(run, host),
            mapping={"status": "" if status is None else str(status), "body": body},
        )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)
