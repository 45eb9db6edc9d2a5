"""What a new user meets: progress with totals, summaries in words and units, refusals that
say what to do (issue 22, items 9, 11 and 12), on a real crawl's corpus and WARC files."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import zipfile
from collections import defaultdict

import pytest
from rich.console import Console

from crawler.cli import progress_bar
from crawler.provenance.rebuild import REBUILD_STAGE, SCAN_STAGE, reextract
from tests.crawling import ROOT, VENV_BIN, run_crawl, scrapy_command
from tests.site import TrapSite


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("messages")
    with TrapSite() as site:
        return run_crawl(tmp, {"start_urls": site.base_url + "/"})


def _settings(crawled) -> list[str]:
    return ["-s", f"CORPUS_DB={crawled.db_path}", "-s", f"WARC_DIR={crawled.warc_dir}"]


def _stderr_line(res) -> str:
    lines = res.stderr.decode().strip().splitlines()
    assert len(lines) == 1, res.stderr.decode()[-2000:]
    return lines[0]


def test_reextract_without_a_corpus_db_refuses_instead_of_writing_one_into_the_project(
    tmp_path,
):
    default = ROOT / "corpus.db"
    before = default.stat().st_mtime_ns if default.exists() else None
    res = scrapy_command("reextract", "-s", f"WARC_DIR={tmp_path}")
    assert res.returncode == 2, res.stderr.decode()[-2000:]
    assert _stderr_line(res) == (
        "reextract: name the new corpus: pass -s CORPUS_DB=NEW.db (reextract builds a new"
        " corpus, never the crawl's own corpus.db)"
    )
    after = default.stat().st_mtime_ns if default.exists() else None
    assert after == before  # neither created nor touched


def test_the_bar_shows_the_total_the_rate_and_the_time_left():
    console = Console(record=True, width=140, force_terminal=False)
    bar = progress_bar(console, transient=False)
    clock = iter(float(t) for t in range(100))
    bar.get_time = lambda: next(clock)
    with bar:
        files = bar.add_task("reading WARC files", total=20_000_000, unit="bytes")
        rows = bar.add_task("checking captures", total=4_118, unit="")
        for _ in range(3):
            bar.advance(files, 2_000_000)
            bar.advance(rows, 1_000)
    shown = console.export_text()
    assert "6.0 MB of 20.0 MB" in shown and "MB/s" in shown
    assert "3,000/4,118" in shown and "/s" in shown
    assert re.search(r"\d+:\d\d:\d\d", shown)  # the time left


@pytest.mark.crawl
def test_reextract_reports_each_stage_with_its_total(crawled, tmp_path):
    totals: dict[str, int] = {}
    done: dict[str, int] = defaultdict(int)

    def progress(stage: str, n: int, total: int | None) -> None:
        if stage not in totals:
            assert total is not None, f"{stage} started without its total"
            totals[stage] = total
        done[stage] += n

    result = reextract(crawled.warc_dir, tmp_path / "new.db", progress=progress)
    assert list(totals) == [SCAN_STAGE, REBUILD_STAGE]
    assert totals[SCAN_STAGE] == sum(p.stat().st_size for p in crawled.warc_files())
    assert totals[REBUILD_STAGE] == result.captures > 100
    assert dict(done) == totals


@pytest.mark.crawl
def test_reextract_named_in_a_settings_module_builds_and_says_what_in_a_sentence(crawled, tmp_path):
    new = tmp_path / "rebuilt.db"
    (tmp_path / "site_settings.py").write_text(
        f"from crawler.settings import *  # noqa: F403\nCORPUS_DB = {str(new)!r}\n"
    )
    env = {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "site_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }
    res = subprocess.run(
        [str(VENV_BIN / "scrapy"), "reextract", "-s", f"WARC_DIR={crawled.warc_dir}"],
        cwd=ROOT, env=env, capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    (line,) = res.stdout.decode().splitlines()
    files = len(crawled.warc_files())
    assert re.fullmatch(
        rf"reextract: [\d,]+ captures and 16 articles from {files} WARC files?"
        rf" \(\d+\.\d (kB|MB)\) into {re.escape(str(new))}: 16 identical to the archived"
        r" text, 0 changed, 0 no longer articles, 0 withdrawn as undated static pages",
        line,
    ), line
    assert new.exists()


@pytest.mark.crawl
@pytest.mark.parametrize("name", ["articles.csv", "archive.wacz"])
def test_export_keeps_an_existing_file_unless_forced(crawled, tmp_path, name):
    out = tmp_path / name
    out.write_bytes(b"my notes\n")
    res = scrapy_command("export", str(out), *_settings(crawled))
    assert res.returncode == 2, res.stderr.decode()[-2000:]
    assert _stderr_line(res) == f"export: {out} exists: pass --force to replace it"
    assert out.read_bytes() == b"my notes\n"
    res = scrapy_command("export", str(out), "--force", *_settings(crawled))
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert out.read_bytes() != b"my notes\n"
    assert not list(tmp_path.glob("*.part*"))


@pytest.mark.crawl
def test_the_wacz_pages_carry_each_articles_text(crawled, tmp_path):
    out = tmp_path / "archive.wacz"
    res = scrapy_command("export", str(out), *_settings(crawled))
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert re.fullmatch(
        rf"export: {re.escape(str(out))} \(\d+\.\d (kB|MB)\, 16 pages with their texts\)\n",
        res.stdout.decode(),
    ), res.stdout.decode()
    with zipfile.ZipFile(out) as wacz:
        lines = wacz.read("pages/pages.jsonl").decode("utf-8").splitlines()
    pages = [json.loads(line) for line in lines[1:]]
    with sqlite3.connect(crawled.db_path) as conn:
        texts = dict(
            conn.execute(
                "SELECT c.url, a.text FROM articles a JOIN captures c ON c.id = a.capture_id"
            )
        )
    assert len(pages) == len(texts) == 16
    for page in pages:
        assert page["text"] == texts[page["url"]], page["url"]


@pytest.mark.crawl
def test_diff_of_an_article_with_one_version_says_so(crawled):
    with sqlite3.connect(crawled.db_path) as conn:
        (url,) = conn.execute("SELECT url FROM articles ORDER BY id LIMIT 1").fetchone()
    res = scrapy_command("diff", url, "-s", f"CORPUS_DB={crawled.db_path}")
    assert res.returncode == 1, res.stderr.decode()[-2000:]
    (line,) = res.stdout.decode().splitlines()
    assert line.startswith(f"only one version of {url} is stored (version 1, ")
    assert line.endswith("): nothing to compare")


@pytest.mark.crawl
def test_index_counts_its_lines_in_words(crawled, tmp_path):
    warcs = tmp_path / "warcs"
    shutil.copytree(crawled.warc_dir, warcs)
    res = scrapy_command("index", "-s", f"WARC_DIR={warcs}")
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    lines = (warcs / "index.cdxj").read_text().count("\n")
    assert res.stdout.decode() == (
        f"index: {lines:,} lines written to {warcs / 'index.cdxj'}"
        f" ({_size_of(warcs / 'index.cdxj')})\n"
    )


def _size_of(path) -> str:
    size = path.stat().st_size
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"
