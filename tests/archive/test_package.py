"""CDXJ index and WACZ export of a real crawl, read back with the reference tools."""

from __future__ import annotations

import json
import zipfile

import pytest

from archive.package import validate_wacz, write_cdxj
from tests.crawling import VENV_BIN, run_crawl, scrapy_command
from tests.site import TrapSite


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pkg")
    with TrapSite() as site:
        return run_crawl(tmp, {"start_urls": site.base_url + "/"})


@pytest.mark.crawl
def test_the_cdxj_index_is_sorted_and_lists_every_response(crawled, tmp_path):
    out = tmp_path / "index.cdxj"
    lines = write_cdxj(crawled.warc_dir, out)
    rows = out.read_text().splitlines()
    # Every response, and the site template profile (a metadata record, crawler.templates).
    indexed = crawled.stats["downloader/response_count"] + crawled.stats.get(
        "warc/metadata_records", 0
    )
    assert lines == len(rows) == indexed
    assert rows == sorted(rows)
    key, stamp, block = rows[0].split(" ", 2)
    fields = json.loads(block)
    assert key.startswith("1,0,0,127:") and len(stamp) == 14
    assert {"url", "status", "digest", "offset", "length", "filename"} <= set(fields)


@pytest.mark.crawl
def test_scrapy_index_writes_the_index_beside_the_warcs(crawled, tmp_path):
    out = tmp_path / "cli.cdxj"
    res = scrapy_command("index", "--output", str(out), "-s", f"WARC_DIR={crawled.warc_dir}")
    assert res.returncode == 0, res.stderr
    assert out.read_text().count("\n") == crawled.stats["downloader/response_count"] + (
        crawled.stats.get("warc/metadata_records", 0)
    )


@pytest.mark.crawl
def test_the_wacz_export_validates_and_lists_the_articles(crawled, tmp_path):
    out = tmp_path / "archive.wacz"
    res = scrapy_command(
        "export",
        str(out),
        "-s",
        f"CORPUS_DB={crawled.db_path}",
        "-s",
        f"WARC_DIR={crawled.warc_dir}",
    )
    assert res.returncode == 0, res.stderr
    assert b"16 pages" in res.stdout
    ok, said = validate_wacz(out)
    assert ok, said
    cli = __import__("subprocess").run(
        [str(VENV_BIN / "wacz"), "validate", "-f", str(out)], capture_output=True
    )
    assert cli.returncode == 0
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        pages = [json.loads(x) for x in z.read("pages/pages.jsonl").decode().splitlines()]
    assert any(n.startswith("archive/") and n.endswith(".warc.gz") for n in names)
    assert pages[0]["format"] == "json-pages-1.0"
    entries = pages[1:]
    assert len(entries) == 16
    assert all(e["url"].startswith("http://127.0.0.1:") and e["title"] and e["ts"] for e in entries)
    # every page entry is a URL that the package's own index can find
    import gzip

    with zipfile.ZipFile(out) as z:
        index = gzip.decompress(z.read("indexes/index.cdx.gz")).decode()
    indexed = {json.loads(line.split(" ", 2)[2])["url"] for line in index.splitlines()}
    assert {e["url"] for e in entries} <= indexed


@pytest.mark.crawl
def test_the_csv_export_lists_every_article_and_each_row_finds_its_warc_record(crawled, tmp_path):
    import csv

    from archive.reader import read_record, resolve_path

    out = tmp_path / "articles.csv"
    res = scrapy_command("export", str(out), "-s", f"CORPUS_DB={crawled.db_path}")
    assert res.returncode == 0, res.stderr
    assert b"16 articles" in res.stdout
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 16
    for row in rows:
        assert row["text"] and row["url"].startswith("http://127.0.0.1:")
        record = read_record(
            resolve_path(crawled.warc_dir, row["warc_filename"]),
            int(row["warc_offset"]),
            int(row["warc_length"]),
        )
        assert record.record_id == row["warc_record_id"]
        assert record.target_uri == row["url"]


@pytest.mark.crawl
def test_an_export_to_an_unknown_format_is_a_usage_error(crawled, tmp_path):
    res = scrapy_command("export", str(tmp_path / "x.xlsx"), "-s", f"CORPUS_DB={crawled.db_path}")
    assert res.returncode == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_export_of_a_missing_corpus_fails_with_one_line(tmp_path):
    res = scrapy_command("export", str(tmp_path / "x.wacz"), "-s", f"CORPUS_DB={tmp_path}/none.db")
    assert res.returncode == 5  # no usable corpus, as in every command (crawler.exits)
    assert res.stderr.decode().strip().startswith("export: no corpus at")


@pytest.mark.crawl
def test_the_wacz_unpacks_into_a_pywb_collection(crawled, tmp_path):
    import subprocess

    from tests.crawling import ROOT

    wb_manager = ROOT / ".venv-pywb" / "bin" / "wb-manager"
    assert wb_manager.exists(), "pywb's own environment is missing: run `make install`"
    out = tmp_path / "archive.wacz"
    res = scrapy_command(
        "export",
        str(out),
        "-s",
        f"CORPUS_DB={crawled.db_path}",
        "-s",
        f"WARC_DIR={crawled.warc_dir}",
    )
    assert res.returncode == 0, res.stderr
    work = tmp_path / "pywb"
    work.mkdir()
    for args in (["init", "news"], ["add", "--unpack-wacz", "news", str(out)]):
        done = subprocess.run([str(wb_manager), *args], cwd=work, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()[-1000:]
    index = (work / "collections" / "news" / "indexes" / "index.cdxj").read_text()
    with __import__("sqlite3").connect(crawled.db_path) as conn:
        urls = [r[0] for r in conn.execute("SELECT url FROM articles")]
    assert urls and all(f'"url": "{u}"' in index for u in urls)
    assert list((work / "collections" / "news" / "archive").glob("*.warc.gz"))
