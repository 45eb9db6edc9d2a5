"""schemas.migrations: the corpus schema, applied by Python and by the sqlite-utils CLI."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from schemas.corpus import Corpus
from schemas.migrations import migrations

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
MIGRATIONS_FILE = ROOT / "schemas" / "migrations.py"
ALL_MIGRATIONS = [("newsarchive", m.name) for m in migrations._migrations]

ARTICLE_COLUMNS = {
    "url",
    "canonical_url",
    "title",
    "author",
    "published",
    "language",
    "sitename",
    "text",
    "capture_id",
    "extractor",
}
CAPTURE_COLUMNS = {
    "url",
    "status",
    "fetched_at",
    "warc_filename",
    "warc_offset",
    "warc_length",
    "warc_record_id",
    "payload_digest",
}


def schema_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            " ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()
    return "\n".join(f"{t} {n}: {s}" for t, n, s in rows)


def applied(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def migrate_cli(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "sqlite-utils"), "migrate", str(path), str(MIGRATIONS_FILE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_applying_the_migrations_twice_leaves_the_same_schema(tmp_path):
    path = tmp_path / "corpus.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db)
    first = schema_of(path)
    migrations.apply(db)
    db.close()
    assert schema_of(path) == first
    assert applied(path) == ALL_MIGRATIONS


def test_the_cli_applies_the_migrations_idempotently(tmp_path):
    path = tmp_path / "corpus.db"
    result = migrate_cli(path)
    assert result.returncode == 0, result.stderr
    first = schema_of(path)
    result = migrate_cli(path)
    assert result.returncode == 0, result.stderr
    assert schema_of(path) == first
    assert applied(path) == ALL_MIGRATIONS


def test_the_cli_and_python_build_the_same_schema(tmp_path):
    by_cli = tmp_path / "cli.db"
    assert migrate_cli(by_cli).returncode == 0
    by_python = tmp_path / "python.db"
    db = sqlite_utils.Database(by_python)
    migrations.apply(db)
    db.close()
    assert schema_of(by_cli) == schema_of(by_python)


def test_a_database_migrated_by_the_cli_opens_as_a_corpus(tmp_path):
    path = tmp_path / "corpus.db"
    assert migrate_cli(path).returncode == 0
    before = schema_of(path)
    corpus = Corpus(path)
    corpus.close()
    assert schema_of(path) == before
    assert applied(path) == ALL_MIGRATIONS


def test_the_tables_have_the_contract_columns(tmp_path):
    path = tmp_path / "corpus.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db)
    assert {"captures", "articles", "crawls"} <= set(db.table_names())
    assert set(db["articles"].columns_dict) >= ARTICLE_COLUMNS
    assert set(db["captures"].columns_dict) >= CAPTURE_COLUMNS
    assert {"id", "started_at", "finished_at", "status", "stats"} <= set(db["crawls"].columns_dict)
    assert db["captures"].columns_dict["warc_offset"] is int
    assert db["captures"].columns_dict["status"] is int
    db.close()


def test_articles_have_an_fts5_index_on_title_and_text(tmp_path):
    path = tmp_path / "corpus.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db)
    assert db["articles"].detect_fts() == "articles_fts"
    fts_sql = db["articles_fts"].schema
    assert "FTS5" in fts_sql.upper()
    assert '"title", "text"' in fts_sql
    triggers = {t.name for t in db["articles"].triggers}
    assert {"articles_ai", "articles_ad", "articles_au"} <= triggers
    db.close()


def test_url_key_and_warc_record_id_are_unique(tmp_path):
    path = tmp_path / "corpus.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db)
    unique = {
        (table, tuple(index.columns))
        for table in ("articles", "captures")
        for index in db[table].indexes
        if index.unique
    }
    assert ("articles", ("url_key",)) in unique
    assert ("captures", ("warc_record_id",)) in unique
    db.close()


def test_a_migration_killed_half_way_leaves_the_schema_as_it_was(tmp_path):
    """From m005 on, migrations run statements only: no executescript, which would
    commit half-way through (m001 predates the rule and is never edited)."""
    from schemas.corpus import open_database
    from schemas.migrations import migrations

    db = open_database(tmp_path / "corpus.db", migrate=False)
    migrations.apply(db, stop_before="m005_search")
    before = sorted(db.execute("SELECT name, sql FROM sqlite_master").fetchall())
    for migration in list(migrations.pending(db)):
        db.conn.execute("BEGIN")
        migration.fn(db)
        assert db.conn.in_transaction, f"{migration.name} committed on its own"
        db.conn.execute("ROLLBACK")
    assert sorted(db.execute("SELECT name, sql FROM sqlite_master").fetchall()) == before


def test_the_news_marks_migration_counts_dated_or_signed_articles_as_evidence(tmp_path):
    """A corpus from before m008 keeps what the news-only rule knew of each site."""
    from schemas.corpus import open_database

    db = open_database(tmp_path / "corpus.db", migrate=False)
    migrations.apply(db, stop_before="m008_news_marks")
    db["captures"].insert({"id": 1, "url": "u", "warc_record_id": "<r1>"})
    for n, (published, author) in enumerate(
        [("2024-05-17", None), (None, "Jane Doe"), (None, None)]
    ):
        key = f"https://example.org/{n}"
        db["frontier"].insert({"url_key": key, "url": key, "source": "example"})
        db["articles"].insert(
            {
                "url_key": key,
                "url": key,
                "text": "t",
                "published": published,
                "author": author,
                "capture_id": 1,
            }
        )
    migrations.apply(db)
    marks = db.execute("SELECT url_key, source, evidence FROM news_marks ORDER BY url_key")
    assert marks.fetchall() == [
        ("https://example.org/0", "example", 1),
        ("https://example.org/1", "example", 1),
    ]
    db.close()
