"""What every newsarchive command shares: the corpus and WARC folder it opens, progress on
standard error, and one message and one exit status for each kind of failure.

A command is one library call plus its messages: ``class Command(NewsarchiveCommand,
ScrapyCommand)`` implements ``execute`` and returns an ``Exit``; a named exception from the
library becomes one line on standard error (``name: what went wrong``) and the status
``crawler.exits`` gives it. Scrapy's ``UsageError`` is left to Scrapy (status 2, with the
command's usage). This module itself does not import Scrapy: each command does.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from archive.reader import require_warc_dir
from crawler.exits import Exit, status_of
from crawler.terminal import escape_terminal
from schemas.corpus import open_for_reading, require_corpus


class NewsarchiveCommand:
    """What a newsarchive command adds to ``ScrapyCommand``: settings from the project, no
    crawl, no log; ``execute`` instead of ``run``; one line and one status per failure."""

    settings: Any

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    exitcode: int

    @property
    def name(self) -> str:
        return type(self).__module__.rsplit(".", 1)[-1]

    def run(self, args: list[str], opts) -> None:
        assert self.settings is not None
        try:
            status = self.execute(args, opts)
        except Exception as exc:
            status = status_of(exc)
            if status is None:
                raise  # Scrapy's UsageError, or a bug: Scrapy reports those
            self.say(str(exc))
        self.exitcode = int(Exit.OK if status is None else status)

    def execute(self, args: list[str], opts) -> Exit | None:
        raise NotImplementedError

    def say(self, message: str) -> None:
        """One line on standard error, safe to print whatever a page put in it."""
        print(f"{self.name}: {escape_terminal(message)}", file=sys.stderr, flush=True)

    # -- what commands open ----------------------------------------------------------
    def corpus_path(self) -> Path:
        """``CORPUS_DB``, which must exist (``CorpusError``: exit status 5)."""
        return require_corpus(self.settings.get("CORPUS_DB"))

    def corpus(self) -> sqlite_utils.Database:
        """``CORPUS_DB`` opened for reading, never migrated."""
        return open_for_reading(self.settings.get("CORPUS_DB"))

    def warc_dir(self) -> Path:
        """``WARC_DIR``, which must be a directory (``NoArchive``: exit status 3)."""
        return require_warc_dir(self.settings.get("WARC_DIR"))

    @contextlib.contextmanager
    def progress(self, what: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        """A progress bar on standard error (gone when done); yields ``advance(n)``."""
        columns = [TextColumn(what), BarColumn()]
        if total is not None:
            columns.append(MofNCompleteColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(what, total=total or None)
            yield lambda n: bar.advance(task, n)


def human_bytes(size: float) -> str:
    """``1.2 MB``: sizes as people read them (powers of 1000, like ``ls -h --si``)."""
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"
