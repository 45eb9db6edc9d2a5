"""Site template counts and profiles in the corpus (``m010_template_profiles``). No Scrapy.

The corpus writer records each stored article's observed blocks in the transaction
that stores the article; the end of a run reads a site's counts from here, learns its
profile (``crawler.extraction.template.learn``) and records the profile it archived.
Counts are over the latest version of each article (an article stored again replaces
its blocks), so they depend on which articles a site has, not on their order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

_BATCH = 500  # SQLite's variable limit is far above; a statement per few hundred rows


def record_blocks(
    conn: sqlite3.Connection, source: str, url_key: str, observations: Iterable[Any]
) -> None:
    """An article's blocks (``template.Observation``: fingerprint, text_hash, text),
    replacing what an earlier version of it contributed. The text of a hash is kept once
    a second article shows it (a unique paragraph is not copied)."""
    observations = list(observations)
    conn.execute("DELETE FROM template_blocks WHERE url_key = ?", (url_key,))
    rows = [(source, url_key, o.fingerprint, o.text_hash) for o in observations]
    conn.executemany(
        "INSERT INTO template_blocks (source, url_key, fingerprint, text_hash) VALUES (?, ?, ?, ?)",
        rows,
    )
    texts = {o.text_hash: o.text for o in observations}
    hashes = list(texts)
    fresh: list[int] = []
    for start in range(0, len(hashes), _BATCH):
        chunk = hashes[start : start + _BATCH]
        marks = ",".join("?" for _ in chunk)
        known = {
            h
            for (h,) in conn.execute(
                f"SELECT text_hash FROM template_texts WHERE text_hash IN ({marks})", chunk
            )
        }
        fresh.extend(h for h in chunk if h not in known)
    # One row is enough: a template text is on thousands of a big site's articles, and
    # counting them all for every new article made recording grow with the site.
    recurring = [
        (h, texts[h])
        for h in fresh
        if conn.execute(
            "SELECT 1 FROM template_blocks WHERE source = ? AND text_hash = ? AND url_key != ?"
            " LIMIT 1",
            (source, h, url_key),
        ).fetchone()
    ]
    conn.executemany(
        "INSERT OR IGNORE INTO template_texts (text_hash, text) VALUES (?, ?)", recurring
    )


def site_counts(
    conn: sqlite3.Connection, source: str, needed: Callable[[int], int]
) -> tuple[int, dict[int, tuple[int, str]], dict[int, tuple[int, int, str]]]:
    """A site's articles, and the texts and places on ``needed(articles)`` of them or
    more: the fields of ``template.SiteCounts``."""
    (pages,) = conn.execute(
        "SELECT COUNT(DISTINCT url_key) FROM template_blocks WHERE source = ?", (source,)
    ).fetchone()
    need = needed(int(pages))
    texts = {
        h: (n, sample or "")
        for h, n, sample in conn.execute(
            "SELECT b.text_hash, COUNT(DISTINCT b.url_key) AS n, t.text"
            " FROM template_blocks b LEFT JOIN template_texts t ON t.text_hash = b.text_hash"
            " WHERE b.source = ? GROUP BY b.text_hash HAVING n >= ?",
            (source, need),
        )
    }
    places = {
        fp: (n, variety, sample or "")
        for fp, n, variety, sample in conn.execute(
            "SELECT b.fingerprint, COUNT(DISTINCT b.url_key) AS n,"
            " COUNT(DISTINCT b.text_hash), MAX(t.text)"
            " FROM template_blocks b LEFT JOIN template_texts t ON t.text_hash = b.text_hash"
            " WHERE b.source = ? AND b.fingerprint != 0 GROUP BY b.fingerprint HAVING n >= ?",
            (source, need),
        )
    }
    return int(pages), texts, places


def sources(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT DISTINCT source FROM template_blocks")]


@dataclass(frozen=True)
class StoredProfile:
    """A profile as archived: its record and what it says."""

    source: str
    record_id: str
    sha1: str
    profile: dict[str, Any]
    warc_filename: str
    warc_offset: int
    warc_length: int


_PROFILE_COLUMNS = "source, record_id, sha1, profile, warc_filename, warc_offset, warc_length"


def _stored(row) -> StoredProfile:
    source, record_id, sha1, profile, filename, offset, length = row
    return StoredProfile(source, record_id, sha1, json.loads(profile), filename, offset, length)


def latest_profiles(conn: sqlite3.Connection) -> dict[str, StoredProfile]:
    """Each source's newest profile: what the next articles of the site are extracted with."""
    rows = conn.execute(
        f"SELECT {_PROFILE_COLUMNS} FROM template_profiles WHERE id IN"
        " (SELECT MAX(id) FROM template_profiles GROUP BY source)"
    )
    return {row[0]: _stored(row) for row in rows}


