"""The checklist cases that a crawl of ``HostileSite`` exercises, with what each must end in.

Outcome codes (../shared/HOSTILE-INPUTS.md):

- ``A+C``: a response record in the WARC and a row in ``articles``;
- ``A``: a response record, no article row, and a counted reason (on the
  capture row, ``captures.outcome``, or in a stat);
- ``L``: no response record at all, and a counted reason.

A case names its seeds (start URLs; some are reached through links, feeds or
sitemaps instead) and a ``check(crawl)`` that asserts its outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crawler.urls import url_key
from tests.hostile.site import HostileSite

A = "/news/2024/05/01/"


@dataclass
class Case:
    id: str
    code: str  # A+C | A | L | other
    title: str
    check: Callable[[Any], None]
    seeds_on: list[tuple[str, str]] = field(default_factory=list)  # (path, server)

    def seeds(self, site: HostileSite) -> list[str]:
        return [
            site.url(path, server) if not path.startswith("http") else path
            for path, server in self.seeds_on
        ]


# -- reading a crawl ---------------------------------------------------------------------


def responses(crawl, url: str) -> list[dict[str, Any]]:
    """Response records of a URL, with ``status`` as an int."""
    return [{**r, "status": int(r["status"])} for r in crawl.responses().get(url, [])]


def article_rows(crawl, url: str) -> list[Any]:
    return crawl.rows("SELECT * FROM articles WHERE url = ? OR url_key = ?", url, url_key(url))


def capture_outcomes(crawl, url: str) -> list[str]:
    return [r["outcome"] for r in crawl.rows("SELECT outcome FROM captures WHERE url = ?", url)]


def fetch_reasons(crawl, url: str) -> set[str]:
    return {reason for u, reason in crawl.outcomes if u == url}


def assert_stored(crawl, url: str, word: str | None = None) -> Any:
    """A+C: a 200 response record and one article row whose text has ``word``."""
    assert any(r["status"] == 200 for r in responses(crawl, url)), f"not archived: {url}"
    rows = article_rows(crawl, url)
    assert len(rows) == 1, f"expected one article row for {url}, got {len(rows)}"
    if word is not None:
        assert word in rows[0]["text"], f"{word!r} not in the stored text of {url}"
    return rows[0]


def assert_archived_only(crawl, url: str, reasons: set[str]) -> None:
    """A: a response record, no article row, and the capture's outcome is the reason."""
    assert responses(crawl, url), f"not archived: {url}"
    assert not article_rows(crawl, url), f"stored as an article: {url}"
    outcomes = set(capture_outcomes(crawl, url))
    assert outcomes & reasons, f"{url}: outcomes {outcomes}, expected one of {reasons}"


def assert_not_received(crawl, url: str, reasons: set[str]) -> None:
    """L: no response record, no row, and the fetch ended with one of ``reasons``."""
    assert not responses(crawl, url), f"a response was archived for {url}"
    assert not article_rows(crawl, url)
    got = fetch_reasons(crawl, url)
    assert got & reasons, f"{url}: fetch outcomes {got}, expected one of {reasons}"
    for reason in got & reasons:
        assert crawl.stats.get(f"fetch/failed/{reason}", 0) > 0


def _u(crawl, path: str, server: str = "main") -> str:
    return crawl.site.url(path, server)


# -- the cases -------------------------------------------------------------------------------

CASES: list[Case] = []


def case(id: str, code: str, title: str, *seeds: str | tuple[str, str]):  # noqa: A002
    def register(fn: Callable[[Any], None]) -> Callable[[Any], None]:
        seeds_on = [(s, "main") if isinstance(s, str) else s for s in seeds]
        CASES.append(Case(id, code, title, fn, seeds_on))
        return fn

    return register


@case("B01", "L", "connection reset mid-body", ("/b01-reset", "raw"))
def b01(crawl):
    url = _u(crawl, "/b01-reset", "raw")
    assert_not_received(crawl, url, {"dataloss"})
    assert crawl.site.paths("raw").count("/b01-reset") == 3, "retried twice (RETRY_TIMES=2)"


