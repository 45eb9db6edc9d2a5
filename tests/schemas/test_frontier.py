"""The frontier's SQL on real SQLite files: ordering, resume, schedule, write order."""

from __future__ import annotations

import sqlite3

import pytest

from schemas.corpus import Corpus
from schemas.frontier import (
    EVERY_RUN,
    NO_REVISIT,
    SCHEDULE,
    Entry,
    Frontier,
    Outcome,
    next_due,
)

HOUR = 3600.0


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def corpus(tmp_path):
    c = Corpus(tmp_path / "corpus.db")
    yield c
    c.close()


def frontier(corpus, crawl_id: int, clock: Clock, schedule=(HOUR, 6 * HOUR)) -> Frontier:
    return Frontier(corpus.db, crawl_id=crawl_id, schedule=schedule, clock=clock)


def entry(n: int, priority: int = 0, policy: str = SCHEDULE) -> Entry:
    return Entry(
        url_key=f"http://example.com/{n}",
        url=f"http://example.com/{n}",
        callback="parse_page",
        meta={"newsarchive_hops": 1},
        priority=priority,
        policy=policy,
    )


def rows(path) -> dict[str, sqlite3.Row]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    with conn:
        return {r["url_key"]: r for r in conn.execute("SELECT * FROM frontier")}


def test_next_due_counts_from_first_seen_and_ends_after_the_last_step():
    schedule = [HOUR, 6 * HOUR, 24 * HOUR]
    assert next_due(0, 10, schedule) == HOUR
    assert next_due(0, HOUR + 1, schedule) == 6 * HOUR
    assert next_due(0, 24 * HOUR, schedule) is None


def test_nothing_is_committed_until_a_flush_and_then_all_of_it_is(corpus, tmp_path):
    f = frontier(corpus, 1, Clock())
    f.add(entry(1))
    f.add(entry(2))
    assert rows(tmp_path / "corpus.db") == {}
    assert f.state_of("http://example.com/1")[0] == "queued"  # pending writes count
    assert f.flush() == 2
    assert set(rows(tmp_path / "corpus.db")) == {"http://example.com/1", "http://example.com/2"}


def test_take_serves_by_priority_then_discovery_order_and_marks_in_flight(corpus, tmp_path):
    f = frontier(corpus, 1, Clock())
    for n, prio in [(1, 0), (2, 20), (3, 0), (4, 20)]:
        f.add(entry(n, prio))
    taken = f.take(3)
    assert [e.url for e in taken] == [
        "http://example.com/2",
        "http://example.com/4",
        "http://example.com/1",
    ]
    states = {k: r["state"] for k, r in rows(tmp_path / "corpus.db").items()}
    assert states["http://example.com/2"] == "in_flight"
    assert states["http://example.com/3"] == "queued"
    assert taken[0].meta == {"newsarchive_hops": 1}


def test_a_killed_runs_in_flight_rows_are_queued_again_by_the_next_run(corpus, tmp_path):
    clock = Clock()
    f = frontier(corpus, 1, clock)
    for n in range(5):
        f.add(entry(n))
    f.take(3)  # then the process dies: nothing settled
    again = frontier(corpus, 2, clock)
    counts = again.begin_run()
    assert counts["resumed"] == 3 and counts["queued"] == 5


def test_settled_articles_come_due_on_the_schedule_and_discovery_pages_every_run(corpus, tmp_path):
    clock = Clock()
    f = frontier(corpus, 1, clock)
    f.add(entry(1, policy=SCHEDULE))
    f.add(entry(2, policy=EVERY_RUN))
    f.add(entry(3))
    f.take(10)
    f.settle("http://example.com/1", Outcome(status=200, policy=SCHEDULE, etag='"a"'))
    f.settle("http://example.com/2", Outcome(status=200, policy=EVERY_RUN))
    f.settle("http://example.com/3", Outcome(status=404, policy=NO_REVISIT))
    f.flush()
    r = rows(tmp_path / "corpus.db")
    assert r["http://example.com/1"]["next_eligible"] == pytest.approx(clock.now + HOUR)
    assert r["http://example.com/1"]["etag"] == '"a"'
    assert r["http://example.com/2"]["next_eligible"] == pytest.approx(clock.now)
    assert r["http://example.com/3"]["next_eligible"] is None

    clock.now += 10
    assert frontier(corpus, 2, clock).begin_run()["due"] == 1  # the feed-like page only
    clock.now += HOUR
    counts = frontier(corpus, 3, clock).begin_run()
    assert counts["due"] == 1 and counts["queued"] == 2  # the article is due now too


