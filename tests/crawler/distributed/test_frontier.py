"""The Redis frontier on a real redis-server: ordering, leases, schedule, retries, seen-set."""

from __future__ import annotations

import threading

import pytest
import redis

from crawler.distributed.frontier import PRIORITY_LIMIT, RedisFrontier
from schemas.frontier import EVERY_RUN, NO_REVISIT, SCHEDULE, Entry, Outcome

HOUR = 3600.0
LEASE = 60.0


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def frontier(
    client: redis.Redis,
    crawl_id: int = 1,
    clock: Clock | None = None,
    worker: str = "w1",
    schedule=(HOUR, 6 * HOUR),
    **kwargs,
) -> RedisFrontier:
    return RedisFrontier(
        client,
        crawl_id=crawl_id,
        schedule=schedule,
        clock=clock or Clock(),
        lease_timeout=LEASE,
        worker=worker,
        **kwargs,
    )


def url(n: int) -> str:
    return f"http://example.com/{n}"


def entry(n: int, priority: int = 0, policy: str = SCHEDULE) -> Entry:
    return Entry(
        url_key=url(n),
        url=url(n),
        callback="parse_page",
        source="example",
        meta={"newsarchive_hops": 1},
        priority=priority,
        policy=policy,
    )


def test_take_serves_by_priority_then_discovery_order_and_leases_what_it_serves(redis_client):
    f = frontier(redis_client)
    for n, prio in [(1, 0), (2, 20), (3, 0), (4, 20), (5, -3)]:
        assert f.add(entry(n, prio))
    taken = f.take(3)
    assert [e.url for e in taken] == [url(2), url(4), url(1)]
    assert [e.state for e in taken] == ["in_flight"] * 3
    assert taken[0].meta == {"newsarchive_hops": 1}
    assert taken[0].source == "example" and taken[0].priority == 20
    assert f.state_of(url(2)) == ("in_flight", 1, None)
    assert f.state_of(url(3))[0] == "queued"
    assert [e.url for e in f.take(10)] == [url(3), url(5)]


def test_take_skips_excluded_urls_and_leaves_them_queued(redis_client):
    f = frontier(redis_client)
    for n in range(5):
        f.add(entry(n))
    assert [e.url for e in f.take(2, exclude={url(0), url(1)})] == [url(2), url(3)]
    assert f.state_of(url(0))[0] == "queued"
    assert [e.url for e in f.take(5)] == [url(0), url(1), url(4)]


def test_take_holds_few_urls_of_one_host_and_goes_on_to_other_hosts(redis_client):
    f = frontier(redis_client)
    busy = [f"http://busy.example/{n}" for n in range(6)]
    for u in [*busy, "http://quiet.example/1", "http://other.example/1"]:
        f.add(Entry(url_key=u, url=u, callback="parse_page"))
    got = [e.url for e in f.take(5, per_host=2, held={"busy.example": 1})]
    # one more of the busy host (it holds one), then the others, in queue order
    assert got == [busy[0], "http://quiet.example/1", "http://other.example/1"]
    assert f.state_of(busy[1])[0] == "queued"
    assert [e.url for e in f.take(3)] == busy[1:4]  # no cap: queue order


def test_take_looks_no_further_than_its_scan(redis_client):
    f = frontier(redis_client)
    for n in range(10):
        u = f"http://busy.example/{n}"
        f.add(Entry(url_key=u, url=u, callback="parse_page"))
    f.add(Entry(url_key="http://late.example/1", url="http://late.example/1", callback="x"))
    assert [e.url for e in f.take(5, per_host=1, scan=5)] == ["http://busy.example/0"]
    assert [e.url for e in f.take(5, per_host=1, held={"busy.example": 1})] == [
        "http://late.example/1"
    ]


def test_priorities_beyond_the_limit_keep_their_value_and_queue_at_the_limit(redis_client):
    f = frontier(redis_client)
    f.add(entry(1, PRIORITY_LIMIT))
    f.add(entry(2, 10 * PRIORITY_LIMIT))
    f.add(entry(3, -10 * PRIORITY_LIMIT))
    taken = f.take(3)
    assert [e.url for e in taken] == [url(1), url(2), url(3)]  # equal rank: found first
    assert taken[1].priority == 10 * PRIORITY_LIMIT