def profile_by_record(conn: sqlite3.Connection, record_id: str) -> StoredProfile | None:
    row = conn.execute(
        f"SELECT {_PROFILE_COLUMNS} FROM template_profiles WHERE record_id = ?", (record_id,)
    ).fetchone()
    return _stored(row) if row else None


def add_profile(
    conn: sqlite3.Connection, stored: StoredProfile, crawl_id: int | None, created_at: str
) -> None:
    profile = stored.profile
    conn.execute(
        "INSERT OR IGNORE INTO template_profiles (source, record_id, sha1, pages, texts, places,"
        " profile, warc_filename, warc_offset, warc_length, crawl_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            stored.source,
            stored.record_id,
            stored.sha1,
            profile.get("pages"),
            len(profile.get("texts", [])),
            len(profile.get("places", [])),
            json.dumps(profile, sort_keys=True, ensure_ascii=False),
            stored.warc_filename,
            stored.warc_offset,
            stored.warc_length,
            crawl_id,
            created_at,
        ),
    )


def articles_touched(
    conn: sqlite3.Connection,
    source: str,
    crawl_id: int,
    text_hashes: Iterable[int],
    fingerprints: Iterable[int],
) -> list[dict[str, Any]]:
    """This run's articles of a site that hold one of the given blocks: those whose text a
    new profile can change. With where their response record is."""
    keys: set[str] = set()
    for column, values in (("text_hash", list(text_hashes)), ("fingerprint", list(fingerprints))):
        for start in range(0, len(values), _BATCH):
            chunk = values[start : start + _BATCH]
            marks = ",".join("?" for _ in chunk)
            keys.update(
                row[0]
                for row in conn.execute(
                    f"SELECT DISTINCT url_key FROM template_blocks"
                    f" WHERE source = ? AND {column} IN ({marks})",
                    [source, *chunk],
                )
            )
    out = []
    for key in sorted(keys):
        row = conn.execute(
            "SELECT a.id, a.url_key, a.version, a.template_profile, a.text_sha1, c.url,"
            " c.warc_filename, c.warc_offset, c.warc_length, c.warc_record_id, c.fetched_at,"
            " a.discovery FROM articles a JOIN captures c ON c.id = a.capture_id"
            " WHERE a.url_key = ? AND a.crawl_id = ?",
            (key, crawl_id),
        ).fetchone()
        if row is not None:
            names = (
                "id", "url_key", "version", "template_profile", "text_sha1", "url",
                "warc_filename", "warc_offset", "warc_length", "warc_record_id", "fetched_at",
                "discovery",
            )  # fmt: skip
            out.append(dict(zip(names, row, strict=True)))
    return out


def replace_text(
    conn: sqlite3.Connection,
    article_id: int,
    version: int,
    values: dict[str, Any],
) -> None:
    """The text of an article's current version, extracted again at the end of the run
    with its site's new profile: the same capture, so the same version, not a new one."""
    sets = ", ".join(f"{k} = ?" for k in values)
    conn.execute(f"UPDATE articles SET {sets} WHERE id = ?", [*values.values(), article_id])
    conn.execute(
        f"UPDATE article_versions SET {sets} WHERE article_id = ? AND version = ?",
        [*values.values(), article_id, version],
    )