@case("B02", "L", "chunked body without its terminator", ("/b02-no-terminator", "raw"))
def b02(crawl):
    assert_not_received(crawl, _u(crawl, "/b02-no-terminator", "raw"), {"dataloss"})


@case("B03", "L", "non-hex chunk size", ("/b03-bad-chunk", "raw"))
def b03(crawl):
    # Twisted ends the body at a malformed chunk and reports it as data loss.
    assert_not_received(crawl, _u(crawl, "/b03-bad-chunk", "raw"), {"dataloss", "protocol_error"})


@case("B04", "A+C", "body longer than Content-Length", (A + "b04-overlong.html", "raw"))
def b04(crawl):
    from tests.hostile.site import RAW_ARTICLE

    url = _u(crawl, A + "b04-overlong.html", "raw")
    assert_stored(crawl, url, "overlength")
    (rec,) = responses(crawl, url)
    assert rec["payload"] == RAW_ARTICLE, "the record holds exactly Content-Length bytes"
    assert "TRAILING GARBAGE" not in article_rows(crawl, url)[0]["text"]


@case("B05", "L", "slow-loris, one byte a second", ("/b05-slow", "raw"))
def b05(crawl):
    assert_not_received(crawl, _u(crawl, "/b05-slow", "raw"), {"timeout"})


@case("B06", "L", "DNS failure and connection refused")
def b06(crawl):
    assert crawl.stats.get("fetch/failed/refused", 0) > 0
    assert crawl.stats.get("fetch/failed/dns", 0) > 0
    refused = [u for u, r in crawl.outcomes if r == "refused"]
    assert all(not responses(crawl, u) for u in refused)


@case("B08", "A+C", "503 twice, then 200", A + "b08-flaky.html")
def b08(crawl):
    url = _u(crawl, A + "b08-flaky.html")
    statuses = [r["status"] for r in responses(crawl, url)]
    assert statuses.count(503) == 2 and statuses.count(200) == 1
    assert_stored(crawl, url, "flakyharbour")
    assert crawl.stats.get("politeness/backoff", 0) >= 2
    times = [t for p, t in crawl.site.requests() if p == A + "b08-flaky.html"]
    # At least RETRY_AFTER_BACKOFF_BASE after each 503; the doubling applies to 5xx in a
    # row from the host, and other pages of this host answer 200 in between.
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.2 * 0.9, f"each 503 backs the host off: gaps {gaps}"


