"""``make demo``: serve the demo site on 127.0.0.1 and crawl it with the real command.

Offline by construction: the site runs in this process on loopback and the
crawl is ``scrapy crawl news`` pointed at it. The output directory is made
fresh each time so that the figures printed at the end are this run's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from crawler.demo.digest import NAME as DIGEST
from crawler.demo.digest import DigestSite
from crawler.demo.server import DemoSite

TOPIC_NAME = "ai-xrays"
TOPIC = '(AI OR "artificial intelligence") AND (x-ray* OR radiolog*)'

ROOT = Path(__file__).resolve().parents[2]


def _scrapy_env() -> tuple[Path, dict[str, str]]:
    env = dict(os.environ)
    cwd = Path.cwd()
    if not (cwd / "scrapy.cfg").exists():
        cwd = ROOT if (ROOT / "scrapy.cfg").exists() else cwd
        env.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    return cwd, env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo.run", description=__doc__)
    parser.add_argument("--output", default="demo-output", help="directory for corpus and WARCs")
    parser.add_argument("--port", type=int, default=0, help="port for the demo site (0: any free)")
    args = parser.parse_args(argv)

    out = Path(args.output).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    db, warcs = out / "corpus.db", out / "warcs"
    cwd, env = _scrapy_env()

    with DemoSite(port=args.port) as site, DigestSite(site.base_url) as digest:
        print(f"demo: serving The Millbrook Courier at {site.base_url}/ (loopback only)")
        print(f"demo: serving the {DIGEST} at {digest.base_url}/, which reposts it")
        cmd = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "news",
            "-a",
            f"start_urls={site.base_url}/,{digest.base_url}/",
            # a story to follow: every stored article is matched against it
            "-a",
            f"topic={TOPIC}",
            "-a",
            f"topic_name={TOPIC_NAME}",
            "-s",
            f"CORPUS_DB={db}",
            "-s",
            f"WARC_DIR={warcs}",
            # A loopback site needs no pacing; real sites keep the polite defaults.
            "-s",
            "DOWNLOAD_DELAY=0.05",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "LOG_LEVEL=INFO",
            # the demo site is on loopback, which real crawls refuse
            "-s",
            "SECURITY_ALLOWED_NETWORKS=127.0.0.1/32",
        ]
        print("demo: running", " ".join(cmd[2:]))
        status = subprocess.call(cmd, cwd=cwd, env=env)
        manifest = site.articles
        served = len(site.requests)

    if status != 0:
        print(f"demo: the crawl exited with status {status}", file=sys.stderr)
        return status
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        captures = conn.execute("SELECT count(*) FROM captures").fetchone()[0]
        sample = conn.execute("SELECT url FROM articles ORDER BY published DESC LIMIT 1").fetchone()
    word = manifest[0]["unique_phrase"]
    rel = os.path.relpath(out)
    bindir = os.path.relpath(Path(sys.executable).parent)
    print()
    print(
        f"demo: {stored} articles stored ({len(manifest)} on the Courier, the rest on the"
        f" Digest); {captures} responses archived;"
    )
    print(f"      the site answered {served} requests. Output in {rel}/")
    print()
    print("Search the corpus:")
    print(f'  {bindir}/sqlite-utils search {rel}/corpus.db articles "{word}" -c title -c url')
    print(
        f'  {bindir}/sqlite-utils {rel}/corpus.db "select title, author, published from articles'
        ' order by published desc" --table'
    )
    if sample:
        print("Replay an archived page from the WARC files (no network needed):")
        print(
            f"  {bindir}/scrapy replay {sample[0]} -s CORPUS_DB={rel}/corpus.db"
            f" -s WARC_DIR={rel}/warcs | head -20"
        )
        print(
            f"  {bindir}/scrapy replay {sample[0]} --headers -s CORPUS_DB={rel}/corpus.db"
            f" -s WARC_DIR={rel}/warcs"
        )
    print("Check every row against the archive, and rebuild the corpus from the WARCs alone:")
    print(f"  {bindir}/scrapy verify -s CORPUS_DB={rel}/corpus.db -s WARC_DIR={rel}/warcs")
    print(f"  {bindir}/scrapy reextract -s WARC_DIR={rel}/warcs -s CORPUS_DB={rel}/rebuilt.db")
    print("Follow a story across the two outlets: who was first, the copy and its original:")
    print(f"  {bindir}/scrapy coverage {TOPIC_NAME} -s CORPUS_DB={rel}/corpus.db")
    print(
        f"  {bindir}/scrapy coverage 'otter*' --csv {rel}/otters.csv --plot {rel}/otters.png"
        f" -s CORPUS_DB={rel}/corpus.db"
    )
    print("Browse and search it, each article beside its archived page (127.0.0.1:8001):")
    print(f"  {bindir}/scrapy serve -s CORPUS_DB={rel}/corpus.db -s WARC_DIR={rel}/warcs")
    return 0 if stored else 1


if __name__ == "__main__":
    sys.exit(main())
