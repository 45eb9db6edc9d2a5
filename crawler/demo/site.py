"""Rendering and routing for the demo news site, "The Millbrook Courier".

Everything here is a pure function of (request, base URL): no I/O, no clock, no
randomness. That is what lets ``make demo`` and the tests run a real crawl offline and
then compare what the crawler stored with ``article_manifest()`` exactly. Pages are
rendered per request because absolute URLs must carry the port the server was given
at bind time.

The markup imitates a WordPress site with Jetpack and Yoast (class names, comment
form, share box, related posts) so that boilerplate removal, metadata extraction and
URL canonicalisation meet the same clutter they meet on the real web.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import struct
import zlib
from collections.abc import Mapping
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Any, NamedTuple
from urllib.parse import parse_qs, quote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from .content import (
    ARTICLES,
    AUTHORS,
    COMMENT_TEXTS,
    COMMENTERS,
    SECTIONS,
    SITE_NAME,
    SITE_TAGLINE,
    TAGS,
    Article,
)

__all__ = [
    "Response",
    "article_manifest",
    "article_path",
    "amp_path",
    "accepts_gzip",
    "disallowed_paths",
    "non_article_paths",
    "route",
    "special_paths",
]

PER_PAGE = 3  # six articles per section -> two listing pages each
LATEST_COUNT = 10  # home page, RSS, Atom and the news sitemap all show this many
PDF_PATH = "/files/annual-report-2025.pdf"
OLD_PATH = "/old/greaves-park-bandstand-petition"
OLD_TARGET_ID = 1003
BROKEN_PATH = "/broken-link/"
PRIVATE_PATH = "/private/staff-notes/"
SEARCH_PATH = "/search/"
LOGO_PATH = "/wp-content/uploads/courier-logo.png"
FORM_ENDPOINTS = {
    "/contact/": ("Thank you for your message", "A member of the newsdesk will reply soon."),
    "/newsletter/": ("Thanks for signing up", "Look out for the morning briefing at 7am."),
    "/wp-comments-post.php": (
        "Comment submitted",
        "Your comment is awaiting moderation and will appear once approved.",
    ),
}
MOST_READ_IDS = (1003, 1008, 1019, 1013, 1004)
POPULAR_SEARCHES = ("bridge", "allotments", "bus")
SECTION_COLOURS = {
    "local": (46, 94, 140),
    "business": (140, 98, 46),
    "science": (46, 130, 98),
    "sport": (150, 46, 70),
}
PHOTO_CREDIT = "Courier archive"


class Response(NamedTuple):
    """A complete HTTP response; headers already include Content-Length."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


# -- article indexes -----------------------------------------------------------------

_LATEST: tuple[Article, ...] = tuple(
    sorted(ARTICLES, key=lambda a: (a.published_dt, a.id), reverse=True)
)
_BY_ID: dict[int, Article] = {a.id: a for a in ARTICLES}


def _section_articles(section: str) -> list[Article]:
    return [a for a in _LATEST if a.section == section]


def article_path(article: Article) -> str:
    """The clean path of an article; two URL shapes so URL heuristics meet both."""
    if article.shape == "date":
        d = article.published_dt
        return f"/{d.year:04d}/{d.month:02d}/{article.slug}/"
    return f"/{article.section}/{article.slug}-{article.id}.html"


def amp_path(article: Article) -> str:
    """Where the AMP copy lives: ``amp/`` under date-shaped URLs, ``?amp=1`` otherwise."""
    path = article_path(article)
    return path + "amp/" if path.endswith("/") else path + "?amp=1"


def _image_path(article: Article) -> str:
    d = article.published_dt
    return f"/wp-content/uploads/{d.year:04d}/{d.month:02d}/{article.slug}.png"


_BY_PATH: dict[str, Article] = {article_path(a): a for a in ARTICLES}
_AMP_BY_PATH: dict[str, Article] = {
    article_path(a) + "amp/": a for a in ARTICLES if a.shape == "date"
}
_IMAGE_BY_PATH: dict[str, Article] = {_image_path(a): a for a in ARTICLES}


def _related(article: Article) -> list[Article]:
    """Three same-section stories closest in time: stable, and never the article itself."""
    others = [a for a in ARTICLES if a.section == article.section and a.id != article.id]
    others.sort(key=lambda a: (abs((a.published_dt - article.published_dt).days), a.id))
    return others[:3]


def _comments(article: Article) -> list[tuple[int, str, datetime, str]]:
    """Two reader comments (id, name, time, text), chosen by index arithmetic."""
    i = article.id - 1000
    first = (
        article.id * 10 + 1,
        COMMENTERS[(i * 3) % len(COMMENTERS)],
        article.published_dt + timedelta(hours=2, minutes=15),
        COMMENT_TEXTS[(i * 5) % len(COMMENT_TEXTS)],
    )
    second = (
        article.id * 10 + 2,
        COMMENTERS[(i * 3 + 4) % len(COMMENTERS)],
        article.published_dt + timedelta(hours=5, minutes=40),
        COMMENT_TEXTS[(i * 5 + 7) % len(COMMENT_TEXTS)],
    )
    return [first, second]


# -- public listings -----------------------------------------------------------------


def article_manifest(base_url: str) -> list[dict[str, Any]]:
    """What a correct crawl must store, one dict per article, in id order.

    ``published`` is the exact ``datePublished`` of the page's JSON-LD; ``unique_phrase``
    occurs in that article's body and nowhere else on the site except its AMP copy, so a
    full-text search for it must return exactly one stored article.
    """
    base = base_url.rstrip("/")
    out: list[dict[str, Any]] = []
    for a in ARTICLES:
        out.append(
            {
                "id": a.id,
                "url": base + article_path(a),
                "amp_url": base + amp_path(a),
                "title": a.title,
                "author": AUTHORS[a.author][0],
                "published": a.published,
                "published_date": a.published[:10],
                "section": a.section,
                "tags": [TAGS[t] for t in a.tags],
                "description": a.dek,
                "unique_phrase": a.unique_phrase,
                "body_paragraphs": list(a.paragraphs),
                "is_repost": a.source_url is not None,
                "source_url": a.source_url,
            }
        )
    return out


def non_article_paths() -> list[str]:
    """Every crawlable (robots-allowed, linked, HTTP 200) HTML page that is not an article.

    A correct crawl may fetch these but must never store them as articles.
    """
    paths = ["/"]
    for section in SECTIONS:
        paths.extend(_section_page_path(section, n) for n in range(1, _page_count(section) + 1))
    paths.extend(f"/tag/{t}/" for t in TAGS)
    paths.extend(f"/author/{a}/" for a in AUTHORS)
    paths.extend(["/about/", "/contact/", "/privacy/"])
    return paths


def disallowed_paths() -> list[str]:
    """Linked pages that robots.txt forbids: an obedient crawler never requests these."""
    return [PRIVATE_PATH] + [f"{SEARCH_PATH}?q={q}" for q in POPULAR_SEARCHES]