def test_a_known_url_is_not_added_twice_nor_moved_in_the_queue(redis_client):
    f = frontier(redis_client)
    other = frontier(redis_client, worker="w2")
    assert f.add(entry(1)) is True
    assert f.add(entry(2)) is True
    assert other.add(entry(1, priority=50)) is False  # another worker found it first
    assert f.counts() == {"queued": 2}
    assert [(e.url, e.priority) for e in f.take(5)] == [(url(1), 0), (url(2), 0)]
    assert other.add(entry(1)) is False  # leased: still not added
    assert f.counts() == {"in_flight": 2}


def test_a_done_url_that_is_added_again_is_queued_with_its_history_kept(redis_client):
    clock = Clock()
    f = frontier(redis_client, clock=clock)
    f.add(entry(1))
    f.take(1)
    f.settle(url(1), Outcome(status=200, policy=SCHEDULE, etag='"a"'))
    f.flush()
    again = frontier(redis_client, crawl_id=2, clock=clock)
    assert again.add(entry(1)) is True
    assert again.state_of(url(1))[:2] == ("queued", 2)
    (taken,) = again.take(1)
    assert (taken.etag, taken.fetch_count) == ('"a"', 1)


def test_two_workers_taking_at_once_never_get_the_same_url(redis_server):
    seed = redis.Redis(host="127.0.0.1", port=redis_server)
    seed.flushdb()
    f = frontier(seed)
    for n in range(500):
        f.add(entry(n, priority=n % 3))
    got: dict[str, list[str]] = {}
    start = threading.Barrier(4)

    def work(name: str) -> None:
        client = redis.Redis(host="127.0.0.1", port=redis_server)
        mine = frontier(client, worker=name)
        got[name] = []
        start.wait()
        while batch := mine.take(7):
            got[name] += [e.url_key for e in batch]
        client.close()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    taken = [k for keys in got.values() for k in keys]
    assert len(taken) == len(set(taken)) == 500
    assert set(taken) == {url(n) for n in range(500)}
    assert f.counts() == {"in_flight": 500}
    seed.close()


def test_a_lease_not_renewed_returns_to_the_queue_after_the_timeout(redis_client):
    clock = Clock()
    dead = frontier(redis_client, clock=clock, worker="killed")
    for n in range(3):
        dead.add(entry(n))
    assert len(dead.take(3)) == 3  # then SIGKILL: no settle, no renew
    alive = frontier(redis_client, clock=clock, worker="alive")
    clock.now += LEASE - 1
    assert alive.reclaim_expired() == 0
    assert alive.take(3) == []
    clock.now += 2
    assert alive.reclaim_expired() == 3
    assert [e.url for e in alive.take(3)] == [url(0), url(1), url(2)]
    assert dead.renew([url(0)]) == [url(0)]  # the dead worker's lease is gone


def test_a_renewed_lease_is_kept_and_only_its_owner_can_renew_it(redis_client):
    clock = Clock()
    f = frontier(redis_client, clock=clock)
    other = frontier(redis_client, clock=clock, worker="w2")
    f.add(entry(1))
    f.take(1)
    clock.now += LEASE - 1
    assert f.renew([url(1)]) == []
    assert other.renew([url(1)]) == [url(1)]
    clock.now += LEASE - 1
    assert other.reclaim_expired() == 0
    assert f.state_of(url(1))[0] == "in_flight"
    clock.now += 2
    assert other.reclaim_expired() == 1


def test_a_worker_restarted_in_the_same_run_resumes_only_expired_leases(redis_client):
    clock = Clock()
    f = frontier(redis_client, clock=clock)
    for n in range(4):
        f.add(entry(n))
    f.take(3)
    clock.now += LEASE + 1
    counts = frontier(redis_client, clock=clock, worker="w2").begin_run()
    assert counts["resumed"] == 3 and counts["queued"] == 4


def test_settles_wait_for_the_flush_and_the_flush_keeps_the_corpus_first(redis_client):
    order = []
    f = frontier(redis_client, before_flush=lambda: order.append("corpus"))
    f.add(entry(1))
    f.take(1)
    f.settle(url(1), Outcome(status=200, policy=SCHEDULE))
    assert f.pending_writes() == 1
    assert f.state_of(url(1))[0] == "in_flight"
    assert f.flush() == 1 and order == ["corpus"]
    assert f.state_of(url(1))[0] == "done"
    assert f.flush() == 0 and order == ["corpus"]


