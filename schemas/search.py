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

_WORD = re.compile(r"\w+", re.UNICODE)
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
    snippet: str


def _words(query: str) -> list[str]:
    query = unicodedata.normalize("NFC", query)
    if len(query) > MAX_QUERY_CHARS:
        raise SearchError(f"query too long ({len(query)} characters, at most {MAX_QUERY_CHARS})")
    words = _WORD.findall(query)
    if not words:
        raise SearchError("nothing to search for: give at least one word")
    if len(words) > MAX_WORDS:
        raise SearchError(f"too many words ({len(words)}, at most {MAX_WORDS})")
    return words


def fts_query(words: list[str]) -> str:
    """Every word as a quoted FTS5 string: no operator, column filter or prefix syntax."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    limit: int = 20,
    order: str = "rank",
    budget: float = DEFAULT_BUDGET,
) -> list[Hit]:
    """Articles whose title or text has every word of ``query``."""
    if order not in ORDERS:
        raise SearchError(f"unknown order {order!r} (one of {', '.join(ORDERS)})")
    limit = max(1, min(int(limit), 1000))
    words = _words(query)
    spaced = [w for w in words if not _UNSPACED.search(w)]
    unspaced = [w for w in words if _UNSPACED.search(w)]
    short = [w for w in unspaced if len(w) < 3]
    long_ = [w for w in unspaced if len(w) >= 3]
    joins, where, params = [], [], []
    if spaced:
        joins.append("JOIN articles_fts f ON f.rowid = a.id")
        where.append("articles_fts MATCH ?")
        params.append(fts_query(spaced))
    if long_:
        joins.append("JOIN articles_trigram t ON t.rowid = a.id")
        where.append("articles_trigram MATCH ?")
        params.append(fts_query(long_))
    for w in short:
        where.append("(instr(a.text, ?) > 0 OR instr(a.title, ?) > 0)")
        params += [w, w]
    rank = "f.rank" if spaced else ("t.rank" if long_ else "a.id DESC")
    order_by = ORDERS[order] or rank
    sql = (
        "SELECT a.id, a.url, a.title, a.published, substr(a.text, 1, 200) AS snippet"
        f" FROM articles a {' '.join(joins)} WHERE {' AND '.join(where)}"
        f" ORDER BY {order_by} LIMIT ?"
    )
    params.append(limit)
    return [Hit(**row) for row in _timed(db.conn, sql, params, budget)]


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
