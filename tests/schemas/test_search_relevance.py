"""Relevance, snippets and prefixes in ``schemas.search`` (``scrapy search``, the viewer).

On a real corpus file built through the project's schema and FTS5 triggers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from schemas.corpus import Corpus
from schemas.search import MARK_END, MARK_START, SearchError, search, snippet_parts
from tests.schemas.stored import store

ROOT = Path(__file__).resolve().parents[2]
FILLER = "The tide came in over the shingle and the gulls argued on the roofs. "


@pytest.fixture
def corpus(tmp_path):
    c = Corpus(tmp_path / "corpus.db")
    # Stored in this order (rowid 1..4); published dates in another order.
    store(c, 1, "Pier news", FILLER * 30 + "The balustrade was painted.", "2026-11-04")
    store(
        c,
        2,
        "The balustrade of the pier",
        "Balustrade, balustrade: the balustrade is back. " + FILLER,
        "2026-11-01",
    )
    store(
        c,
        3,
        "Council",
        FILLER * 10 + "A balustrade was mentioned once. " + FILLER * 10,
        "2026-11-03",
    )
    store(c, 4, "Weather", FILLER * 3, "2026-11-02")
    yield c
    c.close()


def test_results_are_ranked_by_relevance_by_default_and_by_date_on_request(corpus):
    assert [h.id for h in search(corpus.db, "balustrade")][0] == 2  # four mentions, short text
    assert [h.id for h in search(corpus.db, "balustrade", order="newest")] == [1, 3, 2]
    assert [h.id for h in search(corpus.db, "balustrade", order="oldest")] == [2, 3, 1]


def test_each_hit_has_a_snippet_around_its_match_not_the_opening_lines(corpus):
    (hit,) = [h for h in search(corpus.db, "balustrade") if h.id == 3]
    assert f"{MARK_START}balustrade{MARK_END} was mentioned once" in hit.snippet
    assert not hit.snippet.startswith(FILLER[:20])  # the match is 100 words in
    parts = snippet_parts(hit.snippet)
    assert ("balustrade", True) in parts
    assert all(MARK_START not in text and MARK_END not in text for text, _ in parts)


def test_a_trailing_star_makes_a_word_a_prefix(corpus):
    assert sorted(h.id for h in search(corpus.db, "balustr*")) == [1, 2, 3]
    assert search(corpus.db, "balustr") == []  # without the star, a word of its own
    assert sorted(h.id for h in search(corpus.db, "pier balus*")) == [1, 2]
    hit = search(corpus.db, "balus*")[0]
    assert f"{MARK_START}" in hit.snippet and "alustrade" in hit.snippet


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("*balustrade", [1, 2, 3]),  # a star before a word is not syntax
        ('"balustr*', [1, 2, 3]),  # quotes stay words; the prefix still holds
        ("balustr* OR weather", []),  # OR is a word to find
        ("title:balustr*", []),  # no column filter
        ("balustr**", [1, 2, 3]),
    ],
)
def test_prefixes_keep_the_query_safe(corpus, query, found):
    assert sorted(h.id for h in search(corpus.db, query)) == found


@pytest.mark.parametrize("query", ["a*", "ba*", "*"])
def test_a_prefix_too_short_to_be_useful_is_refused(corpus, query):
    with pytest.raises(SearchError):
        search(corpus.db, query)


def test_relevance_is_ranked_among_the_newest_candidates_only(corpus):
    # Matches are articles 1, 2 and 3, stored in that order; 2 is the best. With room
    # for one candidate only the newest (3) is ranked; with two, 2 wins over 3 and the
    # oldest match (1) is not ranked at all.
    assert [h.id for h in search(corpus.db, "balustrade", candidates=1)] == [3]
    assert [h.id for h in search(corpus.db, "balustrade", candidates=2)] == [2, 3]
    assert [h.id for h in search(corpus.db, "balustrade", candidates=3)][0] == 2


def test_scrapy_search_takes_a_prefix_and_refuses_a_short_one(corpus, tmp_path):
    scrapy = str(Path(sys.executable).parent / "scrapy")
    db = f"CORPUS_DB={tmp_path / 'corpus.db'}"
    found = subprocess.run(
        [scrapy, "search", "balustr*", "-s", db], capture_output=True, text=True, cwd=ROOT
    )
    assert found.returncode == 0, found.stderr
    assert [line.split("\t")[0] for line in found.stdout.splitlines()][0] == "2"
    assert found.stderr.strip() == "3 article(s)"
    short = subprocess.run(
        [scrapy, "search", "a*", "-s", db], capture_output=True, text=True, cwd=ROOT
    )
    assert short.returncode == 2
    assert short.stderr.startswith("search: a*: a prefix needs at least 3 characters")
