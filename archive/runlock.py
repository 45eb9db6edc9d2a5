"""One crawl at a time per corpus and per WARC directory.

A second run on the same corpus would interleave commits, and a second run on
the same WARC directory would "repair" the first run's open files. An advisory
``flock`` is released by the kernel when a process dies, so a killed run never
leaves a stale lock behind. ``scrapy crawl`` takes both locks before it opens the
corpus, and holds them to the end: of two runs started at the same moment, one gets the
locks and the other is refused with the lock's name (exit status 6), never a "database is
locked" from SQLite.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class LockedError(RuntimeError):
    """Another process holds the lock."""


# Locks this process holds, by path: (descriptor, holders). A run takes its locks before
# it opens anything, and its components take them again: flock would refuse a second
# descriptor of the same process, so they share the first.
_HELD: dict[Path, list[int]] = {}


class RunLock:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._held = False

    def acquire(self) -> RunLock:
        if self._held:
            return self
        key = self.path.resolve()
        if key in _HELD:
            _HELD[key][1] += 1
            self._held = True
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip()
            os.close(fd)
            by = f"pid {holder}" if holder.isdigit() else "another process"
            raise LockedError(
                f"another run holds the lock {self.path} ({by}): one run at a time on a"
                " corpus or WARC directory; wait for it to end or stop it"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        _HELD[key] = [fd, 1]
        self._held = True
        return self

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        key = self.path.resolve()
        held = _HELD.get(key)
        if held is None:
            return
        held[1] -= 1
        if held[1] == 0:
            del _HELD[key]
            fcntl.flock(held[0], fcntl.LOCK_UN)
            os.close(held[0])

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def corpus_lock(corpus_db: str | os.PathLike[str]) -> RunLock:
    return RunLock(str(corpus_db) + ".lock")


def warc_dir_lock(warc_dir: str | os.PathLike[str], owner: str | None = None) -> RunLock:
    """The lock of a WARC directory, or of one writer's files in a shared one (``owner``:
    its file name prefix), so that workers sharing a mount each repair only their own."""
    if owner is None:
        return RunLock(Path(warc_dir) / ".newsarchive.lock")
    return RunLock(Path(warc_dir) / f".newsarchive-{owner}.lock")