def special_paths() -> dict[str, str]:
    """Paths of the non-HTML and edge-case resources, so tests need not hard-code them."""
    return {
        "robots": "/robots.txt",
        "rss": "/feed/",
        "atom": "/feed/atom/",
        "sitemap_index": "/sitemap_index.xml",
        "sitemap_pages": "/sitemap-pages.xml",
        "sitemap_articles": "/sitemap-articles.xml.gz",
        "news_sitemap": "/news-sitemap.xml",
        "pdf": PDF_PATH,
        "redirect": OLD_PATH,
        "redirect_target": article_path(_BY_ID[OLD_TARGET_ID]),
        "not_found": BROKEN_PATH,
        "private": PRIVATE_PATH,
        "search": f"{SEARCH_PATH}?q={POPULAR_SEARCHES[0]}",
    }


# -- small helpers -------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _human_date(d: datetime) -> str:
    return f"{d.day} {d:%B %Y}"


def _rfc822(d: datetime) -> str:
    return format_datetime(d)


def _author_name(article: Article) -> str:
    return AUTHORS[article.author][0]


def _jsonld(obj: dict[str, Any]) -> str:
    text = json.dumps(obj, ensure_ascii=False, indent=None).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def _section_page_path(section: str, page: int) -> str:
    return f"/section/{section}/" if page == 1 else f"/section/{section}/page/{page}/"


def _page_count(section: str) -> int:
    return max(1, -(-len(_section_articles(section)) // PER_PAGE))


def accepts_gzip(accept_encoding: str | None) -> bool:
    """RFC 9110 content negotiation for gzip, including ``q=0`` refusals and ``*``."""
    if not accept_encoding:
        return False
    explicit: float | None = None
    star: float | None = None
    for item in accept_encoding.split(","):
        parts = [p.strip() for p in item.split(";")]
        coding = parts[0].lower()
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
        if coding in ("gzip", "x-gzip"):
            explicit = q if explicit is None else max(explicit, q)
        elif coding == "*":
            star = q
    if explicit is not None:
        return explicit > 0
    return bool(star and star > 0)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


# -- page chrome ---------------------------------------------------------------------

_CSS = """
body{margin:0;font:17px/1.6 Georgia,serif;color:#1d1d1d;background:#faf8f3}
a{color:#2e5e8c}
.site-header{background:#fff;border-bottom:4px solid #2e5e8c;padding:1rem 2rem}
.site-title{font-size:2rem;margin:0;font-weight:bold}
.site-title a{color:#111;text-decoration:none}
.site-description{margin:0;color:#666;font-style:italic}
.main-navigation ul{list-style:none;margin:.5rem 0 0;padding:0;display:flex;gap:1.2rem}
.main-navigation .current-menu-item a{font-weight:bold}
.search-form{margin-top:.5rem}
.site-content{display:flex;gap:2rem;max-width:72rem;margin:0 auto;padding:1.5rem 2rem}
.content-area{flex:3}
.widget-area{flex:1;font-size:.9rem}
.widget{background:#fff;padding:1rem;margin-bottom:1rem;border:1px solid #e4dfd3}
.breadcrumbs{font-size:.85rem;color:#666}
.cat-links a{text-transform:uppercase;font:bold .75rem sans-serif;letter-spacing:.05em}
.entry-meta{color:#555;font-size:.9rem}
.wp-caption-text,.credit{font-size:.8rem;color:#666}
.sharedaddy,.jp-relatedposts,.newsletter-signup,.comments-area{border-top:1px solid #ddd;
margin-top:1.5rem;padding-top:1rem}
.sd-content ul,.jp-relatedposts-items{list-style:none;padding:0;display:flex;gap:1rem}
.comment-list{list-style:none;padding:0}
.pagination .page-numbers{margin-right:.6rem}
.error-404 .page-title{color:#a33;font-size:2.4rem}
.site-footer{background:#222;color:#ddd;padding:1.5rem 2rem;font-size:.85rem}
.site-footer a{color:#cde}
""".strip()


def _head(
    base: str,
    *,
    title: str,
    description: str,
    canonical: str | None,
    og_type: str,
    extra: str = "",
    noindex: bool = False,
) -> str:
    parts = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f'<meta name="description" content="{_e(description)}">',
    ]
    if noindex:
        parts.append('<meta name="robots" content="noindex, follow">')
    if canonical:
        parts.append(f'<link rel="canonical" href="{_e(canonical)}">')
    parts += [
        '<meta property="og:locale" content="en_GB">',
        f'<meta property="og:type" content="{og_type}">',
        f'<meta property="og:title" content="{_e(title.split(" | ")[0])}">',
        f'<meta property="og:description" content="{_e(description)}">',
    ]
    if canonical:
        parts.append(f'<meta property="og:url" content="{_e(canonical)}">')
    parts += [
        f'<meta property="og:site_name" content="{_e(SITE_NAME)}">',
        '<meta name="generator" content="WordPress 6.6.2">',
        f'<link rel="alternate" type="application/rss+xml" title="{_e(SITE_NAME)} &raquo; Feed"'
        f' href="{base}/feed/">',
        f'<link rel="alternate" type="application/atom+xml"'
        f' title="{_e(SITE_NAME)} &raquo; Atom Feed" href="{base}/feed/atom/">',
        f'<link rel="icon" href="{base}{LOGO_PATH}" sizes="32x32">',
        f"<style id='courier-theme-inline-css'>\n{_CSS}\n</style>",
    ]
    if extra:
        parts.append(extra)
    return "\n".join(parts)


def _search_form(base: str, value: str = "") -> str:
    return (
        f'<form role="search" method="get" class="search-form" action="{base}{SEARCH_PATH}">'
        '<label><span class="screen-reader-text">Search for:</span>'
        f'<input type="search" class="search-field" placeholder="Search &hellip;" '
        f'value="{_e(value)}" name="q"></label>'
        '<button type="submit" class="search-submit">Search</button></form>'
    )


def _site_header(base: str, current: str | None) -> str:
    items = [("home", f"{base}/", "Home")]
    items += [(s, f"{base}/section/{s}/", name) for s, (name, _) in SECTIONS.items()]
    items += [("about", f"{base}/about/", "About"), ("contact", f"{base}/contact/", "Contact")]
    lis = []
    for key, href, label in items:
        cls = "menu-item" + (" current-menu-item" if key == current else "")
        lis.append(f'<li class="{cls}"><a href="{href}">{_e(label)}</a></li>')
    return (
        '<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>\n'
        '<header id="masthead" class="site-header">\n'
        '<div class="site-branding">'
        f'<p class="site-title"><a href="{base}/" rel="home">{_e(SITE_NAME)}</a></p>'
        f'<p class="site-description">{_e(SITE_TAGLINE)}</p></div>\n'
        '<nav id="site-navigation" class="main-navigation" aria-label="Primary menu">'
        '<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">'
        "Menu</button>"
        f'<ul id="primary-menu" class="menu">{"".join(lis)}</ul></nav>\n'
        f"{_search_form(base)}\n</header>"
    )


def _sidebar(base: str) -> str:
    most_read = "".join(
        f'<li><a href="{base}{article_path(_BY_ID[i])}?utm_source=sidebar&amp;utm_medium=web">'
        f"{_e(_BY_ID[i].title)}</a></li>"
        for i in MOST_READ_IDS
    )
    searches = "".join(
        f'<li><a href="{SEARCH_PATH}?q={quote(q)}">{_e(q)}</a></li>' for q in POPULAR_SEARCHES
    )
    tags = " ".join(
        f'<a href="{base}/tag/{slug}/" class="tag-cloud-link">{_e(name)}</a>'
        for slug, name in TAGS.items()
    )
    return (
        '<aside id="secondary" class="widget-area" role="complementary">\n'
        '<section id="top-posts-2" class="widget widget_top-posts">'
        f'<h2 class="widget-title">Most read</h2><ul>{most_read}</ul></section>\n'
        '<section id="popular-searches" class="widget widget_text">'
        f'<h2 class="widget-title">Popular searches</h2><ul>{searches}</ul></section>\n'
        '<section id="tag_cloud-2" class="widget widget_tag_cloud">'
        f'<h2 class="widget-title">Topics</h2><div class="tagcloud">{tags}</div></section>\n'
        '<section id="follow-us" class="widget widget_social">'
        '<h2 class="widget-title">Follow us</h2><ul>'
        '<li><a href="https://www.facebook.com/millbrookcourier" rel="noopener">Facebook</a></li>'
        '<li><a href="https://twitter.com/millbrookcourier" rel="noopener">Twitter</a></li>'
        "</ul></section>\n</aside>"
    )


def _site_footer(base: str) -> str:
    return (
        '<footer id="colophon" class="site-footer">\n'
        '<nav class="footer-navigation" aria-label="Footer menu"><ul class="footer-menu">'
        f'<li><a href="{base}/about/">About us</a></li>'
        '<li><a href="/contact/">Contact the newsdesk</a></li>'
        f'<li><a href="{base}/privacy/">Privacy policy</a></li>'
        f'<li><a href="{base}/feed/">RSS feed</a></li>'
        f'<li><a href="{PRIVATE_PATH}" rel="nofollow">Staff area</a></li>'
        "</ul></nav>\n"
        '<div class="site-info">&copy; 2026 The Millbrook Courier, 14 Bridge Street, '
        "Millbrook. Proudly powered by WordPress.</div>\n</footer>"
    )


def _layout(
    base: str,
    *,
    title: str,
    description: str,
    canonical: str | None,
    main: str,
    body_class: str,
    current: str | None = None,
    extra_head: str = "",
    noindex: bool = False,
) -> str:
    """The full WordPress-style page around ``main``; every non-AMP HTML page uses it."""
    head = _head(
        base,
        title=title,
        description=description,
        canonical=canonical,
        og_type="website",
        extra=extra_head,
        noindex=noindex,
    )
    return _page(base, head, main, body_class, current)


def _page(base: str, head: str, main: str, body_class: str, current: str | None) -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n'
        f"{head}\n</head>\n"
        f'<body class="{body_class}">\n<div id="page" class="site">\n'
        f"{_site_header(base, current)}\n"
        '<div id="content" class="site-content">\n'
        f'<div id="primary" class="content-area"><main id="main" class="site-main">\n'
        f"{main}\n</main></div>\n"
        f"{_sidebar(base)}\n</div>\n"
        f"{_site_footer(base)}\n</div>\n</body>\n</html>\n"
    )


