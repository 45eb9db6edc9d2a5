"""Deterministic pages and routing for the Harbor City Ledger trap site.

Everything here is a pure function of (method, request target, request headers,
base URL) plus one small piece of per-server state (``SiteState``, for the
503-then-200 story), so crawl tests get the same site on every run and the
server module only has to move bytes.

The markup imitates a Next.js front end ("div soup" with hashed class names,
``<div id="__next">``, ``__NEXT_DATA__``) rather than WordPress, so extraction is
tested against a second, quite different CMS.

How each story can be found (``Article.via``):

* ``links``   linked from HTML pages (home, sections, tags, authors, calendar,
  related rails), also listed in the sitemaps, the newest also in the feed;
* ``sitemap`` listed only in the sitemaps (news sitemap or the gzipped archive);
* ``feed``    listed only in the RSS feed.

No HTML page ever links to a ``sitemap`` or ``feed`` story, and the feed-only
stories are in no sitemap.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import threading
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import parse_qs, quote, unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from .articles import ARTICLES, AUTHORS, COMMENTS, EVENTS, SECTIONS, Article

SITE_NAME = "Harbor City Ledger"

DISALLOWED_PREFIXES = ("/members/", "/print/")
FLAKY_PATH = "/story/9001"  # 503 with Retry-After: 0 on its first request, 200 after
DELETED_PATH = "/news/2025/01/01/deleted-story"  # linked, answers 404
PDF_PATHS = ("/news/2026/03/02/budget-report.pdf", "/story/report-2026")
ROBOTS_PATH = "/robots.txt"
SITEMAP_INDEX_PATH = "/sitemap.xml"
NEWS_SITEMAP_PATH = "/sitemaps/news.xml"
ARCHIVE_SITEMAP_PATH = "/sitemaps/archive.xml.gz"
FEED_PATH = "/rss.xml"
AMP_QUERY = "outputType=amp"
NEWS_SITEMAP_SIZE = 6  # newest sitemap-listed stories go to the Google News sitemap
FEED_LINKED_ITEMS = 5  # newest linked stories that also appear in the feed
TWO_HOP_PATH = "/promo/spring-edition"  # 302 -> /go/old-customs-house-library -> 301 -> story

# Global member-area links in the masthead and footer of every HTML page.
MEMBER_LINKS: tuple[tuple[str, str], ...] = (
    ("/members/login", "Sign in"),
    ("/members/subscribe", "Subscribe"),
    ("/members/e-edition", "Today's e-edition"),
    ("/members/account", "My account"),
    ("/members/saved-stories", "Saved stories"),
    ("/members/newsletters", "Newsletters"),
    ("/members/gift-subscription", "Give a gift subscription"),
    ("/members/help", "Subscriber help"),
)

HTML_TYPE = "text/html; charset=utf-8"
BUILD_ID = "hcl-7f3c2a9"

_BY_PATH: dict[str, Article] = {a.path: a for a in ARTICLES}
_BY_SLUG: dict[str, Article] = {a.slug: a for a in ARTICLES}
# Newest first; ARTICLES is already in that order but do not rely on it.
_NEWEST = sorted(ARTICLES, key=lambda a: (a.published, a.time), reverse=True)
LINKED: tuple[Article, ...] = tuple(a for a in _NEWEST if a.via == "links")
_SITEMAP_LISTED = [a for a in _NEWEST if a.via in ("links", "sitemap")]
NEWS_SITEMAP_ARTICLES: tuple[Article, ...] = tuple(_SITEMAP_LISTED[:NEWS_SITEMAP_SIZE])
ARCHIVE_SITEMAP_ARTICLES: tuple[Article, ...] = tuple(_SITEMAP_LISTED[NEWS_SITEMAP_SIZE:])
FEED_ARTICLES: tuple[Article, ...] = tuple(
    a for a in _NEWEST if a.via == "feed" or a in LINKED[:FEED_LINKED_ITEMS]
)
# /go/<slug> short links exist only for linked stories, so they reveal nothing hidden.
GO_SLUGS: tuple[str, ...] = tuple(a.slug for a in LINKED)
_ALL_TAGS: tuple[str, ...] = tuple(sorted({t for a in ARTICLES for t in a.tags}))


# -- state and responses -------------------------------------------------------


@dataclass
class SiteState:
    """Per-server mutable state; the lock makes the 503-then-200 story thread-safe."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    hits: dict[str, int] = field(default_factory=dict)

    def hit(self, path: str) -> int:
        """Count one request for ``path`` and return how many there have been so far."""
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            return self.hits[path]


@dataclass
class Response:
    """What the server writes back; ``headers`` already include Content-Length."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """First header value by case-insensitive name (handy in tests)."""
        low = name.lower()
        return next((v for k, v in self.headers if k.lower() == low), None)


def build_manifest(base_url: str) -> list[dict[str, str]]:
    """The ground truth a crawl test checks its corpus against: one dict per story."""
    return [
        {
            "url": base_url + a.path,
            "title": a.title,
            "author": AUTHORS[a.author][0],
            "published": a.published,
            "unique_word": a.unique_word,
            "via": a.via,
        }
        for a in ARTICLES
    ]


def non_article_paths() -> list[str]:
    """Paths of pages that are not stories (og:type website, no NewsArticle JSON-LD).

    A crawler that stores any of these as an article has mis-classified a page.
    The endless section pagination and the calendar are represented by a few
    sample pages; every other page of those traps looks the same.
    """
    paths = ["/"]
    paths += [f"/section/{s}" for s in SECTIONS]
    paths += ["/section/city?page=2", "/section/business?page=37"]
    paths += ["/calendar/2026/03", "/calendar/2026/02", "/calendar/2031/11"]
    paths += [f"/tags/{t}" for t in _ALL_TAGS]
    paths += [f"/authors/{a}" for a in AUTHORS]
    paths += ["/about", "/contact", "/search?q=ferry"]
    return paths


def redirect_map() -> dict[str, str]:
    """Every redirecting path and the story path its chain finally lands on."""
    out = {f"/go/{slug}": _BY_SLUG[slug].path for slug in GO_SLUGS}
    out[TWO_HOP_PATH] = _BY_SLUG["old-customs-house-library"].path
    return out


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding value allows gzip (honours q=0 and ``*``)."""
    if not accept_encoding:
        return False
    codings: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name.strip():
            codings[name.strip().lower()] = q
    for name in ("gzip", "x-gzip"):
        if name in codings:
            return codings[name] > 0
    return codings.get("*", 0.0) > 0


