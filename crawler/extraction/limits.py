"""Work limits for one document: a wall-clock budget, a size cap and a tree-size check.

Hostile pages (deep or huge DOMs, giant text nodes) must not take minutes and
gigabytes; past these limits a page is counted and not stored. Pure."""

from __future__ import annotations

import re
import signal
import threading
import time

from lxml import etree

from crawler.extraction.options import ExtractOptions

_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b([^>]*)>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


class ExtractionTimeout(BaseException):
    """The per-document time budget ran out.

    A BaseException, like KeyboardInterrupt: the timer signal raises it wherever the
    main thread is, and libraries there (htmldate wraps its search in ``except
    Exception``) must not swallow it and let the document run on.
    """


_REFIRE = 0.1


class Budget:
    """A wall-clock budget for one document.

    In a process's main thread (extraction workers, the CLI) a timer signal
    interrupts trafilatura wherever it is; elsewhere (EXTRACT_WORKERS=0) the
    budget is checked between stages.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds > 0 else None
        self._armed = False
        self._old = None

    def __enter__(self) -> Budget:
        if self.deadline is not None and threading.current_thread() is threading.main_thread():
            try:
                self._old = signal.signal(signal.SIGALRM, self._expired)
                # Then again every 0.1 s: a C callback (lxml's) can still lose one raise.
                signal.setitimer(signal.ITIMER_REAL, self.seconds, _REFIRE)
                self._armed = True
            except (ValueError, AttributeError, OSError):
                self._armed = False
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._armed:
            return
        # The repeating timer can raise here too, before it is stopped: left armed, it
        # would raise ExtractionTimeout into whatever the process ran next.
        while True:
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self._old or signal.SIG_DFL)
                return
            except ExtractionTimeout:
                continue

    @staticmethod
    def _expired(signum: int, frame: object) -> None:
        raise ExtractionTimeout

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ExtractionTimeout


def shrink_html(html: str, limit: int) -> tuple[str, bool]:
    """At most ``limit`` characters of a page, scripts and styles dropped first.

    A 30 MB page is mostly inline data (``__NEXT_DATA__``, state blobs); cutting
    those keeps the article that follows them. JSON-LD is kept, since that is
    where the page declares what it is.
    """
    if len(html) <= limit:
        return html, False

    def drop(m: re.Match[str]) -> str:
        if "ld+json" in m.group(2).lower() and len(m.group(0)) < 1_000_000:
            return m.group(0)
        return ""

    html = _SCRIPT_OR_STYLE.sub(drop, html)
    return html[:limit], True


_NODE_COUNT = etree.XPath("count(//* | //comment() | //processing-instruction())")


def tree_limit(tree, opts: ExtractOptions) -> str | None:
    """Why a parsed tree is too much work to extract (too many elements, too deep)."""
    # Counted in C: a Python loop over every node cost a millisecond per ordinary page.
    if _NODE_COUNT(tree) > opts.max_elements:
        return f"more than {opts.max_elements} elements"
    if tree.xpath(f"boolean(//*[count(ancestor::*) >= {opts.max_depth}])"):
        return f"nested {opts.max_depth} or more levels deep"
    return None
