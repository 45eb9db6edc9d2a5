"""How often the source-link rule fires on real pages: every development page (WCXB dev
articles and trafilatura's evaluation pages), the links it finds and its cost.

Usage: python bench/source_links.py

A source link joins two articles as original and copy whatever their texts, so it must
fire on reposts only; the pages here are mostly not reposts, and each link found is
printed for a person to judge.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEVDATA = ROOT.parent / "shared" / "devdata"


def _pages():
    articles = DEVDATA / "wcxb-dev-articles"
    for truth in sorted((articles / "ground-truth").glob("*.json")):
        url = json.loads(truth.read_text())["url"]
        yield url, gzip.decompress((articles / "html" / f"{truth.stem}.html.gz").read_bytes())
    evaluation = DEVDATA / "trafilatura-eval"
    if (evaluation / "evaldata.json").exists():
        for url, entry in json.loads((evaluation / "evaldata.json").read_text()).items():
            path = evaluation / "html" / entry["file"]
            if path.exists():
                data = path.read_bytes()
                yield url, gzip.decompress(data) if path.suffix == ".gz" else data


def main() -> int:
    from crawler.stories.clusters import source_link
    from crawler.stories.copies import cued as may_hold_link

    if not DEVDATA.exists():
        print(f"no development pages at {DEVDATA}")
        return 2
    pages = cued = 0
    found: list[tuple[str, str]] = []
    spent = 0.0
    for url, body in _pages():
        pages += 1
        started = time.perf_counter()
        if may_hold_link(body):
            cued += 1
            link = source_link(body, url)
            if link:
                found.append((url, link))
        spent += time.perf_counter() - started
    print(f"{pages:,} pages, {cued:,} with a cue phrase parsed, {len(found)} source links found")
    print(f"{spent / pages * 1000:.2f} ms a page on average (the cue test included)")
    for url, link in found:
        print(f"  {url}\n    -> {link}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
