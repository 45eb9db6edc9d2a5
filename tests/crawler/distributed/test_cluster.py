"""The cluster's runs and workers (crawler.distributed.cluster), on a real redis-server."""

from __future__ import annotations

import time

import pytest

from crawler.distributed.cluster import Cluster, ClusterError


def test_the_first_worker_starts_a_run_and_the_next_joins_it(redis_client):
    cluster = Cluster(redis_client, timeout=5)
    assert cluster.join("w1") == (1, True)
    assert cluster.join("w2") == (1, False)
    assert not cluster.state().over
    assert [w.name for w in cluster.workers() if w.state == "alive"] == ["w1", "w2"]


def test_a_name_in_use_by_a_live_worker_is_refused(redis_client):
    cluster = Cluster(redis_client, timeout=5)
    cluster.join("w1")
    with pytest.raises(ClusterError, match="alive"):
        cluster.join("w1")


def test_a_run_is_over_when_its_workers_left_and_nothing_is_queued_or_leased(redis_client):
    cluster = Cluster(redis_client, timeout=5)
    cluster.join("w1")
    redis_client.zadd("na:queued", {"k": 1})
    cluster.leave("w1", "finished")
    assert not cluster.state().over  # a URL still waits: the next worker takes up the run
    assert cluster.join("w2") == (1, False)
    cluster.leave("w2", "finished")
    redis_client.delete("na:queued")
    assert cluster.state().over
    assert cluster.join("w3") == (2, True)


def test_a_silent_worker_is_dead_after_the_timeout_and_its_leases_keep_the_run_open(
    redis_client,
):
    cluster = Cluster(redis_client, timeout=0.5)
    cluster.join("w1")
    redis_client.zadd("na:leased", {"k": time.time() + 60})
    time.sleep(0.6)
    (w1,) = cluster.workers()
    assert w1.state == "dead"
    assert not cluster.state().over  # its lease has not come back yet
    assert cluster.join("w1") == (1, False)  # the name is free again: it is dead


def test_draining_ends_a_run_with_urls_still_queued_and_the_next_run_lifts_it(redis_client):
    cluster = Cluster(redis_client, timeout=5)
    cluster.join("w1")
    redis_client.zadd("na:queued", {"k": 1})
    cluster.drain()
    assert cluster.draining
    assert not cluster.state().over  # w1 is still alive
    cluster.leave("w1", "finished")
    assert cluster.state().over
    assert cluster.join("w2") == (2, True)
    assert not cluster.draining
