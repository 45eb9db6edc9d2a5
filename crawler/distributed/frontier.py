"""The crawl frontier in Redis, shared by workers on several machines.

Same meaning as the SQLite frontier (``schemas.frontier.Frontier``): the same URL keys,
states, priorities, recrawl schedule, validators and attempts, and the same operations,
so that the Scrapy scheduler can run over either. What changes is who may hold a URL:
with one process, "in flight" means "this process has it", and the next run takes it
back. With many workers it means "a worker holds a lease on it": a lease expires
``lease_timeout`` seconds after it was taken or last renewed, and an expired lease puts
the URL back in the queue (``reclaim_expired``), so a worker killed with SIGKILL loses
nothing and no live worker's URL is taken from it.

Key layout (``P`` is ``prefix + ":"``; one Redis database may hold several frontiers):

``P e:<url_key>``  hash, one per known URL: the seen-set (a URL is known once it has
    one) and its row. Fields are those of the SQLite ``frontier`` table as plain
    strings (``url``, ``callback``, ``kind``, ``source``, ``meta`` as JSON, ``priority``,
    ``policy``, ``state``, ``attempts``, ``seq``, ``first_seen``, ``last_fetched``,
    ``next_eligible``, ``fetch_count``, ``last_status``, ``etag``, ``last_modified``,
    ``payload_digest``, ``record_id``, ``record_uri``, ``record_date``, ``crawl_id``), plus
    ``score`` (its place in the queue) and, while leased, ``lease_owner`` and
    ``lease_expires``. A field that would be NULL is absent. Nothing is pickled.
``P seq``     counter: discovery order.
``P queued``  sorted set of queued URL keys, scored ``-priority * 2**32 + seq``: the
    lowest score is the highest priority, then the earliest found (exact in a double
    for ``|priority| < 2**20`` and ``seq < 2**32``; priorities are clamped to that range).
``P leased``  sorted set of in-flight URL keys, scored by when the lease expires.
``P done``    set of done URL keys; ``P due`` sorted set of those that have a next
    visit, scored by ``next_eligible``.
``P failed``  set of failed URL keys.
``P schedule`` the recrawl schedule the done URLs' next visits were computed with.

Each known URL is in exactly one of queued, leased, done, failed (its ``state``).

Atomicity: every change of state is one Lua script, which Redis runs with nothing
in between, so two workers never take the same URL (the script that takes removes
from the queue what it leases), never both claim a newly found URL (adding is "add if
unknown"), and a reclaimed lease cannot be renewed. Standalone Redis (or a Sentinel
primary): the scripts compute key names from the prefix, which Redis Cluster forbids.

Times come from ``clock`` (``time.time``), lease expiry included: workers' clocks
need to agree to well within ``lease_timeout``, as NTP gives.

Order of writes: new URLs are written at once; settles are buffered and written by
``flush``, after ``before_flush`` (the corpus batch, or the hand-off of a page's rows),
so a URL is never done in Redis before what came of it is kept. A killed worker loses
at most settles not yet flushed: their leases expire, and the URLs are fetched again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from schemas.frontier import (
    DONE,
    EVERY_RUN,
    FAILED,
    IN_FLIGHT,
    NO_REVISIT,
    QUEUED,
    SCHEDULE,
    VALIDATORS,
    Entry,
    Outcome,
    entry_from_row,
    next_due,
)

if TYPE_CHECKING:
    from redis import Redis

PRIORITY_LIMIT = 2**20 - 1  # priorities beyond this share the queue position of the limit
_BATCH = 500  # URLs per script call in the run-start scans

# Shared by every script. ARGV[1] is always the key prefix ("na:").
_PRELUDE = f"""
local P = ARGV[1]
local Q, L, D, F, DUE = P .. 'queued', P .. 'leased', P .. 'done', P .. 'failed', P .. 'due'
local QUEUED, IN_FLIGHT, DONE, FAILED = {json.dumps(QUEUED)}, {json.dumps(IN_FLIGHT)},
  {json.dumps(DONE)}, {json.dumps(FAILED)}
