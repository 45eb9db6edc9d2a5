"""The extraction process pool (``crawler.extract_pool.PipePool``), with real processes.

Jobs are module-level functions, so that the spawned workers can import them.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Coroutine
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest
import pytest_twisted
from twisted.internet.defer import Deferred

from crawler.extract_pool import PipePool


def on_asyncio(coro: Coroutine[Any, Any, Any]) -> Deferred:
    """Run an asyncio coroutine on the reactor's loop, where the pipeline uses the pool."""
    return Deferred.fromFuture(asyncio.ensure_future(coro))


def slow_echo(value: Any, seconds: float) -> Any:
    time.sleep(seconds)
    return value


def size_of(body: bytes) -> tuple[int, int]:
    return len(body), os.getpid()


def refuse(message: str) -> None:
    raise ValueError(message)


def die() -> None:
    os._exit(3)


@pytest.fixture
def pool():
    made = PipePool(2)
    yield made
    made.kill()


@pytest_twisted.ensureDeferred
async def test_results_reach_their_callers_whatever_order_the_workers_finish(pool):
    async def run() -> list[Any]:
        first = pool.submit(slow_echo, "slow", 0.5)
        second = pool.submit(slow_echo, "fast", 0.0)
        return await asyncio.gather(first, second)

    assert await on_asyncio(run()) == ["slow", "fast"]


@pytest_twisted.ensureDeferred
async def test_a_page_larger_than_the_pipe_buffer_goes_through_whole(pool):
    body = os.urandom(5 * 1024 * 1024)  # a pipe holds 64 KiB: the loop writes the rest later

    async def run() -> list[tuple[int, int]]:
        return await asyncio.gather(*(pool.submit(size_of, body) for _ in range(4)))

    results = await on_asyncio(run())
    assert [size for size, _ in results] == [len(body)] * 4
    assert {pid for _, pid in results} <= {p.pid for p in pool.processes}
    assert len({pid for _, pid in results}) == 2, "jobs go to the least busy worker"


@pytest_twisted.ensureDeferred
async def test_a_jobs_exception_reaches_its_caller_and_the_worker_goes_on(pool):
    async def run() -> Any:
        with pytest.raises(ValueError, match="bad page"):
            await pool.submit(refuse, "bad page")
        return await pool.submit(slow_echo, "next", 0.0)

    assert await on_asyncio(run()) == "next"
    assert pool.crashes == 0


@pytest_twisted.ensureDeferred
async def test_a_worker_that_dies_fails_only_its_own_job_and_is_replaced(pool):
    before = {p.pid for p in pool.processes}

    async def run() -> tuple[BaseException | Any, Any, Any]:
        survivor = pool.submit(slow_echo, "other worker's page", 0.5)
        dead = pool.submit(die)
        results = await asyncio.gather(dead, survivor, return_exceptions=True)
        after = await pool.submit(slow_echo, "after the crash", 0.0)
        return results[0], results[1], after

    crashed, survived, after = await on_asyncio(run())
    assert isinstance(crashed, BrokenProcessPool)
    assert survived == "other worker's page"
    assert after == "after the crash"
    assert pool.crashes == 1
    now = {p.pid for p in pool.processes}
    assert len(now) == 2 and len(now - before) == 1
    assert all(p.is_alive() for p in pool.processes)


@pytest_twisted.ensureDeferred
async def test_shutdown_lets_each_worker_finish_and_exit(pool):
    async def run() -> Any:
        return await pool.submit(slow_echo, "done", 0.0)

    assert await on_asyncio(run()) == "done"
    processes = pool.processes
    pool.shutdown(wait=True)
    assert [p.exitcode for p in processes] == [0, 0]
    with pytest.raises(RuntimeError):
        pool.submit(slow_echo, "late", 0.0)


@pytest_twisted.ensureDeferred
async def test_kill_stops_busy_workers_at_once(pool):
    async def start() -> asyncio.Future:
        future = pool.submit(slow_echo, "never", 60)
        await asyncio.sleep(0.2)
        return future

    future = await on_asyncio(start())
    began = time.monotonic()
    pool.kill()
    for process in pool.processes:
        process.join(timeout=10)
    assert time.monotonic() - began < 10
    assert not any(p.is_alive() for p in pool.processes)
    assert future.cancelled()


@pytest_twisted.ensureDeferred
async def test_a_pool_that_cannot_start_a_worker_again_refuses_jobs_instead_of_hanging():
    pool = PipePool(1)

    def no_more_processes():
        raise OSError(11, "Resource temporarily unavailable")

    pool._start = no_more_processes  # what fork/pipe exhaustion looks like to the pool

    async def run() -> BaseException | None:
        with pytest.raises(BrokenProcessPool):
            await pool.submit(die)
        try:
            pool.submit(slow_echo, "late", 0.0)
        except BrokenProcessPool as exc:
            return exc
        return None

    try:
        assert isinstance(await on_asyncio(run()), BrokenProcessPool)
        assert pool.crashes == 1 and pool.processes == []
    finally:
        pool.kill()