def route(
    method: str, target: str, headers: Mapping[str, str], state: SiteState, base_url: str
) -> Response:
    """Answer one request. ``target`` is the raw request target (path and query).

    HEAD gets the same status and headers as GET; the server drops the body.
    HTML is gzip-encoded whenever the client allows it, as most CDNs do.
    """
    parts = urlsplit(target)
    path = unquote(parts.path) or "/"
    query = parse_qs(parts.query, keep_blank_values=True)
    if method not in ("GET", "HEAD"):
        status, hdrs, body = 405, [("Allow", "GET, HEAD")], _error_page(base_url, 405)
        hdrs.append(("Content-Type", HTML_TYPE))
    else:
        status, hdrs, body = _dispatch(path, query, state, base_url)
    content_type = next((v for k, v in hdrs if k == "Content-Type"), "")
    if content_type.startswith("text/html"):
        hdrs.append(("Vary", "Accept-Encoding"))
        if accepts_gzip(_get_header(headers, "Accept-Encoding")):
            body = gzip.compress(body, mtime=0)
            hdrs.append(("Content-Encoding", "gzip"))
    hdrs.append(("Content-Length", str(len(body))))
    return Response(status, hdrs, body)


def _get_header(headers: Mapping[str, str], name: str) -> str | None:
    low = name.lower()
    for key, value in headers.items():
        if key.lower() == low:
            return value
    return None


_Result = tuple[int, list[tuple[str, str]], bytes]

_GO_RE = re.compile(r"^/go/([a-z0-9-]+)$")
_SECTION_RE = re.compile(r"^/section/([a-z-]+)$")
_CALENDAR_RE = re.compile(r"^/calendar/(\d{4,})/(\d{2})$")
_TAG_RE = re.compile(r"^/tags/([a-z0-9-]+)$")
_AUTHOR_RE = re.compile(r"^/authors/([a-z-]+)$")
_PRINT_RE = re.compile(r"^/print/([a-z0-9-]+)$")


def _dispatch(path: str, query: dict[str, list[str]], state: SiteState, base: str) -> _Result:
    """Pick the page for a path; unknown paths get the 'Page not found' page and 404."""
    if path in PDF_PATHS:
        return 200, _pdf_headers(path), _pdf_bytes()
    if path in _BY_PATH:
        article = _BY_PATH[path]
        if path == FLAKY_PATH and state.hit(path) == 1:
            body = _error_page(base, 503)
            hdrs = [
                ("Content-Type", HTML_TYPE),
                ("Retry-After", "0"),
                ("Cache-Control", "no-store"),
            ]
            return 503, hdrs, body
        amp = [v.lower() for v in query.get("outputType", [])] == ["amp"]
        body = _amp_page(article, base) if amp else _article_page(article, base)
        return 200, _html_headers(cache="public, max-age=300"), body
    if path == "/":
        return 200, _html_headers(cache="public, max-age=60"), _home_page(base)
    if path == ROBOTS_PATH:
        return 200, [("Content-Type", "text/plain; charset=utf-8")], _robots_txt(base)
    if path == SITEMAP_INDEX_PATH:
        return 200, [("Content-Type", "application/xml; charset=utf-8")], _sitemap_index(base)
    if path == NEWS_SITEMAP_PATH:
        return 200, [("Content-Type", "application/xml; charset=utf-8")], _news_sitemap(base)
    if path == ARCHIVE_SITEMAP_PATH:
        body = gzip.compress(_archive_sitemap(base), mtime=0)
        return 200, [("Content-Type", "application/x-gzip")], body
    if path == FEED_PATH:
        return 200, [("Content-Type", "application/rss+xml; charset=utf-8")], _rss_feed(base)
    if path == TWO_HOP_PATH:
        return _redirect(302, base, "/go/old-customs-house-library")
    if m := _GO_RE.match(path):
        if m.group(1) in GO_SLUGS:
            return _redirect(301, base, _BY_SLUG[m.group(1)].path)
    elif m := _SECTION_RE.match(path):
        if m.group(1) in SECTIONS:
            page = _page_number(query)
            return 200, _html_headers(), _section_page(base, m.group(1), page)
    elif m := _CALENDAR_RE.match(path):
        year, month = int(m.group(1)), int(m.group(2))
        if year >= 1000 and 1 <= month <= 12:
            return 200, _html_headers(), _calendar_page(base, year, month)
    elif m := _TAG_RE.match(path):
        if m.group(1) in _ALL_TAGS:
            return 200, _html_headers(), _tag_page(base, m.group(1))
    elif m := _AUTHOR_RE.match(path):
        if m.group(1) in AUTHORS:
            return 200, _html_headers(), _author_page(base, m.group(1))
    elif path == "/about":
        return 200, _html_headers(), _about_page(base)
    elif path == "/contact":
        return 200, _html_headers(), _contact_page(base)
    elif path == "/search":
        q = (query.get("q") or [""])[0]
        return 200, _html_headers(cache="no-store"), _search_page(base, q)
    elif m := _PRINT_RE.match(path):
        # Disallowed by robots.txt: an obedient crawler never gets here.
        if m.group(1) in _BY_SLUG:
            return 200, _html_headers(), _print_page(_BY_SLUG[m.group(1)], base)
    elif path.startswith("/members/"):
        return 200, _html_headers(cache="private, no-store"), _members_page(base, path)
    elif path.startswith("/_next/static/"):
        return _static_asset(path)
    return 404, _html_headers(cache="no-store"), _error_page(base, 404)