local function ekey(k) return P .. 'e:' .. k end
local function unindex(k)
  redis.call('ZREM', Q, k)
  redis.call('ZREM', L, k)
  redis.call('SREM', D, k)
  redis.call('SREM', F, k)
  redis.call('ZREM', DUE, k)
  redis.call('HDEL', ekey(k), 'lease_owner', 'lease_expires')
end
local function enqueue(k, crawl_id)
  unindex(k)
  local e = ekey(k)
  redis.call('HSET', e, 'state', QUEUED)
  if crawl_id then redis.call('HSET', e, 'crawl_id', crawl_id) end
  redis.call('ZADD', Q, redis.call('HGET', e, 'score'), k)
end
local function lease(k, crawl_id, expires, worker)
  unindex(k)
  redis.call('HSET', ekey(k), 'state', IN_FLIGHT, 'crawl_id', crawl_id,
    'lease_owner', worker, 'lease_expires', expires)
  redis.call('ZADD', L, expires, k)
end
"""

# ARGV: prefix, url_key, crawl_id, in_flight, expires, worker, now, clamped priority,
# field, value...
_ADD = """
local k, crawl_id, expires, worker = ARGV[2], ARGV[3], ARGV[5], ARGV[6]
local e = ekey(k)
local state = redis.call('HGET', e, 'state')
if state then
  if state == QUEUED or state == IN_FLIGHT then return 0 end
  -- fetched in this run already (another worker settled it since the caller looked)
  if redis.call('HGET', e, 'crawl_id') == crawl_id then return 0 end
else
  local seq = redis.call('INCR', P .. 'seq')
  local score = string.format('%.0f', -tonumber(ARGV[8]) * 4294967296 + seq)
  redis.call('HSET', e, 'url_key', k, 'seq', seq, 'score', score,
    'first_seen', ARGV[7], 'attempts', 0, 'fetch_count', 0, 'crawl_id', crawl_id)
  for i = 9, #ARGV, 2 do redis.call('HSET', e, ARGV[i], ARGV[i + 1]) end