def _byline(base: str, article: Article) -> str:
    d = article.published_dt
    return (
        '<div class="entry-meta"><span class="byline">By <span class="author vcard">'
        f'<a class="url fn n" href="{base}/author/{article.author}/" rel="author">'
        f"{_e(_author_name(article))}</a></span></span> "
        '<span class="posted-on"><time class="entry-date published" '
        f'datetime="{article.published}">{_human_date(d)}</time></span></div>'
    )


def _teaser(base: str, article: Article, *, tracking: bool = False, heading: str = "h2") -> str:
    """A listing card; ``tracking`` adds utm parameters the crawler must strip."""
    url = base + article_path(article)
    href = url + ("?utm_source=homepage&amp;utm_medium=web" if tracking else "")
    section_name = SECTIONS[article.section][0]
    return (
        f'<article id="post-{article.id}" class="post-{article.id} post type-post '
        f'status-publish category-{article.section} entry-card">\n'
        f'<span class="cat-links"><a href="{base}/section/{article.section}/" '
        f'rel="category tag">{_e(section_name)}</a></span>\n'
        f'<{heading} class="entry-title"><a href="{href}" rel="bookmark">{_e(article.title)}'
        f"</a></{heading}>\n{_byline(base, article)}\n"
        f'<div class="entry-summary"><p>{_e(article.dek)}</p></div>\n'
        f'<a class="more-link" href="{url}">Continue reading<span class="screen-reader-text"> '
        f"{_e(article.title)}</span></a> "
        f'<span class="comments-link"><a href="{url}#comments">2 Comments</a></span>\n'
        "</article>"
    )


def _listing(base: str, articles: list[Article]) -> str:
    if not articles:
        return '<p class="no-results">Nothing found.</p>'
    return "\n".join(_teaser(base, a) for a in articles)


# -- article pages -------------------------------------------------------------------


def _article_jsonld(base: str, article: Article) -> dict[str, Any]:
    url = base + article_path(article)
    author: dict[str, str] = {
        "@type": "Organization" if article.author == "courier-newsdesk" else "Person",
        "name": _author_name(article),
        "url": f"{base}/author/{article.author}/",
    }
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.dek,
        "datePublished": article.published,
        "dateModified": article.published,
        "author": author,
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "url": f"{base}/",
            "logo": {"@type": "ImageObject", "url": base + LOGO_PATH},
        },
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "image": [base + _image_path(article)],
        "articleSection": SECTIONS[article.section][0],
        "keywords": [TAGS[t] for t in article.tags],
        "inLanguage": "en",
    }


def _share_box(url: str, title: str) -> str:
    u = quote(url, safe="")
    t = quote(title, safe="")
    return (
        '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
        'sd-social sd-social-icon-text sd-sharing">'
        '<h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>'
        '<li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook '
        f'sd-button" href="https://www.facebook.com/sharer/sharer.php?u={u}" target="_blank">'
        "<span>Facebook</span></a></li>"
        '<li class="share-twitter"><a rel="nofollow noopener noreferrer" class="share-twitter '
        f'sd-button" href="https://twitter.com/intent/tweet?url={u}&amp;text={t}" '
        'target="_blank"><span>Twitter</span></a></li>'
        '<li class="share-email"><a rel="nofollow noopener noreferrer" class="share-email '
        f'sd-button" href="mailto:?subject={t}&amp;body={u}"><span>Email</span></a></li>'
        "</ul></div></div></div>"
    )