def _html_headers(cache: str = "public, max-age=120") -> list[tuple[str, str]]:
    return [
        ("Content-Type", HTML_TYPE),
        ("Cache-Control", cache),
        ("X-Powered-By", "Next.js"),
        ("X-Nextjs-Cache", "HIT"),
    ]


def _redirect(status: int, base: str, path: str) -> _Result:
    target = base + path
    body = (
        "<!DOCTYPE html><html><head><title>Moved</title></head><body>"
        f'<p>Moved to <a href="{_attr(target)}">{_text(target)}</a>.</p></body></html>'
    ).encode()
    return status, [("Location", target), ("Content-Type", HTML_TYPE)], body


def _page_number(query: dict[str, list[str]]) -> int:
    """Any positive integer is a valid page: the pagination never ends."""
    try:
        page = int((query.get("page") or ["1"])[0])
    except ValueError:
        return 1
    return max(page, 1)


def _static_asset(path: str) -> _Result:
    if path.endswith(".js"):
        body = b"(self.__next_f=self.__next_f||[]).push([0]);\n"
        return 200, [("Content-Type", "application/javascript; charset=utf-8")], body
    if path.endswith(".css"):
        body = b"body{margin:0;font-family:Georgia,serif}\n"
        return 200, [("Content-Type", "text/css; charset=utf-8")], body
    return 404, [("Content-Type", "text/plain; charset=utf-8")], b"Not found\n"


# -- small HTML helpers ------------------------------------------------------------


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _css(name: str) -> str:
    """A stable emotion/styled-components-like class name such as ``css-1x2y3z``."""
    n = zlib.crc32(name.encode())
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return "css-" + out.rjust(6, "0")[-6:]


def _json_ld(data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False, indent=None).replace("</", "<\\/")
    return f'<script type="application/ld+json">{payload}</script>'


def _human_date(iso_date: str) -> str:
    d = datetime.strptime(iso_date, "%Y-%m-%d")
    return f"{d:%B} {d.day}, {d.year}"


def _with_variant(path: str, n: int) -> str:
    """A tracking/fragment variant of an internal link, cycling through the usual suspects."""
    variants = (
        "?utm_source=home&utm_campaign=morning-brief",
        "",
        "?utm_medium=social",
        "#top",
        "?utm_source=home&utm_campaign=morning-brief#top",
        "#comments",
        "?utm_medium=social&utm_source=facebook",
    )
    return path + variants[n % len(variants)]


def _amp_href(article: Article) -> str:
    return f"{article.path}?{AMP_QUERY}"


def _teaser(article: Article, href: str, *, with_dek: bool = True, save: bool = True) -> str:
    """A story card: title, standfirst, byline; never any body text."""
    author = AUTHORS[article.author][0]
    dek = f'<p class="{_css("card-dek")}">{_text(article.dek)}</p>' if with_dek else ""
    save_link = (
        f'<a class="{_css("card-save")}" href="/members/save/{article.slug}" '
        'aria-label="Save story">Save</a>'
        if save
        else ""
    )
    return (
        f'<div class="{_css("card")}" data-testid="story-card">'
        f'<div class="{_css("card-kicker")}">{_text(SECTIONS[article.section])}</div>'
        f'<h3 class="{_css("card-title")}"><a href="{_attr(href)}">{_text(article.title)}</a></h3>'
        f"{dek}"
        f'<div class="{_css("card-meta")}"><span>{_text(author)}</span> · '
        f'<time datetime="{article.published}">{_human_date(article.published)}</time>'
        f"{save_link}</div></div>"
    )


def _masthead() -> str:
    nav = "".join(
        f'<li class="{_css("nav-item")}"><a class="{_css("nav-link")}" href="/section/{key}">'
        f"{_text(name)}</a></li>"
        for key, name in SECTIONS.items()
    )
    members = "".join(
        f'<a class="{_css("mast-btn")}" href="{href}">{_text(label)}</a>'
        for href, label in MEMBER_LINKS[:3]
    )
    return (
        f'<header class="{_css("masthead")}" data-testid="masthead">'
        f'<div class="{_css("mast-top")}"><div class="{_css("mast-date")}">Harbor City</div>'
        f'<div class="{_css("mast-logo")}"><a href="/" aria-label="{SITE_NAME} home">'
        f'<span class="{_css("logo-text")}">{SITE_NAME}</span></a></div>'
        f'<div class="{_css("mast-actions")}">{members}</div></div>'
        f'<nav class="{_css("nav")}" aria-label="Sections"><ul class="{_css("nav-list")}">'
        f'<li class="{_css("nav-item")}"><a class="{_css("nav-link")}" href="/">Home</a></li>'
        f"{nav}</ul></nav>"
        f'<form class="{_css("search-form")}" action="/search" method="get" role="search">'
        f'<input type="search" name="q" placeholder="Search the Ledger" aria-label="Search">'
        f"<button>Search</button></form></header>"
    )


def _footer() -> str:
    members = "".join(
        f'<li><a href="{href}">{_text(label)}</a></li>' for href, label in MEMBER_LINKS[3:]
    )
    return (
        f'<footer class="{_css("footer")}" data-testid="footer">'
        f'<div class="{_css("footer-cols")}">'
        f'<div class="{_css("footer-col")}"><h4>The Ledger</h4><ul>'
        '<li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>'
        '<li><a href="/calendar/2026/03">Events calendar</a></li>'
        '<li><a href="/search?q=ferry">Popular: ferry</a></li></ul></div>'
        f'<div class="{_css("footer-col")}"><h4>Subscribers</h4><ul>{members}</ul></div>'
        "</div>"
        f'<p class="{_css("footer-legal")}">© 2026 {SITE_NAME}. All rights reserved. '
        "Harbor City Ledger is an independent local newsroom.</p></footer>"
    )


