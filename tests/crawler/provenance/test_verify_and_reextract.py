"""verify and reextract: a corpus checked against, and rebuilt from, its WARC files."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from crawler.provenance.rebuild import reextract
from crawler.provenance.verify import verify
from tests.crawling import run_crawl, scrapy_command
from tests.site import TrapSite

pytestmark = pytest.mark.crawl  # every test here crawls, or reads a crawl's output


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prov")
    with TrapSite() as site:
        result = run_crawl(tmp, {"start_urls": site.base_url + "/"})
    return result


@pytest.fixture
def copy(crawled, tmp_path):
    """A private copy of the crawl's corpus and WARCs to damage."""
    shutil.copy(crawled.db_path, tmp_path / "corpus.db")
    shutil.copytree(crawled.warc_dir, tmp_path / "warcs")
    return tmp_path / "corpus.db", tmp_path / "warcs"


def _cli_verify(db, warcs):
    return scrapy_command("verify", "-s", f"CORPUS_DB={db}", "-s", f"WARC_DIR={warcs}")


def test_a_fresh_crawl_verifies_clean(copy):
    db, warcs = copy
    report = verify(db, warcs)
    assert report.ok, dict(report.counts)
    assert report.checked["captures"] > 100 and report.checked["articles"] == 16
    res = _cli_verify(db, warcs)
    assert res.returncode == 0, res.stdout.decode()
    assert b"verify: clean" in res.stdout


def test_a_flipped_byte_in_a_warc_is_caught(copy):
    db, warcs = copy
    path = next(warcs.glob("*.warc.gz"))
    with sqlite3.connect(db) as conn:
        off, length = conn.execute(
            "SELECT warc_offset, warc_length FROM captures c JOIN articles a ON a.capture_id = c.id"
        ).fetchone()
    data = bytearray(path.read_bytes())
    data[off + length // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify(db, warcs)
    assert not report.ok
    # Where the bit lands decides which check sees it first; one of them always does.
    pointer_checks = (
        "unreadable_record",
        "payload_digest_mismatch",
        "record_id_mismatch",
        "target_uri_mismatch",
        "text_mismatch",
    )
    assert sum(report.counts[k] for k in pointer_checks) >= 1
    assert report.counts["damaged_file"] + report.counts["record_digest_mismatch"] >= 1
    res = _cli_verify(db, warcs)
    assert res.returncode == 1


def test_a_truncated_warc_is_caught(copy):
    db, warcs = copy
    path = next(warcs.glob("*.warc.gz"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 100])
    report = verify(db, warcs)
    assert report.counts["damaged_file"] == 1
    assert not report.ok


def test_a_missing_warc_file_is_caught(copy):
    db, warcs = copy
    for path in warcs.glob("*.warc.gz"):
        path.unlink()
    report = verify(db, warcs)
    assert report.counts["missing_file"] > 0
    assert "capture" in report.examples["missing_file"][0]


def test_an_edited_article_text_is_caught(copy):
    db, warcs = copy
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE articles SET text = text || ' An invented sentence.', text_sha1 = 'x'"
            " WHERE id = (SELECT min(id) FROM articles)"
        )
    report = verify(db, warcs)
    assert report.counts["text_mismatch"] == 1
    assert not report.ok


def test_a_capture_row_with_a_wrong_offset_is_caught(copy):
    db, warcs = copy
    with sqlite3.connect(db) as conn:
        # A capture no article points at (which one is the fifth depends on timing), so
        # that only its own row, not an article's too, reports the broken pointer.
        (capture_id,) = conn.execute(
            "SELECT id FROM captures WHERE id NOT IN (SELECT capture_id FROM articles)"
            " ORDER BY id LIMIT 1 OFFSET 4"
        ).fetchone()
        conn.execute(
            "UPDATE captures SET warc_offset = warc_offset + 7 WHERE id = ?", (capture_id,)
        )
    report = verify(db, warcs)
    assert report.counts["unreadable_record"] + report.counts["record_id_mismatch"] == 1
    assert (
        f"capture {capture_id} "
        in (report.examples["unreadable_record"] + report.examples["record_id_mismatch"])[0]
    )