def _fetched_article(corpus, clock: Clock, schedule) -> None:
    f = frontier(corpus, 1, clock, schedule=schedule)
    f.add(entry(1, policy=SCHEDULE))
    f.take(10)
    f.settle("http://example.com/1", Outcome(status=200, policy=SCHEDULE))
    f.flush()


def test_a_shorter_schedule_applies_to_known_urls_from_the_next_run(corpus, tmp_path):
    clock = Clock()
    _fetched_article(corpus, clock, schedule=(7 * 24 * HOUR,))  # due in a week
    clock.now += 2 * HOUR
    counts = frontier(corpus, 2, clock, schedule=(HOUR, 6 * HOUR)).begin_run()
    assert counts["rescheduled"] == 1
    assert counts["due"] == 1  # an hour after first seen is past: due at once
    row = rows(tmp_path / "corpus.db")["http://example.com/1"]
    assert row["state"] == "queued"
    assert row["next_eligible"] == pytest.approx(clock.now - 2 * HOUR + HOUR)


def test_a_longer_schedule_brings_back_an_article_the_old_one_had_finished_with(corpus, tmp_path):
    clock = Clock()
    _fetched_article(corpus, clock, schedule=())  # never again
    assert rows(tmp_path / "corpus.db")["http://example.com/1"]["next_eligible"] is None
    clock.now += 10
    counts = frontier(corpus, 2, clock, schedule=(HOUR,)).begin_run()
    assert counts["rescheduled"] == 1 and counts["due"] == 0
    row = rows(tmp_path / "corpus.db")["http://example.com/1"]
    assert row["next_eligible"] == pytest.approx(clock.now - 10 + HOUR)
    # the same schedule again changes nothing
    assert frontier(corpus, 3, clock, schedule=(HOUR,)).begin_run()["rescheduled"] == 0


def test_a_schedule_of_zeros_revisits_every_article_at_every_run(corpus, tmp_path):
    clock = Clock()
    _fetched_article(corpus, clock, schedule=(0.0,))
    assert next_due(0, 50, [0.0]) == 50
    for crawl_id in (2, 3):
        clock.now += 1
        f = frontier(corpus, crawl_id, clock, schedule=(0.0,))
        assert f.begin_run()["due"] == 1
        f.take(10)
        f.settle("http://example.com/1", Outcome(status=200, policy=SCHEDULE))
        f.flush()


def test_validators_survive_a_revisit_that_brings_none(corpus, tmp_path):
    f = frontier(corpus, 1, Clock())
    f.add(entry(1))
    f.take(1)
    f.settle(
        "http://example.com/1",
        Outcome(status=200, policy=SCHEDULE, etag='"v1"', record_id="<urn:uuid:1>"),
    )
    f.settle("http://example.com/1", Outcome(status=304, policy=SCHEDULE))
    f.flush()
    r = rows(tmp_path / "corpus.db")["http://example.com/1"]
    assert (r["etag"], r["record_id"], r["last_status"]) == ('"v1"', "<urn:uuid:1>", 304)
    assert r["fetch_count"] == 2


def test_failures_are_retried_by_later_runs_until_attempts_run_out(corpus, tmp_path):
    clock = Clock()
    f = frontier(corpus, 1, clock)
    f.add(entry(1))
    retried = []
    for run in range(2, 5):
        assert [e.url for e in f.take(1)] == ["http://example.com/1"]
        f.settle("http://example.com/1", Outcome(status=None, policy=NO_REVISIT, failed=True))
        f.flush()
        f = frontier(corpus, run, clock)
        retried.append(f.begin_run()["retried"])
    assert retried == [1, 1, 0]
    assert f.take(1) == []
    assert rows(tmp_path / "corpus.db")["http://example.com/1"]["attempts"] == 3


def test_a_finished_run_marks_what_never_came_back_as_failed(corpus, tmp_path):
    f = frontier(corpus, 1, Clock())
    f.add(entry(1))
    f.take(1)
    assert f.end_run(finished=True) == 1
    assert rows(tmp_path / "corpus.db")["http://example.com/1"]["state"] == "failed"


def test_an_interrupted_run_leaves_its_work_in_flight_for_the_next(corpus, tmp_path):
    f = frontier(corpus, 1, Clock())
    f.add(entry(1))
    f.take(1)
    assert f.end_run(finished=False) == 0
    assert rows(tmp_path / "corpus.db")["http://example.com/1"]["state"] == "in_flight"
