"""One crawl at a time per corpus and per WARC directory.

A second run on the same corpus would interleave commits, and a second run on
the same WARC directory would "repair" the first run's open files. An advisory
``flock`` is released by the kernel when a process dies, so a killed run never
leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class LockedError(RuntimeError):
    """Another process holds the lock."""


class RunLock:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise LockedError(
                f"{self.path} is held by pid {holder}: another run is going on"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def corpus_lock(corpus_db: str | os.PathLike[str]) -> RunLock:
    return RunLock(str(corpus_db) + ".lock")


def warc_dir_lock(warc_dir: str | os.PathLike[str]) -> RunLock:
    return RunLock(Path(warc_dir) / ".newsarchive.lock")