def _next_data(page: str, page_type: str, query: Mapping[str, str] | None = None) -> str:
    data = {
        "props": {"pageProps": {"pageType": page_type}, "__N_SSP": True},
        "page": page,
        "query": dict(query or {}),
        "buildId": BUILD_ID,
        "isFallback": False,
        "gssp": True,
        "scriptLoader": [],
    }
    payload = json.dumps(data).replace("</", "<\\/")
    return f'<script id="__NEXT_DATA__" type="application/json">{payload}</script>'


def _shell(
    base: str,
    *,
    title: str,
    description: str,
    canonical: str | None,
    og_type: str,
    main: str,
    next_page: str,
    page_type: str,
    json_ld: Iterable[object] = (),
    head_extra: str = "",
) -> bytes:
    """The common Next.js-style document around a page's ``<main>``."""
    ld = "".join(_json_ld(item) for item in json_ld)
    canon = ""
    if canonical:
        canon = (
            f'<link rel="canonical" href="{_attr(canonical)}">'
            f'<meta property="og:url" content="{_attr(canonical)}">'
        )
    doc = (
        "<!DOCTYPE html>"
        '<html lang="en"><head>'
        '<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_text(title)} | {SITE_NAME}</title>"
        f'<meta name="description" content="{_attr(description)}">'
        f"{canon}"
        f'<meta property="og:type" content="{og_type}">'
        f'<meta property="og:title" content="{_attr(title)}">'
        f'<meta property="og:description" content="{_attr(description)}">'
        f'<meta property="og:site_name" content="{SITE_NAME}">'
        '<meta name="twitter:card" content="summary_large_image">'
        '<meta name="twitter:site" content="@harborledger">'
        f"{head_extra}"
        '<link rel="preload" href="/_next/static/css/8b1e2c4d.css" as="style">'
        '<link rel="stylesheet" href="/_next/static/css/8b1e2c4d.css" data-n-g="">'
        '<noscript data-n-css=""></noscript>'
        f"{ld}"
        "</head><body>"
        '<div id="__next">'
        f'<div class="{_css("app-root")}">'
        f'<a class="{_css("skip-link")}" href="#main-content">Skip to content</a>'
        f"{_masthead()}"
        f'<div class="{_css("ad-top")}" data-testid="ad-slot" aria-hidden="true">'
        "<span>Advertisement</span></div>"
        f'<main class="{_css("main")}" id="main-content">{main}</main>'
        f"{_footer()}"
        "</div></div>"
        f"{_next_data(next_page, page_type)}"
        f'<script src="/_next/static/chunks/main-{BUILD_ID}.js" defer=""></script>'
        f'<script src="/_next/static/chunks/pages/_app-{BUILD_ID}.js" defer=""></script>'
        "</body></html>"
    )
    return doc.encode("utf-8")


def _website_ld(base: str, page_type: str, name: str, url: str) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": page_type,
        "name": name,
        "url": url,
        "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": base + "/"},
    }


def _listing(
    base: str,
    *,
    heading: str,
    intro: str,
    cards: str,
    canonical: str,
    description: str,
    next_page: str,
    page_type: str,
    extra: str = "",
    head_extra: str = "",
) -> bytes:
    """Shared layout for section, tag, author, calendar and search pages."""
    main = (
        f'<div class="{_css("listing")}" data-testid="listing">'
        f'<h1 class="{_css("listing-title")}">{_text(heading)}</h1>'
        f'<p class="{_css("listing-intro")}">{_text(intro)}</p>'
        f'<div class="{_css("card-grid")}">{cards}</div>{extra}</div>'
    )
    return _shell(
        base,
        title=heading,
        description=description,
        canonical=canonical,
        og_type="website",
        main=main,
        next_page=next_page,
        page_type=page_type,
        json_ld=[_website_ld(base, "CollectionPage", heading, canonical)],
        head_extra=head_extra,
    )


# -- article pages --------------------------------------------------------------------


def _read_also(article: Article) -> Article:
    """The 'Read also' teaser: always another linked story, never a hidden one."""
    others = [a for a in LINKED if a is not article]
    return others[ARTICLES.index(article) % len(others)]


def _related(article: Article) -> list[Article]:
    others = [a for a in LINKED if a is not article]
    same = [a for a in others if a.section == article.section]
    rest = [a for a in others if a.section != article.section]
    return (same + rest)[:4]


def _article_ld(article: Article, base: str) -> list[dict[str, object]]:
    canonical = base + article.path
    name = AUTHORS[article.author][0]
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.dek,
        "datePublished": article.iso_datetime,
        "dateModified": article.iso_datetime,
        "author": {"@type": "Person", "name": name, "url": f"{base}/authors/{article.author}"},
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": SITE_NAME,
            "url": base + "/",
            "logo": {"@type": "ImageObject", "url": base + "/_next/static/media/logo.png"},
        },
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "articleSection": SECTIONS[article.section],
        "keywords": list(article.tags),
        "isAccessibleForFree": True,
    }
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": base + "/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": SECTIONS[article.section],
                "item": f"{base}/section/{article.section}",
            },
            {"@type": "ListItem", "position": 3, "name": article.title, "item": canonical},
        ],
    }
    return [news, crumbs]


def _extra_block(article: Article, base: str) -> str:
    if article.extra == "documents":
        return (
            f'<div class="{_css("doc-box")}" data-testid="documents"><h2>Documents</h2><ul>'
            f'<li><a href="{PDF_PATHS[0]}">Full budget report (PDF, 2 pages)</a></li>'
            f'<li><a href="{base}{PDF_PATHS[1]}">Budget summary for residents</a></li>'
            "</ul></div>"
        )
    if article.extra == "correction":
        return (
            f'<p class="{_css("correction")}" data-testid="correction"><em>Editor\'s note:</em> '
            f'an <a href="{DELETED_PATH}">earlier story on the old flood maps</a> has been '
            "withdrawn.</p>"
        )
    return ""


