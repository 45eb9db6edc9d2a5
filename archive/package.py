"""Indexes and packages of the archive: CDXJ (cdxj-indexer) and WACZ (py-wacz).

Both formats are written by the reference tools of the web-archiving community
rather than by hand, so that pywb, ReplayWeb.page and friends read them as
they read any crawler's output.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import archive.reader  # noqa: F401 - installs the brotli fix warcio needs for indexing
from archive.warc import WARC_SUFFIX


class PackageError(RuntimeError):
    """An index or package could not be written."""


def closed_warcs(warc_dir: str | os.PathLike[str]) -> list[str]:
    """The finished WARC files of a directory (never ``.open`` ones), in name order."""
    return [str(p) for p in sorted(Path(warc_dir).glob(f"*{WARC_SUFFIX}"))]


def write_cdxj(warc_dir: str | os.PathLike[str], output: str | os.PathLike[str]) -> int:
    """A sorted CDXJ index of every closed WARC file, as cdxj-indexer writes it.

    Returns the number of index lines.
    """
    from cdxj_indexer.main import write_cdx_index

    inputs = closed_warcs(warc_dir)
    if not inputs:
        raise PackageError(f"no closed WARC files in {warc_dir}")
    tmp = Path(str(output) + ".tmp")
    try:
        write_cdx_index(str(tmp), inputs, {"sort": True, "dir_root": str(warc_dir)})
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
    with open(output, "rb") as fh:
        return sum(1 for _ in fh)


PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Articles"}


def _pages_lines(pages: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield json.dumps(PAGES_HEADER) + "\n"
    for page in pages:
        yield json.dumps(page, ensure_ascii=False, sort_keys=True) + "\n"


def pages_jsonl(pages: Iterable[dict[str, Any]]) -> str:
    """A pages.jsonl (json-pages-1.0) listing the articles: url, title, ts, and the
    article's extracted ``text``, which ReplayWeb.page searches in full text."""
    return "".join(_pages_lines(pages))


def write_pages_jsonl(pages: Iterable[dict[str, Any]], path: str | os.PathLike[str]) -> None:
    """The same, written line by line: a corpus's texts need not fit in memory at once."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(_pages_lines(pages))


def check_free_space(inputs: list[str], directory: str | os.PathLike[str]) -> None:
    """Refuse an export that cannot fit: the WACZ stores the WARCs as they are, plus
    its index, so it needs about their size; a half-written zip helps nobody."""
    needed = int(sum(os.path.getsize(p) for p in inputs) * 1.1) + 1_000_000
    free = shutil.disk_usage(directory).free
    if free < needed:
        message = (
            f"not enough free space in {directory}: the export needs about {needed} bytes,"
            f" {free} are free"
        )
        raise PackageError(message) from OSError(errno.ENOSPC, message)


def export_wacz(
    warc_dir: str | os.PathLike[str],
    pages: Iterable[dict[str, Any]],
    output: str | os.PathLike[str],
    *,
    title: str = "newsarchive export",
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write a WACZ of every closed WARC file, with the given pages, through py-wacz.

    ``FileExistsError`` when ``output`` exists and ``overwrite`` is not asked for. The
    package is written as ``NAME.part.wacz`` and renamed when whole, so a failed or killed
    export leaves no half package under the name asked for, nor loses the one it was to
    replace. ``progress(done, total)`` is told the bytes written of about the WARC files'
    size (py-wacz stores them as they are), as the package grows."""
    from wacz.main import main as wacz_main

    inputs = closed_warcs(warc_dir)
    if not inputs:
        raise PackageError(f"no closed WARC files in {warc_dir}")
    out = Path(output)
    if out.suffix != ".wacz":
        raise PackageError(f"{out}: the output must end in .wacz")
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} exists: pass --force to replace it")
    check_free_space(inputs, out.parent)
    part = out.with_name(out.name[: -len(".wacz")] + ".part.wacz")
    pages_file = out.with_name(out.name + ".pages.jsonl")
    chatter = io.StringIO()  # py-wacz prints progress; the command prints its own summary
    total = sum(os.path.getsize(p) for p in inputs)
    try:
        write_pages_jsonl(pages, pages_file)
        with contextlib.redirect_stdout(chatter), _watching(part, total, progress):
            status = wacz_main(
                ["create", "-o", str(part), "-p", str(pages_file), "--title", title, *inputs]
            )
        if status not in (None, 0):
            raise PackageError(f"wacz create failed: {chatter.getvalue().strip()[-500:]}")
        os.replace(part, out)
    finally:
        pages_file.unlink(missing_ok=True)
        part.unlink(missing_ok=True)
    return out


@contextlib.contextmanager
def _watching(
    path: Path, total: int, progress: Callable[[int, int], None] | None
) -> Iterator[None]:
    """Report ``path``'s size every fifth of a second while the block runs."""
    if progress is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.2):
            with contextlib.suppress(OSError):
                progress(min(path.stat().st_size, total), total)

    progress(0, total)
    watcher = threading.Thread(target=watch, name="wacz-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
    progress(total, total)


def validate_wacz(path: str | os.PathLike[str]) -> tuple[bool, str]:
    """py-wacz's own validation, and what it said."""
    from wacz.main import main as wacz_main

    chatter = io.StringIO()
    with contextlib.redirect_stdout(chatter):
        status = wacz_main(["validate", "-f", str(path)])
    return status in (None, 0), chatter.getvalue()
