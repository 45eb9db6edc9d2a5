"""``scrapy export OUT.wacz``: the archive as a WACZ whose pages.jsonl lists the articles.
No Scrapy."""

from __future__ import annotations

import os
from pathlib import Path

from archive.package import export_wacz
from schemas.corpus import article_pages, open_for_reading


def export(
    corpus_db: str | os.PathLike[str], warc_dir: str | os.PathLike[str], output: str
) -> tuple[Path, int]:
    """A WACZ of WARC_DIR whose pages.jsonl lists the corpus's articles."""
    db = open_for_reading(corpus_db)
    try:
        pages = article_pages(db)
    finally:
        db.conn.close()
    return export_wacz(warc_dir, pages, output), len(pages)