def _related_box(article: Article) -> str:
    items = []
    for r in _related(article):
        d = r.published_dt
        items.append(
            '<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title">'
            f'<a class="jp-relatedposts-post-a" href="{article_path(r)}" '
            f'title="{_e(r.title)}">{_e(r.title)}</a></h4>'
            f'<p class="jp-relatedposts-post-date">{_human_date(d)}</p>'
            f'<p class="jp-relatedposts-post-context">In &quot;{SECTIONS[r.section][0]}'
            "&quot;</p></div>"
        )
    return (
        '<div id="jp-relatedposts" class="jp-relatedposts">'
        '<h3 class="jp-relatedposts-headline"><em>Related stories</em></h3>'
        f'<div class="jp-relatedposts-items jp-relatedposts-items-visual">{"".join(items)}'
        "</div></div>"
    )


def _newsletter_box() -> str:
    return (
        '<div class="newsletter-signup widget_mc4wp_form_widget">'
        '<h3 class="widget-title">Get the Courier in your inbox</h3>'
        "<p>Sign up for our free morning briefing: the day's local news before 7am.</p>"
        '<form id="mc4wp-form-1" class="mc4wp-form" method="post" action="/newsletter/">'
        '<input type="email" name="EMAIL" placeholder="Your email address" required>'
        '<input type="submit" value="Sign up"></form></div>'
    )


def _comments_area(base: str, article: Article) -> str:
    url = base + article_path(article)
    items = []
    for cid, name, when, text in _comments(article):
        items.append(
            f'<li id="comment-{cid}" class="comment even thread-even depth-1">'
            f'<article id="div-comment-{cid}" class="comment-body">'
            '<footer class="comment-meta"><div class="comment-author vcard">'
            f'<b class="fn">{_e(name)}</b> <span class="says">says:</span></div>'
            f'<div class="comment-metadata"><a href="{url}#comment-{cid}">'
            f'<time datetime="{when.isoformat()}">{_human_date(when)} at {when:%H:%M}</time>'
            "</a></div></footer>"
            f'<div class="comment-content"><p>{_e(text)}</p></div>'
            '<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond" '
            f'data-commentid="{cid}" aria-label="Reply to {_e(name)}">Reply</a></div>'
            "</article></li>"
        )
    return (
        '<div id="comments" class="comments-area">\n'
        f'<h2 class="comments-title">2 thoughts on &ldquo;{_e(article.title)}&rdquo;</h2>\n'
        f'<ol class="comment-list">{"".join(items)}</ol>\n'
        '<div id="respond" class="comment-respond">\n'
        '<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>\n'
        '<form action="/wp-comments-post.php" method="post" id="commentform" '
        'class="comment-form" novalidate>\n'
        '<p class="comment-notes"><span id="email-notes">Your email address will not be '
        'published.</span> <span class="required-field-message">Required fields are marked '
        '<span class="required">*</span></span></p>\n'
        '<p class="comment-form-comment"><label for="comment">Comment '
        '<span class="required">*</span></label> <textarea id="comment" name="comment" '
        'cols="45" rows="8" maxlength="65525" required></textarea></p>\n'
        '<p class="comment-form-author"><label for="author">Name <span class="required">*'
        '</span></label> <input id="author" name="author" type="text" size="30" required></p>\n'
        '<p class="comment-form-email"><label for="email">Email <span class="required">*'
        '</span></label> <input id="email" name="email" type="email" size="30" required></p>\n'
        '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" '
        f'value="Post Comment"> <input type="hidden" name="comment_post_ID" value="{article.id}">'
        "</p>\n</form>\n</div>\n</div>"
    )


def _article_page(base: str, article: Article) -> str:
    url = base + article_path(article)
    section_name = SECTIONS[article.section][0]
    d = article.published_dt
    paragraphs = "\n".join(f"<p>{_e(p)}</p>" for p in article.paragraphs)
    if article.source_url:
        paragraphs += (
            f'\n<p class="source-link"><a href="{_e(article.source_url)}" '
            'rel="nofollow noopener" target="_blank">Source link</a></p>'
        )
    tag_links = ", ".join(
        f'<a href="{base}/tag/{t}/" rel="tag">{_e(TAGS[t])}</a>' for t in article.tags
    )
    extra = "\n".join(
        [
            f'<link rel="amphtml" href="{_e(base + amp_path(article))}">',
            f'<meta name="author" content="{_e(_author_name(article))}">',
            f'<meta property="article:published_time" content="{article.published}">',
            f'<meta property="article:modified_time" content="{article.published}">',
            f'<meta property="article:section" content="{_e(section_name)}">',
            *(f'<meta property="article:tag" content="{_e(TAGS[t])}">' for t in article.tags),
            f'<meta property="og:image" content="{base}{_image_path(article)}">',
            '<meta name="twitter:card" content="summary_large_image">',
            _jsonld(_article_jsonld(base, article)),
        ]
    )
    head = _head(
        base,
        title=f"{article.title} | {SITE_NAME}",
        description=article.dek,
        canonical=url,
        og_type="article",
        extra=extra,
    )
    photo_credit = f"Photo: {article.photographer} | Image credit &mdash; {PHOTO_CREDIT}"
    main = f"""<nav class="breadcrumbs" aria-label="Breadcrumbs"><span><a href="{base}/">Home</a>\
</span> &raquo; <span><a href="/section/{article.section}/">{_e(section_name)}</a></span> &raquo; \
<span class="breadcrumb_last" aria-current="page">{_e(article.title)}</span></nav>
<article id="post-{article.id}" class="post-{article.id} post type-post status-publish \
format-standard has-post-thumbnail category-{article.section}">
<header class="entry-header">
<span class="cat-links"><a href="{base}/section/{article.section}/" rel="category tag">\
{_e(section_name)}</a></span>
<h1 class="entry-title">{_e(article.title)}</h1>
<p class="entry-dek">{_e(article.dek)}</p>
{_byline(base, article)}
</header>
<figure class="post-thumbnail wp-caption">
<img src="{base}{_image_path(article)}" width="1200" height="675" alt="{_e(article.caption)}" \
loading="lazy">
<figcaption class="wp-caption-text">{_e(article.caption)} <span class="credit">\
{photo_credit}</span></figcaption>
</figure>
<div class="entry-content">
{paragraphs}
{_share_box(url, article.title)}
{_related_box(article)}
</div>
<footer class="entry-footer"><span class="tags-links">Tagged {tag_links}</span> \
<span class="posted-in">Posted in <a href="{base}/section/{article.section}/">\
{_e(section_name)}</a></span> <span class="updated-on">Last updated \
<time class="updated" datetime="{article.published}">{_human_date(d)}</time></span></footer>
</article>
{_newsletter_box()}
{_comments_area(base, article)}"""
    body_class = (
        f"post-template-default single single-post postid-{article.id} single-format-standard"
    )
    return _page(base, head, main, body_class, article.section)


