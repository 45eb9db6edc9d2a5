#!/usr/bin/env python3
"""Site templates: what learning and using a profile costs.

1. Per page, on the development articles (``../shared/devdata``, the first ``--pages``):
   extraction as the crawl runs it without a profile, with ``observe=True`` (what a
   crawl that learns templates pays for every article), and with a profile; the pages
   back to back, medians and means of CPU ms.
2. For a site of ``--site-pages`` articles (``tests.templated_site``, 6 paragraphs and 3
   template blocks each): the observations recorded into a real SQLite corpus through
   ``schemas.templates`` (rows, bytes of the database), the time to count the site and
   learn its profile, the profile's size as archived, and the memory the rules take in
   each extraction worker.

Usage: python bench/templates.py [--pages 300] [--site-pages 10000]
Exit status 0 (a measurement), 2 when the environment is missing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _cpu_ms(fn) -> float:
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000


def per_page(pages: int) -> None:
    from crawler.extraction import extract
    from crawler.extraction.template import TemplateRules, text_hash

    articles = ROOT.parent / "shared" / "devdata" / "wcxb-dev-articles"
    truths = sorted((articles / "ground-truth").glob("*.json"))[:pages]
    if not truths:
        print(f"no development articles under {articles}: per-page costs skipped")
        return
    # A profile of a realistic size: 40 texts and 10 places, none of them on these pages.
    rules = TemplateRules(
        "r", frozenset(text_hash(f"line {i}") for i in range(40)), frozenset(range(1, 11))
    )
    times: dict[str, list[float]] = {"plain": [], "observe": [], "profile": []}
    for truth in truths:
        url = json.loads(truth.read_text())["url"]
        with gzip.open(articles / "html" / f"{truth.stem}.html.gz") as handle:
            body = handle.read()
        extract(body, url)  # warm the page's first parse out of the timing
        times["plain"].append(_cpu_ms(lambda b=body, u=url: extract(b, u)))
        times["observe"].append(_cpu_ms(lambda b=body, u=url: extract(b, u, observe=True)))
        times["profile"].append(_cpu_ms(lambda b=body, u=url: extract(b, u, template=rules)))
    print(f"per page, {len(truths)} development articles (CPU ms, median / mean):")
    for name, values in times.items():
        print(f"  {name:<8} {statistics.median(values):6.2f} / {statistics.mean(values):6.2f}")
    extra = statistics.mean(times["observe"]) - statistics.mean(times["plain"])
    print(
        f"  observing costs {extra:+.2f} ms a page ({extra / statistics.mean(times['plain']):+.1%})"
    )


# Articles a crawl commits together (CORPUS_BATCH_SIZE).
BATCH = 32


def per_site(site_pages: int) -> None:
    from crawler.extraction import extract
    from crawler.extraction.template import (
        SiteCounts,
        TemplateThresholds,
        learn,
        profile_bytes,
        rules_of,
    )
    from schemas import templates
    from schemas.corpus import Corpus
    from tests.templated_site import article_html

    # Observations of 30 distinct articles, replayed under 10,000 URL keys with their
    # paragraphs' hashes made unique per key: the counts a real site of that size gives
    # (every article its own paragraphs, the template on all), without 10,000 extractions.
    samples = [
        extract(article_html(i), f"https://lowfield.example/news/story-{i}", observe=True)
        for i in range(30)
    ]
    template_hashes = {o.text_hash for o in samples[0].observations} & {
        o.text_hash for o in samples[1].observations
    }
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.db"
        corpus = Corpus(db, synchronous="NORMAL")
        before = db.stat().st_size
        started = time.perf_counter()
        for n in range(site_pages):
            obs = samples[n % len(samples)].observations
            unique = [
                o
                if o.text_hash in template_hashes
                else o.__class__(o.fingerprint, hash((o.text_hash, n)) & 0x7FFFFFFFFFFFFFFF, o.text)
                for o in obs
            ]
            if n % BATCH == 0:
                if n:
                    corpus.db.conn.execute("COMMIT")
                corpus.db.conn.execute("BEGIN")
            templates.record_blocks(corpus.db.conn, "lowfield", f"key-{n}", unique)
        corpus.db.conn.execute("COMMIT")
        recording = time.perf_counter() - started
        rows = corpus.db.conn.execute("SELECT COUNT(*) FROM template_blocks").fetchone()[0]
        corpus.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        grown = db.stat().st_size - before
        thresholds = TemplateThresholds()
        started = time.perf_counter()
        pages, texts, places = templates.site_counts(corpus.db.conn, "lowfield", thresholds.needed)
        profile = learn("lowfield", SiteCounts(pages, texts, places), thresholds)
        counting = time.perf_counter() - started
        corpus.close()
    assert profile is not None
    payload = profile_bytes(profile)
    tracemalloc.start()
    rules = rules_of(profile, "r")
    rules_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"a site of {site_pages} articles:")
    print(
        f"  recorded {rows} block rows in {recording:.1f} s"
        f" ({recording / site_pages * 1000:.2f} ms an article, committed by {BATCH});"
        f" the corpus grew {grown / 1e6:.1f} MB ({grown / site_pages:.0f} bytes an article)"
    )
    print(
        f"  counting the site and learning its profile: {counting * 1000:.0f} ms;"
        f" {len(rules.text_hashes)} texts and {len(rules.fingerprints)} places"
    )
    print(
        f"  the profile as archived: {len(payload)} bytes; its rules in a worker:"
        f" {rules_bytes / 1024:.1f} KiB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--site-pages", type=int, default=10_000)
    args = parser.parse_args(argv)
    if not (ROOT / ".venv").exists() and "VIRTUAL_ENV" not in os.environ:
        print("bench/templates.py: run `make install` first", file=sys.stderr)
        return 2
    per_page(args.pages)
    per_site(args.site_pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
