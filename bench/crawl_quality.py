#!/usr/bin/env python3
"""Crawl quality: run the real ``scrapy crawl news`` on generated news sites and score it.

For each site template in ``bench/sites`` it starts the site on 127.0.0.1, runs

    .venv/bin/scrapy crawl news -a start_urls=<base>/ -s CORPUS_DB=... -s WARC_DIR=...
        -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False -s CONCURRENT_REQUESTS_PER_DOMAIN=8

from the project root, and compares the corpus, the WARC files and the server's request
log with the site's manifest:

- recall: truth articles stored under their canonical URL (``url_key`` on both sides);
- non-article pages stored as articles, with their URL;
- duplicate rows (one truth article stored twice: AMP, tracking, redirect variants);
- disallowed paths requested (from the server log; must be 0);
- fetched URLs with no WARC response or revisit record (server log vs. warcio's ArchiveIterator);
- exit status and elapsed seconds; every missed article with its ``captures.outcome``.

Targets (from the project's issue): recall >= 95%, <= 2 non-articles stored, no duplicates,
every fetched URL archived, robots.txt obeyed.

Usage: python bench/crawl_quality.py [--site NAME ...] [--keep DIR] [--json PATH]
Exit status: 0 (it is a measurement), 2 if the venv or scrapy is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
SCRAPY = VENV / "bin" / "scrapy"

TARGET_RECALL = 95.0
TARGET_MAX_FP = 2


def _ensure_environment() -> None:
    """Run under the project's venv (warcio, lxml); exit 2 when it is missing."""
    if not SCRAPY.exists() or not VENV_PYTHON.exists():
        print(f"crawl_quality: {SCRAPY} not found; run `make install` first", file=sys.stderr)
        sys.exit(2)
    try:
        import lxml  # noqa: F401
        import warcio  # noqa: F401
    except ImportError:
        if Path(sys.prefix).resolve() != VENV.resolve():
            os.execv(
                str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]]
            )
        print("crawl_quality: warcio/lxml missing from the venv", file=sys.stderr)
        sys.exit(2)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


# -- running one crawl --------------------------------------------------------------


