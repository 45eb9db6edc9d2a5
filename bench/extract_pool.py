#!/usr/bin/env python3
"""What handing pages to extraction workers costs the crawling process, per page.

Why: on two cores the crawling process and the workers share the CPU, so every
millisecond the hand-off costs the crawling process is a millisecond extraction does not
get (issue 7's single-process ratio). This runs the same jobs (a page-sized body in, an
article-sized result out, no real work) through ``concurrent.futures.ProcessPoolExecutor``
(awaited with ``asyncio.wrap_future``, as the pipeline used to) and through
``crawler.extract_pool.PipePool``, with the pipeline's bound on jobs in flight, and prints
the crawling process's CPU per job (all its threads) and the wall time per job.

Usage: python bench/extract_pool.py [--jobs 3000] [--body-kb 100] [--inflight 8] [--rounds 3]
Exit status 0 on success, 1 on failure, 2 when the venv is missing.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"


def _ensure_environment() -> None:
    if not PYTHON.exists():
        print(f"extract_pool: {PYTHON} not found; run `make install` first", file=sys.stderr)
        sys.exit(2)
    if Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(PYTHON), [str(PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def job(body: bytes, url: str) -> dict:
    """An article-sized result for a page-sized body, with no extraction in between."""
    return {"url": url, "text": "x" * 6000, "stats": {"hidden": 3, "navigation": 2}}


async def _run(submit, jobs: int, body: bytes, inflight: int) -> tuple[float, float]:
    slots = asyncio.Semaphore(inflight)

    async def one(i: int) -> None:
        async with slots:
            await asyncio.wrap_future(submit(job, body, f"http://bench.test/{i}"))

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(jobs)))
    return (
        1000 * (time.process_time() - cpu) / jobs,
        1000 * (time.perf_counter() - wall) / jobs,
    )


async def _measure(kind: str, jobs: int, body: bytes, inflight: int) -> tuple[float, float]:
    from crawler.extract_pool import PipePool

    spawn = multiprocessing.get_context("spawn")
    if kind == "stdlib":
        pool = concurrent.futures.ProcessPoolExecutor(2, mp_context=spawn)
    else:
        pool = PipePool(2, mp_context=spawn)
    try:
        await _run(pool.submit, 20, body, inflight)  # start the workers and warm up
        return await _run(pool.submit, jobs, body, inflight)
    finally:
        pool.shutdown(wait=True)


def main() -> int:
    _ensure_environment()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=3000)
    ap.add_argument("--body-kb", type=int, default=100)
    ap.add_argument("--inflight", type=int, default=8, help="EXTRACT_MAX_INFLIGHT")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    body = os.urandom(args.body_kb * 1024)
    figures: dict[str, list[tuple[float, float]]] = {"stdlib": [], "pipes": []}
    try:
        for round_no in range(1, args.rounds + 1):
            for kind in figures:
                cpu, wall = asyncio.run(_measure(kind, args.jobs, body, args.inflight))
                figures[kind].append((cpu, wall))
                print(f"round {round_no}: {kind:6} {cpu:.3f} ms CPU/job, {wall:.3f} ms wall/job")
    except Exception as exc:  # noqa: BLE001 - one readable line and a status
        print(f"extract_pool: failed: {exc!r}", file=sys.stderr)
        return 1
    medians = {k: statistics.median(c for c, _ in v) for k, v in figures.items()}
    print(
        f"median over {args.rounds} rounds, {args.jobs} jobs of {args.body_kb} KB: crawling "
        f"process CPU per job {medians['stdlib']:.3f} ms (ProcessPoolExecutor) against "
        f"{medians['pipes']:.3f} ms (PipePool)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