def _story_body(article: Article, base: str) -> str:
    """Paragraphs with the 'Read also' teaser wedged in after the second one."""
    also = _read_also(article)
    teaser = (
        f'<aside class="{_css("read-also")}" data-testid="read-also">'
        f'<span class="{_css("read-also-label")}">Read also</span> '
        f'<a href="{_attr(also.path)}?utm_source=read-also">{_text(also.title)}</a></aside>'
    )
    parts = []
    for i, para in enumerate(article.paragraphs):
        parts.append(f'<p class="{_css("para")}">{_text(para)}</p>')
        if i == 1:
            parts.append(teaser)
    parts.append(_extra_block(article, base))
    return "".join(parts)


def _share_bar(article: Article, base: str) -> str:
    url = quote(base + article.path, safe="")
    return (
        f'<div class="{_css("share-bar")}" data-testid="share-bar">'
        f'<a class="{_css("share-btn")}" href="https://www.facebook.com/sharer/sharer.php?u={url}">'
        "Share on Facebook</a>"
        f'<a class="{_css("share-btn")}" href="https://twitter.com/intent/tweet?url={url}">'
        "Share on X</a>"
        f'<a class="{_css("share-btn")}" '
        f'href="mailto:?subject={quote(article.title)}&amp;body={url}">Email</a>'
        f'<a class="{_css("share-btn")}" href="/print/{article.slug}" rel="nofollow">Print</a>'
        f'<a class="{_css("share-btn")}" href="/members/save/{article.slug}">Save for later</a>'
        "</div>"
    )


def _newsletter_box() -> str:
    return (
        f'<section class="{_css("newsletter")}" data-testid="newsletter">'
        "<h2>Get the Morning Ledger</h2>"
        "<p>The five stories Harbor City is talking about, in your inbox before 7 a.m.</p>"
        '<form action="/members/newsletters/signup" method="post">'
        '<input type="email" name="email" placeholder="you@example.com" aria-label="Email">'
        "<button>Sign up</button></form>"
        '<a href="/members/newsletters">See all newsletters</a></section>'
    )


def _comments(article: Article) -> str:
    start = ARTICLES.index(article) % len(COMMENTS)
    picked = [COMMENTS[(start + k) % len(COMMENTS)] for k in range(3)]
    items = "".join(
        f'<div class="{_css("comment")}" data-testid="comment">'
        f'<span class="{_css("comment-user")}">{_text(user)}</span>'
        f'<p class="{_css("comment-text")}">{_text(text)}</p>'
        f'<a href="/members/report-comment?story={article.slug}&amp;n={k}">Report</a></div>'
        for k, (user, text) in enumerate(picked)
    )
    return (
        f'<section class="{_css("comments")}" id="comments" data-testid="comments">'
        f"<h2>Comments ({len(picked)})</h2>"
        f'<p>Join the conversation. <a href="/members/comments/{article.slug}">'
        f"Sign in to comment</a></p>{items}</section>"
    )


def _related_rail(article: Article, base: str) -> str:
    items = []
    for k, other in enumerate(_related(article)):
        href = (
            base + other.path,
            f"{other.path}?utm_source=related&utm_medium=rail",
            _amp_href(other),
            f"{other.path}#comments",
        )[k % 4]
        items.append(f'<li><a href="{_attr(href)}">{_text(other.title)}</a></li>')
    return (
        f'<aside class="{_css("related-rail")}" data-testid="related-rail">'
        f"<h2>More from the Ledger</h2><ul>{''.join(items)}</ul></aside>"
    )


def _article_page(article: Article, base: str) -> bytes:
    canonical = base + article.path
    author = AUTHORS[article.author][0]
    head_extra = (
        f'<link rel="amphtml" href="{_attr(canonical)}?{AMP_QUERY}">'
        f'<meta property="article:published_time" content="{article.iso_datetime}">'
        f'<meta property="article:section" content="{_attr(SECTIONS[article.section])}">'
        f'<meta name="author" content="{_attr(author)}">'
    )
    tags = "".join(
        f'<a class="{_css("tag")}" href="/tags/{t}">{_text(t.replace("-", " "))}</a>'
        for t in article.tags
    )
    main = (
        f'<div class="{_css("story-wrap")}">'
        f'<article class="{_css("story")}" data-testid="story">'
        f'<div class="{_css("kicker")}"><a href="/section/{article.section}">'
        f"{_text(SECTIONS[article.section])}</a></div>"
        f'<h1 class="{_css("headline")}" data-testid="headline">{_text(article.title)}</h1>'
        f'<p class="{_css("dek")}" data-testid="standfirst">{_text(article.dek)}</p>'
        f'<div class="{_css("byline")}" data-testid="byline">By '
        f'<a href="/authors/{article.author}" rel="author">{_text(author)}</a>'
        f' · <time datetime="{article.iso_datetime}">{_human_date(article.published)}</time></div>'
        f"{_share_bar(article, base)}"
        f'<div class="{_css("story-body")}" data-testid="story-body">'
        f"{_story_body(article, base)}</div>"
        f'<div class="{_css("tags")}" data-testid="tags">Topics: {tags}</div>'
        "</article>"
        f"{_newsletter_box()}{_comments(article)}</div>"
        f"{_related_rail(article, base)}"
    )
    return _shell(
        base,
        title=article.title,
        description=article.dek,
        canonical=canonical,
        og_type="article",
        main=main,
        next_page="/news/[...slug]" if not article.story_id else "/story/[id]",
        page_type="article",
        json_ld=_article_ld(article, base),
        head_extra=head_extra,
    )