def test_a_revisit_comes_due_on_the_schedule_with_its_validators_kept(redis_client):
    clock = Clock()
    f = frontier(redis_client, clock=clock)
    f.add(entry(1, policy=SCHEDULE))
    f.add(entry(2, policy=EVERY_RUN))
    f.add(entry(3))
    f.take(10)
    f.settle(
        url(1),
        Outcome(
            status=200,
            policy=SCHEDULE,
            etag='"a"',
            last_modified="Mon, 07 Dec 2026 10:00:00 GMT",
            payload_digest="sha1:ABC",
            record_id="<urn:uuid:1>",
            record_uri=url(1),
            record_date="2026-12-07T10:00:00Z",
        ),
    )
    f.settle(url(2), Outcome(status=200, policy=EVERY_RUN))
    f.settle(url(3), Outcome(status=404, policy=NO_REVISIT))
    f.flush()
    assert f.state_of(url(1)) == ("done", 1, pytest.approx(clock.now + HOUR))
    assert f.state_of(url(2)) == ("done", 1, pytest.approx(clock.now))
    assert f.state_of(url(3)) == ("done", 1, None)

    clock.now += 10
    assert frontier(redis_client, crawl_id=2, clock=clock).begin_run()["due"] == 1  # feed only
    clock.now += HOUR
    later = frontier(redis_client, crawl_id=3, clock=clock)
    counts = later.begin_run()
    assert counts["due"] == 1 and counts["queued"] == 2  # the article is due now too
    (article,) = [e for e in later.take(10) if e.url == url(1)]
    assert (article.etag, article.last_modified) == ('"a"', "Mon, 07 Dec 2026 10:00:00 GMT")
    assert (article.payload_digest, article.record_id) == ("sha1:ABC", "<urn:uuid:1>")
    assert (article.record_uri, article.record_date) == (url(1), "2026-12-07T10:00:00Z")
    assert article.fetch_count == 1


def test_a_revisit_that_brings_no_validators_keeps_the_old_ones(redis_client):
    f = frontier(redis_client)
    f.add(entry(1))
    f.take(1)
    f.settle(url(1), Outcome(status=200, policy=SCHEDULE, etag='"v1"', record_id="<urn:1>"))
    f.settle(url(1), Outcome(status=304, policy=SCHEDULE))
    f.flush()
    row = redis_client.hgetall("na:e:" + url(1))
    assert (row[b"etag"], row[b"record_id"], row[b"last_status"]) == (b'"v1"', b"<urn:1>", b"304")
    assert row[b"fetch_count"] == b"2"


def test_every_worker_may_begin_the_run_and_the_run_still_fetches_each_url_once(redis_client):
    clock = Clock()
    f = frontier(redis_client, clock=clock)
    f.add(entry(1, policy=EVERY_RUN))
    f.take(1)
    f.settle(url(1), Outcome(status=200, policy=EVERY_RUN))
    f.flush()
    clock.now += 10
    first = frontier(redis_client, crawl_id=2, clock=clock, worker="w1")
    assert first.begin_run()["due"] == 1
    first.take(1)
    first.settle(url(1), Outcome(status=200, policy=EVERY_RUN))
    first.flush()
    clock.now += 10
    late = frontier(redis_client, crawl_id=2, clock=clock, worker="w2")
    assert late.begin_run() == {
        "resumed": 0,
        "rescheduled": 0,
        "due": 0,
        "retried": 0,
        "queued": 0,
    }


def test_a_shorter_schedule_applies_to_known_urls_from_the_next_run(redis_client):
    clock = Clock()
    f = frontier(redis_client, clock=clock, schedule=(7 * 24 * HOUR,))
    f.begin_run()
    f.add(entry(1))
    f.take(1)
    f.settle(url(1), Outcome(status=200, policy=SCHEDULE))
    f.flush()
    assert f.state_of(url(1))[2] == pytest.approx(clock.now + 7 * 24 * HOUR)
    clock.now += 2 * HOUR
    counts = frontier(redis_client, crawl_id=2, clock=clock).begin_run()
    assert counts["rescheduled"] == 1 and counts["due"] == 1
    assert f.state_of(url(1))[0] == "queued"
    # the same schedule again changes nothing
    assert frontier(redis_client, crawl_id=3, clock=clock).begin_run()["rescheduled"] == 0