@case("B10", "A", "200 captcha / access denied page", A + "b10-captcha.html")
def b10(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b10-captcha.html"), {"ban_page"})
    assert crawl.stats.get("politeness/ban_pages", 0) >= 1


@case("B12", "A", "soft 404", A + "b12-soft404.html")
def b12(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b12-soft404.html"), {"soft404"})


@case("B13", "A", "redirect loop", "/b13/loop")
def b13(crawl):
    url = _u(crawl, "/b13/loop")
    assert [r["status"] for r in responses(crawl, url)] == [302]
    assert "redirect_loop" in capture_outcomes(crawl, url)
    assert crawl.stats.get("security/redirect/redirect_loop", 0) >= 1


@case("B14", "A", "redirect chain longer than the limit", "/b14/hop/0")
def b14(crawl):
    hops = [p for p in crawl.site.paths() if p.startswith("/b14/hop/")]
    assert len(hops) == 11, "the first request and REDIRECT_MAX_TIMES (10) redirects"
    last = _u(crawl, hops[-1])
    assert "too_many_redirects" in capture_outcomes(crawl, last)
    assert not crawl.rows("SELECT 1 FROM articles WHERE url LIKE '%/b14/%'")


@case("B15", "A", "redirect to another domain", "/b15-offsite")
def b15(crawl):
    assert_archived_only(crawl, _u(crawl, "/b15-offsite"), {"offsite_redirect"})
    assert "/consent" not in crawl.site.paths()


@case("B16", "A", "redirect to file://, ftp://, data:", "/b16/file", "/b16/ftp", "/b16/data")
def b16(crawl):
    for path in ("/b16/file", "/b16/ftp", "/b16/data"):
        assert_archived_only(crawl, _u(crawl, path), {"blocked_scheme"})
    assert crawl.stats.get("security/redirect/blocked_scheme", 0) == 3


@case(
    "B17",
    "L",
    "redirect and seed to a deny-listed address (127.0.0.2)",
    "/b17/redirect",
    (A + "b17-seed.html", "blocked"),
)
def b17(crawl):
    assert crawl.site.paths("blocked") == [], "127.0.0.2 must never see a request"
    target = _u(crawl, A + "b17-internal.html", "blocked")
    assert_not_received(crawl, target, {"blocked_address"})
    assert "redirect" in capture_outcomes(crawl, _u(crawl, "/b17/redirect"))
    assert crawl.stats.get("security/blocked_address", 0) >= 2


@case(
    "B18", "A+C", "meta refresh 0 s followed, 300 s not", A + "b18-refresh0.html", "/b18/refresh300"
)
def b18(crawl):
    assert responses(crawl, _u(crawl, A + "b18-refresh0.html"))
    assert not crawl.rows(
        "SELECT 1 FROM articles WHERE url = ?", _u(crawl, A + "b18-refresh0.html")
    )
    assert_stored(crawl, _u(crawl, A + "b18-target.html"), "refreshtarget")
    assert responses(crawl, _u(crawl, "/b18/refresh300"))
    assert A + "b18-never.html" not in crawl.site.paths()


@case("B19", "L", "larger than DOWNLOAD_MAXSIZE, with Content-Length", "/b19-declared-too-large")
def b19(crawl):
    assert_not_received(crawl, _u(crawl, "/b19-declared-too-large"), {"too_large"})


@case("B20", "L", "larger than DOWNLOAD_MAXSIZE, streamed", "/b20-streamed-too-large")
def b20(crawl):
    assert_not_received(crawl, _u(crawl, "/b20-streamed-too-large"), {"too_large"})


@case("B21", "A+C", "a very large page under the limit", A + "b21-big-page.html")
def b21(crawl):
    assert_stored(crawl, _u(crawl, A + "b21-big-page.html"), "hugepage")


def _bomb_case(case_id: str, path: str, title: str) -> None:
    @case(case_id, "A", title, path)
    def check(crawl):
        url = _u(crawl, path)
        assert_archived_only(crawl, url, {"too_large"})
        (rec,) = responses(crawl, url)
        assert len(rec["payload"]) < 2_000_000, "the record holds the compressed bytes"

    check.__name__ = case_id.lower()


_bomb_case("B22", "/b22-gzip-bomb", "gzip bomb")
_bomb_case("B23", "/b23-brotli-bomb", "brotli bomb")


@case(
    "B24",
    "A",
    "deflate, zstd and gzip,gzip bombs; a benign gzip,gzip page",
    "/b24-deflate-bomb",
    "/b24-zstd-bomb",
    "/b24-gzip-gzip-bomb",
    A + "b24-gzip-gzip.html",
)
def b24(crawl):
    from tests.hostile.site import ROUTES

    for path in ("/b24-deflate-bomb", "/b24-zstd-bomb", "/b24-gzip-gzip-bomb"):
        assert path in ROUTES, f"{path}: no compressor for it in this environment"
        assert_archived_only(crawl, _u(crawl, path), {"too_large"})
    assert_stored(crawl, _u(crawl, A + "b24-gzip-gzip.html"), "stackedgzip")


@case("B25", "A", "gzip inside gzip under one Content-Encoding", A + "b25-double.html")
def b25(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b25-double.html"), {"not_html"})


@case("B26", "A", "Content-Encoding gzip over a plain body", A + "b26-not-gzip.html")
def b26(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b26-not-gzip.html"), {"decode_error"})


@case("B27", "A", "unknown Content-Encoding xz", A + "b27-xz.html")
def b27(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b27-xz.html"), {"unsupported_encoding"})


@case("B28", "A", "PDF at an article URL", A + "b28-report.pdf")
def b28(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b28-report.pdf"), {"not_html"})


@case("B29", "A", "image at an article URL", A + "b29-photo.html")
def b29(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b29-photo.html"), {"not_html"})


@case("B30", "A", "PDF bytes labelled text/html", A + "b30-pdf-as-html.html")
def b30(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b30-pdf-as-html.html"), {"not_html"})


@case("B31", "A", "empty 200 body", A + "b31-empty.html")
def b31(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b31-empty.html"), {"empty"})


@case("B32", "A+C", "cp1252 bytes without any charset", A + "b32-latin1.html")
def b32(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b32-latin1.html"), "\u00dcber die Br\u00fccke")
    assert row["title"] == "Die Br\u00fccke \u00fcber den Hafen"


@case("B33", "A+C", "UTF-8 body labelled ISO-8859-1", A + "b33-utf8-labelled-latin1.html")
def b33(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b33-utf8-labelled-latin1.html"), "\u00fcber \u2014")
    assert "\u00c3" not in row["text"] and "\u00c3" not in row["title"]
    assert crawl.stats.get("extract/encoding_source/http+utf8-body", 0) + crawl.stats.get(
        "extract/encoding_source/meta", 0
    )


@case("B34", "A+C", "invalid charset label utf-9", A + "b34-utf9.html")
def b34(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b34-utf9.html"), "utfnine")
    assert "\u00fcber" in row["title"]


@case("B35", "A+C", "UTF-8 and UTF-16 BOMs", A + "b35-utf8-bom.html", A + "b35-utf16-bom.html")
def b35(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b35-utf8-bom.html"), "bomeight")
    assert row["title"] == "BOM first \u00fcber"
    row = assert_stored(crawl, _u(crawl, A + "b35-utf16-bom.html"), "bomsixteen")
    assert row["title"] == "Sixteen bits \u00fcber"


@case("B36", "A+C", "mixed encodings in one page", A + "b36-mixed.html")
def b36(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b36-mixed.html"), "mixedbytes")
    assert "Mixed \u00fcber encodings" in row["title"]


@case("B37", "A+C", "NUL and C0 controls in title and text", A + "b37-controls.html")
def b37(crawl):
    url = _u(crawl, A + "b37-controls.html")
    row = assert_stored(crawl, url, "controlchars")
    for value in (row["title"], row["text"]):
        assert not any(ord(c) < 32 and c not in "\n\t" for c in value)
    (length,) = crawl.rows("SELECT length(title) AS n FROM articles WHERE id = ?", row["id"])
    assert length["n"] == len(row["title"]), "SQLite sees the whole title"
    assert b"\x00" in responses(crawl, url)[0]["payload"], "the WARC keeps the raw bytes"


@case("B38", "A+C", "RTL text and bidi override in the title", A + "b38-rtl.html")
def b38(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b38-rtl.html"))
    assert row["title"].startswith("\u202e"), "stored verbatim"
    hits = crawl.rows(
        "SELECT a.url FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
        " WHERE articles_fts MATCH ?",
        '"\u0627\u0644\u0627\u0646\u062a\u062e\u0627\u0628\u0627\u062a"',
    )
    assert [h["url"] for h in hits] == [row["url"]]


@case("B39", "A+C", "a Chinese article is stored whole", A + "b39-cjk.html")
def b39(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b39-cjk.html"), "政治改革")
    assert row["title"].startswith("政治新闻")
    assert row["text"].count("渡轮") == 12, "every paragraph kept"


@case("B40", "A+C", "NFD text is stored NFC and found without diacritics", A + "b40-nfd-text.html")
def b40(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b40-nfd-text.html"), "\u00fcberbr\u00fccke")
    assert "u\u0308" not in row["text"]
    hits = crawl.rows(
        "SELECT a.url FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
        " WHERE articles_fts MATCH ?",
        "uberbrucke",
    )
    assert [h["url"] for h in hits] == [row["url"]]


@case("B41", "A", "JavaScript-only page", A + "b41-js-only.html")
def b41(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b41-js-only.html"), {"js_required"})


@case("B42", "A", "DOM 5,000 and 100,000 levels deep", A + "b42-deep.html", A + "b42-deeper.html")
def b42(crawl):
    for path in ("b42-deep.html", "b42-deeper.html"):
        assert_archived_only(crawl, _u(crawl, A + path), {"parse_limit"})
    # The crawl's own link reader left lexbor for these (28 s of reactor for the deeper one).
    assert crawl.stats.get("news/links_parser/lxml", 0) >= 2


@case("B43", "A", "300,000 elements", A + "b43-many-elements.html")
def b43(crawl):
    assert_archived_only(crawl, _u(crawl, A + "b43-many-elements.html"), {"parse_limit"})


@case("B44", "A+C", "malformed HTML", A + "b44-malformed.html")
def b44(crawl):
    assert_stored(crawl, _u(crawl, A + "b44-malformed.html"), "malformedmarkup")


@case("B45", "A+C", "paywall teaser (isAccessibleForFree false)", A + "b45-paywall.html")
def b45(crawl):
    assert_stored(crawl, _u(crawl, A + "b45-paywall.html"), "paywalled")


@case(
    "B46",
    "A",
    "consent interstitial at every URL",
    A + "b46-consent-1.html",
    A + "b46-consent-2.html",
)
def b46(crawl):
    for path in ("b46-consent-1.html", "b46-consent-2.html"):
        assert_archived_only(crawl, _u(crawl, A + path), {"consent_wall", "no_text", "too_short"})


@case(
    "B46b",
    "A",
    "a consent manager's full notice at article addresses, under an article's head",
    A + "b46-consent-3.html",
    A + "b46-consent-4.html",
    A + "b46-consent-5.html",
)
def b46b(crawl):
    for n in (3, 4, 5):
        assert_archived_only(crawl, _u(crawl, A + f"b46-consent-{n}.html"), {"consent_wall"})


@case(
    "B47",
    "A+C",
    "rel=canonical to a clean URL, another domain, the home page",
    A + "b47-canon-same.html",
    A + "b47-canon-syndicated.html",
    A + "b47-canon-home.html",
    A + "b47-canon-home-2.html",
)
def b47(crawl):
    clean = _u(crawl, A + "b47-canon-clean.html")
    rows = crawl.rows("SELECT * FROM articles WHERE text LIKE '%canonsame%'")
    assert len(rows) == 1 and rows[0]["canonical_url"] == clean
    synd = assert_stored(crawl, _u(crawl, A + "b47-canon-syndicated.html"), "canonsyndicated")
    assert synd["url_key"] == url_key(synd["url"])
    home1 = assert_stored(crawl, _u(crawl, A + "b47-canon-home.html"), "canonhome")
    home2 = assert_stored(crawl, _u(crawl, A + "b47-canon-home-2.html"), "canonhometwo")
    assert home1["id"] != home2["id"]


@case("B49", "A+C", "tracking parameters: one fetch, one row", "/b49-hub")
def b49(crawl):
    fetched = [p for p in crawl.site.paths() if "b49-tracked" in p]
    assert fetched == [A + "b49-tracked.html"]
    assert_stored(crawl, _u(crawl, A + "b49-tracked.html"), "trackedlink")


@case("B50", "A+C", "session ids in path and query: one fetch, one row", "/b49-hub")
def b50(crawl):
    fetched = [p for p in crawl.site.paths() if "b50-session" in p]
    assert fetched == [A + "b50-session.html"]
    assert_stored(crawl, _u(crawl, A + "b50-session.html"), "sessionlink")


@case("B51", "A", "calendar trap", "/b51/archive/2024/03/02/")
def b51(crawl):
    days = [p for p in crawl.site.paths() if p.startswith("/b51/")]
    assert 0 < len(days) <= 16
    assert crawl.stats.get("news/skipped/template_budget", 0) + crawl.stats.get(
        "news/skipped/depth", 0
    )


@case("B55", "A+C", "a URL with spaces; a URL over 8 KB", "/b49-hub")
def b55(crawl):
    spaced = _u(crawl, "/b55/a%20page%20with%20spaces")
    assert responses(crawl, spaced), "the space is percent-encoded in WARC-Target-URI"
    assert not [p for p in crawl.site.paths() if len(p) > 8000]
    assert crawl.stats.get("urllength/request_ignored_count", 0) + crawl.stats.get(
        "security/bad_url", 0
    )


@case("B56", "A+C", "impossible declared dates", A + "b56-bad-dates.html")
def b56(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b56-bad-dates.html"), "baddates")
    assert row["published"] in (None, "")


@case("B57", "A+C", "a date in 2099", A + "b57-future.html")
def b57(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b57-future.html"), "futuredate")
    assert row["published"] is None or row["published"].startswith("2099-01-01")


@case("B58", "A+C", "conflicting dates: JSON-LD wins", A + "b58-conflict.html")
def b58(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b58-conflict.html"), "conflictdates")
    assert row["published"].startswith("2024-03-05")


@case("B59", "A+C", "1 MB title, 10,000 authors, hostile JSON-LD keys", A + "b59-hostile-meta.html")
def b59(crawl):
    row = assert_stored(crawl, _u(crawl, A + "b59-hostile-meta.html"), "hostilemeta")
    assert len(row["title"]) <= 1001
    assert row["author"] is None or len(row["author"]) <= 501


@case("B60", "A", "Disallow: /b60-private/", "/b60-private/secret.html", "/b49-hub")
def b60(crawl):
    assert not [p for p in crawl.site.paths() if p.startswith("/b60-private/")]
    assert crawl.stats.get("robotstxt/forbidden", 0) > 0


@case("B61", "L", "robots.txt answers 503", (A + "b61-never.html", "robots503"))
def b61(crawl):
    assert crawl.site.paths("robots503") == ["/robots.txt"] * len(crawl.site.paths("robots503"))
    assert crawl.stats.get("robotstxt/unreachable_disallow", 0) >= 1


@case("B62", "A+C", "robots.txt answers 404", (A + "b62-allowed.html", "robots404"))
def b62(crawl):
    assert_stored(crawl, _u(crawl, A + "b62-allowed.html", "robots404"), "robotsfourohfour")


@case(
    "B63",
    "A+C",
    "robots.txt through five redirects",
    (A + "b63-through.html", "robots_redirect"),
    ("/b63-secret", "robots_redirect"),
)
def b63(crawl):
    paths = crawl.site.paths("robots_redirect")
    assert "/robots-final.txt" in paths
    assert "/b63-secret" not in paths, "the final file's rules apply to the original host"
    assert_stored(crawl, _u(crawl, A + "b63-through.html", "robots_redirect"), "robotsredirected")


@case(
    "B64",
    "A+C",
    "a 5 MB robots.txt: the first 500 KiB are read",
    ("/b64-early", "robots_big"),
    (A + "b64-late.html", "robots_big"),
)
def b64(crawl):
    paths = crawl.site.paths("robots_big")
    assert "/b64-early" not in paths
    assert crawl.stats.get("robotstxt/truncated", 0) == 1
    assert_stored(crawl, _u(crawl, A + "b64-late.html", "robots_big"), "robotsbig")


@case(
    "B65",
    "A+C",
    "Crawl-delay: 1 honoured",
    *[(f"{A}b65-pace{i}.html", "crawl_delay") for i in range(1, 5)],
)
def b65(crawl):
    times = sorted(t for p, t in crawl.site.requests("crawl_delay") if p.startswith("/news/"))
    assert len(times) == 4
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.9, f"requests closer than the Crawl-delay: {gaps}"
    assert crawl.stats.get("robotstxt/crawl_delay_waits", 0) >= 3


@case("B66", "A+C", "malformed RSS", "/b66-feed.xml")
def b66(crawl):
    assert_stored(crawl, _u(crawl, A + "b66-from-feed.html"), "brokenfeed")
    assert crawl.stats.get("news/feeds/entries", 0) >= 1


@case("B67", "A+C", "XXE and entity expansion in a sitemap")
def b67(crawl):
    assert "/b67-secret" not in crawl.site.paths()
    assert_stored(crawl, _u(crawl, A + "b67-listed.html"), "xxelisted")
    assert not crawl.rows("SELECT 1 FROM articles WHERE text LIKE '%root:%'")
    assert not [p for p in crawl.site.paths() if "aaaaaaaaaa" in p]


@case("B68", "A+C", "gzipped sitemaps, with and without Content-Encoding; a gzip-bomb sitemap")
def b68(crawl):
    assert_stored(crawl, _u(crawl, A + "b68-from-gz.html"), "gzsitemap")
    assert_stored(crawl, _u(crawl, A + "b68-from-encoded.html"), "encodedsitemap")
    assert responses(crawl, _u(crawl, "/b68-bomb-sitemap.xml.gz"))
    assert crawl.stats.get("news/sitemaps/unreadable", 0) >= 1


@case("B69", "A", "sitemap index cycle A -> B -> A, and an endless generated index")
def b69(crawl):
    paths = crawl.site.paths()
    assert paths.count("/b69-index-a.xml") == 1 and paths.count("/b69-index-b.xml") == 1
    generated = [p for p in paths if p.startswith("/b69-gen-")]
    # robots.txt's index a is depth 0; b69-gen-1 depth 1; b69-gen-1-k depth 2; and so on
    depths = [p.count("-") - 1 for p in generated]
    assert generated and max(depths) <= 3, "NEWS_SITEMAP_MAX_DEPTH ends the nesting"
    assert len(generated) == len(set(generated)) <= 1 + 3 + 9
    sitemaps = [p for p in paths if "sitemap" in p or p.startswith("/b69")]
    assert len(sitemaps) <= 20, "SECURITY_MAX_SITEMAPS_PER_HOST bounds the rest"
    cut = crawl.stats.get("news/sitemaps/too_deep", 0) + crawl.stats.get(
        "security/sitemap_budget", 0
    )
    assert cut >= 1, "what was cut is counted"


@case("B70", "A+C", "a sitemap listing URLs on other hosts")
def b70(crawl):
    assert_stored(crawl, _u(crawl, A + "b70-onhost.html"), "onhostsitemap")
    assert not [u for u, _ in crawl.outcomes if "offhost.invalid" in u or "localhost:1/" in u]
    assert crawl.stats.get("news/skipped/out_of_scope", 0) >= 2


@case("S-12", "A+C", "SQL in scraped metadata is stored verbatim", A + "s12-injection.html")
def s12(crawl):
    row = assert_stored(crawl, _u(crawl, A + "s12-injection.html"), "sqlinject")
    assert row["title"] == "'); DROP TABLE articles;-- \" OR 1=1 --"
    names = {r["name"] for r in crawl.rows("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "captures", "crawls"} <= names


@case("S-18", "A", "links to file://, ftp://, data:, javascript: are never requested", "/b49-hub")
def s18(crawl):
    for rec in crawl.records():
        if rec["uri"] and rec["type"] in ("request", "response", "revisit"):
            assert rec["uri"].startswith("http"), rec["uri"]
    assert crawl.rows("SELECT 1 FROM captures WHERE url = ?", _u(crawl, "/b49-hub"))


@case(
    "S-06",
    "A",
    "archived pages with hostile headers, meta tags, SVG and mislabelled types",
    "/s06-headers",
    "/s07-meta",
    "/s08-svg",
    "/s08-html-as-png",
    A + "s09-xss-title.html",
)
def s_viewer_fixtures(crawl):
    """Archived here; tests/hostile/test_security.py replays them through the viewer."""
    for path in ("/s06-headers", "/s07-meta", "/s08-svg", "/s08-html-as-png"):
        assert responses(crawl, _u(crawl, path)), path
    assert_stored(crawl, _u(crawl, A + "s09-xss-title.html"), "xsstitle")


def b06_seeds(site: HostileSite) -> list[str]:
    return [
        f"http://127.0.0.1:{site.closed_port}{A}b06-refused.html",
        f"http://no-such-host.invalid{A}b06-dns.html",
    ]


CRAWL_CASE_IDS = [c.id for c in CASES]
