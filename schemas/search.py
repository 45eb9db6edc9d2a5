"""Full-text search over the corpus, safe to hand any string a user typed.

The user's words are quoted for FTS5 (no query syntax reaches it, so
``"unbalanced``, ``NEAR(`` or a lone ``*`` are just words), the query length is
capped, and a progress handler stops any query that runs past its time budget.
Words in scripts written without spaces (Chinese, Japanese, Thai...) are looked
up in the trigram index, and those shorter than three characters by a bounded
scan, because unicode61 keeps a whole run of such text as one token.
"""

from __future__ import annotations

import re
import sqlite3
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

import sqlite_utils

MAX_QUERY_CHARS = 512
MAX_WORDS = 32
DEFAULT_BUDGET = 2.0  # seconds
ORDERS = {"rank": None, "newest": "a.published DESC", "oldest": "a.published ASC"}
# Relevance is ranked among the newest RANK_CANDIDATES matches (by rowid: the articles
# stored last), not all of them. bm25 costs about 1.3 us a match, so a word found in 40%
# of 100,000 articles would take ~50 ms to rank in full; 10,000 candidates keep ranking
# under ~15 ms however common the word, and a word rarer than that is ranked in full.
RANK_CANDIDATES = 10_000
# A prefix ("balustr*") needs this many characters: "a*" would expand to every word.
MIN_PREFIX = 3
# What snippet() puts around each matched word: private-use characters, which no stored
# text contains (readers turn them into <mark> or brackets; ``snippet_parts``).
MARK_START, MARK_END, ELLIPSIS = "\ue000", "\ue001", "\u2026"
SNIPPET_TOKENS = 24

# A word, and a "*" right after it (a prefix search).
_WORD = re.compile(r"(\w+)(\*?)", re.UNICODE)
# Scripts written without spaces between words.
_UNSPACED = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f]"
)


class SearchError(ValueError):
    """The query cannot be run as given (too long, empty, or over its time budget)."""


@dataclass(frozen=True)
class Hit:
    id: int
    url: str
    title: str | None
    published: str | None
    snippet: str  # the text around the match, matched words between MARK_START and MARK_END
    sitename: str | None = None


@dataclass(frozen=True)
class Term:
    """One word of a query; ``prefix`` when it was typed with a trailing ``*``."""

    word: str
    prefix: bool = False


def terms(query: str) -> list[Term]:
    """The words of ``query`` (NFC), each marked as a prefix if a ``*`` follows it.

    Anything else a user types (quotes, parentheses, ``OR``, ``column:``) is not syntax:
    only words reach FTS5, each quoted (``fts_query``).
    """
    query = unicodedata.normalize("NFC", query)
    if len(query) > MAX_QUERY_CHARS:
        raise SearchError(f"query too long ({len(query)} characters, at most {MAX_QUERY_CHARS})")
    found = [Term(m.group(1), bool(m.group(2))) for m in _WORD.finditer(query)]
    if not found:
        raise SearchError("nothing to search for: give at least one word")
    if len(found) > MAX_WORDS:
        raise SearchError(f"too many words ({len(found)}, at most {MAX_WORDS})")
    for term in found:
        if term.prefix and len(term.word) < MIN_PREFIX:
            raise SearchError(
                f"{term.word}*: a prefix needs at least {MIN_PREFIX} characters before the *"
            )
    return found


def _words(query: str) -> list[str]:
    return [t.word for t in terms(query)]


