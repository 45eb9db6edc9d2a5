#!/usr/bin/env python3
"""Clusters of copies: what signing and clustering cost per article (issue 23).

On ``--articles`` synthetic news articles (default 10,000; about 600 words in 6-10
paragraphs, words drawn from a Zipf-distributed vocabulary so that common words and
phrases recur across articles as they do in news text), of which ``--copies`` (10%) are
copies of another article with edits (2% of words changed, a paragraph dropped or added,
a new headline), it measures:

1. ``signature``: CPU ms per article (what store time pays, in the extraction worker or
   the corpus writer);
2. ``ClusterIndex.add``: CPU ms per article as the index grows (what store time pays to
   know an article's cluster), and the index's memory (tracemalloc: everything it holds,
   signatures included), next to datasketch's ``MinHashLSH`` with the same bands for
   comparison;
3. ``cluster``: the full rebuild's time over all articles, in memory;
4. with ``--sqlite``: ``crawler.stories.clusters.rebuild`` on a real corpus file (signing
   every article from its stored text, clustering, writing the tables in one
   transaction), as ``scrapy clusters rebuild`` runs it; loading the index from it (a
   crawl's start); and ``record`` for 2,000 articles (what the corpus writer pays per
   stored article: signature, index, tables);
5. the planted copies found: each copy in its source's cluster (recall), and clusters that
   hold articles of two different sources (should be none).

Usage: python bench/clusters.py [--articles 10000] [--copies 0.1] [--sqlite]
Exit status 0 (a measurement).
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.stories import clusters as stories  # noqa: E402


def vocabulary(rng: random.Random, size: int = 30_000) -> tuple[list[str], list[float]]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = sorted({"".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(size)})
    weights = list(itertools.accumulate(1 / (rank + 1) ** 1.07 for rank in range(len(words))))
    return words, weights  # cumulative, for random.choices(cum_weights=...)


def make_article(rng: random.Random, words: list[str], weights: list[float]) -> list[str]:
    paragraphs = []
    total = 0
    target = rng.randint(520, 680)
    while total < target:
        n = rng.randint(40, 110)
        paragraphs.append(" ".join(rng.choices(words, cum_weights=weights, k=n)) + ".")
        total += n
    return paragraphs


def make_copy(
    rng: random.Random, source: list[str], words: list[str], weights: list[float]
) -> list[str]:
    """A lightly edited copy: 2% of words changed, maybe a paragraph dropped or added."""
    paragraphs = []
    for p in source:
        tokens = p.split()
        for _ in range(max(1, len(tokens) // 50)):
            tokens[rng.randrange(len(tokens))] = rng.choices(words, cum_weights=weights)[0]
        paragraphs.append(" ".join(tokens))
    roll = rng.random()
    if roll < 0.3 and len(paragraphs) > 3:
        del paragraphs[rng.randrange(len(paragraphs))]
    elif roll < 0.6:
        paragraphs.append(" ".join(rng.choices(words, cum_weights=weights, k=30)) + ".")
    return paragraphs


def corpus(n: int, share: float, seed: int = 23) -> tuple[list[str], list[str], list[int]]:
    """Texts, titles, and each article's source (its own index unless it is a copy)."""
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    texts: list[str] = []
    titles: list[str] = []
    source: list[int] = []
    bodies: list[list[str]] = []
    for i in range(n):
        if i > 10 and rng.random() < share:
            of = source[rng.randrange(i)]  # a copy of an original, never of a copy
            body = make_copy(rng, bodies[of], words, weights)
            source.append(of)
        else:
            body = make_article(rng, words, weights)
            source.append(i)
        bodies.append(body)
        texts.append("\n".join(body))
        titles.append(" ".join(rng.choices(words, cum_weights=weights, k=8)))
    return texts, titles, source


def members_of(
    blob: bytes, shingles: list[int], texts_n: int, published: list[str]
) -> list[stories.Member]:
    size = stories.NUM_PERM * 8
    return [
        stories.Member(
            i + 1,
            f"https://site{i % 97}.example/story/{i}",
            published[i],
            published[i],
            stories.Signature.from_bytes(blob[i * size : (i + 1) * size], shingles[i]),
        )
        for i in range(texts_n)
    ]


def quality(clusters: list[stories.Cluster], source: list[int]) -> tuple[int, int, int]:
    """(copies planted, copies found in their source's cluster, clusters mixing sources)."""
    where = {a: c.original_article_id for c in clusters for a in c.article_ids}
    planted = found = 0
    for i, s in enumerate(source):
        if s != i:
            planted += 1
            found += where.get(i + 1) is not None and where.get(i + 1) == where.get(s + 1)
    mixed = sum(1 for c in clusters if len({source[a - 1] for a in c.article_ids}) > 1)
    return planted, found, mixed