def test_rows_of_another_extractor_are_reported_not_failed(copy):
    db, warcs = copy
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET extractor = 'someone-else/0.1' WHERE id = 1")
    report = verify(db, warcs)
    assert report.ok
    assert report.counts["other_extractor"] == 1


def test_reextract_rebuilds_the_same_texts_from_the_warcs_alone(copy, tmp_path):
    db, warcs = copy
    new = tmp_path / "rebuilt.db"
    result = reextract(warcs, new)
    assert result.articles == 16 and result.identical == 16 and result.changed == 0
    with sqlite3.connect(db) as old_conn, sqlite3.connect(new) as new_conn:
        old = dict(old_conn.execute("SELECT url_key, text_sha1 FROM articles"))
        rebuilt = dict(new_conn.execute("SELECT url_key, text_sha1 FROM articles"))
        n_old = old_conn.execute("SELECT count(*) FROM captures").fetchone()[0]
        n_new = new_conn.execute("SELECT count(*) FROM captures").fetchone()[0]
    assert rebuilt == old
    assert n_new == n_old
    assert verify(new, warcs).ok


def test_reextract_refuses_to_overwrite_a_corpus(copy):
    db, warcs = copy
    res = scrapy_command("reextract", "-s", f"CORPUS_DB={db}", "-s", f"WARC_DIR={warcs}")
    assert res.returncode == 2
    assert b"exists" in res.stderr


def test_reextract_with_another_extractor_counts_and_diffs_what_changed(copy, tmp_path):
    db, warcs = copy
    new = tmp_path / "other.db"
    res = scrapy_command(
        "reextract",
        "--diff",
        "-s",
        f"CORPUS_DB={new}",
        "-s",
        f"WARC_DIR={warcs}",
        "-s",
        "EXTRACT_DEBRIS_DISABLED=share,newsletter,related,comments,comment_blocks,forms",
    )
    assert res.returncode == 0, res.stderr.decode()
    out = res.stdout.decode()
    assert "16 articles" in out
    assert "changed" in out


def test_a_corpus_rebuilt_in_precision_mode_verifies_against_the_same_warcs(copy, tmp_path):
    db, warcs = copy
    new = tmp_path / "precise.db"
    res = scrapy_command(
        "reextract",
        "-s",
        f"CORPUS_DB={new}",
        "-s",
        f"WARC_DIR={warcs}",
        "-s",
        "EXTRACT_FAVOR_PRECISION=True",
    )
    assert res.returncode == 0, res.stderr.decode()
    with sqlite3.connect(new) as conn:
        signatures = {row[0] for row in conn.execute("SELECT DISTINCT extractor FROM articles")}
    assert len(signatures) == 1 and "favor_precision=True" in signatures.pop()
    # verify re-runs precision mode for those rows: they are checked, not "other extractor".
    report = verify(new, warcs)
    assert report.ok, dict(report.counts)
    assert report.checked["articles"] > 0 and not report.counts["other_extractor"]


def test_a_rebuild_indexes_revisit_records_as_captures_that_refer_to_their_original(tmp_path):
    import sqlite3
    import subprocess

    from tests.crawling import ROOT, VENV_BIN
    from tests.killing import crawl_command
    from tests.newsroom import Newsroom

    room = Newsroom(stories=10, seed=8, print_links=True)
    with room.serve() as server:
        for _ in range(2):  # the second run is revisits only
            run = subprocess.run(crawl_command(server.base_url, tmp_path), cwd=ROOT, timeout=300)
            assert run.returncode == 0
    rebuilt = tmp_path / "rebuilt.db"
    res = subprocess.run(
        [str(VENV_BIN / "scrapy"), "reextract", "-s", f"CORPUS_DB={rebuilt}", "-s",
         f"WARC_DIR={tmp_path / 'warcs'}"],
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    query = "SELECT url, status, warc_record_id, refers_to, payload_digest FROM captures"
    with sqlite3.connect(tmp_path / "corpus.db") as a, sqlite3.connect(rebuilt) as b:
        crawled, indexed = sorted(a.execute(query)), sorted(b.execute(query))
    assert indexed == crawled
    assert sum(1 for row in indexed if row[3]) >= 10