def run_crawl(base: str, out: Path, timeout: float, extra: list[str]) -> tuple[int | str, float]:
    out.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(SCRAPY), "crawl", "news",
        "-a", f"start_urls={base}/",
        "-s", f"CORPUS_DB={out / 'corpus.db'}",
        "-s", f"WARC_DIR={out / 'warcs'}",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", "SECURITY_ALLOWED_NETWORKS=127.0.0.1/32",
        *extra,
    ]  # fmt: skip
    started = time.monotonic()
    with open(out / "crawl.log", "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            status: int | str = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            status = "timeout"
    return status, time.monotonic() - started


# -- reading the results --------------------------------------------------------------


def read_crawl_stats(db: Path) -> dict:
    """Scrapy's final stats, as the crawl ledger stored them."""
    if not db.exists():
        return {}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
        return json.loads(row[0]) if row and row[0] else {}
    except (sqlite3.Error, ValueError):
        return {}
    finally:
        con.close()


def read_corpus(db: Path) -> tuple[list[dict], list[dict]]:
    if not db.exists():
        return [], []
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        articles = [
            dict(r)
            for r in con.execute(
                "SELECT a.id, a.url, a.canonical_url, a.url_key, a.title, a.word_count, a.text,"
                " a.extractor, c.url AS capture_url, c.warc_filename, c.warc_offset,"
                " c.warc_length FROM articles a LEFT JOIN captures c ON c.id = a.capture_id"
            )
        ]
        captures = [dict(r) for r in con.execute("SELECT url, status, outcome FROM captures")]
    except sqlite3.Error as exc:
        print(f"  ! cannot read {db}: {exc}")
        return [], []
    finally:
        con.close()
    return articles, captures


def read_warc_responses(warc_dir: Path) -> tuple[Counter[str], list[str]]:
    from warcio.archiveiterator import ArchiveIterator

    uris: Counter[str] = Counter()
    problems = []
    files = sorted(warc_dir.glob("*.warc.gz")) + sorted(warc_dir.glob("*.warc.gz.open"))
    for path in files:
        try:
            with open(path, "rb") as fh:
                for record in ArchiveIterator(fh):
                    # A revisit archives a fetch whose payload equals one already
                    # stored (WARC 1.1 identical-payload-digest): the fetch is recorded.
                    if record.rec_type in ("response", "revisit"):
                        uris[record.rec_headers.get_header("WARC-Target-URI")] += 1
        except Exception as exc:  # noqa: BLE001 - a broken WARC is a finding, not a crash
            problems.append(f"{path.name}: {exc!r}")
    if any(p.name.endswith(".open") for p in files):
        problems.append("a .warc.gz.open file was left behind")
    return uris, problems


# -- scoring --------------------------------------------------------------------------


def score(manifest, log, articles, captures, warc_uris, warc_problems) -> dict:
    from crawler.urls import canonicalize_url, url_key

    truth = manifest.articles
    canon_key = [url_key(t.canonical) for t in truth]
    by_key: dict[str, int] = {}
    for i, t in enumerate(truth):
        for u in [t.canonical, *t.variants]:
            by_key.setdefault(url_key(u), i)
    canon_index = {k: i for i, k in enumerate(canon_key)}
    # Hostile case B47 (tests/hostile/DECISIONS.md): a canonical on another site is not
    # the article's key, the fetched URL is. A mirror's articles are keyed on the mirror.
    base_host = urlsplit(manifest.base).netloc
    for i, t in enumerate(truth):
        if urlsplit(t.canonical).netloc != base_host:
            for u in t.variants:
                canon_index.setdefault(url_key(u), i)

    rows_by_truth: dict[int, list[dict]] = {}
    exact: set[int] = set()
    wrong_canonical = []
    false_pos = []
    known_non = {url_key(u) for u in manifest.non_articles}
    non_rx = [re.compile(p) for p in manifest.non_article_patterns]

    def is_known_non(url: str) -> bool:
        return url_key(url) in known_non or any(rx.search(_path(url)) for rx in non_rx)

    for row in articles:
        k_canon = url_key(row["canonical_url"] or row["url"])
        k_url = url_key(row["url"])
        i = canon_index.get(k_canon)
        if i is not None:
            exact.add(i)
        else:
            i = by_key.get(k_canon, by_key.get(k_url))
            if i is not None:
                wrong_canonical.append((truth[i].canonical, row["canonical_url"], row["url"]))
        if i is None:
            false_pos.append(
                {
                    "url": row["url"],
                    "canonical_url": row["canonical_url"],
                    "title": row["title"],
                    "words": row["word_count"],
                    "known_non_article": is_known_non(row["url"]),
                }
            )
            continue
        rows_by_truth.setdefault(i, []).append(row)

    # What happened to each missed article: its captures, or whether it was requested at all.
    caps_by_key: dict[str, list[dict]] = {}
    for c in captures:
        caps_by_key.setdefault(url_key(c["url"]), []).append(c)
    base = manifest.base
    requested = Counter(url_key(base + e.target) for e in log if e.method == "GET")
    missed = []
    for i, t in enumerate(truth):
        if i in exact:
            continue
        keys = {url_key(u) for u in [t.canonical, *t.variants]}
        seen = [
            {"url": c["url"], "status": c["status"], "outcome": c["outcome"]}
            for k in keys
            for c in caps_by_key.get(k, [])
        ]
        stored_as = [r["canonical_url"] for r in rows_by_truth.get(i, [])]
        if seen:
            why = ", ".join(sorted({f"{c['status']} {c['outcome']}" for c in seen}))
        elif any(requested[k] for k in keys):
            why = "requested, but no capture row"
        else:
            why = "never requested"
        missed.append(
            {
                "url": t.canonical,
                "kind": t.kind,
                "words": t.words,
                "reason": why,
                "captures": seen,
                "stored_as": stored_as,
            }
        )

    dups = {
        truth[i].canonical: [r["url"] for r in rows]
        for i, rows in rows_by_truth.items()
        if len(rows) > 1
    }

    # robots.txt: requests the server saw under a Disallow prefix.
    disallowed = [
        e.target
        for e in log
        if e.method == "GET" and any(e.target.startswith(p) for p in manifest.disallowed)
    ]

    # Every fetched URL should have a response (or revisit) record.
    fetched = Counter(base + e.target for e in log if e.method == "GET")
    warc_canon = {canonicalize_url(u) or u for u in warc_uris}
    no_record = sorted(
        u for u in fetched if u not in warc_uris and (canonicalize_url(u) or u) not in warc_canon
    )

    # Cost: requests on trap shapes and for non-canonical copies of articles.
    traps = [re.compile(p) for p in manifest.traps]
    trap_requests = sum(1 for e in log if any(rx.search(e.target) for rx in traps))
    canon_paths = {urlsplit(t.canonical).path for t in truth}
    variant_fetches = 0
    for u in fetched:
        k = url_key(u)
        if k in canon_index:
            continue
        if k in by_key or urlsplit(u).path in canon_paths:
            variant_fetches += 1

    mojibake = [
        r["url"]
        for r in articles
        if r["text"] and any(m in r["text"] for m in ("\u00c3", "\ufffd", "\u00e2\u20ac"))
    ]
    # Text quality of stored articles, on word tokens: how much of the body was kept
    # (recall) and how much of what was kept belongs to the story (precision).
    quality = []
    debris = debris_plain = 0
    for i, rows in rows_by_truth.items():
        body = _tokens(truth[i].text)
        allowed = body + _tokens(truth[i].extra)
        for r in rows:
            debris += _debris_lines(r["text"] or "", allowed)
            debris_plain += _debris_lines(r.get("plain_text") or r["text"] or "", allowed)
            got = _tokens(r["text"] or "")
            n_got, n_body = sum(got.values()), sum(body.values())
            if not n_got or not n_body:
                continue
            quality.append(
                {
                    "url": truth[i].canonical,
                    "recall": round(sum((body & got).values()) / n_body, 3),
                    "precision": round(sum((allowed & got).values()) / n_got, 3),
                    "words": n_got,
                    "truth_words": n_body,
                }
            )
    robots_first = next((n for n, e in enumerate(log) if e.target == "/robots.txt"), None)

    n = len(truth)
    return {
        "truth": n,
        "stored": len(exact),
        "stored_any_key": len(rows_by_truth),
        "recall": round(100.0 * len(exact) / n, 1) if n else 0.0,
        "rows": len(articles),
        "false_positives": false_pos,
        "duplicates": dups,
        "wrong_canonical": wrong_canonical,
        "missed": missed,
        "disallowed_requested": disallowed,
        "fetched_urls": len(fetched),
        "requests": sum(1 for e in log),
        "warc_responses": sum(warc_uris.values()),
        "no_warc_record": no_record,
        "warc_problems": warc_problems,
        "trap_requests": trap_requests,
        "variant_fetches": variant_fetches,
        "mojibake": mojibake,
        "text_quality": quality,
        "text_recall": round(sum(q["recall"] for q in quality) / len(quality), 3)
        if quality
        else None,
        "text_precision": (
            round(sum(q["precision"] for q in quality) / len(quality), 3) if quality else None
        ),
        "debris_lines": debris,
        "debris_lines_without_profile": debris_plain,
        "lost_text": [q for q in quality if q["recall"] < 0.9],
        "boilerplate": [q for q in quality if q["precision"] < 0.9],
        "robots_txt_request_index": robots_first,
        "by_kind": dict(Counter(t.kind for t in truth)),
        "missed_by_kind": dict(Counter(m["kind"] for m in missed)),
    }


# -- reporting ------------------------------------------------------------------------


def _tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def _debris_lines(text: str, allowed: Counter[str]) -> int:
    """Lines of a stored text that are not the story's: most of their words are not in
    its body or its captions and standfirst."""
    count = 0
    for line in text.splitlines():
        words = _tokens(line)
        n = sum(words.values())
        if n and sum((words & allowed).values()) < 0.5 * n:
            count += 1
    return count


def add_plain_texts(articles: list[dict], warc_dir: Path) -> None:
    """Each stored article extracted again from its WARC record without its site's
    template profile (``plain_text``): what the profile took away."""
    from archive.reader import read_record
    from archive.warc import OPEN_SUFFIX
    from crawler.provenance.records import extract_record, options_for

    for r in articles:
        if not r.get("warc_filename"):
            continue
        path = warc_dir / r["warc_filename"]
        if not path.exists():
            path = warc_dir / (r["warc_filename"] + OPEN_SUFFIX)
        options = options_for(r["extractor"])
        if options is None or not path.exists():
            continue
        record = read_record(path, r["warc_offset"], r["warc_length"])
        result = extract_record(record, r["capture_url"], options)
        r["plain_text"] = result.article.text if result and result.article else ""


def _ok(flag: bool) -> str:
    return "ok " if flag else "BAD"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def print_site(name: str, description: str, base: str, r: dict) -> None:
    print(f"\n== {name}: {description}\n   {base}/")
    print(
        f"   exit status {r['exit']}   elapsed {r['elapsed']:.1f} s   "
        f"requests {r['requests']} ({r['fetched_urls']} URLs, {r['trap_requests']} on trap "
        f"shapes, {r['variant_fetches']} non-canonical article URLs)"
    )
    n_fp, n_dup = len(r["false_positives"]), len(r["duplicates"])
    n_dis, n_warc = len(r["disallowed_requested"]), len(r["no_warc_record"])
    kinds = "  ".join(f"{k}={v}" for k, v in sorted(r["by_kind"].items()))
    recall_ok = _ok(r["recall"] >= TARGET_RECALL)
    rows = [
        ("articles in truth", str(r["truth"]), kinds),
        ("stored (canonical)", str(r["stored"]), f"recall {r['recall']:.1f}% [{recall_ok} >= 95%]"),
        ("stored under another key", str(len(r["wrong_canonical"])), ""),
        ("non-articles stored", str(n_fp), f"[{_ok(n_fp <= TARGET_MAX_FP)} <= {TARGET_MAX_FP}]"),
        ("duplicate rows", str(n_dup), f"[{_ok(not n_dup)} = 0]"),
        (
            "disallowed requested",
            str(n_dis),
            f"[{_ok(not n_dis)} = 0]  ({r.get('robots_refused', 0)} refused by robots.txt)",
        ),
        (
            "fetched w/o WARC record",
            str(n_warc),
            f"[{_ok(not n_warc)} = 0]  ({r['warc_responses']} response and revisit records)",
        ),
        ("text kept (mean recall)", _pct(r["text_recall"]), f"{len(r['lost_text'])} under 90%"),
        (
            "text clean (mean precision)",
            _pct(r["text_precision"]),
            f"{len(r['boilerplate'])} under 90%",
        ),
        ("mojibake rows", str(len(r["mojibake"])), ""),
        (
            "debris lines",
            str(r["debris_lines"]),
            f"{r['debris_lines_without_profile']} without the site's template profile",
        ),
    ]
    for label, value, note in rows:
        print(f"   {label:<28}{value:>5}   {note}")
    if r["missed"]:
        print("   missed articles (captures.outcome):")
        for m in r["missed"]:
            extra = f" -> stored as {_path(m['stored_as'][0])}" if m["stored_as"] else ""
            url, kind = _path(m["url"]), m["kind"]
            print(f"     {url:<62} {kind:<8} {m['words']:>4}w  {m['reason']}{extra}")
    if r["false_positives"]:
        print("   non-article pages stored as articles:")
        for fp in r["false_positives"]:
            tag = "" if fp["known_non_article"] else " (not in manifest)"
            title = str(fp["title"])[:50]
            print(f"     {_path(fp['url']):<62} {fp['words'] or 0:>4}w  {title!r}{tag}")
    for truth_url, urls in r["duplicates"].items():
        copies = ", ".join(_path(u) for u in urls)
        print(f"   duplicate: {_path(truth_url)} stored {len(urls)}x: {copies}")
    for t, canon, url in r["wrong_canonical"][:10]:
        print(f"   stored under another key: {_path(t)} as canonical {_path(canon or url)}")
    for u in r["disallowed_requested"][:10]:
        print(f"   disallowed but requested: {u}")
    for u in r["no_warc_record"][:10]:
        print(f"   fetched without a response or revisit record: {_path(u)}")
    for p in r["warc_problems"]:
        print(f"   WARC problem: {p}")
    for q in sorted(r["lost_text"], key=lambda q: q["recall"])[:3]:
        print(f"   lost text: {_path(q['url'])} kept {q['recall']:.0%} of the body")
    for q in sorted(r["boilerplate"], key=lambda q: q["precision"])[:3]:
        print(
            f"   boilerplate: {_path(q['url'])} only {q['precision']:.0%} of {q['words']} words"
            " belong to the story"
        )
    if r.get("log_tail"):
        print("   crawl log (tail):")
        for line in r["log_tail"]:
            print(f"     {line}")


def print_summary(results: dict[str, dict]) -> None:
    print(
        "\n== summary (targets: recall >= 95%, non-articles <= 2, duplicates 0, disallowed 0, "
        "no-WARC 0)"
    )
    head = (
        f"{'site':<11}{'truth':>6}{'stored':>7}{'recall':>8}{'non-art':>8}{'dups':>5}"
        f"{'disallow':>9}{'no-WARC':>8}{'debris':>8}{'w/o tpl':>8}{'requests':>9}{'exit':>6}"
        f"{'secs':>7}  verdict"
    )
    print(head)
    print("-" * len(head))
    for name, r in results.items():
        good = (
            r["recall"] >= TARGET_RECALL
            and len(r["false_positives"]) <= TARGET_MAX_FP
            and not r["duplicates"]
            and not r["disallowed_requested"]
            and not r["no_warc_record"]
            and r["exit"] == 0
        )
        print(
            f"{name:<11}{r['truth']:>6}{r['stored']:>7}{r['recall']:>7.1f}%"
            f"{len(r['false_positives']):>8}{len(r['duplicates']):>5}"
            f"{len(r['disallowed_requested']):>9}{len(r['no_warc_record']):>8}"
            f"{r['debris_lines']:>8}{r['debris_lines_without_profile']:>8}"
            f"{r['requests']:>9}{r['exit']!s:>6}{r['elapsed']:>7.1f}  {'PASS' if good else 'FAIL'}"
        )
    total = sum(r["truth"] for r in results.values())
    stored = sum(r["stored"] for r in results.values())
    if total:
        print(
            f"{'all':<11}{total:>6}{stored:>7}{100.0 * stored / total:>7.1f}%"
            f"{sum(len(r['false_positives']) for r in results.values()):>8}"
            f"{sum(len(r['duplicates']) for r in results.values()):>5}"
        )


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=10, check=True
    )
    return done.stdout.strip()


