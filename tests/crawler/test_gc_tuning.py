"""crawler.gc_tuning: garbage-collector thresholds for the crawl and its workers."""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import os

import pytest
import pytest_twisted

from crawler.gc_tuning import parse_threshold
from crawler.workers import warm as _warm
from tests.crawling import crawl_async
from tests.site import TrapSite


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10000,10,10", (10000, 10, 10)),
        ([5000, 5, 20], (5000, 5, 20)),
        (" 700, 10 ,10", (700, 10, 10)),
    ],
)
def test_a_threshold_is_three_positive_integers(value, expected):
    assert parse_threshold(value) == expected


@pytest.mark.parametrize("value", ["a,b,c", "10000,10", "0,10,10", "1,2,3,4", None])
def test_a_bad_threshold_is_refused_with_the_setting_named(value):
    with pytest.raises(ValueError, match="GC_THRESHOLD"):
        parse_threshold(value)


def _worker_state(threshold, nice):
    before = os.nice(0)
    _warm(threshold, nice)
    return gc.get_threshold(), gc.get_freeze_count() > 0, os.nice(0) - before


def test_an_extraction_worker_is_tuned_and_niced_by_its_initializer():
    # Shut down, not terminated: workers ignore SIGTERM (a graceful stop finishes their
    # pages), so Pool.terminate() would wait for them forever.
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as pool:
        threshold, frozen, niced = pool.submit(_worker_state, (12345, 6, 7), 3).result(60)
    assert threshold == (12345, 6, 7)
    assert frozen
    assert niced == 3


@pytest.mark.crawl
@pytest_twisted.ensureDeferred
async def test_a_crawl_tunes_the_collector_and_gives_the_process_back_as_it_was(tmp_path):
    before = gc.get_threshold()
    with TrapSite() as site:
        result = await crawl_async(
            tmp_path, {"start_urls": site.base_url + "/"}, GC_THRESHOLD="20000,15,12"
        )
    assert result.stats["gc/threshold"] == "20000,15,12"
    assert result.stats["gc/frozen_objects"] > 1000
    assert result.stats.get("extract/articles", 0) > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


@pytest.mark.crawl
@pytest_twisted.ensureDeferred
async def test_switching_the_tuning_off_leaves_the_collector_alone(tmp_path):
    before = gc.get_threshold()
    with TrapSite() as site:
        result = await crawl_async(
            tmp_path, {"start_urls": site.base_url + "/"}, GC_TUNING_ENABLED=False
        )
    assert "gc/threshold" not in result.stats
    assert gc.get_threshold() == before