def run_sqlite(texts: list[str], titles: list[str], published: list[str]) -> None:
    from schemas.corpus import Corpus
    from schemas.items import Article, Capture

    with tempfile.TemporaryDirectory() as tmp:
        db = Corpus(Path(tmp) / "corpus.db", synchronous="NORMAL")
        with db.batch():
            for i, (text, title) in enumerate(zip(texts, titles, strict=True)):
                url = f"https://site{i % 97}.example/story/{i}"
                capture = Capture(url, 200, published[i], "b.warc.gz", i, 1, f"<urn:{i}>")
                article = Article(text, title, None, published[i], "en", None, url, url, "bench")
                db.store_article(capture, article, url_key=url, crawl_id=None)
        started = time.perf_counter()
        report = stories.rebuild(db.db.conn)
        wall = time.perf_counter() - started
        print(
            f"sqlite rebuild: {report.articles} articles, {report.signed} signed,"
            f" {report.clusters} clusters, {report.copies} copies in {wall:.1f} s"
            f" ({wall / report.articles * 1000:.2f} ms per article)"
        )
        started = time.perf_counter()
        again = stories.rebuild(db.db.conn)
        wall = time.perf_counter() - started
        print(f"sqlite rebuild, signatures current: {again.signed} signed, {wall:.1f} s")
        started = time.perf_counter()
        index = stories.load_index(db.db.conn)
        loaded = time.perf_counter() - started
        print(f"load the index from the corpus (crawl start): {loaded:.1f} s")
        # Store time: each article stored again, as the corpus writer would after
        # store_article (its signature computed here, from the stored text).
        sample = range(1, min(len(texts), 2000) + 1)
        t0 = time.process_time()
        with db.transaction() as conn:
            for article_id in sample:
                stories.record(conn, index, article_id, source_link=None)
        each = (time.process_time() - t0) / len(sample) * 1000
        print(f"store time, record() (signature, index, tables): {each:.2f} ms CPU per article")
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--copies", type=float, default=0.1)
    parser.add_argument("--sqlite", action="store_true", help="also rebuild a real corpus file")
    args = parser.parse_args()

    started = time.perf_counter()
    texts, titles, source = corpus(args.articles, args.copies)
    words = statistics.mean(len(t.split()) for t in texts)
    print(
        f"{len(texts)} articles, {sum(s != i for i, s in enumerate(source))} copies,"
        f" {words:.0f} words on average (generated in {time.perf_counter() - started:.1f} s)"
    )
    n = len(texts)
    published = [f"2024-05-{1 + i * 28 // n:02d}T{i % 24:02d}:00:00Z" for i in range(n)]

    sign_ms = []
    datas = []
    shingles = []
    for text, title in zip(texts, titles, strict=True):
        t0 = time.process_time()
        sig = stories.signature(text, title)
        sign_ms.append((time.process_time() - t0) * 1000)
        datas.append(sig.to_bytes())
        shingles.append(sig.shingles)
    blob = b"".join(datas)
    del datas
    print(
        f"signature: {statistics.mean(sign_ms):.3f} ms per article (median"
        f" {statistics.median(sign_ms):.3f}, {statistics.mean(shingles):.0f} shingles)"
    )

    members = members_of(blob, shingles, len(texts), published)
    index = stories.ClusterIndex()
    add_ms = []
    for m in members:
        t0 = time.process_time()
        index.add(m)
        add_ms.append((time.process_time() - t0) * 1000)
    tenth = max(1, len(add_ms) // 10)
    first, last = statistics.mean(add_ms[:tenth]), statistics.mean(add_ms[-tenth:])
    print(
        f"index add: {statistics.mean(add_ms):.3f} ms per article (first tenth {first:.3f},"
        f" last tenth {last:.3f})"
    )
    del index, members

    tracemalloc.start()
    members = members_of(blob, shingles, len(texts), published)
    index = stories.ClusterIndex(members)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"index memory: {held / 1e6:.1f} MB ({held / len(texts) / 1000:.2f} KB per article,"
        f" signatures and members included)"
    )
    del index, members

    from datasketch import MinHash, MinHashLSH

    size = stories.NUM_PERM * 8
    tracemalloc.start()
    lsh = MinHashLSH(num_perm=stories.NUM_PERM, params=(stories.LSH_BANDS, stories.LSH_ROWS))
    for i in range(len(texts)):
        values = stories.Signature.from_bytes(blob[i * size : (i + 1) * size], 1).values
        lsh.insert(i, MinHash(hashvalues=values, seed=stories.SEED, scheme=stories.SCHEME))
    held_lsh, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  for comparison, datasketch MinHashLSH with the same bands and the MinHashes:"
        f" {held_lsh / 1e6:.1f} MB ({held_lsh / len(texts) / 1000:.2f} KB per article)"
    )
    del lsh

    members = members_of(blob, shingles, len(texts), published)
    t0 = time.process_time()
    found = stories.cluster(members)
    rebuild_s = time.process_time() - t0
    print(
        f"cluster (rebuild in memory): {rebuild_s:.2f} s CPU,"
        f" {rebuild_s / len(texts) * 1000:.3f} ms per article; {len(found)} clusters"
    )
    planted, recalled, mixed = quality(found, source)
    print(
        f"copies found with their source: {recalled}/{planted}"
        f" ({recalled / max(planted, 1):.1%}); clusters mixing sources: {mixed}"
    )
    if args.sqlite:
        run_sqlite(texts, titles, published)
    return 0


if __name__ == "__main__":
    sys.exit(main())