def _amp_page(article: Article, base: str) -> bytes:
    """The AMP copy: ``<html ⚡>``, canonical back to the full page."""
    canonical = base + article.path
    author = AUTHORS[article.author][0]
    paras = "".join(f"<p>{_text(p)}</p>" for p in article.paragraphs)
    ld = _json_ld(_article_ld(article, base)[0])
    doc = (
        "<!doctype html>"
        '<html ⚡ lang="en"><head><meta charset="utf-8">'
        '<script async src="https://cdn.ampproject.org/v0.js"></script>'
        f"<title>{_text(article.title)} | {SITE_NAME}</title>"
        f'<link rel="canonical" href="{_attr(canonical)}">'
        '<meta name="viewport" content="width=device-width">'
        '<meta property="og:type" content="article">'
        f'<meta property="og:title" content="{_attr(article.title)}">'
        f"{ld}"
        "<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal "
        "both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style>"
        "<noscript><style amp-boilerplate>body{-webkit-animation:none;animation:none}</style>"
        "</noscript><style amp-custom>body{font-family:Georgia,serif;margin:0 1rem}</style>"
        "</head><body>"
        f'<header class="amp-header"><a href="{base}/">{SITE_NAME}</a></header>'
        '<article class="amp-story">'
        f"<h1>{_text(article.title)}</h1>"
        f'<p class="amp-dek">{_text(article.dek)}</p>'
        f'<p class="amp-byline">By {_text(author)} · '
        f'<time datetime="{article.iso_datetime}">{_human_date(article.published)}</time></p>'
        f"{paras}</article>"
        f'<footer class="amp-footer"><a href="{_attr(canonical)}">View full site</a></footer>'
        "</body></html>"
    )
    return doc.encode("utf-8")


def _print_page(article: Article, base: str) -> bytes:
    paras = "".join(f"<p>{_text(p)}</p>" for p in article.paragraphs)
    doc = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{_text(article.title)} (print) | {SITE_NAME}</title>"
        f'<link rel="canonical" href="{_attr(base + article.path)}">'
        '<meta name="robots" content="noindex"></head><body onload="window.print()">'
        f"<h1>{_text(article.title)}</h1><p>By {_text(AUTHORS[article.author][0])}</p>"
        f"{paras}</body></html>"
    )
    return doc.encode("utf-8")


# -- non-article pages --------------------------------------------------------------