def _amp_page(base: str, article: Article) -> str:
    """The AMP copy: same text, minimal chrome, canonical pointing at the real article."""
    url = base + article_path(article)
    paragraphs = "\n".join(f"<p>{_e(p)}</p>" for p in article.paragraphs)
    if article.source_url:
        paragraphs += f'\n<p><a href="{_e(article.source_url)}">Source link</a></p>'
    return f"""<!doctype html>
<html amp lang="en">
<head>
<meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<title>{_e(article.title)} | {_e(SITE_NAME)}</title>
<link rel="canonical" href="{_e(url)}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<link rel="alternate" type="application/rss+xml" title="{_e(SITE_NAME)} &raquo; Feed" \
href="{base}/feed/">
<link rel="alternate" type="application/atom+xml" title="{_e(SITE_NAME)} &raquo; Atom Feed" \
href="{base}/feed/atom/">
<style amp-boilerplate>body{{-webkit-animation:none;animation:none}}</style>
<noscript><style amp-boilerplate>body{{animation:none}}</style></noscript>
<style amp-custom>body{{font-family:Georgia,serif;margin:0 1rem}}\
.amp-wp-header{{border-bottom:3px solid #2e5e8c}}</style>
</head>
<body class="amp-wp">
<header class="amp-wp-header"><div><a href="{base}/">{_e(SITE_NAME)}</a></div></header>
<article class="amp-wp-article">
<header class="amp-wp-article-header"><h1 class="amp-wp-title">{_e(article.title)}</h1>
<div class="amp-wp-meta amp-wp-byline">By {_e(_author_name(article))}</div>
<div class="amp-wp-meta amp-wp-posted-on"><time datetime="{article.published}">\
{_human_date(article.published_dt)}</time></div></header>
<figure class="amp-wp-article-featured-image"><amp-img src="{base}{_image_path(article)}" \
width="1200" height="675" layout="responsive" alt="{_e(article.caption)}"></amp-img></figure>
<div class="amp-wp-article-content">
{paragraphs}
</div>
</article>
<footer class="amp-wp-footer"><p><a href="{_e(url)}">View the full article</a> &middot; \
&copy; 2026 {_e(SITE_NAME)}</p></footer>
</body>
</html>
"""


# -- listing and static pages --------------------------------------------------------


def _home_page(base: str) -> str:
    latest = _LATEST[:LATEST_COUNT]
    lead = latest[0]
    teasers = "\n".join(_teaser(base, a, tracking=i % 2 == 0) for i, a in enumerate(latest[1:]))
    blocks = []
    for section, (name, _) in SECTIONS.items():
        heads = "".join(
            f'<li><a href="{base}{article_path(a)}">{_e(a.title)}</a></li>'
            for a in _section_articles(section)[:3]
        )
        blocks.append(
            f'<section class="home-section home-section-{section}"><h2 class="section-title">'
            f'<a href="{base}/section/{section}/">{_e(name)}</a></h2><ul>{heads}</ul>'
            f'<a class="more" href="/section/{section}/">More {_e(name.lower())} news</a>'
            "</section>"
        )
    lead_url = base + article_path(lead)
    main = f"""<h1 class="screen-reader-text">{_e(SITE_NAME)}</h1>
<section class="lead-story">
<article id="post-{lead.id}" class="post-{lead.id} post type-post category-{lead.section} \
sticky">
<figure class="post-thumbnail"><a href="{lead_url}?utm_source=homepage&amp;utm_medium=web">\
<img src="{base}{_image_path(lead)}" width="1200" height="675" alt="{_e(lead.caption)}"></a>\
</figure>
<h2 class="entry-title"><a href="{lead_url}?utm_source=homepage&amp;utm_medium=web" \
rel="bookmark">{_e(lead.title)}</a></h2>
{_byline(base, lead)}
<div class="entry-summary"><p>{_e(lead.dek)}</p></div>
<span class="comments-link"><a href="{lead_url}#comments">2 Comments</a></span>
</article>
</section>
<section class="latest-news"><h2 class="widget-title">Latest news</h2>
{teasers}
</section>
{"".join(blocks)}
<section class="from-the-archive widget">
<h2 class="widget-title">From the archive</h2>
<ul>
<li><a href="{OLD_PATH}">Campaign to save the Greaves Park bandstand</a></li>
<li><a href="{BROKEN_PATH}">Flood special: the night the Mill burst its banks</a></li>
</ul>
</section>"""
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": SITE_NAME,
        "url": f"{base}/",
        "inLanguage": "en",
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{base}{SEARCH_PATH}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }
    return _layout(
        base,
        title=f"{SITE_NAME} | {SITE_TAGLINE}",
        description="Local news, business, science and sport from Millbrook.",
        canonical=f"{base}/",
        main=main,
        body_class="home blog",
        current="home",
        extra_head=_jsonld(website),
    )


def _collection_jsonld(base: str, path: str, name: str, kind: str = "CollectionPage") -> str:
    return _jsonld(
        {
            "@context": "https://schema.org",
            "@type": kind,
            "@id": base + path,
            "url": base + path,
            "name": name,
            "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": f"{base}/"},
        }
    )


def _section_page(base: str, section: str, page: int) -> str | None:
    pages = _page_count(section)
    if page < 1 or page > pages:
        return None
    name, description = SECTIONS[section]
    items = _section_articles(section)[(page - 1) * PER_PAGE : page * PER_PAGE]
    path = _section_page_path(section, page)
    links = []
    head_links = []
    if page > 1:
        prev = base + _section_page_path(section, page - 1)
        links.append(f'<a class="prev page-numbers" href="{prev}">&laquo; Newer posts</a>')
        head_links.append(f'<link rel="prev" href="{prev}">')
    for n in range(1, pages + 1):
        if n == page:
            links.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        else:
            links.append(
                f'<a class="page-numbers" href="{base}{_section_page_path(section, n)}">{n}</a>'
            )
    if page < pages:
        nxt = base + _section_page_path(section, page + 1)
        links.append(f'<a class="next page-numbers" href="{nxt}">Older posts &raquo;</a>')
        head_links.append(f'<link rel="next" href="{nxt}">')
    suffix = f" &ndash; Page {page}" if page > 1 else ""
    main = (
        f'<header class="page-header"><h1 class="page-title">{_e(name)}{suffix}</h1>'
        f'<div class="archive-description"><p>{_e(description)}</p></div></header>\n'
        f"{_listing(base, items)}\n"
        '<nav class="navigation pagination" aria-label="Posts">'
        '<h2 class="screen-reader-text">Posts navigation</h2>'
        f'<div class="nav-links">{"".join(links)}</div></nav>'
    )
    title_page = f" - Page {page} of {pages}" if page > 1 else ""
    return _layout(
        base,
        title=f"{name} news{title_page} | {SITE_NAME}",
        description=description,
        canonical=base + path,
        main=main,
        body_class=f"archive category category-{section}" + (" paged" if page > 1 else ""),
        current=section,
        extra_head="\n".join(head_links + [_collection_jsonld(base, path, f"{name} news")]),
    )


def _tag_page(base: str, tag: str) -> str:
    name = TAGS[tag]
    items = [a for a in _LATEST if tag in a.tags]
    path = f"/tag/{tag}/"
    main = (
        f'<header class="page-header"><h1 class="page-title">Tag: <span>{_e(name)}</span></h1>'
        "</header>\n" + _listing(base, items)
    )
    return _layout(
        base,
        title=f"{name} Archives | {SITE_NAME}",
        description=f"Stories tagged {name} in {SITE_NAME}.",
        canonical=base + path,
        main=main,
        body_class=f"archive tag tag-{tag}",
        extra_head=_collection_jsonld(base, path, f"{name} Archives"),
    )