def crawler_version() -> str:
    """The commit the crawl ran from, and whether the code had uncommitted changes."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--", "crawler", "schemas", "archive")
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    return head + (" with uncommitted changes" if dirty else "")


# -- main -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", help="run only this site (repeatable)")
    parser.add_argument(
        "--keep", metavar="DIR", help="keep corpora, WARCs, logs and manifests here"
    )
    parser.add_argument("--json", metavar="PATH", help="write the results as JSON")
    parser.add_argument("--timeout", type=float, default=150.0, help="seconds per crawl")
    parser.add_argument(
        "-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
        help="extra Scrapy setting for every crawl (repeatable)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    _ensure_environment()

    from bench.sites import TEMPLATES, SiteServer

    names = args.site or list(TEMPLATES)
    unknown = [n for n in names if n not in TEMPLATES]
    if unknown:
        print(f"unknown site(s): {', '.join(unknown)}; known: {', '.join(TEMPLATES)}")
        return 0
    work = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="crawlq-"))
    extra = [x for s in args.settings for x in ("-s", s)]
    results: dict[str, dict] = {}
    started = time.monotonic()
    print(f"crawl_quality: {len(names)} site(s), crawler at {crawler_version()}")
    try:
        for name in names:
            out = work / name
            if out.exists():
                shutil.rmtree(out)
            server = SiteServer(TEMPLATES[name]).start()
            manifest = server.site.manifest
            try:
                status, elapsed = run_crawl(server.base, out, args.timeout, extra)
            finally:
                server.stop()
            log = server.log
            (out / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
            (out / "requests.log").write_text(
                "".join(f"{e.status} {e.method} {e.target}\n" for e in log), encoding="utf-8"
            )
            articles, captures = read_corpus(out / "corpus.db")
            add_plain_texts(articles, out / "warcs")
            warc_uris, problems = read_warc_responses(out / "warcs")
            r = score(manifest, log, articles, captures, warc_uris, problems)
            r.update(exit=status, elapsed=round(elapsed, 1), site=name, base=server.base)
            stats = read_crawl_stats(out / "corpus.db")
            r["robots_refused"] = stats.get("robotstxt/forbidden", 0)
            if status != 0:
                lines = (out / "crawl.log").read_text("utf-8", "replace").splitlines()
                r["log_tail"] = lines[-15:]
            results[name] = r
            print_site(name, manifest.description, server.base, r)
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_summary(results)
    print(
        f"\ntotal {time.monotonic() - started:.0f} s"
        + (f"; outputs kept in {work}" if args.keep else "")
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
