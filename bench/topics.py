#!/usr/bin/env python3
"""What matching topics costs per stored article (issue 23: every stored article is
matched against every topic when it is stored, and ``scrapy topics rematch`` matches the
whole corpus).

Why: matching runs in the corpus writer, on the crawl's one writing thread, so it must
stay small beside storing the row. It times ``crawler.stories.topics`` on synthetic
articles of about 600 words, from ``bench/newssite.py``'s Zipf-weighted vocabulary (real
common words with their inflections plus a long tail of invented ones), a few percent of
them carrying the issue's story. Twenty topics mix words, phrases, prefixes, OR and NOT.

It reports, in milliseconds per article:
- ``cold``: the first pass, with the stem cache empty (what a crawl's first articles cost);
- ``warm``: the same articles again (the cache holds the corpus's vocabulary);
- of the warm pass, tokenising and stemming (``Document``) apart from evaluating the 20
  topics on it.

Usage: python bench/topics.py [--articles 10000] [--words 600] [--topics 20] [--json PATH]
Exit status 0 on success, 2 when the venv is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"

QUERIES = [
    ("eternaut", 'netflix AND ("generative AI" OR "gen AI") AND eternaut*'),
    ("council budget", 'council AND budget NOT "school budget"'),
    ("flood", "flood OR storm OR (rain AND warned)"),
    ("transport delays", '"rail delays" OR (trains AND delays) OR "bus lane"'),
    ("economy", "economy AND (growth OR rates) AND figures"),
    ("stadium", "stadium* AND (fans OR club) NOT rugby"),
    ("festival", '"music festival" OR (festival AND theatre)'),
    ("elections", "elect* AND (vote OR voters OR polls)"),
    ("police", "police AND (arrested OR investigation) NOT sport"),
    ("museum", "museum OR gallery OR library"),
    ("jobs", "jobs AND (factory OR company) AND warned"),
    ("survey", '"according to" AND survey AND data'),
    ("housing", "housing OR homes OR tenants"),
    ("hospital", "hospital AND (patients OR staff) NOT strike"),
    ("schools", "school* AND (teachers OR pupils OR parents)"),
    ("league", '"league cup" OR (league AND final)'),
    ("investment", "invest* AND bank AND (interest OR rates)"),
    ("repairs", "repairs AND contract AND approved"),
    ("weather", "(summer OR winter) AND weather NOT festival"),
    ("experts", "experts AND (claimed OR insisted OR admitted) AND evidence"),
]
STORY = (
    "Netflix says it used generative AI for a building collapse in The Eternaut, "
    "and the scene was finished ten times faster than with the usual tools."
)


def _ensure_environment() -> None:
    if not PYTHON.exists():
        print(f"topics: {PYTHON} not found; run `make install` first", file=sys.stderr)
        sys.exit(2)
    if Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(PYTHON), [str(PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def make_articles(n: int, words: int, seed: int) -> list[tuple[str, str, str]]:
    """``(title, standfirst, text)`` of ``n`` articles of about ``words`` words."""
    from bench import newssite

    rng = random.Random(seed)
    pool = [newssite.sentence(rng) for _ in range(40_000)]
    articles = []
    for _ in range(n):
        parts, total = [], 0
        while total < words:
            s = rng.choice(pool)
            parts.append(s)
            total += s.count(" ") + 1
        if rng.random() < 0.03:
            parts.insert(rng.randrange(len(parts)), STORY)
        articles.append((newssite.headline(rng), rng.choice(pool), " ".join(parts)))
    return articles


def run(articles: list[tuple[str, str, str]], topic_count: int) -> dict:
    from crawler.stories import topics as core

    topics = [core.Topic(name, query) for name, query in QUERIES[:topic_count]]
    core.analyse.cache_clear()
    core.tokens("warm the token pattern up")  # built once per process, ~50 ms

    started = time.perf_counter()
    cold_hits = 0
    for fields in articles:
        cold_hits += len(core.matching(topics, *fields))
    cold = time.perf_counter() - started

    build = evaluate = 0.0
    hits = 0
    per_topic = dict.fromkeys((t.name for t in topics), 0)
    for fields in articles:
        t0 = time.perf_counter()
        document = core.Document(*fields)
        t1 = time.perf_counter()
        for topic in topics:
            if topic.matches(document):
                hits += 1
                per_topic[topic.name] += 1
        evaluate += time.perf_counter() - t1
        build += t1 - t0
    assert hits == cold_hits
    n = len(articles)
    cache = core.analyse.cache_info()
    return {
        "articles": n,
        "words_per_article": round(sum(len(f[2].split()) for f in articles) / n),
        "topics": len(topics),
        "cold_ms_per_article": round(cold * 1000 / n, 3),
        "warm_ms_per_article": round((build + evaluate) * 1000 / n, 3),
        "warm_document_ms": round(build * 1000 / n, 3),
        "warm_topics_ms": round(evaluate * 1000 / n, 3),
        "matches": hits,
        "matches_per_topic": per_topic,
        "stem_cache": {"hits": cache.hits, "misses": cache.misses, "size": cache.currsize},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--topics", type=int, default=20, choices=range(1, len(QUERIES) + 1))
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    _ensure_environment()
    print(f"topics: generating {args.articles:,} articles of ~{args.words} words ...")
    articles = make_articles(args.articles, args.words, args.seed)
    result = run(articles, args.topics)
    print(
        f"topics: {result['topics']} topics x {result['articles']:,} articles of "
        f"~{result['words_per_article']} words"
    )
    print(f"  cold (empty stem cache): {result['cold_ms_per_article']:.3f} ms per article")
    print(
        f"  warm: {result['warm_ms_per_article']:.3f} ms per article"
        f" = {result['warm_document_ms']:.3f} tokenise+stem"
        f" + {result['warm_topics_ms']:.3f} evaluating {result['topics']} topics"
    )
    print(f"  matches: {result['matches']:,} ({result['matches_per_topic']})")
    cache = result["stem_cache"]
    print(f"  stem cache: {cache['size']:,} entries, {cache['misses']:,} misses")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