def test_failed_urls_are_retried_by_later_runs_until_attempts_run_out(redis_client):
    clock = Clock()
    f = frontier(redis_client, clock=clock)
    f.add(entry(1))
    retried = []
    for run in range(2, 5):
        assert [e.url for e in f.take(1)] == [url(1)]
        f.settle(url(1), Outcome(status=None, policy=NO_REVISIT, failed=True))
        f.flush()
        f = frontier(redis_client, crawl_id=run, clock=clock)
        retried.append(f.begin_run()["retried"])
    assert retried == [1, 1, 0]
    assert f.take(1) == []
    assert f.counts() == {"failed": 1}
    assert redis_client.hget("na:e:" + url(1), "attempts") == b"3"


def test_requeue_brings_back_a_done_url_but_not_a_queued_one(redis_client):
    f = frontier(redis_client)
    f.add(entry(1))
    f.add(entry(2))
    f.take(1)
    f.settle(url(1), Outcome(status=200, policy=SCHEDULE))
    f.flush()
    assert f.requeue(url(2)) is False
    # fetched in this run: never again in it, whatever a worker saw a moment before
    assert f.requeue(url(1)) is False
    assert f.add(entry(1)) is False
    later = frontier(redis_client, crawl_id=2)
    assert later.requeue(url(1)) is True
    assert later.requeue("http://example.com/unknown") is False
    assert later.counts() == {"queued": 2}


def test_a_redirect_target_added_in_flight_is_leased_to_the_worker_that_fetches_it(
    redis_client,
):
    clock = Clock()
    f = frontier(redis_client, clock=clock)
    assert f.add(entry(1), in_flight=True)
    assert f.take(1) == []
    clock.now += LEASE + 1
    assert frontier(redis_client, clock=clock, worker="w2").reclaim_expired() == 1


def test_counts_cover_every_state_for_the_whole_cluster(redis_client):
    f = frontier(redis_client)
    other = frontier(redis_client, worker="w2")
    for n in range(6):
        f.add(entry(n))
    f.take(3)
    other.take(1)
    f.settle(url(0), Outcome(status=200, policy=SCHEDULE))
    f.settle(url(1), Outcome(status=None, policy=NO_REVISIT, failed=True))
    f.flush()
    assert f.counts() == {"queued": 2, "in_flight": 2, "done": 1, "failed": 1}
    assert other.counts() == f.counts()
    assert f.queued_count() == 2


def test_end_run_fails_a_finished_workers_leases_and_releases_an_interrupted_ones(
    redis_client,
):
    f = frontier(redis_client)
    other = frontier(redis_client, worker="w2")
    for n in range(4):
        f.add(entry(n))
    f.take(2)
    other.take(1)
    assert f.end_run(finished=False) == 0
    assert f.counts() == {"queued": 3, "in_flight": 1}
    f.take(1)
    assert f.end_run(finished=True) == 1
    assert f.counts() == {"queued": 2, "in_flight": 1, "failed": 1}


def test_entries_are_kept_as_plain_strings_with_meta_as_json(redis_client):
    f = frontier(redis_client)
    f.add(entry(1))
    row = redis_client.hgetall("na:e:" + url(1))
    assert row[b"meta"] == b'{"newsarchive_hops": 1}'
    assert row[b"callback"] == b"parse_page" and row[b"state"] == b"queued"


def test_a_client_that_decodes_replies_works_the_same(redis_server):
    client = redis.Redis(host="127.0.0.1", port=redis_server, decode_responses=True)
    client.flushdb()
    f = frontier(client)
    f.add(entry(1))
    (taken,) = f.take(1)
    assert taken.meta == {"newsarchive_hops": 1}
    assert f.state_of(url(1)) == ("in_flight", 1, None)
    client.close()


def test_frontiers_with_different_prefixes_do_not_see_each_other(redis_client):
    a = frontier(redis_client, prefix="a")
    b = frontier(redis_client, prefix="b")
    a.add(entry(1))
    assert b.state_of(url(1)) is None
    assert b.add(entry(1)) is True
    assert a.counts() == b.counts() == {"queued": 1}
