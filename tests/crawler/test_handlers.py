"""Crawl-delay pacing in the download handler (``crawler.handlers.HostPacer``).

The hostile crawl (B65) checks the gaps a real server sees; these tests pin the rule
behind it: a host's next fetch starts ``delay`` after its previous fetch *ended*, so a
request held up between its release and the socket cannot be followed at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from typing import Any

import pytest
import pytest_twisted
from twisted.internet.defer import Deferred

from crawler.handlers import HostPacer

# asyncio may wake a timer up to its clock resolution early.
SLACK = 0.01


def on_asyncio(coro: Coroutine[Any, Any, Any]) -> Deferred:
    """Run an asyncio coroutine on the reactor's loop, as the download handler's run."""
    return Deferred.fromFuture(asyncio.ensure_future(coro))


@pytest_twisted.ensureDeferred
async def test_the_next_fetch_starts_the_delay_after_the_previous_fetch_ended():
    events: list[tuple[str, str, float]] = []

    async def fetch(pacer: HostPacer, name: str, seconds: float) -> float:
        async with pacer.turn("slow.example", 0.2) as waited:
            events.append((name, "start", time.monotonic()))
            await asyncio.sleep(seconds)  # a send held up by a busy reactor, then the reply
            events.append((name, "end", time.monotonic()))
        return waited

    async def both() -> list[float]:
        pacer = HostPacer()
        return await asyncio.gather(fetch(pacer, "a", 0.3), fetch(pacer, "b", 0.0))

    waits = await on_asyncio(both())
    times = {(name, kind): t for name, kind, t in events}
    assert [e[:2] for e in events] == [("a", "start"), ("a", "end"), ("b", "start"), ("b", "end")]
    assert times["b", "start"] - times["a", "end"] >= 0.2 - SLACK
    assert waits[0] == 0.0 and waits[1] > 0.0


@pytest_twisted.ensureDeferred
async def test_hosts_are_paced_apart_from_each_other():
    starts: dict[str, float] = {}

    async def fetch(pacer: HostPacer, host: str) -> None:
        async with pacer.turn(host, 5.0):
            starts[host] = time.monotonic()
            await asyncio.sleep(0.05)

    async def both() -> None:
        pacer = HostPacer()
        await asyncio.gather(fetch(pacer, "a.example"), fetch(pacer, "b.example"))

    began = time.monotonic()
    await on_asyncio(both())
    assert sorted(starts) == ["a.example", "b.example"]
    assert max(starts.values()) - began < 1.0, "another host's delay must not hold this one"


@pytest_twisted.ensureDeferred
async def test_a_failed_fetch_also_starts_the_delay():
    async def fail_then_fetch() -> tuple[float, float]:
        pacer = HostPacer()
        with pytest.raises(ConnectionError):
            async with pacer.turn("down.example", 0.2):
                raise ConnectionError("refused")
        failed_at = time.monotonic()
        async with pacer.turn("down.example", 0.2) as waited:
            return waited, time.monotonic() - failed_at

    waited, gap = await on_asyncio(fail_then_fetch())
    assert waited > 0.0
    assert gap >= 0.2 - SLACK
