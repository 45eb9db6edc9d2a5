"""A real redis-server on a free loopback port, for the tests of the distributed cores.

A real server, not a fake: what the Redis frontier promises rests on how Redis runs
Lua scripts (each one whole, with nothing in between), which only the server shows.
One server for the session, emptied before each test; no persistence, in a temp dir.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

REDIS_SERVER = "/usr/bin/redis-server"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(workdir: Path) -> tuple[subprocess.Popen, int]:
    """Start a server; the port is free when chosen, so retry if another took it since."""
    for _ in range(5):
        port = _free_port()
        log = workdir / f"redis-{port}.log"
        proc = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(workdir),
                "--logfile", str(log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            with contextlib.suppress(redis.ConnectionError, redis.TimeoutError):
                if client.ping():
                    client.close()
                    return proc, port
            time.sleep(0.05)
        client.close()
        _stop(proc)
    text = log.read_text(errors="replace") if log.exists() else "(no log)"
    pytest.fail(f"redis-server did not start on a loopback port:\n{text}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[int]:
    """The port of a redis-server started for this session."""
    if shutil.which(REDIS_SERVER) is None:
        pytest.fail(
            f"{REDIS_SERVER} is missing: the Redis tests need a real server"
            " (Debian: apt-get install redis-server)"
        )
    proc, port = _start(tmp_path_factory.mktemp("redis"))
    try:
        yield port
    finally:
        _stop(proc)


@pytest.fixture
def redis_client(redis_server: int) -> Iterator[redis.Redis]:
    """A client of an empty database."""
    client = redis.Redis(host="127.0.0.1", port=redis_server)
    client.flushdb()
    try:
        yield client
    finally:
        client.close()
