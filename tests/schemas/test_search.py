"""Search on a real corpus file: short CJK words, diacritics, hostile queries, budgets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from schemas.corpus import Corpus
from schemas.search import SearchError, search
from tests.schemas.stored import store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(tmp_path):
    c = Corpus(tmp_path / "corpus.db")
    store(c, 1, "政治改革の行方", "国会で政治改革の議論が続いている。与党は法案を提出した。")
    store(c, 2, "Über die Brücke", "Die neue Brücke über den Fluss wurde eröffnet.")
    store(c, 3, "Harbour dredging", "The council approved harbour dredging on Tuesday.")
    store(c, 4, "Bridge \u202eevil\u202c", "A bridge with a hostile title and ' OR 1=1 -- text.")
    yield c
    c.close()


def _ids(hits) -> list[int]:
    return sorted(h.id for h in hits)


def test_a_two_character_cjk_word_is_found(corpus):
    assert _ids(search(corpus.db, "政治")) == [1]
    assert _ids(search(corpus.db, "法案")) == [1]


def test_a_longer_cjk_word_uses_the_trigram_index(corpus):
    assert _ids(search(corpus.db, "政治改革")) == [1]


def _trigram_rowids(corpus) -> list[int]:
    rows = corpus.db.execute("SELECT rowid FROM articles_trigram('政治改革') ORDER BY rowid")
    return [r[0] for r in rows.fetchall()]


def _fts_intact(corpus) -> None:
    for fts in ("articles_fts", "articles_trigram"):
        corpus.db.execute(f"INSERT INTO {fts}({fts}, rank) VALUES('integrity-check', 1)")


def test_only_articles_in_unspaced_scripts_are_in_the_trigram_index(corpus):
    indexed = corpus.db.execute("SELECT count(*) FROM articles_trigram_docsize").fetchone()[0]
    assert indexed == 1  # the Japanese article; German and English ones cost nothing there
    assert [r[0] for r in corpus.db.execute("SELECT id FROM articles_unspaced")] == [1]
    _fts_intact(corpus)


def test_an_edit_moves_an_article_into_and_out_of_the_trigram_index(corpus):
    db = corpus.db
    with db.conn:
        db.execute("UPDATE articles SET text = ? WHERE id = 3", ["国会の政治改革は続く。"])
    assert _trigram_rowids(corpus) == [1, 3]
    assert _ids(search(db, "政治改革")) == [1, 3]
    _fts_intact(corpus)
    with db.conn:
        db.execute("UPDATE articles SET text = 'Back to English.' WHERE id = 3")
        db.execute("UPDATE articles SET sitename = 'x' WHERE id = 1")  # no text change
    assert _trigram_rowids(corpus) == [1]
    _fts_intact(corpus)
    with db.conn:
        db.execute("DELETE FROM article_versions WHERE article_id IN (1, 2)")
        db.execute("DELETE FROM articles WHERE id IN (1, 2)")
    assert _trigram_rowids(corpus) == []
    assert _ids(search(db, "政治改革")) == []
    _fts_intact(corpus)


def test_diacritics_are_optional_and_forms_are_normalised(corpus):
    assert _ids(search(corpus.db, "uber")) == [2]
    assert _ids(search(corpus.db, "bru\u0308cke")) == [2]  # NFD in the query


def test_every_word_must_match(corpus):
    assert _ids(search(corpus.db, "harbour dredging")) == [3]
    assert search(corpus.db, "harbour Brücke") == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"harbour', [3]),  # an unbalanced quote is not syntax
        ("harbour*", [3]),  # nor a prefix star
        ("NEAR(harbour", []),  # "near" is a word to find, not an operator
        ("harbour OR bridge", []),  # as FTS5 syntax this would find 3 and 4
        ("title:harbour", []),  # no column filter: "title" is a word
        ("' OR 1=1 --", [4]),  # found as the words it is, in article 4's text
    ],
)
def test_query_syntax_is_just_words(corpus, query, found):
    assert _ids(search(corpus.db, query)) == found


@pytest.mark.parametrize("query", ["*", "", "x" * 600, " ".join(["w"] * 40)])
def test_unusable_queries_are_refused_clearly(corpus, query):
    with pytest.raises(SearchError):
        search(corpus.db, query)


def test_sort_orders_come_from_an_allow_list(corpus):
    with pytest.raises(SearchError, match="unknown order"):
        search(corpus.db, "bridge", order="title; DROP TABLE articles")
    assert corpus.db["articles"].count == 4


def test_a_query_over_its_time_budget_is_stopped(tmp_path):
    c = Corpus(tmp_path / "big.db")
    try:
        for n in range(1, 1500):
            store(c, n, f"story {n}", "政治 " * 200 + f"unique{n}")
        with pytest.raises(SearchError, match="budget"):
            search(c.db, "政治", budget=0.0, limit=1000)
    finally:
        c.close()


def test_sqlite_utils_search_still_works_after_the_migration(corpus, tmp_path):
    out = subprocess.run(
        [
            str(Path(sys.executable).parent / "sqlite-utils"),
            "search",
            str(tmp_path / "corpus.db"),
            "articles",
            "uber",
            "-c",
            "title",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Über die Brücke" in out


def test_the_search_command_escapes_bidi_overrides(corpus, tmp_path):
    res = subprocess.run(
        [
            str(Path(sys.executable).parent / "scrapy"),
            "search",
            "bridge",
            "-s",
            f"CORPUS_DB={tmp_path / 'corpus.db'}",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr
    assert "\u202e" not in res.stdout and "\\u202e" in res.stdout
    bad = subprocess.run(
        [
            str(Path(sys.executable).parent / "scrapy"),
            "search",
            "x" * 600,
            "-s",
            f"CORPUS_DB={tmp_path / 'corpus.db'}",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("search: query too long")