def fts_query(words: list[str] | list[Term]) -> str:
    """Every word as a quoted FTS5 string, and ``*`` after a prefix: no operator, column
    filter or other syntax can reach FTS5."""
    out = []
    for w in words:
        term = w if isinstance(w, Term) else Term(w)
        out.append('"' + term.word.replace('"', '""') + '"' + ("*" if term.prefix else ""))
    return " ".join(out)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, matched) pieces, for a reader to mark up as it likes."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return parts


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    limit: int = 20,
    order: str = "rank",
    budget: float = DEFAULT_BUDGET,
    candidates: int = RANK_CANDIDATES,
) -> list[Hit]:
    """Articles whose title or text has every word of ``query`` (a word typed with a
    trailing ``*`` is a prefix), each with a snippet around the match.

    ``order="rank"`` is FTS5's bm25 relevance among the newest ``candidates`` matches
    (``RANK_CANDIDATES``): ranking every match of a very common word costs time in
    proportion to its matches, and the newest are what a news reader wants first
    anyway. ``newest`` and ``oldest`` sort every match by publication date.
    """
    if order not in ORDERS:
        raise SearchError(f"unknown order {order!r} (one of {', '.join(ORDERS)})")
    limit = max(1, min(int(limit), 1000))
    found = terms(query)
    spaced = [t for t in found if not _UNSPACED.search(t.word)]
    unspaced = [Term(t.word) for t in found if _UNSPACED.search(t.word)]
    short = [t.word for t in unspaced if len(t.word) < 3]
    long_ = [t for t in unspaced if len(t.word) >= 3]
    # The index that ranks and makes the snippet: unicode61 for spaced words, else trigram.
    if spaced:
        fts, match, others = "articles_fts", fts_query(spaced), [("articles_trigram", long_)]
    elif long_:
        fts, match, others = "articles_trigram", fts_query(long_), []
    else:
        fts, match, others = None, None, []
    joins, where, params = [], [], []
    for name, words in others:
        if words:
            alias = f"x{len(joins)}"
            joins.append(f"JOIN {name} {alias} ON {alias}.rowid = a.id")
            where.append(f"{alias}.{name} MATCH ?")
            params.append(fts_query(words))
    for w in short:
        where.append("(instr(a.text, ?) > 0 OR instr(a.title, ?) > 0)")
        params += [w, w]
    conn = db.conn
    if fts is None:
        # Only words too short for the trigram index: a bounded scan, newest first.
        sql = (
            "SELECT a.id, a.url, a.title, a.published, a.sitename,"
            " substr(a.text, 1, 200) AS snippet FROM articles a"
            f" WHERE {' AND '.join(where)} ORDER BY {ORDERS[order] or 'a.id DESC'} LIMIT ?"
        )
        return [Hit(**row) for row in _timed(conn, sql, [*params, limit], budget)]
    extra = "".join(f" AND {w}" for w in where)
    head = f"SELECT f.rowid AS id FROM {fts} f JOIN articles a ON a.id = f.rowid {' '.join(joins)}"
    if ORDERS[order]:
        sql = f"{head} WHERE f.{fts} MATCH ?{extra} ORDER BY {ORDERS[order]}, a.id DESC LIMIT ?"
        ids = [r["id"] for r in _timed(conn, sql, [match, *params, limit], budget)]
    else:
        floor = _rank_floor(conn, fts, match, candidates, budget)
        if not joins and not where:
            # The index alone: a join to articles for each candidate would double the cost.
            head = f"SELECT f.rowid AS id FROM {fts} f"
        sql = (
            f"{head} WHERE f.{fts} MATCH ? AND f.rowid >= ?{extra}"
            " ORDER BY f.rank, f.rowid DESC LIMIT ?"
        )
        ids = [r["id"] for r in _timed(conn, sql, [match, floor, *params, limit], budget)]
    return _hits(conn, fts, match, ids, budget)


def _rank_floor(
    conn: sqlite3.Connection, fts: str, match: str, candidates: int, budget: float
) -> int:
    """The lowest rowid among the newest ``candidates`` matches (0 if there are fewer):
    FTS5 walks its doclist from the end, so this costs a step a candidate, not a rank."""
    rows = _timed(
        conn,
        f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        [match, max(0, candidates - 1)],
        budget,
    )
    return int(rows[0]["rowid"]) if rows else 0


def _hits(
    conn: sqlite3.Connection, fts: str, match: str, ids: list[int], budget: float
) -> list[Hit]:
    """The chosen articles, in order, with an FTS5 snippet around their match (made for
    these rows only: snippet() over every candidate would cost more than the ranking)."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    sql = (
        "SELECT a.id, a.url, a.title, a.published, a.sitename,"
        # Column 1 is the text: where the title alone matched, its opening words.
        f" snippet({fts}, 1, ?, ?, ?, {SNIPPET_TOKENS}) AS snippet"
        f" FROM {fts} f JOIN articles a ON a.id = f.rowid"
        f" WHERE f.{fts} MATCH ? AND f.rowid IN ({marks})"
    )
    rows = _timed(conn, sql, [MARK_START, MARK_END, ELLIPSIS, match, *ids], budget)
    by_id = {row["id"]: Hit(**row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def _timed(
    conn: sqlite3.Connection, sql: str, params: list[Any], budget: float
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + budget
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        cur = conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise SearchError(f"the query ran past its {budget:g} s budget") from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
