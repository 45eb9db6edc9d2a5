"""Story coverage on a large corpus: matching a topic against every article (rematch), the
coverage of a followed topic, and of a query no topic names (a scan of the corpus).

Usage: python bench/stories.py [--articles 100000]

Builds a synthetic corpus through the real schema (``bench/search_rank.py``'s builder:
250 Zipf-distributed words an article, a rare word in 0.5% of them) in a temporary directory,
and prints the figures. Clustering's own costs are ``bench/clusters.py``'s.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    from bench.search_rank import RARE, build_corpus
    from crawler.stories.coverage import coverage
    from crawler.stories.following import rematch_corpus
    from crawler.stories.topics import Topic
    from schemas.topics import sync_topics

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.db"
        started = time.perf_counter()
        build_corpus(path, args.articles)
        print(f"built {args.articles:,} articles in {time.perf_counter() - started:.0f} s")
        conn = sqlite3.connect(path, isolation_level=None)
        query = f"{RARE} OR ({RARE}* AND NOT nothingsuch)"
        sync_topics(conn, [Topic("rare", query)], "command line")
        started = time.perf_counter()
        done = rematch_corpus(conn)
        spent = time.perf_counter() - started
        print(
            f"topics rematch: {done.articles:,} articles, {done.matched:,} on the topic,"
            f" {spent:.1f} s ({spent / done.articles * 1000:.2f} ms an article)"
        )
        started = time.perf_counter()
        found = coverage(conn, "rare")
        spent = time.perf_counter() - started
        print(
            f"coverage of the followed topic: {len(found.pieces):,} articles, {spent * 1000:.0f} ms"
        )
        started = time.perf_counter()
        found = coverage(conn, f"{RARE} AND NOT nothingsuch")
        spent = time.perf_counter() - started
        print(
            f"coverage of a query no topic names (the corpus scanned): {len(found.pieces):,}"
            f" articles, {spent:.1f} s"
        )
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