def _author_page(base: str, author: str) -> str:
    name, bio = AUTHORS[author]
    items = [a for a in _LATEST if a.author == author]
    path = f"/author/{author}/"
    main = (
        f'<header class="page-header"><h1 class="page-title">Author: '
        f'<span class="vcard">{_e(name)}</span></h1>'
        f'<div class="archive-description author-bio"><p>{_e(bio)}</p></div></header>\n'
        + _listing(base, items)
    )
    return _layout(
        base,
        title=f"{name}, Author at {SITE_NAME}",
        description=bio,
        canonical=base + path,
        main=main,
        body_class=f"archive author author-{author}",
        extra_head=_collection_jsonld(base, path, name, "ProfilePage"),
    )


def _static_page(base: str, path: str, title: str, body: str, kind: str, description: str) -> str:
    main = (
        f'<article class="page type-page status-publish"><header class="entry-header">'
        f'<h1 class="entry-title">{_e(title)}</h1></header>\n'
        f'<div class="entry-content">\n{body}\n</div></article>'
    )
    return _layout(
        base,
        title=f"{title} | {SITE_NAME}",
        description=description,
        canonical=base + path,
        main=main,
        body_class=f"page-template-default page page-{path.strip('/')}",
        current=path.strip("/"),
        extra_head=_collection_jsonld(base, path, title, kind),
    )


def _about_page(base: str) -> str:
    staff = "".join(
        f'<li><a href="{base}/author/{slug}/">{_e(name)}</a></li>'
        for slug, (name, _) in AUTHORS.items()
        if slug != "courier-newsdesk"
    )
    body = f"""<p>The Millbrook Courier has reported on the town and the Mill valley since 1868. \
It began as a weekly broadsheet printed above a saddler's shop on Bridge Street and has been \
published online every day since 2009.</p>
<p>We are an independent, reader-funded newsroom of six journalists. We cover council meetings \
that nobody else attends, we name the people who make decisions, and we correct our mistakes \
in public.</p>
<h2>Our newsroom</h2>
<ul class="staff-list">{staff}</ul>
<h2>Accounts and governance</h2>
<p>The Courier is owned by the Millbrook Courier Trust, a registered charity. Our latest \
<a href="{PDF_PATH}">Annual Report 2025 (PDF, 1 page)</a> sets out where our money comes from \
and how it is spent.</p>
<p>Have a story for us? <a href="{base}/contact/">Contact the newsdesk</a>.</p>"""
    return _static_page(
        base, "/about/", "About the Courier", body, "AboutPage", "Who we are and how we work."
    )


def _contact_page(base: str) -> str:
    body = """<p>The newsdesk is staffed from 7am to 10pm every day. For urgent stories call \
01632 960 418.</p>
<address>The Millbrook Courier<br>14 Bridge Street<br>Millbrook<br>MB1 4QT</address>
<p>Email: <a href="mailto:newsdesk@millbrook-courier.example">\
newsdesk@millbrook-courier.example</a></p>
<h2>Send us a message</h2>
<form id="contact-form" class="wpcf7-form" method="post" action="/contact/">
<p><label for="cf-name">Your name (required)</label><br>
<input id="cf-name" type="text" name="your-name" size="40" required></p>
<p><label for="cf-email">Your email (required)</label><br>
<input id="cf-email" type="email" name="your-email" size="40" required></p>
<p><label for="cf-subject">Subject</label><br>
<input id="cf-subject" type="text" name="your-subject" size="40"></p>
<p><label for="cf-message">Your message</label><br>
<textarea id="cf-message" name="your-message" cols="40" rows="10"></textarea></p>
<p><input type="submit" value="Send" class="wpcf7-submit"></p>
</form>"""
    return _static_page(
        base, "/contact/", "Contact us", body, "ContactPage", "How to reach the newsdesk."
    )


def _privacy_page(base: str) -> str:
    body = """<p>This policy explains what personal data The Millbrook Courier collects when \
you read our website, sign up to our newsletter or comment on a story, and what we do with it.</p>
<h2>What we collect</h2>
<p>When you leave a comment we store the name, email address and text you submit, together \
with your IP address, to help us fight spam. Your email address is never published.</p>
<p>If you sign up to the morning briefing we store your email address until you unsubscribe. \
Every email contains a link to do so.</p>
<h2>Cookies</h2>
<p>We use a small number of cookies to remember comment details and to count visits. We do \
not use advertising cookies and we do not sell data to anyone.</p>
<h2>Your rights</h2>
<p>You can ask to see, correct or delete the personal data we hold about you by writing to \
the data protection officer at our Bridge Street office.</p>"""
    return _static_page(
        base, "/privacy/", "Privacy policy", body, "WebPage", "How we handle personal data."
    )


def _search_page(base: str, query: str) -> str:
    q = " ".join(query.split())
    if q:
        needle = q.lower()
        hits = [
            a
            for a in _LATEST
            if needle in a.title.lower() or needle in " ".join(a.paragraphs).lower()
        ]
        heading = f"Search results for: <span>{_e(q)}</span>"
        listing = _listing(base, hits)
    else:
        heading = "Search"
        listing = "<p>Please enter a search term.</p>"
    main = (
        f'<header class="page-header"><h1 class="page-title">{heading}</h1></header>\n'
        f"{_search_form(base, q)}\n{listing}"
    )
    return _layout(
        base,
        title=f"You searched for {q} | {SITE_NAME}" if q else f"Search | {SITE_NAME}",
        description="Search the Courier archive.",
        canonical=None,
        main=main,
        body_class="search search-results",
        noindex=True,
        extra_head=_collection_jsonld(base, SEARCH_PATH, "Search", "SearchResultsPage"),
    )


def _private_page(base: str) -> str:
    body = """<p>Internal notes for newsroom staff. Not for publication.</p>
<ul><li>Weekend desk rota is pinned by the kettle.</li>
<li>Embargoed council papers go in the locked drawer, not the shared drive.</li></ul>"""
    return _layout(
        base,
        title=f"Staff notes | {SITE_NAME}",
        description="Internal staff notes.",
        canonical=None,
        main=f'<h1 class="entry-title">Staff notes</h1>\n<div class="entry-content">{body}</div>',
        body_class="page private",
        noindex=True,
    )


def _not_found_page(base: str) -> str:
    recent = "".join(
        f'<li><a href="{base}{article_path(a)}">{_e(a.title)}</a></li>' for a in _LATEST[:5]
    )
    main = f"""<section class="error-404 not-found">
<header class="page-header"><h1 class="page-title">Page not found</h1></header>
<div class="page-content">
<p>Sorry, the page you were looking for could not be found. It may have been moved, or the \
link you followed may be out of date. Maybe try a search?</p>
{_search_form(base)}
<h2 class="widget-title">Recent stories</h2>
<ul>{recent}</ul>
</div>
</section>"""
    return _layout(
        base,
        title=f"Page not found | {SITE_NAME}",
        description="Page not found.",
        canonical=None,
        main=main,
        body_class="error404",
        noindex=True,
    )