def _home_page(base: str) -> bytes:
    """Front page: every linked story (under assorted tracking variants) plus the traps."""
    hero, *rest = LINKED
    cards = []
    for k, article in enumerate(rest):
        href = _amp_href(article) if k == 2 else _with_variant(article.path, k)
        cards.append(_teaser(article, href))
    print_links = "".join(
        f'<li><a href="/print/{a.slug}">Print: {_text(a.title)}</a></li>' for a in LINKED[:3]
    )
    lite = "".join(
        f'<li><a href="{_attr(base + _amp_href(a))}">{_text(a.title)} (lite)</a></li>'
        for a in LINKED[3:5]
    )
    quick = (
        f'<li><a href="/go/{GO_SLUGS[1]}">Short link: {_text(_BY_SLUG[GO_SLUGS[1]].title)}</a></li>'
        f'<li><a href="/go/{GO_SLUGS[3]}">Short link: {_text(_BY_SLUG[GO_SLUGS[3]].title)}</a></li>'
        f'<li><a href="{TWO_HOP_PATH}">Spring edition: our favourite reads</a></li>'
        f'<li><a href="{DELETED_PATH}">From the archive: last winter\'s storm</a></li>'
        f'<li><a href="/section/city?page=2">More city news</a></li>'
        f'<li><a href="/calendar/2026/03">What\'s on this month</a></li>'
    )
    authors = "".join(
        f'<li><a href="/authors/{slug}">{_text(name)}</a></li>'
        for slug, (name, _bio) in AUTHORS.items()
    )
    topics = sorted({t for a in LINKED for t in a.tags})
    tags = "".join(f'<li><a href="/tags/{t}">{_text(t.replace("-", " "))}</a></li>' for t in topics)
    main = (
        f'<div class="{_css("home")}">'
        f'<h1 class="{_css("visually-hidden")}">{SITE_NAME}: news from Harbor City</h1>'
        f'<section class="{_css("hero")}" data-testid="top-story" id="top">'
        f"{_teaser(hero, _with_variant(hero.path, 0))}"
        f'<a class="{_css("hero-amp")}" href="{_attr(_amp_href(hero))}">Lite version</a></section>'
        f'<section class="{_css("latest")}" data-testid="latest"><h2>Latest</h2>'
        f'<div class="{_css("card-grid")}">{"".join(cards)}</div></section>'
        f'<section class="{_css("quick")}" data-testid="quick-links"><h2>Quick links</h2>'
        f"<ul>{quick}</ul></section>"
        f'<section class="{_css("lite")}"><h2>Low-bandwidth editions</h2><ul>{lite}</ul></section>'
        f'<section class="{_css("print-ed")}"><h2>Print these stories</h2>'
        f"<ul>{print_links}</ul></section>"
        f'<section class="{_css("topics")}"><h2>Topics</h2><ul>{tags}</ul></section>'
        f'<section class="{_css("writers")}"><h2>Our reporters</h2><ul>{authors}</ul></section>'
        f"{_newsletter_box()}</div>"
    )
    head_extra = (
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" '
        f'href="{base}{FEED_PATH}">'
    )
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": SITE_NAME,
        "url": base + "/",
        "potentialAction": {
            "@type": "SearchAction",
            "target": base + "/search?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }
    org = {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": SITE_NAME,
        "url": base + "/",
    }
    return _shell(
        base,
        title="Harbor City news, sport and culture",
        description="Independent local news from Harbor City: city hall, the port, sport and arts.",
        canonical=base + "/",
        og_type="website",
        main=main,
        next_page="/",
        page_type="home",
        json_ld=[website, org],
        head_extra=head_extra,
    )


def _section_page(base: str, section: str, page: int) -> bytes:
    """Endless pagination: page N always links to page N+1."""
    name = SECTIONS[section]
    if page == 1:
        stories = [a for a in LINKED if a.section == section]
        intro = f"The latest {name.lower()} coverage from the {SITE_NAME}."
    else:
        stories = [LINKED[(page + k) % len(LINKED)] for k in range(3)]
        intro = f"Page {page} of our {name.lower()} archive."
    cards = "".join(_teaser(a, _with_variant(a.path, page + k + 1)) for k, a in enumerate(stories))
    self_path = f"/section/{section}" + (f"?page={page}" if page > 1 else "")
    prev = ""
    if page > 1:
        prev_href = f"/section/{section}" + (f"?page={page - 1}" if page > 2 else "")
        prev = f'<a rel="prev" href="{prev_href}">Newer stories</a>'
    nav = (
        f'<nav class="{_css("pager")}" aria-label="Pagination">{prev}'
        f'<a rel="next" href="/section/{section}?page={page + 1}">Older stories</a></nav>'
    )
    head_extra = f'<link rel="next" href="{base}/section/{section}?page={page + 1}">'
    heading = name if page == 1 else f"{name} – page {page}"
    return _listing(
        base,
        heading=heading,
        intro=intro,
        cards=cards,
        canonical=base + self_path,
        description=f"{name} news from Harbor City.",
        next_page="/section/[name]",
        page_type="section",
        extra=nav,
        head_extra=head_extra,
    )


def _calendar_page(base: str, year: int, month: int) -> bytes:
    """Month view that links to the previous and next month, forever."""
    prev_y, prev_m = (year - 1, 12) if month == 1 else (year, month - 1)
    next_y, next_m = (year + 1, 1) if month == 12 else (year, month + 1)
    month_name = datetime(2000, month, 1).strftime("%B")
    stamp = f"{year:04d}-{month:02d}"
    stories = [a for a in LINKED if a.published.startswith(stamp)]
    cards = "".join(_teaser(a, a.path + "#top", with_dek=False) for a in stories)
    events = "".join(f"<li>{_text(e)}</li>" for e in EVENTS)
    extra = (
        f'<section class="{_css("events")}"><h2>Events</h2><ul>{events}</ul></section>'
        f'<nav class="{_css("cal-nav")}" aria-label="Months">'
        f'<a rel="prev" href="/calendar/{prev_y:04d}/{prev_m:02d}">Previous month</a>'
        f'<a rel="next" href="/calendar/{next_y:04d}/{next_m:02d}">Next month</a></nav>'
    )
    heading = f"Calendar: {month_name} {year}"
    return _listing(
        base,
        heading=heading,
        intro=f"Stories and events in Harbor City, {month_name} {year}.",
        cards=cards,
        canonical=f"{base}/calendar/{year:04d}/{month:02d}",
        description=f"What happened and what's on in Harbor City in {month_name} {year}.",
        next_page="/calendar/[year]/[month]",
        page_type="calendar",
        extra=extra,
    )


def _tag_page(base: str, tag: str) -> bytes:
    stories = [a for a in LINKED if tag in a.tags]
    cards = "".join(_teaser(a, _with_variant(a.path, k + 2)) for k, a in enumerate(stories))
    label = tag.replace("-", " ")
    intro = f"All stories about {label}." if stories else f"No recent stories about {label}."
    return _listing(
        base,
        heading=f"Topic: {label}",
        intro=intro,
        cards=cards,
        canonical=f"{base}/tags/{tag}",
        description=f"Harbor City Ledger coverage of {label}.",
        next_page="/tags/[tag]",
        page_type="tag",
    )


def _author_page(base: str, slug: str) -> bytes:
    name, bio = AUTHORS[slug]
    stories = [a for a in LINKED if a.author == slug]
    cards = "".join(_teaser(a, a.path) for a in stories)
    person = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "mainEntity": {"@type": "Person", "name": name},
    }
    main = (
        f'<div class="{_css("author")}" data-testid="author-profile">'
        f'<h1 class="{_css("author-name")}">{_text(name)}</h1>'
        f'<p class="{_css("author-bio")}">{_text(bio)}</p>'
        f'<a href="/members/newsletters?follow={slug}">Follow {_text(name)}</a>'
        f'<div class="{_css("card-grid")}">{cards}</div></div>'
    )
    return _shell(
        base,
        title=f"{name}, reporter",
        description=bio,
        canonical=f"{base}/authors/{slug}",
        og_type="website",
        main=main,
        next_page="/authors/[slug]",
        page_type="author",
        json_ld=[person],
    )


def _static_page(base: str, path: str, heading: str, paragraphs: Iterable[str]) -> bytes:
    body = "".join(f'<p class="{_css("page-para")}">{_text(p)}</p>' for p in paragraphs)
    main = (
        f'<div class="{_css("static")}" data-testid="static-page">'
        f'<h1 class="{_css("static-title")}">{_text(heading)}</h1>{body}</div>'
    )
    return _shell(
        base,
        title=heading,
        description=f"{heading} – {SITE_NAME}",
        canonical=base + path,
        og_type="website",
        main=main,
        next_page=path,
        page_type="static",
        json_ld=[_website_ld(base, "WebPage", heading, base + path)],
    )


def _about_page(base: str) -> bytes:
    return _static_page(
        base,
        "/about",
        "About the Harbor City Ledger",
        (
            "The Harbor City Ledger has covered the city and its port since 1884. Today we are "
            "an independent, reader-supported newsroom of 31 journalists.",
            "We publish online every day and print a weekend edition on Saturdays. Our "
            "reporters cover city hall, the port economy, schools, the environment, sport and "
            "the arts.",
            "The Ledger follows the Society of Professional Journalists code of ethics. "
            "Corrections are published at the foot of the story they concern.",
        ),
    )


def _contact_page(base: str) -> bytes:
    main_paras = (
        "Newsroom: 14 Front Street, Harbor City. Phone 555-0142.",
        "Send news tips to tips@harborledger.example, or use our secure drop box.",
        "Questions about your subscription? Visit subscriber help or call 555-0199.",
    )
    return _static_page(base, "/contact", "Contact the Ledger", main_paras)


