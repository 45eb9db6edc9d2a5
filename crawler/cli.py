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
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text

from archive.reader import require_warc_dir
from crawler.exits import Exit, status_of
from crawler.extensions.summary import counted, human_bytes
from crawler.terminal import escape_terminal
from schemas.corpus import open_for_reading, require_corpus

__all__ = ["NewsarchiveCommand", "counted", "human_bytes", "progress_bar"]

#: ``advance(stage, n, total)``: what a library reports its progress through (a stage
#: appears the first time it is named; ``total``, when known, sets its total).
StageProgress = Callable[[str, int, "int | None"], None]


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
    def progress(
        self, what: str, total: int | None = None, *, in_bytes: bool = False
    ) -> Iterator[Callable[[int], None]]:
        """A progress bar on standard error (gone when done); yields ``advance(n)``.

        With a total it shows the count done of the total, the rate and the time left;
        ``in_bytes`` counts bytes (``12.0 MB of 26.7 MB, 3.1 MB/s``)."""
        with self.stages(bytes_stages=(what,) if in_bytes else ()) as advance:
            advance(what, 0, total)
            yield lambda n: advance(what, n, None)

    @contextlib.contextmanager
    def stages(self, bytes_stages: tuple[str, ...] = ()) -> Iterator[StageProgress]:
        """One bar per stage of a long command (``verify``: files, captures, articles),
        each with its total, rate and time left once its total is known."""
        tasks: dict[str, Any] = {}
        with progress_bar(Console(stderr=True)) as bar:

            def advance(stage: str, n: int, total: int | None = None) -> None:
                task = tasks.get(stage)
                if task is None:
                    unit = "bytes" if stage in bytes_stages else ""
                    task = tasks[stage] = bar.add_task(stage, total=total, unit=unit)
                elif total is not None:
                    bar.update(task, total=total)
                if n:
                    bar.advance(task, n)

            yield advance


class _DoneColumn(ProgressColumn):
    """``2,216/4,118`` rows, or ``12.0 MB of 26.7 MB``; only the count done while the
    total is unknown."""

    def render(self, task: Task) -> Text:
        in_bytes = task.fields.get("unit") == "bytes"
        show = human_bytes if in_bytes else (lambda n: f"{int(n):,}")
        if task.total is None:
            return Text(show(task.completed))
        sep = " of " if in_bytes else "/"
        return Text(f"{show(task.completed)}{sep}{show(task.total)}")


class _RateColumn(ProgressColumn):
    """How fast it goes: ``1,234/s`` or ``3.1 MB/s`` (nothing until rich can tell)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text("")
        if task.fields.get("unit") == "bytes":
            return Text(f"{human_bytes(speed)}/s")
        return Text(f"{speed:,.0f}/s")


def progress_bar(console: Console, *, transient: bool = True) -> Progress:
    """The bar every command shows: what, bar, done of total, rate, time left."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        _DoneColumn(),
        _RateColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=transient,
    )