def _form_result_page(base: str, path: str) -> str:
    heading, text = FORM_ENDPOINTS[path]
    return _layout(
        base,
        title=f"{heading} | {SITE_NAME}",
        description=heading,
        canonical=None,
        main=f'<h1 class="entry-title">{_e(heading)}</h1>\n<p>{_e(text)}</p>',
        body_class="page form-result",
        noindex=True,
    )


# -- feeds, sitemaps, robots, binaries -----------------------------------------------


def _x(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


def _w3c(d: datetime) -> str:
    return d.isoformat()


def _rss(base: str) -> str:
    items = []
    for a in _LATEST[:LATEST_COUNT]:
        url = base + article_path(a)
        link = f"{url}?utm_source=rss&utm_medium=rss&utm_campaign={a.slug}"
        body = "".join(f"<p>{_e(p)}</p>" for p in a.paragraphs)
        items.append(
            "<item>\n"
            f"<title>{_x(a.title)}</title>\n"
            f"<link>{_x(link)}</link>\n"
            f"<comments>{_x(url)}#comments</comments>\n"
            f"<dc:creator><![CDATA[{_author_name(a)}]]></dc:creator>\n"
            f"<pubDate>{_rfc822(a.published_dt)}</pubDate>\n"
            f"<category><![CDATA[{SECTIONS[a.section][0]}]]></category>\n"
            + "".join(f"<category><![CDATA[{TAGS[t]}]]></category>\n" for t in a.tags)
            + f'<guid isPermaLink="false">{_x(base)}/?p={a.id}</guid>\n'
            f"<description><![CDATA[{a.dek}]]></description>\n"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>\n"
            f"<slash:comments>2</slash:comments>\n"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" '
        'xmlns:slash="http://purl.org/rss/1.0/modules/slash/">\n<channel>\n'
        f"<title>{_x(SITE_NAME)}</title>\n"
        f'<atom:link href="{_x(base)}/feed/" rel="self" type="application/rss+xml"/>\n'
        f"<link>{_x(base)}/</link>\n"
        f"<description>{_x(SITE_TAGLINE)}</description>\n"
        f"<lastBuildDate>{_rfc822(_LATEST[0].published_dt)}</lastBuildDate>\n"
        "<language>en</language>\n"
        "<sy:updatePeriod>hourly</sy:updatePeriod>\n<sy:updateFrequency>1</sy:updateFrequency>\n"
        "<generator>https://wordpress.org/?v=6.6.2</generator>\n"
        + "\n".join(items)
        + "\n</channel>\n</rss>\n"
    )


def _atom(base: str) -> str:
    entries = []
    for a in _LATEST[:LATEST_COUNT]:
        url = base + article_path(a)
        body = "".join(f"<p>{_e(p)}</p>" for p in a.paragraphs)
        entries.append(
            "<entry>\n"
            f"<author><name>{_x(_author_name(a))}</name>"
            f"<uri>{_x(base)}/author/{a.author}/</uri></author>\n"
            f'<title type="html">{_x(a.title)}</title>\n'
            f'<link rel="alternate" type="text/html" href="{_x(url)}"/>\n'
            f"<id>{_x(base)}/?p={a.id}</id>\n"
            f"<updated>{_w3c(a.published_dt)}</updated>\n"
            f"<published>{_w3c(a.published_dt)}</published>\n"
            f'<category scheme="{_x(base)}" term="{_x(SECTIONS[a.section][0])}"/>\n'
            f'<summary type="html">{_x(a.dek)}</summary>\n'
            f'<content type="html" xml:base="{_x(url)}">{_x(body)}</content>\n'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f'<title type="text">{_x(SITE_NAME)}</title>\n'
        f'<subtitle type="text">{_x(SITE_TAGLINE)}</subtitle>\n'
        f"<updated>{_w3c(_LATEST[0].published_dt)}</updated>\n"
        f'<link rel="alternate" type="text/html" href="{_x(base)}/"/>\n'
        f"<id>{_x(base)}/feed/atom/</id>\n"
        f'<link rel="self" type="application/atom+xml" href="{_x(base)}/feed/atom/"/>\n'
        '<generator uri="https://wordpress.org/" version="6.6.2">WordPress</generator>\n'
        + "\n".join(entries)
        + "\n</feed>\n"
    )


_SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _sitemap_index(base: str) -> str:
    newest = _w3c(_LATEST[0].published_dt)
    children = ["/sitemap-pages.xml", "/sitemap-articles.xml.gz", "/news-sitemap.xml"]
    body = "".join(
        f"<sitemap><loc>{_x(base + c)}</loc><lastmod>{newest}</lastmod></sitemap>\n"
        for c in children
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {_SITEMAP_NS}>\n'
        f"{body}</sitemapindex>\n"
    )


def _sitemap_pages(base: str) -> str:
    newest = _w3c(_LATEST[0].published_dt)
    paths = ["/"] + [f"/section/{s}/" for s in SECTIONS] + ["/about/", "/contact/", "/privacy/"]
    body = "".join(
        f"<url><loc>{_x(base + p)}</loc><lastmod>{newest}</lastmod>"
        f"<changefreq>{'hourly' if p == '/' else 'daily'}</changefreq></url>\n"
        for p in paths
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {_SITEMAP_NS}>\n{body}</urlset>\n'


def _sitemap_articles(base: str) -> str:
    body = "".join(
        f"<url><loc>{_x(base + article_path(a))}</loc>"
        f"<lastmod>{_w3c(a.published_dt)}</lastmod>"
        f"<image:image><image:loc>{_x(base + _image_path(a))}</image:loc></image:image></url>\n"
        for a in _LATEST
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {_SITEMAP_NS} '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
        f"{body}</urlset>\n"
    )


def _news_sitemap(base: str) -> str:
    body = "".join(
        f"<url><loc>{_x(base + article_path(a))}</loc>"
        "<news:news><news:publication>"
        f"<news:name>{_x(SITE_NAME)}</news:name><news:language>en</news:language>"
        "</news:publication>"
        f"<news:publication_date>{_w3c(a.published_dt)}</news:publication_date>"
        f"<news:title>{_x(a.title)}</news:title></news:news></url>\n"
        for a in _LATEST[:LATEST_COUNT]
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {_SITEMAP_NS} '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{body}</urlset>\n"
    )


def _robots(base: str) -> str:
    return (
        f"# robots.txt for {SITE_NAME}\n"
        "User-agent: *\n"
        "Disallow: /search/\n"
        "Disallow: /private/\n"
        "\n"
        f"Sitemap: {base}/sitemap_index.xml\n"
    )


def _pdf() -> bytes:
    """A one-page PDF with a correct xref table, so PDF tools accept it."""
    lines = [
        "BT /F1 20 Tf 72 770 Td (The Millbrook Courier Trust) Tj ET",
        "BT /F1 14 Tf 72 740 Td (Annual Report 2025) Tj ET",
        "BT /F1 11 Tf 72 700 Td (Reader donations: 61 per cent of income.) Tj ET",
        "BT /F1 11 Tf 72 684 Td (Grants and advertising: 39 per cent of income.) Tj ET",
        "BT /F1 11 Tf 72 668 Td (Average daily readers online: 18,400.) Tj ET",
    ]
    stream = "\n".join(lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (Annual Report 2025) /Author (The Millbrook Courier Trust) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour PNG, so image URLs in pages resolve to real images."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + bytes(rgb) * width
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


_PDF_BYTES = _pdf()


# -- routing -------------------------------------------------------------------------

_HTML = "text/html; charset=utf-8"
_SECTION_RE = re.compile(r"^/section/([a-z-]+)/(?:page/(\d+)/)?$")
_TAG_RE = re.compile(r"^/tag/([a-z-]+)/$")
_AUTHOR_RE = re.compile(r"^/author/([a-z-]+)/$")


def _ok(body: str | bytes, content_type: str = _HTML, status: int = 200) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Response(status, [("Content-Type", content_type)], data)


def _redirect(location: str, status: int = 301) -> Response:
    body = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Moved Permanently</title></head><body><h1>Moved Permanently</h1>"
        f'<p>The document has moved <a href="{_e(location)}">here</a>.</p></body></html>\n'
    )
    return Response(status, [("Location", location), ("Content-Type", _HTML)], body.encode("utf-8"))


def _dispatch(path: str, query: dict[str, list[str]], base: str) -> Response | None:
    """Map a path to a response; None means no such resource (the caller sends 404)."""
    wants_amp = query.get("amp", [""])[0] in ("1", "true")
    if path in _BY_PATH:
        article = _BY_PATH[path]
        page = _amp_page(base, article) if wants_amp else _article_page(base, article)
        resp = _ok(page)
        resp.headers.append(("Last-Modified", format_datetime(article.published_dt, usegmt=True)))
        return resp
    if path in _AMP_BY_PATH:
        return _ok(_amp_page(base, _AMP_BY_PATH[path]))
    if path == "/":
        return _ok(_home_page(base))
    if path == "/robots.txt":
        return _ok(_robots(base), "text/plain; charset=utf-8")
    if path == "/feed/":
        return _ok(_rss(base), "application/rss+xml; charset=UTF-8")
    if path == "/feed/atom/":
        return _ok(_atom(base), "application/atom+xml; charset=UTF-8")
    if path == "/sitemap_index.xml":
        return _ok(_sitemap_index(base), "application/xml; charset=utf-8")
    if path == "/sitemap-pages.xml":
        return _ok(_sitemap_pages(base), "application/xml; charset=utf-8")
    if path == "/sitemap-articles.xml.gz":
        data = gzip.compress(_sitemap_articles(base).encode("utf-8"), mtime=0)
        return _ok(data, "application/x-gzip")
    if path == "/news-sitemap.xml":
        return _ok(_news_sitemap(base), "application/xml; charset=utf-8")
    if path == "/about/":
        return _ok(_about_page(base))
    if path == "/contact/":
        return _ok(_contact_page(base))
    if path == "/privacy/":
        return _ok(_privacy_page(base))
    if path == SEARCH_PATH:
        return _ok(_search_page(base, query.get("q", [""])[0]))
    if path == PRIVATE_PATH:
        return _ok(_private_page(base))
    if path == PDF_PATH:
        resp = _ok(_PDF_BYTES, "application/pdf")
        resp.headers.append(("Content-Disposition", 'inline; filename="annual-report-2025.pdf"'))
        return resp
    if path == OLD_PATH:
        return _redirect(base + article_path(_BY_ID[OLD_TARGET_ID]))
    if path in _IMAGE_BY_PATH:
        rgb = SECTION_COLOURS[_IMAGE_BY_PATH[path].section]
        return _ok(_png(16, 9, rgb), "image/png")
    if path == LOGO_PATH:
        return _ok(_png(32, 32, (46, 94, 140)), "image/png")
    m = _SECTION_RE.match(path)
    if m and m.group(1) in SECTIONS:
        page = int(m.group(2) or 1)
        if m.group(2) and page == 1:
            return _redirect(base + _section_page_path(m.group(1), 1))
        listing = _section_page(base, m.group(1), page)
        return _ok(listing) if listing else None
    m = _TAG_RE.match(path)
    if m and m.group(1) in TAGS:
        return _ok(_tag_page(base, m.group(1)))
    m = _AUTHOR_RE.match(path)
    if m and m.group(1) in AUTHORS:
        return _ok(_author_page(base, m.group(1)))
    return None


def _finish(resp: Response, request_headers: Mapping[str, str], head_only: bool) -> Response:
    """Apply gzip negotiation to HTML, then fix Content-Length and drop the body for HEAD."""
    headers = list(resp.headers)
    body = resp.body
    is_html = any(k == "Content-Type" and v.startswith("text/html") for k, v in headers)
    if is_html:
        headers.append(("Vary", "Accept-Encoding"))
        if body and accepts_gzip(_header(request_headers, "Accept-Encoding")):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
    if resp.status == 200:
        headers.append(("Cache-Control", "max-age=300"))
    headers.append(("Content-Length", str(len(body))))
    return Response(resp.status, headers, b"" if head_only else body)


def route(method: str, target: str, request_headers: Mapping[str, str], base_url: str) -> Response:
    """Answer one request. Pure: same inputs, same bytes.

    ``target`` is the request-target as sent (path plus optional query; absolute-form is
    accepted too). ``base_url`` is the scheme, host and port every absolute link uses.
    HEAD gets GET's headers, including its Content-Length, and an empty body.
    """
    base = base_url.rstrip("/")
    method = method.upper()
    if target.startswith("/"):
        # origin-form: split by hand, since urlsplit reads "//x/y" as a host name
        path, _, rest = target.partition("?")
        raw_query = rest.partition("#")[0]
        path = path.partition("#")[0]
    else:
        parts = urlsplit(target)
        path, raw_query = parts.path or "/", parts.query
    query = parse_qs(raw_query, keep_blank_values=True)
    head_only = method == "HEAD"

    if method == "POST":
        if path in FORM_ENDPOINTS:
            return _finish(_ok(_form_result_page(base, path)), request_headers, False)
        resp = _ok("Method Not Allowed\n", "text/plain; charset=utf-8", 405)
        resp.headers.append(("Allow", "GET, HEAD"))
        return _finish(resp, request_headers, False)
    if method not in ("GET", "HEAD"):
        resp = _ok("Method Not Allowed\n", "text/plain; charset=utf-8", 405)
        resp.headers.append(("Allow", "GET, HEAD, POST"))
        return _finish(resp, request_headers, head_only)

    resp = _dispatch(path, query, base)
    # WordPress answers a missing trailing slash with a permanent redirect.
    if (
        resp is None
        and not path.endswith("/")
        and "." not in path.rsplit("/", 1)[-1]
        and _dispatch(path + "/", query, base) is not None
    ):
        resp = _redirect(base + path + "/" + (f"?{raw_query}" if raw_query else ""))
    if resp is None:
        resp = _ok(_not_found_page(base), status=404)
    return _finish(resp, request_headers, head_only)
