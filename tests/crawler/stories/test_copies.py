"""Clusters of copies in a real crawl of the demo's two outlets: the Courier, and the
Mill Valley Digest, which reposts its AI X-ray article with a "Source link" and writes
its own piece on the otters story. Kept true as articles are stored, rebuilt from the
corpus alone, and rebuilt from the WARC files alone by ``reextract``."""

from __future__ import annotations

import sqlite3

import pytest

from crawler.demo.digest import DigestSite
from crawler.demo.server import DemoSite
from crawler.provenance.rebuild import reextract
from crawler.provenance.verify import verify
from tests.crawling import run_crawl, scrapy_command

pytestmark = pytest.mark.crawl


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("copies")
    with DemoSite() as courier, DigestSite(courier.base_url) as digest:
        result = run_crawl(tmp, {"start_urls": f"{courier.base_url}/,{digest.base_url}/"})
        result.courier, result.digest = courier.base_url, digest.base_url
    return result


def _clusters(db_rows) -> set[tuple[str, frozenset[tuple[str, str]]]]:
    """Clusters as (original URL path, {(member path, role)}), ports left out."""
    found: dict[int, set[tuple[str, str]]] = {}
    originals: dict[int, str] = {}
    for r in db_rows:
        path = r["url"].split("/", 3)[3]
        found.setdefault(r["cluster_id"], set()).add((path, r["role"]))
        if r["role"] == "original":
            originals[r["cluster_id"]] = path
    return {(originals[c], frozenset(m)) for c, m in found.items()}


_MEMBERS = (
    "SELECT cm.cluster_id, cm.role, cm.evidence, a.url, a.published FROM cluster_members cm"
    " JOIN articles a ON a.id = cm.article_id ORDER BY cm.cluster_id, a.id"
)


def test_the_repost_joins_its_original_by_its_source_link(crawled):
    rows = crawled.rows(_MEMBERS)
    assert len(rows) == 2, [dict(r) for r in rows]
    original = next(r for r in rows if r["role"] == "original")
    copy = next(r for r in rows if r["role"] == "copy")
    assert original["url"].startswith(crawled.courier)
    assert copy["url"].startswith(crawled.digest)
    assert original["published"] < copy["published"]  # the original is the earlier one
    assert {r["evidence"] for r in rows} == {"source_link"}
    (link,) = crawled.rows(
        "SELECT s.source_link FROM article_signatures s JOIN articles a ON a.id = s.article_id"
        " WHERE a.url = ?",
        copy["url"],
    )
    assert link["source_link"] == original["url"]


def test_two_outlets_own_pieces_on_one_story_stay_apart(crawled):
    otters = crawled.rows(
        "SELECT id FROM articles WHERE url LIKE '%otters-return-river-mill%'"
        " OR url LIKE '%otters-back-in-millbrook%'"
    )
    assert len(otters) == 2
    clustered = {r["article_id"] for r in crawled.rows("SELECT article_id FROM cluster_members")}
    assert not clustered & {r["id"] for r in otters}
    signed = crawled.rows("SELECT count(*) AS n FROM article_signatures")[0]["n"]
    assert signed == crawled.rows("SELECT count(*) AS n FROM articles")[0]["n"]


def test_rebuild_from_the_corpus_gives_the_same_clusters(crawled):
    before = _clusters(crawled.rows(_MEMBERS))
    res = scrapy_command("clusters", "rebuild", "--resign", "-s", f"CORPUS_DB={crawled.db_path}")
    assert res.returncode == 0, res.stderr.decode()[-1500:]
    assert "1 cluster holding 1 copy" in res.stdout.decode()
    assert _clusters(crawled.rows(_MEMBERS)) == before


def test_reextract_from_the_warc_files_gives_the_same_clusters(crawled, tmp_path):
    rebuilt = tmp_path / "rebuilt.db"
    result = reextract(crawled.warc_dir, rebuilt)
    assert result.clusters == 1
    conn = sqlite3.connect(rebuilt)
    conn.row_factory = sqlite3.Row
    try:
        again = _clusters(conn.execute(_MEMBERS).fetchall())
    finally:
        conn.close()
    assert again == _clusters(crawled.rows(_MEMBERS))
    assert verify(crawled.db_path, crawled.warc_dir).ok