end
if ARGV[4] == '1' then lease(k, crawl_id, expires, worker) else enqueue(k, crawl_id) end
return 1
"""

# ARGV: prefix, url_key, crawl_id
_REQUEUE = """
local state = redis.call('HGET', ekey(ARGV[2]), 'state')
if state ~= DONE and state ~= FAILED then return 0 end
if redis.call('HGET', ekey(ARGV[2]), 'crawl_id') == ARGV[3] then return 0 end
enqueue(ARGV[2], ARGV[3])
return 1
"""

# ARGV: prefix, limit, expires, worker, crawl_id, per_host (0: no cap), scan, n excluded,
# excluded url_key..., then (host, URLs this worker holds of it) pairs
_TAKE = """
local limit, expires, worker, crawl_id = tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
local per_host, scan, nskip = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local skip, held = {}, {}
for i = 9, 8 + nskip do skip[ARGV[i]] = true end
for i = 9 + nskip, #ARGV, 2 do held[ARGV[i]] = tonumber(ARGV[i + 1]) end
local chunk = math.max(limit * 4, 64)
local out, offset, seen = {}, 0, 0
while #out < limit and seen < scan do
  local ks = redis.call('ZRANGE', Q, offset, offset + chunk - 1)
  local taken = 0
  for _, k in ipairs(ks) do
    if #out >= limit or seen >= scan then break end
    seen = seen + 1
    local ok, host = not skip[k], nil
    if ok and per_host > 0 then
      host = string.match(k, '^%a[%w+.-]*://([^/?#]+)') or ''
      ok = (held[host] or 0) < per_host
    end
    if ok then
      lease(k, crawl_id, expires, worker)  -- out of the queue: later offsets move up
      taken = taken + 1
      if host then held[host] = (held[host] or 0) + 1 end
      out[#out + 1] = redis.call('HGETALL', ekey(k))
    end
  end
  if #ks < chunk then break end
  offset = offset + #ks - taken
end
return out
"""

# ARGV: prefix, url_key, crawl_id, now, failed, status, policy, next_eligible, field, value...
_SETTLE = """
local k = ARGV[2]
local e = ekey(k)
if redis.call('EXISTS', e) == 0 then return 0 end
unindex(k)
redis.call('HSET', e, 'crawl_id', ARGV[3], 'last_fetched', ARGV[4])
if ARGV[6] == '' then redis.call('HDEL', e, 'last_status')
else redis.call('HSET', e, 'last_status', ARGV[6]) end
if ARGV[5] == '1' then
  redis.call('HSET', e, 'state', FAILED)
  redis.call('HINCRBY', e, 'attempts', 1)
  redis.call('SADD', F, k)
  return 1
end
redis.call('HSET', e, 'state', DONE, 'attempts', 0, 'policy', ARGV[7])
redis.call('HINCRBY', e, 'fetch_count', 1)
for i = 9, #ARGV, 2 do redis.call('HSET', e, ARGV[i], ARGV[i + 1]) end
if ARGV[8] == '' then
  redis.call('HDEL', e, 'next_eligible')
else
  redis.call('HSET', e, 'next_eligible', ARGV[8])
  redis.call('ZADD', DUE, ARGV[8], k)
end
redis.call('SADD', D, k)
return 1
"""

# ARGV: prefix, worker, expires, url_key... -> the keys whose lease this worker lost
_RENEW = """
local lost = {}
for i = 4, #ARGV do
  local k = ARGV[i]
  if redis.call('ZSCORE', L, k) and redis.call('HGET', ekey(k), 'lease_owner') == ARGV[2] then
    redis.call('ZADD', L, ARGV[3], k)
    redis.call('HSET', ekey(k), 'lease_expires', ARGV[3])
  else
    lost[#lost + 1] = k
  end
end
return lost
"""

# ARGV: prefix, now, batch
_RECLAIM = """
local ks = redis.call('ZRANGEBYSCORE', L, '-inf', ARGV[2], 'LIMIT', 0, ARGV[3])
for _, k in ipairs(ks) do enqueue(k, nil) end
return #ks
"""

# ARGV: prefix, now, crawl_id, offset, batch -> {moved, skipped, seen}
_DUE = """
local ks = redis.call('ZRANGEBYSCORE', DUE, '-inf', ARGV[2], 'LIMIT', ARGV[4], ARGV[5])
local moved, skipped = 0, 0
for _, k in ipairs(ks) do
  local row = redis.call('HMGET', ekey(k), 'state', 'crawl_id')
  if row[1] == DONE and row[2] ~= ARGV[3] then
    enqueue(k, nil)
    moved = moved + 1
  else
    skipped = skipped + 1
  end
end
return {moved, skipped, #ks}
"""

# ARGV: prefix, max_attempts, crawl_id, url_key...
_RETRY = """
local moved = 0
for i = 4, #ARGV do
  local k = ARGV[i]
  local row = redis.call('HMGET', ekey(k), 'state', 'attempts', 'crawl_id')
  if row[1] == FAILED and tonumber(row[2] or '0') < tonumber(ARGV[2]) and row[3] ~= ARGV[3]
  then
    enqueue(k, nil)
    moved = moved + 1
  end
end
return moved
"""

# ARGV: prefix, url_key, last_fetched (as read), next_eligible ('' for none)
_RESCHEDULE = """
local k = ARGV[2]
local e = ekey(k)
local row = redis.call('HMGET', e, 'state', 'last_fetched')
if row[1] ~= DONE or row[2] ~= ARGV[3] then return 0 end
if ARGV[4] == '' then
  redis.call('HDEL', e, 'next_eligible')
  redis.call('ZREM', DUE, k)
else
  redis.call('HSET', e, 'next_eligible', ARGV[4])
  redis.call('ZADD', DUE, ARGV[4], k)
end
return 1
"""

# ARGV: prefix, worker, finished -> how many of this worker's leases were ended
_END = """
local n = 0
for _, k in ipairs(redis.call('ZRANGE', L, 0, -1)) do
  if redis.call('HGET', ekey(k), 'lease_owner') == ARGV[2] then
    if ARGV[3] == '1' then
      unindex(k)
      redis.call('HSET', ekey(k), 'state', FAILED)
      redis.call('HINCRBY', ekey(k), 'attempts', 1)
      redis.call('SADD', F, k)
    else
      enqueue(k, nil)
    end
    n = n + 1
  end
end
return n
"""


class RedisFrontier:
    """The frontier of one cluster of workers, seen by one of them (``worker``)."""

    def __init__(
        self,
        client: Redis,
        *,
        crawl_id: int,
        schedule: Sequence[float],
        worker: str,
        max_attempts: int = 3,
        clock: Callable[[], float] = time.time,
        lease_timeout: float = 60.0,
        prefix: str = "na",
        before_flush: Callable[[], None] | None = None,
    ) -> None:
        if not worker:
            raise ValueError("a worker needs a name: leases are held in it")
        if lease_timeout <= 0:
            raise ValueError("lease_timeout must be positive")
        self.client = client
        self.crawl_id = crawl_id
        self.schedule = tuple(schedule)
        self.worker = worker
        self.max_attempts = max_attempts
        self.clock = clock
        self.lease_timeout = lease_timeout
        self.prefix = prefix + ":"
        # Called before settles are written: whatever they report done must be kept first.
        self.before_flush = before_flush
        self._settles: list[tuple[str, Outcome, float]] = []
        self._scripts = {
            name: client.register_script(_PRELUDE + body)
            for name, body in (
                ("add", _ADD),
                ("requeue", _REQUEUE),
                ("take", _TAKE),
                ("settle", _SETTLE),
                ("renew", _RENEW),
                ("reclaim", _RECLAIM),
                ("due", _DUE),
                ("retry", _RETRY),
                ("reschedule", _RESCHEDULE),
                ("end", _END),
            )
        }

    def _run(self, name: str, *args: Any, client: Any = None) -> Any:
        return self._scripts[name](args=[self.prefix, *args], client=client)

    def _key(self, name: str) -> str:
        return self.prefix + name

    # -- run start -------------------------------------------------------------
    def begin_run(self) -> dict[str, int]:
        """Queue what this run owes: expired leases, due revisits, retries.

        Safe for every worker of a run to call: a URL already fetched in this run
        (``crawl_id``) is neither due nor retried again, and each move is atomic, so the
        first caller queues the run's work and the others find it done. The counts are
        those of this call: "resumed" (expired leases reclaimed), "rescheduled", "due",
        "retried", and "queued" (all queued URLs after it)."""
        now = self.clock()
        counts = {"resumed": self.reclaim_expired()}
        counts["rescheduled"] = self._reschedule()
        counts["due"] = self._queue_due(now)
        counts["retried"] = self._retry()
        counts["queued"] = self.queued_count()
        return counts

    def _reschedule(self) -> int:
        """Each done article's next visit by this run's schedule, counted from its last
        fetch, when the schedule changed (as ``Frontier._reschedule`` does in SQL)."""
        mark = json.dumps(sorted(set(self.schedule)))
        if _text(self.client.get(self._key("schedule"))) == mark:
            return 0
        changed = 0
        for keys in self._scan(self._key("done")):
            pipe = self.client.pipeline(transaction=False)
            for k in keys:
                pipe.hmget(self._entry_key(k), "policy", "first_seen", "last_fetched")
                pipe.hget(self._entry_key(k), "next_eligible")
            replies = pipe.execute()
            pipe = self.client.pipeline(transaction=False)
            todo = 0
            for i, k in enumerate(keys):
                policy, first_seen, last_fetched = (_text(v) for v in replies[2 * i])
                if policy != SCHEDULE or first_seen is None or last_fetched is None:
                    continue
                due = next_due(float(first_seen), float(last_fetched), self.schedule)
                current = _number(replies[2 * i + 1])
                if due == current:
                    continue
                self._run("reschedule", k, last_fetched, _stamp(due), client=pipe)
                todo += 1
            if todo:
                changed += sum(int(n) for n in pipe.execute())
        self.client.set(self._key("schedule"), mark)
        return changed

    def _queue_due(self, now: float) -> int:
        moved = offset = 0
        while True:
            n, skipped, seen = self._run("due", _stamp(now), self.crawl_id, offset, _BATCH)
            moved += int(n)
            offset += int(skipped)
            if int(seen) < _BATCH:
                return moved

    def _retry(self) -> int:
        moved = 0
        for keys in self._scan(self._key("failed")):
            moved += int(self._run("retry", self.max_attempts, self.crawl_id, *keys))
        return moved

    def _scan(self, key: str) -> Iterable[list[str]]:
        cursor = 0
        while True:
            cursor, members = self.client.sscan(key, cursor, count=_BATCH)
            if members:
                yield [_text(m) for m in members]
            if int(cursor) == 0:
                return

    # -- lookups ---------------------------------------------------------------
    def _entry_key(self, url_key: str) -> str:
        return self.prefix + "e:" + url_key

    def state_of(self, url_key: str) -> tuple[str, int | None, float | None] | None:
        """(state, crawl_id, next_eligible) of a URL, or None if it is not known."""
        state, crawl_id, next_eligible = self.client.hmget(
            self._entry_key(url_key), "state", "crawl_id", "next_eligible"
        )
        if state is None:
            return None
        return _text(state), _integer(crawl_id), _number(next_eligible)

    def queued_count(self) -> int:
        """How many URLs wait in the queue, for all workers."""
        return int(self.client.zcard(self._key("queued")))

    def counts(self) -> dict[str, int]:
        """URLs by state, for the whole cluster (states with none are left out, as in the
        SQLite frontier's GROUP BY)."""
        pipe = self.client.pipeline(transaction=True)
        pipe.zcard(self._key("queued"))
        pipe.zcard(self._key("leased"))
        pipe.scard(self._key("done"))
        pipe.scard(self._key("failed"))
        found = zip((QUEUED, IN_FLIGHT, DONE, FAILED), pipe.execute(), strict=True)
        return {state: int(n) for state, n in found if n}

    # -- writes --------------------------------------------------------------------
    def add(self, entry: Entry, *, in_flight: bool = False) -> bool:
        """A new URL (or a known one that is due again): queued, written at once.

        ``in_flight``: this worker is fetching it already (a redirect target): leased to
        it, not queued. Returns False, changing nothing, if the URL is queued or leased
        already: another worker found it first, so it is fetched once."""
        now = self.clock()
        fields: list[Any] = [
            "url",
            entry.url,
            "callback",
            entry.callback,
            "kind",
            entry.kind,
            "meta",
            json.dumps(entry.meta, sort_keys=True, default=str),
            "policy",
            entry.policy,
            "priority",
            int(entry.priority),
        ]
        if entry.source is not None:
            fields += ["source", entry.source]
        priority = max(-PRIORITY_LIMIT, min(PRIORITY_LIMIT, int(entry.priority)))
        added = self._run(
            "add",
            entry.url_key,
            self.crawl_id,
            "1" if in_flight else "0",
            _stamp(now + self.lease_timeout),
            self.worker,
            _stamp(now),
            priority,
            *fields,
        )
        entry.state = IN_FLIGHT if in_flight else QUEUED
        return bool(added)

    def requeue(self, url_key: str) -> bool:
        """A known URL discovered again when it is due: back in the queue. False if it
        is queued or leased already (or not known)."""
        return bool(self._run("requeue", url_key, self.crawl_id))

    def settle(self, url_key: str, outcome: Outcome) -> None:
        """A fetch came to an end: done (with its validators) or failed, written at the
        next ``flush``. Its lease ends then, whoever holds it."""
        self._settles.append((url_key, outcome, self.clock()))

    def pending_writes(self) -> int:
        """Settles not yet written."""
        return len(self._settles)

    def flush(self) -> int:
        """Write buffered settles in the order they were made, after ``before_flush``."""
        if not self._settles:
            return 0
        if self.before_flush is not None:
            self.before_flush()
        settles, self._settles = self._settles, []
        try:
            pipe = self.client.pipeline(transaction=False)
            for url_key, _, _ in settles:
                pipe.hget(self._entry_key(url_key), "first_seen")
            first_seen = pipe.execute()
            pipe = self.client.pipeline(transaction=True)
            for (url_key, outcome, when), seen in zip(settles, first_seen, strict=True):
                self._settle(pipe, url_key, outcome, when, _number(seen))
            pipe.execute()
        except BaseException:
            # put them back: a failed write must not forget what was fetched
            self._settles = settles + self._settles
            raise
        return len(settles)

    def _settle(
        self, pipe: Any, url_key: str, outcome: Outcome, now: float, first_seen: float | None
    ) -> None:
        if outcome.failed:
            status = _status(outcome)
            self._run(
                "settle", url_key, self.crawl_id, _stamp(now), "1", status, "", "", client=pipe
            )
            return
        if outcome.policy == EVERY_RUN:
            due: float | None = now
        elif outcome.policy == NO_REVISIT:
            due = None
        else:
            due = next_due(first_seen if first_seen is not None else now, now, self.schedule)
        validators: list[Any] = []
        for name in VALIDATORS:
            value = getattr(outcome, name)
            if value is not None:  # None keeps what the URL had: a 304 brings none
                validators += [name, value]
        self._run(
            "settle",
            url_key,
            self.crawl_id,
            _stamp(now),
            "0",
            _status(outcome),
            outcome.policy,
            _stamp(due),
            *validators,
            client=pipe,
        )

    # -- serving and leases ------------------------------------------------------------
    def take(
        self,
        limit: int,
        exclude: Iterable[str] = (),
        *,
        per_host: int = 0,
        held: Mapping[str, int] | None = None,
        scan: int = 2000,
    ) -> list[Entry]:
        """The next queued URLs by priority, then discovery order, each leased to this
        worker until ``lease_timeout`` from now. No two workers get the same URL.

        ``per_host``: at most this many URLs of one host (``held`` counts those this
        worker holds already, by host), looking at most ``scan`` queued URLs: a worker
        that leased a busy host's URLs would hold them waiting for that host's turns
        while other hosts' URLs wait in the queue."""
        self.flush()
        if limit <= 0:
            return []
        expires = _stamp(self.clock() + self.lease_timeout)
        skip = list(set(exclude))
        pairs = [x for host, n in (held or {}).items() for x in (host, int(n))]
        rows = self._run(
            "take", limit, expires, self.worker, self.crawl_id, max(0, per_host),
            max(limit, scan), len(skip), *skip, *pairs,
        )  # fmt: skip
        return [entry_from_row(_pairs(row), IN_FLIGHT) for row in rows]

    def renew(self, url_keys: Iterable[str]) -> list[str]:
        """Extend this worker's leases on URLs it is still fetching, to ``lease_timeout``
        from now. Returns the keys whose lease it no longer holds (expired and reclaimed,
        or settled): another worker may be fetching them."""
        keys = list(url_keys)
        if not keys:
            return []
        expires = _stamp(self.clock() + self.lease_timeout)
        return [_text(k) for k in self._run("renew", self.worker, expires, *keys)]

    def reclaim_expired(self) -> int:
        """Expired leases, of any worker, back in the queue: a dead worker's URLs are
        fetched by the others. Returns how many."""
        now = _stamp(self.clock())
        total = 0
        while True:
            n = int(self._run("reclaim", now, _BATCH))
            total += n
            if n < _BATCH:
                return total

    def end_run(self, *, finished: bool) -> int:
        """This worker stops: what it still holds never came back.

        After a finished run those URLs are failed (tried again by a later run, as in the
        SQLite frontier); after an interrupted one they go back to the queue at once for
        the other workers. Returns how many failed."""
        self.flush()
        n = int(self._run("end", self.worker, "1" if finished else "0"))
        return n if finished else 0


def _stamp(value: float | None) -> str:
    """A time as Redis keeps it: exact (repr round-trips), '' for none."""
    return "" if value is None else repr(float(value))


def _status(outcome: Outcome) -> str:
    return "" if outcome.status is None else str(int(outcome.status))


def _text(value: Any) -> str | None:
    """Replies are bytes unless the client decodes them."""
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


def _number(value: Any) -> float | None:
    text = _text(value)
    return None if text in (None, "") else float(text)


def _integer(value: Any) -> int | None:
    text = _text(value)
    return None if text in (None, "") else int(text)


def _pairs(flat: Sequence[Any]) -> dict[str, str]:
    return {_text(flat[i]): _text(flat[i + 1]) for i in range(0, len(flat), 2)}
