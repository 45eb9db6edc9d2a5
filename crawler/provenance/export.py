"""``scrapy export OUT.wacz``: the archive as a WACZ whose pages.jsonl lists the articles,
each with its extracted text. No Scrapy."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from archive.package import export_wacz
from schemas.corpus import article_pages, open_for_reading


def pages_with_text(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """The corpus's pages (``article_pages``), each with its article's text in ``text``.

    Why: ReplayWeb.page searches a WACZ's pages by the ``text`` of pages.jsonl; without it
    only titles and URLs are found. One text at a time, by the article's id, so that a
    large corpus's texts are never all in memory."""
    for page in article_pages(db):
        article_id = int(page["id"].rsplit("-", 1)[1])
        row = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        if row and row[0]:
            page["text"] = row[0]
        yield page


def export(
    corpus_db: str | os.PathLike[str],
    warc_dir: str | os.PathLike[str],
    output: str,
    *,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Path, int]:
    """A WACZ of WARC_DIR whose pages.jsonl lists the corpus's articles with their texts;
    returns (path, pages). ``FileExistsError`` for an existing output unless ``overwrite``."""
    db = open_for_reading(corpus_db)
    count = 0

    def counting(pages: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        nonlocal count
        for page in pages:
            count += 1
            yield page

    try:
        path = export_wacz(
            warc_dir,
            counting(pages_with_text(db)),
            output,
            overwrite=overwrite,
            progress=progress,
        )
    finally:
        db.conn.close()
    return path, count