def _search_page(base: str, q: str) -> bytes:
    terms = [t for t in q.lower().split() if t]
    hits = [a for a in LINKED if terms and any(t in (a.title + " " + a.dek).lower() for t in terms)]
    cards = "".join(_teaser(a, f"{a.path}?utm_source=search") for a in hits)
    heading = f"Search results for “{q}”" if q else "Search"
    intro = f"{len(hits)} stories found." if q else "Type a word to search the Ledger."
    return _listing(
        base,
        heading=heading,
        intro=intro,
        cards=cards,
        canonical=f"{base}/search?q={quote(q)}" if q else f"{base}/search",
        description="Search the Harbor City Ledger.",
        next_page="/search",
        page_type="search",
        head_extra='<meta name="robots" content="noindex, follow">',
    )


def _members_page(base: str, path: str) -> bytes:
    main = (
        f'<div class="{_css("paywall")}" data-testid="paywall">'
        "<h1>Subscribers only</h1>"
        "<p>Sign in or subscribe to continue. Subscriptions start at $4 a month.</p>"
        '<a href="/members/login">Sign in</a> <a href="/members/subscribe">Subscribe</a></div>'
    )
    return _shell(
        base,
        title="Subscribers only",
        description="Sign in to the Harbor City Ledger.",
        canonical=base + path,
        og_type="website",
        main=main,
        next_page="/members/[...slug]",
        page_type="members",
        head_extra='<meta name="robots" content="noindex, nofollow">',
    )


def _error_page(base: str, status: int) -> bytes:
    """The 'Page not found' (and 405/503) page, always sent with its real status."""
    titles = {
        404: ("Page not found", "Sorry, we couldn't find the page you were looking for."),
        405: ("Method not allowed", "This page can only be read."),
        503: ("Service temporarily unavailable", "We are updating this story. Try again soon."),
    }
    heading, text = titles[status]
    main = (
        f'<div class="{_css("error")}" data-testid="error-page">'
        f'<h1 class="{_css("error-title")}">{heading}</h1><p>{_text(text)}</p>'
        '<p><a href="/">Go to the home page</a> or <a href="/search">search the Ledger</a>.</p>'
        "</div>"
    )
    return _shell(
        base,
        title=heading,
        description=heading,
        canonical=None,
        og_type="website",
        main=main,
        next_page="/_error",
        page_type="error",
        head_extra='<meta name="robots" content="noindex">',
    )


# -- robots, sitemaps, feed, PDF ------------------------------------------------------


def _robots_txt(base: str) -> bytes:
    lines = [
        "# Harbor City Ledger",
        "User-agent: *",
        *(f"Disallow: {prefix}" for prefix in DISALLOWED_PREFIXES),
        "",
        f"Sitemap: {base}{SITEMAP_INDEX_PATH}",
        "",
    ]
    return "\n".join(lines).encode()


def _sitemap_index(base: str) -> bytes:
    newest = _SITEMAP_LISTED[0].iso_datetime
    oldest_listed = ARCHIVE_SITEMAP_ARTICLES[0].iso_datetime
    entries = "".join(
        f"<sitemap><loc>{xml_escape(base + path)}</loc><lastmod>{lastmod}</lastmod></sitemap>"
        for path, lastmod in ((NEWS_SITEMAP_PATH, newest), (ARCHIVE_SITEMAP_PATH, oldest_listed))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</sitemapindex>\n"
    ).encode()


def _news_sitemap(base: str) -> bytes:
    urls = "".join(
        f"<url><loc>{xml_escape(base + a.path)}</loc><news:news><news:publication>"
        f"<news:name>{SITE_NAME}</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{a.iso_datetime}</news:publication_date>"
        f"<news:title>{xml_escape(a.title)}</news:title></news:news></url>\n"
        for a in NEWS_SITEMAP_ARTICLES
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}</urlset>\n"
    ).encode()


def _archive_sitemap(base: str) -> bytes:
    """The uncompressed archive sitemap; it is served gzipped as a .xml.gz file."""
    urls = "".join(
        f"<url><loc>{xml_escape(base + a.path)}</loc><lastmod>{a.published}</lastmod>"
        "<changefreq>never</changefreq></url>\n"
        for a in ARCHIVE_SITEMAP_ARTICLES
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    ).encode()


def _rfc822(article: Article) -> str:
    stamp = datetime.fromisoformat(article.iso_datetime)
    return format_datetime(stamp)


def _rss_feed(base: str) -> bytes:
    items = "".join(
        "<item>"
        f"<title>{xml_escape(a.title)}</title>"
        f"<link>{xml_escape(f'{base}{a.path}?utm_source=rss&utm_medium=feed')}</link>"
        f'<guid isPermaLink="false">harborledger-{a.slug}</guid>'
        f"<pubDate>{_rfc822(a)}</pubDate>"
        f"<dc:creator>{xml_escape(AUTHORS[a.author][0])}</dc:creator>"
        f"<category>{xml_escape(SECTIONS[a.section])}</category>"
        f"<description>{xml_escape(a.dek)}</description>"
        "</item>\n"
        for a in FEED_ARTICLES
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>'
        f"<title>{SITE_NAME}</title><link>{xml_escape(base)}/</link>"
        "<description>Latest news from Harbor City</description><language>en-us</language>"
        f"<lastBuildDate>{_rfc822(FEED_ARTICLES[0])}</lastBuildDate>"
        f'<atom:link href="{xml_escape(base + FEED_PATH)}" rel="self" '
        'type="application/rss+xml"/>\n'
        f"{items}</channel>\n</rss>\n"
    ).encode()


def _pdf_headers(path: str) -> list[tuple[str, str]]:
    name = path.rsplit("/", 1)[-1]
    if not name.endswith(".pdf"):
        name += ".pdf"
    return [
        ("Content-Type", "application/pdf"),
        ("Content-Disposition", f'inline; filename="{name}"'),
        ("Cache-Control", "public, max-age=86400"),
    ]


def _pdf_bytes() -> bytes:
    """A tiny but well-formed one-page PDF (correct xref offsets), same for both URLs."""
    text = b"BT /F1 18 Tf 72 720 Td (Harbor City 2026 Budget Report) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
