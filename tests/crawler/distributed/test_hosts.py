"""Politeness across workers (crawler.distributed.hosts), on a real redis-server."""

from __future__ import annotations

import time

from crawler.distributed.hosts import HostGate, SharedRobots, Turn


def _take(gate: HostGate, host: str, delay: float, concurrency: int = 1) -> tuple[Turn, float]:
    started = time.monotonic()
    while True:
        got = gate.try_take(host, delay, concurrency)
        if isinstance(got, Turn):
            return got, time.monotonic() - started
        time.sleep(got)


def test_turns_at_a_host_are_spaced_by_the_delay_from_the_end_of_the_last_fetch(redis_client):
    a = HostGate(redis_client)  # two workers' gates over one Redis
    b = HostGate(redis_client)
    first, _ = _take(a, "news.example", 0.3)
    assert isinstance(b.try_take("news.example", 0.3, 1), float)  # a holds the only turn
    time.sleep(0.2)  # a long fetch
    a.done(first)
    second, waited = _take(b, "news.example", 0.3)
    assert waited >= 0.28  # counted from when a's fetch ended, not from when it started
    b.done(second)


def test_a_host_allows_as_many_turns_at_once_as_its_concurrency(redis_client):
    gate = HostGate(redis_client)
    t1 = gate.try_take("h", 0.0, 2)
    t2 = gate.try_take("h", 0.0, 2)
    assert isinstance(t1, Turn) and isinstance(t2, Turn)
    assert isinstance(gate.try_take("h", 0.0, 2), float)
    gate.done(t1)
    assert isinstance(gate.try_take("h", 0.0, 2), Turn)


def test_other_hosts_do_not_wait(redis_client):
    gate = HostGate(redis_client)
    assert isinstance(gate.try_take("a.example", 5.0, 1), Turn)
    assert isinstance(gate.try_take("b.example", 5.0, 1), Turn)


def test_a_hold_from_one_worker_holds_the_host_for_all(redis_client):
    a, b = HostGate(redis_client), HostGate(redis_client)
    assert a.hold("h", 0.4)  # a saw Retry-After: 0.4
    wait = b.try_take("h", 0.0, 4)
    assert isinstance(wait, float) and 0.3 < wait <= 0.4
    assert not a.hold("h", 0.1)  # a shorter hold never shortens a longer one


def test_a_dead_workers_turn_lapses(redis_client):
    gate = HostGate(redis_client, turn_timeout=0.3)
    assert isinstance(gate.try_take("h", 0.0, 1), Turn)  # taken, never given back
    _, waited = _take(HostGate(redis_client), "h", 0.0)
    assert 0.2 <= waited < 2


def test_robots_txt_is_claimed_by_one_worker_and_shared_with_the_others(redis_client):
    a, b = SharedRobots(redis_client), SharedRobots(redis_client)
    assert a.get(1, "h") is None
    assert a.claim(1, "h", "w1")
    assert not b.claim(1, "h", "w2")  # w2 waits for w1's answer
    a.publish(1, "h", 200, b"User-agent: *\nDisallow: /private\n")
    assert b.get(1, "h") == (200, b"User-agent: *\nDisallow: /private\n")
    assert b.get(2, "h") is None  # fetched again at the next run
    a.publish(1, "down", None, b"")
    assert b.get(1, "down") == (None, b"")  # unreachable: the others disallow it too


def test_a_dead_workers_claim_on_a_robots_txt_can_be_dropped_by_its_name_only(redis_client):
    robots = SharedRobots(redis_client)
    assert robots.claim(1, "h", "w1")
    assert robots.claimant(1, "h") == "w1"
    assert not robots.drop_claim(1, "h", "w2")  # not w2's to drop
    assert robots.drop_claim(1, "h", "w1")
    assert robots.claim(1, "h", "w2")
