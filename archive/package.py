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
from collections.abc import Iterable
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


def pages_jsonl(pages: Iterable[dict[str, Any]]) -> str:
    """A pages.jsonl (json-pages-1.0) listing the articles: url, title, ts."""
    lines = [json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "Articles"})]
    for page in pages:
        lines.append(json.dumps(page, ensure_ascii=False, sort_keys=True))
    return "\n".join(lines) + "\n"


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
) -> Path:
    """Write a WACZ of every closed WARC file, with the given pages, through py-wacz."""
    from wacz.main import main as wacz_main

    inputs = closed_warcs(warc_dir)
    if not inputs:
        raise PackageError(f"no closed WARC files in {warc_dir}")
    out = Path(output)
    if out.suffix != ".wacz":
        raise PackageError(f"{out}: the output must end in .wacz")
    check_free_space(inputs, out.parent)
    pages_file = out.with_name(out.name + ".pages.jsonl")
    pages_file.write_text(pages_jsonl(pages), encoding="utf-8")
    chatter = io.StringIO()  # py-wacz prints progress; the command prints its own summary
    try:
        with contextlib.redirect_stdout(chatter):
            status = wacz_main(
                ["create", "-o", str(out), "-p", str(pages_file), "--title", title, *inputs]
            )
    finally:
        pages_file.unlink(missing_ok=True)
    if status not in (None, 0):
        raise PackageError(f"wacz create failed: {chatter.getvalue().strip()[-500:]}")
    return out


def validate_wacz(path: str | os.PathLike[str]) -> tuple[bool, str]:
    """py-wacz's own validation, and what it said."""
    from wacz.main import main as wacz_main

    chatter = io.StringIO()
    with contextlib.redirect_stdout(chatter):
        status = wacz_main(["validate", "-f", str(path)])
    return status in (None, 0), chatter.getvalue()
