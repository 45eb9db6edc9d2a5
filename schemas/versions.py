"""Article history: every text an article has had, and what changed between two.

``articles`` holds the latest version (the one full-text search finds);
``article_versions`` holds them all, oldest first.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import sqlite_utils


class VersionError(LookupError):
    """The article or the version asked for is not in the corpus."""


@dataclass(frozen=True)
class Version:
    version: int
    created_at: str
    title: str | None
    text: str
    capture_id: int | None
    fetched_at: str | None


def find_article(db: sqlite_utils.Database, url: str) -> dict[str, Any]:
    """The article row for a URL as crawled, as canonicalised, or as its canonical URL."""
    variants = [url, url.rstrip("/"), url.rstrip("/") + "/"]
    for column in ("url", "url_key", "canonical_url"):
        for variant in variants:
            rows = list(db.query(f"SELECT * FROM articles WHERE {column} = ? LIMIT 1", [variant]))
            if rows:
                return rows[0]
    raise VersionError(f"no article for {url} in this corpus")


def versions_of(db: sqlite_utils.Database, article_id: int) -> list[Version]:
    rows = db.query(
        "SELECT v.version, v.created_at, v.title, v.text, v.capture_id, c.fetched_at"
        " FROM article_versions v LEFT JOIN captures c ON c.id = v.capture_id"
        " WHERE v.article_id = ? ORDER BY v.version",
        [article_id],
    )
    return [Version(**row) for row in rows]


def pick(versions: list[Version], number: int | None, default_index: int) -> Version:
    if not versions:
        raise VersionError("this article has no stored versions")
    if number is None:
        return versions[default_index]
    for v in versions:
        if v.version == number:
            return v
    have = ", ".join(str(v.version) for v in versions)
    raise VersionError(f"no version {number} (this article has versions {have})")


def text_diff(old: Version, new: Version, url: str) -> list[str]:
    """A unified diff of two versions, one paragraph per line."""
    return list(
        difflib.unified_diff(
            old.text.splitlines(),
            new.text.splitlines(),
            fromfile=f"{url} version {old.version} ({old.fetched_at or old.created_at})",
            tofile=f"{url} version {new.version} ({new.fetched_at or new.created_at})",
            lineterm="",
        )
    )


@dataclass(frozen=True)
class Change:
    """Two versions of an article and the unified diff between them."""

    url: str
    old: Version
    new: Version
    lines: list[str]


def history(db: sqlite_utils.Database, url: str) -> tuple[dict[str, Any], list[Version]]:
    """An article's row and every version it has had, oldest first."""
    article = find_article(db, url)
    return article, versions_of(db, article["id"])


def compare(
    db: sqlite_utils.Database, url: str, old: int | None = None, new: int | None = None
) -> Change:
    """What changed in an article between two versions (default: the last change)."""
    article, versions = history(db, url)
    newer = pick(versions, new, -1)
    older = [v for v in versions if v.version < newer.version]
    older_one = pick(older or versions, old, -1)
    return Change(article["url"], older_one, newer, text_diff(older_one, newer, article["url"]))
