"""``scrapy coverage`` on a real crawl of the trap site: the report, the CSV with a row
for every article on the topic (and its WARC record), the PNG, and copies folded under
their original."""

from __future__ import annotations

import csv
import sqlite3

import pytest

from tests.crawling import run_crawl, scrapy_command
from tests.site import TrapSite

pytestmark = pytest.mark.crawl

QUERY = "harbor OR harbour"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("coverage")
    with TrapSite() as site:
        result = run_crawl(tmp, {"start_urls": site.base_url + "/", "topic": QUERY,
                                 "topic_name": "harbor"})  # fmt: skip
    return result


def _coverage(crawled, *args: str):
    return scrapy_command("coverage", *args, "-s", f"CORPUS_DB={crawled.db_path}")


def test_the_report_csv_and_plot_cover_every_article_on_the_topic(crawled, tmp_path):
    on_topic = crawled.rows(
        "SELECT a.id, a.url, c.warc_record_id FROM topic_articles ta"
        " JOIN articles a ON a.id = ta.article_id JOIN captures c ON c.id = a.capture_id"
    )
    assert len(on_topic) >= 5
    out, png = tmp_path / "harbor.csv", tmp_path / "harbor.png"
    res = _coverage(crawled, "harbor", "--csv", str(out), "--plot", str(png))
    said = res.stdout.decode()
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert f"{len(on_topic)} articles by 1 outlet" in said
    assert "first: " in said and "originals and their copies" in said
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {int(r["article_id"]) for r in rows} == {r["id"] for r in on_topic}
    records = {r["id"]: r["warc_record_id"] for r in on_topic}
    assert all(r["warc_record_id"] == records[int(r["article_id"])] for r in rows)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000


def test_a_query_no_topic_names_is_matched_over_the_corpus(crawled, tmp_path):
    res = _coverage(crawled, "ferry AND schedule*", "--csv", str(tmp_path / "q.csv"))
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert "query over the corpus" in res.stdout.decode()
    with open(tmp_path / "q.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    loose = {
        r["id"]
        for r in crawled.rows(
            "SELECT id FROM articles WHERE lower(coalesce(title, '') || ' ' ||"
            " coalesce(description, '') || ' ' || text) LIKE '%ferry%' AND"
            " lower(coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || text)"
            " LIKE '%schedule%'"
        )
    }
    assert rows and {int(r["article_id"]) for r in rows} <= loose


def test_a_copy_is_listed_under_its_original(crawled, tmp_path):
    ids = [r["id"] for r in crawled.rows(
        "SELECT article_id AS id FROM topic_articles ORDER BY article_id LIMIT 2")]  # fmt: skip
    original, copy = ids
    conn = sqlite3.connect(crawled.db_path)
    try:
        with conn:
            cur = conn.execute(
                "INSERT INTO clusters (original_article_id, size, evidence) VALUES (?, 2, ?)",
                (original, "earliest"),
            )
            conn.executemany(
                "INSERT INTO cluster_members (cluster_id, article_id, similarity, role, evidence)"
                " VALUES (?, ?, ?, ?, ?)",
                [(cur.lastrowid, original, 1.0, "original", "earliest"),
                 (cur.lastrowid, copy, 0.91, "copy", "near_duplicate")],
            )  # fmt: skip
        out = tmp_path / "c.csv"
        res = _coverage(crawled, "harbor", "--csv", str(out))
        assert res.returncode == 0, res.stderr.decode()[-2000:]
        assert "similarity 0.91" in res.stdout.decode()
        with open(out, encoding="utf-8-sig", newline="") as fh:
            rows = {int(r["article_id"]): r for r in csv.DictReader(fh)}
        assert rows[copy]["role"] == "copy" and int(rows[copy]["original_article_id"]) == original
        assert rows[original]["role"] == "original"
    finally:
        with conn:
            conn.execute("DELETE FROM cluster_members")
            conn.execute("DELETE FROM clusters")
        conn.close()


def test_an_existing_output_is_kept_and_a_bad_query_is_a_usage_error(crawled, tmp_path):
    kept = tmp_path / "kept.csv"
    kept.write_text("mine")
    res = _coverage(crawled, "harbor", "--csv", str(kept))
    assert res.returncode == 2 and kept.read_text() == "mine"
    bad = _coverage(crawled, "(harbor AND")
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("coverage: no topic named '(harbor AND', and not a query")
