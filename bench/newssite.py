"""A large, realistic local news site for throughput benchmarks, written to disk once.

Why a separate module: the crawl benchmark (``bench/crawl.py``) and the search benchmark
(``bench/search.py``) share the text generator, and the crawl benchmark needs a site big
enough (thousands of 60-150 KB pages) that generating it on every run would cost more than
crawling it. So the site is written once under a cache directory keyed by its parameters,
with every text file also stored pre-gzipped (what ``gzip_static`` does on a real server),
and then served as static files.

The pages imitate a WordPress news theme: a mega-menu, breadcrumbs, JSON-LD, large inline
CSS and scripts, share bars, a tag list, an author box, a related-posts rail with
``srcset`` images, a comment thread and form, a sidebar of widgets and a fat footer. Text
comes from a Zipf-weighted vocabulary (real common words plus a long tail of invented
ones), so both trafilatura and SQLite FTS5 see realistic word statistics. Nothing is
fetched from the network.

The server (``python -m bench.newssite serve``) is an asyncio HTTP/1.1 keep-alive server
that answers with ``os.sendfile`` (zero copy) from pre-forked processes sharing one
listening socket. Feeds, sitemaps and robots.txt hold absolute URLs, which depend on the
port, so they are written with a ``__BASE__`` placeholder that the server fills in (they
are few and small); HTML pages use root-relative links and are served byte for byte.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import html
import itertools
import json
import os
import random
import socket
import sys
import zlib
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import unquote

GENERATOR_VERSION = "3"  # bump when the output changes, to invalidate caches
BASE_PLACEHOLDER = "__BASE__"
CACHE_ROOT = Path(os.environ.get("NEWSARCHIVE_BENCH_CACHE", "/tmp/newsarchive-bench"))

SITE_NAME = "The Riverside Courier"
SECTIONS = [
    "local",
    "politics",
    "business",
    "education",
    "health",
    "environment",
    "transport",
    "crime",
    "sport",
    "culture",
    "opinion",
    "world",
]
LISTING_SIZE = 20
SITEMAP_SIZE = 1000

# -- words ---------------------------------------------------------------------------

COMMON = """the of and to a in that is was he for it with as his on be at by had not are but
from or have an they which one you were her all she there would their we him been has when
who will more no if out so said what up its about into than them can only other new some
could time these two may then do first any my now such like our over man me even most made
after also did many before must through back years where much your way well down should
because each just those people how too little state good very make world still own see men
work long get here between both life being under never day same another know while last
might us great old year off come since against go came right used take three council plans
city residents school hospital police court report water road housing budget mayor minister
community project funding river bridge station market business workers union strike school
teachers parents children students university research health patients doctors nurses care
service services public local national government officials spokesperson statement
inquiry committee vote election campaign party leader members debate proposal decision
development planning permission site homes families rent prices energy costs bills climate
flood rain storm weather summer winter spring autumn festival music theatre museum library
gallery artist season match team coach players league cup final goal win loss fans stadium
club transport bus rail train line trains passengers delays airport traffic cycle lane
repairs contract company jobs factory shop shops owners trade customers sales profits
investment bank interest rates economy growth figures data survey study results evidence
experts warned said added according told confirmed announced expected approved rejected
agreed claimed argued described insisted suggested admitted revealed""".split()

SYLLABLES = (
    "ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko la le li lo lu ma me mi "
    "mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to va ve vi wa we "
    "za zo bar ber bor cal cor dan den dor fal fen gar gor han hal ker kin lan len lor mar "
    "mor nar nor par per por ran ren ron sal sen son tan ten tor van ven win wor ston ley "
    "ford ton ham wick field mere brook dale"
).split()

FIRST = (
    "Maria Anna James Priya Tom Elena Samuel Grace Omar Hannah David Aisha Peter Lucy Daniel "
    "Fatima Robert Nora Kwame Ingrid Luis Chloe Martin Yusuf Helen Rafael Sophie George Mei"
).split()
LAST = (
    "Garcia Okafor Lindqvist Patel Brennan Novak Thompson Haddad Whitfield Moreau Kowalski "
    "Achebe Fernandes Holloway Nakamura Ruiz Delaney Osei Castellano Byrne Eriksen Mbeki"
).split()


class Vocabulary:
    """Zipf-weighted words: a few very common ones and a long tail, like real news text."""

    def __init__(self, seed: int = 7, tail: int = 12000) -> None:
        rng = random.Random(seed)
        words = list(dict.fromkeys(COMMON))
        seen = set(words)
        while len(words) < len(COMMON) + tail:
            w = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.words = words
        weights = [1.0 / (rank + 2.7) ** 1.07 for rank in range(len(words))]
        self.cum = list(itertools.accumulate(weights))

    def take(self, rng: random.Random, n: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=n)

    def rare(self, rng: random.Random) -> str:
        """A word from the tail (for titles and tags, which should be distinctive)."""
        return self.words[rng.randrange(len(self.words) // 8, len(self.words))]


VOCAB = Vocabulary()


def sentence(rng: random.Random, vocab: Vocabulary = VOCAB) -> str:
    words = vocab.take(rng, rng.randint(8, 26))
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), f"{rng.choice(FIRST)} {rng.choice(LAST)}")
    if rng.random() < 0.3:
        words[rng.randrange(1, len(words))] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice("......?")


def paragraph(rng: random.Random, vocab: Vocabulary = VOCAB) -> str:
    return " ".join(sentence(rng, vocab) for _ in range(rng.randint(2, 6)))


def article_text(rng: random.Random, words: int, vocab: Vocabulary = VOCAB) -> list[str]:
    """Paragraphs adding up to about ``words`` words."""
    paras, total = [], 0
    while total < words:
        p = paragraph(rng, vocab)
        paras.append(p)
        total += p.count(" ") + 1
    return paras


def headline(rng: random.Random, vocab: Vocabulary = VOCAB) -> str:
    words = vocab.take(rng, rng.randint(5, 10))
    words[rng.randrange(len(words))] = vocab.rare(rng)
    text = " ".join(words)
    return text[0].upper() + text[1:]


def slugify(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(p for p in out.split("-") if p)[:80].strip("-")


# -- the site's model -----------------------------------------------------------------


@dataclass
class Story:
    idx: int
    title: str
    slug: str
    section: str
    author: str
    published: dt.datetime
    tags: list[str]
    excerpt: str
    size: int  # target bytes of the page

    @property
    def path(self) -> str:
        d = self.published
        return f"/{d:%Y/%m/%d}/{self.slug}/"


@dataclass
class SiteSpec:
    """What a generated site is; its hash names the cache directory."""

    articles: int
    seed: int = 1
    min_kb: int = 60
    max_kb: int = 150
    tags: int = 60
    authors: int = 30

    def key(self) -> str:
        return (
            f"site-v{GENERATOR_VERSION}-a{self.articles}-s{self.seed}"
            f"-{self.min_kb}to{self.max_kb}kb-t{self.tags}-u{self.authors}"
        )


@dataclass
class SiteInfo:
    """What the generator wrote (``manifest.json`` in the site directory)."""

    root: str
    articles: list[str] = field(default_factory=list)  # article paths
    listings: int = 0
    feeds: int = 0
    sitemaps: int = 0
    html_bytes: int = 0
    gzip_bytes: int = 0

    @classmethod
    def load(cls, root: Path) -> SiteInfo:
        data = json.loads((root / "manifest.json").read_text())
        return cls(**data)


def _author_name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"


def build_stories(spec: SiteSpec) -> list[Story]:
    """All stories' metadata, newest last; cheap, so listings and rails can link anywhere."""
    rng = random.Random(spec.seed)
    start = dt.datetime(2021, 1, 4, 6, 0, tzinfo=dt.UTC)
    tags = [f"{VOCAB.rare(rng)}-{VOCAB.rare(rng)}" for _ in range(spec.tags)]
    stories, seen = [], set()
    moment = start
    for i in range(spec.articles):
        moment += dt.timedelta(minutes=rng.randint(20, 240))
        title = headline(rng)
        slug = slugify(title)
        while slug in seen:
            slug += f"-{i}"
        seen.add(slug)
        stories.append(
            Story(
                idx=i,
                title=title,
                slug=slug,
                section=rng.choice(SECTIONS),
                author=_author_name(rng.randrange(spec.authors)),
                published=moment,
                tags=rng.sample(tags, rng.randint(2, 5)),
                excerpt=sentence(rng),
                size=rng.randint(spec.min_kb * 1024, spec.max_kb * 1024),
            )
        )
    return stories


# -- page templates -------------------------------------------------------------------

_CSS_PROPS = (
    "margin:0 0 1.5em",
    "padding:.75rem 1rem",
    "display:flex",
    "flex-wrap:wrap",
    "gap:var(--wp--style--block-gap)",
    "font-size:clamp(1rem,1.2vw,1.25rem)",
    "line-height:1.6",
    "color:var(--wp--preset--color--contrast)",
    "background:#f5f3ef",
    "border-bottom:1px solid rgba(0,0,0,.08)",
    "text-transform:uppercase",
    "letter-spacing:.04em",
    "font-weight:700",
    "max-width:var(--wp--style--global--content-size)",
    "transition:opacity .2s ease-in-out",
    "position:relative",
    "z-index:20",
)


def inline_css(rng: random.Random, nbytes: int) -> str:
    """A WordPress-style global-styles block: many short rules, like the real thing."""
    out, size = [], 0
    while size < nbytes:
        sel = (
            f".wp-block-{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}"
            f"__{rng.choice(('inner', 'item', 'title', 'meta', 'link'))}-{rng.randrange(999)}"
        )
        rule = sel + "{" + ";".join(rng.sample(_CSS_PROPS, rng.randint(2, 6))) + "}"
        out.append(rule)
        size += len(rule)
    return "\n".join(out)


def inline_js(rng: random.Random, nbytes: int) -> str:
    """Settings blobs and loaders, the scripts a news WordPress page inlines."""
    out, size = [], 0
    while size < nbytes:
        key = f"td_{rng.choice(SYLLABLES)}{rng.randrange(9999)}"
        vals = {f"{rng.choice(SYLLABLES)}{j}": rng.randrange(10**6) for j in range(8)}
        line = f"var {key} = {json.dumps(vals)};window.{key}&&tdLoader.push({key});"
        out.append(line)
        size += len(line)
    return "\n".join(out)


def _img(rng: random.Random, alt: str, w: int = 696) -> str:
    n = rng.randrange(10**6)
    src = f"/wp-content/uploads/2023/{n % 12 + 1:02d}/img-{n}"
    srcset = ", ".join(f"{src}-{x}x{x * 2 // 3}.jpg {x}w" for x in (150, 300, 696, 1068, 1920))
    return (
        f'<img width="{w}" height="{w * 2 // 3}" src="{src}-{w}x{w * 2 // 3}.jpg" '
        f'class="attachment-td_{w}x0 size-td_{w}x0 wp-post-image entry-thumb" alt="{alt}" '
        f'decoding="async" loading="lazy" srcset="{srcset}" sizes="(max-width: {w}px) 100vw, '
        f'{w}px" title="{alt}">'
    )


def nav_menu() -> str:
    items = []
    for i, sec in enumerate(SECTIONS):
        sub = "".join(
            f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category '
            f'menu-item-{9000 + i * 10 + j}"><a href="/category/{sec}/?sub={j}" '
            f'class="td-link-element"><span class="td-element-style"></span>'
            f'<div class="tdb-menu-item-text">{sec.title()} {w}</div></a></li>'
            for j, w in enumerate(("news", "analysis", "in pictures", "explainers", "archive"))
        )
        items.append(
            f'<li id="menu-item-{800 + i}" class="menu-item menu-item-type-taxonomy '
            f'menu-item-object-category menu-item-has-children td-menu-item td-mega-menu">'
            f'<a href="/category/{sec}/"><div class="tdb-menu-item-text">{sec.title()}</div>'
            f'<i class="tdb-sub-menu-icon td-icon-down"></i></a>'
            f'<ul class="sub-menu">{sub}</ul></li>'
        )
    return (
        '<div class="tdb-block-inner td-fix-index"><nav class="td-header-menu" '
        'aria-label="Main menu"><ul id="menu-main-menu" class="tdb-block-menu tdb-menu">'
        + "".join(items)
        + "</ul></nav></div>"
    )


NAV = nav_menu()


def header(title: str) -> str:
    return (
        '<div class="td-header-template-wrap"><div class="td-header-desktop-wrap">'
        '<div class="tdc-zone"><div class="tdc_zone tdi_2 wpb_row td-pb-row">'
        '<div class="td-header-top-bar"><ul class="td-header-top-menu">'
        + "".join(
            f'<li><a href="/{p}/">{p.replace("-", " ").title()}</a></li>'
            for p in ("about-us", "contact", "advertise", "newsletters", "subscribe", "jobs")
        )
        + '</ul><div class="td-weather-top-widget">12&deg;C Riverside</div></div>'
        f'<div class="td-logo"><a href="/" rel="home"><img src="/logo.png" alt="{SITE_NAME}">'
        f'<span class="td-visual-hidden">{SITE_NAME}</span></a></div>'
        + NAV
        + '<form role="search" class="tdb-search-form" action="/"><input name="s" '
        'type="text" placeholder="Search"><button type="submit">Search</button></form>'
        "</div></div></div></div>"
    )


def footer(rng: random.Random, stories: list[Story]) -> str:
    cols = []
    for title, links in (
        ("Sections", [(f"/category/{s}/", s.title()) for s in SECTIONS]),
        (
            "Company",
            [
                (f"/{p}/", p.replace("-", " ").title())
                for p in ("about-us", "contact", "careers", "privacy-policy", "terms", "cookies")
            ],
        ),
        ("Latest", [(s.path, s.title) for s in rng.sample(stories, min(8, len(stories)))]),
    ):
        lis = "".join(f'<li><a href="{u}">{html.escape(t)}</a></li>' for u, t in links)
        cols.append(
            f'<div class="td-footer-col"><h4 class="block-title">{title}</h4><ul>{lis}</ul></div>'
        )
    return (
        '<footer class="td-footer-template-wrap"><div class="td-footer-wrap">'
        + "".join(cols)
        + f'<div class="td-sub-footer"><p>&copy; 2024 {SITE_NAME}. All rights reserved. '
        "Reproduction without permission is prohibited.</p>"
        '<ul class="td-social">'
        + "".join(
            f'<li><a href="https://{n}.com/riversidecourier" rel="noopener">{n}</a></li>'
            for n in ("facebook", "twitter", "instagram", "youtube", "linkedin")
        )
        + "</ul></div></div></footer>"
    )


def sidebar(rng: random.Random, stories: list[Story]) -> str:
    popular = "".join(
        f'<div class="td_module_flex td_module_flex_1"><div class="td-module-thumb">'
        f'<a href="{s.path}" rel="bookmark" class="td-image-wrap" title="{html.escape(s.title)}">'
        f"{_img(rng, html.escape(s.title), 218)}</a></div>"
        f'<div class="td-module-meta-info"><h3 class="entry-title td-module-title">'
        f'<a href="{s.path}" rel="bookmark">{html.escape(s.title)}</a></h3>'
        f'<span class="td-post-date"><time class="entry-date updated td-module-date" '
        f'datetime="{s.published.isoformat()}">{s.published:%B %d, %Y}</time></span></div></div>'
        for s in rng.sample(stories, min(8, len(stories)))
    )
    recent_comments = "".join(
        f'<li class="recentcomments"><span class="comment-author-link">{rng.choice(FIRST)}</span>'
        f' on <a href="{s.path}#comment-{rng.randrange(10**5)}">{html.escape(s.title)}</a></li>'
        for s in rng.sample(stories, min(5, len(stories)))
    )
    return (
        '<aside class="td-pb-span4 td-main-sidebar" role="complementary">'
        '<div class="td-ss-main-sidebar">'
        '<div class="td-a-rec td-a-rec-id-sidebar"><div id="div-gpt-ad-sidebar-1" '
        'class="ad-slot" data-size="300x250"></div></div>'
        '<div class="td_block_wrap td_block_popular"><h4 class="block-title">'
        f"<span>Most read</span></h4>{popular}</div>"
        '<div class="widget widget_newsletter"><h4 class="block-title">Newsletter</h4>'
        "<p>Get the day's top stories from Riverside in your inbox every morning.</p>"
        '<form class="tnp-subscription" method="post" action="/newsletter/subscribe/">'
        '<input type="email" name="ne" placeholder="Email address" required>'
        '<input type="submit" value="Subscribe"></form></div>'
        f'<div class="widget widget_recent_comments"><h4 class="block-title">Recent comments'
        f'</h4><ul id="recentcomments">{recent_comments}</ul></div>'
        '<div class="td-a-rec td-a-rec-id-sidebar2"><div id="div-gpt-ad-sidebar-2" '
        'class="ad-slot" data-size="300x600"></div></div></div></aside>'
    )


def comments(rng: random.Random, story: Story, n: int) -> str:
    items = []
    base = rng.randrange(10**5)
    for k in range(n):
        cid = base + k
        who = f"{rng.choice(FIRST)}{rng.randrange(99)}"
        items.append(
            f'<li class="comment even thread-even depth-1" id="li-comment-{cid}">'
            f'<article id="comment-{cid}" class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><img alt="" src="/avatar/{cid}.png" '
            f'class="avatar avatar-50 photo" height="50" width="50" loading="lazy">'
            f'<cite class="fn">{who}</cite></div><div class="comment-metadata">'
            f'<a href="{story.path}#comment-{cid}"><time datetime="'
            f'{(story.published + dt.timedelta(hours=k + 1)).isoformat()}">'
            f"{story.published:%B %d, %Y} at {k % 12 + 1}:{k * 7 % 60:02d} pm</time></a></div>"
            f'</footer><div class="comment-content"><p>{paragraph(rng)}</p></div>'
            f'<div class="reply"><a rel="nofollow" class="comment-reply-link" '
            f'href="#respond" data-commentid="{cid}" data-postid="{story.idx + 1000}">Reply</a>'
            f"</div></article></li>"
        )
    return (
        '<div class="comments" id="comments"><div class="td-comments-title-wrap">'
        f'<h4 class="block-title"><span>{n} COMMENTS</span></h4></div>'
        f'<ol class="comment-list">{"".join(items)}</ol>'
        '<div id="respond" class="comment-respond"><h3 id="reply-title" '
        'class="comment-reply-title">LEAVE A REPLY</h3>'
        '<form action="/wp-comments-post.php" method="post" id="commentform" '
        'class="comment-form"><div class="clearfix"></div><div class="comment-form-input-wrap '
        'td-form-comment"><textarea placeholder="Comment:" id="comment" name="comment" '
        'cols="45" rows="8" aria-required="true"></textarea></div>'
        '<div class="comment-form-input-wrap td-form-author"><input class="" id="author" '
        'name="author" placeholder="Name:*" type="text" value="" size="30" '
        'aria-required="true"></div><p class="form-submit"><input name="submit" '
        'type="submit" id="submit" class="submit" value="Post Comment"></p></form></div></div>'
    )


def related(rng: random.Random, story: Story, stories: list[Story]) -> str:
    picks = rng.sample(stories, min(12, len(stories)))
    items = "".join(
        f'<div class="td-related-span4"><div class="td_module_related_posts td-animation-stack '
        f'td_mod_related_posts"><div class="td-module-image"><div class="td-module-thumb">'
        f'<a href="{s.path}" rel="bookmark" class="td-image-wrap" title="{html.escape(s.title)}">'
        f"{_img(rng, html.escape(s.title), 218)}</a></div>"
        f'<a href="/category/{s.section}/" class="td-post-category">{s.section.title()}</a></div>'
        f'<div class="item-details"><h3 class="entry-title td-module-title">'
        f'<a href="{s.path}" rel="bookmark" title="{html.escape(s.title)}">'
        f"{html.escape(s.title)}</a></h3></div></div></div>"
        for s in picks
    )
    return (
        '<div class="td_block_wrap td_block_related_posts tdi_3 td_with_ajax_pagination '
        'td-pb-border-top td_block_template_1" data-td-block-uid="tdi_3">'
        '<h4 class="td-related-title td-block-title"><a id="tdi_4" class="td-related-left '
        'td-cur-simple-item" data-td_filter_value="" data-td_block_id="tdi_3" '
        'href="#">RELATED ARTICLES</a><a class="td-related-right" href="#">MORE FROM AUTHOR'
        f'</a></h4><div class="td_block_inner">{items}</div></div>'
    )


def share_bar(story: Story) -> str:
    nets = ("facebook", "twitter", "pinterest", "whatsapp", "linkedin", "email", "print")
    return (
        '<div class="td-post-sharing td-ps-bg td-ps-notext td-post-sharing-style1">'
        '<div class="td-post-sharing-visible"><span class="td-social-but-text">Share</span>'
        + "".join(
            f'<a class="td-social-sharing-button td-social-sharing-button-js td-social-network '
            f'td-social-{n}" href="https://share.example/{n}?u={story.path}" '
            f'title="{n.title()}"><div class="td-social-but-icon"><i class="td-icon-{n}"></i>'
            f'</div><div class="td-social-but-text">{n.title()}</div></a>'
            for n in nets
        )
        + "</div></div>"
    )


def head(title: str, canonical: str, extra: str, css: str, js: str) -> str:
    return (
        '<!doctype html>\n<html lang="en-GB"><head><meta charset="UTF-8">'
        f"<title>{html.escape(title)} - {SITE_NAME}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        '<meta name="robots" content="index, follow, max-image-preview:large">'
        f'<link rel="canonical" href="{canonical}">'
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" '
        'href="/feed/">'
        '<link rel="stylesheet" id="td-theme-css" href="/wp-content/themes/Newspaper/style.css?'
        'ver=12.6.1" type="text/css" media="all">'
        '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>'
        + extra
        + f'<style id="global-styles-inline-css">{css}</style>'
        f"<script>{js}</script></head>"
    )


def article_page(story: Story, stories: list[Story], seed: int) -> str:
    """One article page, padded with theme CSS/JS to its target size."""
    rng = random.Random(seed * 1_000_003 + story.idx)
    paras = article_text(rng, rng.randint(450, 1400))
    body_parts = []
    for k, p in enumerate(paras):
        body_parts.append(f"<p>{html.escape(p)}</p>")
        if k == 3:
            other = rng.choice(stories)
            body_parts.append(
                f'<div class="td-a-rec td-a-rec-id-content_inline"><div class="ad-slot" '
                f'id="div-gpt-ad-inline-{k}"></div></div><p class="read-also"><strong>Read '
                f'also:</strong> <a href="{other.path}">{html.escape(other.title)}</a></p>'
            )
        if k == 6 and rng.random() < 0.5:
            body_parts.append(f"<h2>{html.escape(headline(rng))}</h2>")
    iso = story.published.isoformat()
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": story.title,
                "datePublished": iso,
                "dateModified": iso,
                "author": {"@type": "Person", "name": story.author},
                "publisher": {"@type": "Organization", "name": SITE_NAME},
                "articleSection": story.section,
                "keywords": story.tags,
                "mainEntityOfPage": story.path,
                "wordCount": sum(p.count(" ") + 1 for p in paras),
            },
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Home", "item": "/"},
                    {
                        "@type": "ListItem",
                        "position": 2,
                        "name": story.section.title(),
                        "item": f"/category/{story.section}/",
                    },
                ],
            },
        ],
    }
    extra = (
        f'<meta property="og:type" content="article"><meta property="og:title" '
        f'content="{html.escape(story.title)}"><meta property="og:url" content="{story.path}">'
        f'<meta property="og:site_name" content="{SITE_NAME}">'
        f'<meta property="article:published_time" content="{iso}">'
        f'<meta name="author" content="{story.author}">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    )
    tags = "".join(f'<li><a href="/tag/{t}/">{t.replace("-", " ")}</a></li>' for t in story.tags)
    author_slug = slugify(story.author)
    main = (
        '<div class="td-main-content-wrap td-container-wrap"><div class="td-container">'
        '<div class="td-crumb-container"><div class="entry-crumbs"><span><a title="" '
        f'class="entry-crumb" href="/">Home</a></span> <i class="td-icon-right td-bread-sep">'
        f'</i> <span><a class="entry-crumb" href="/category/{story.section}/">'
        f"{story.section.title()}</a></span></div></div>"
        '<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main">'
        f'<article id="post-{story.idx + 1000}" class="post-{story.idx + 1000} post '
        f'type-post status-publish format-standard has-post-thumbnail category-{story.section}">'
        '<div class="td-post-header"><ul class="td-category"><li class="entry-category">'
        f'<a href="/category/{story.section}/">{story.section.title()}</a></li></ul>'
        f'<header class="td-post-title"><h1 class="entry-title">{html.escape(story.title)}'
        '</h1><div class="td-module-meta-info"><div class="td-post-author-name">'
        f'<div class="td-author-by">By</div> <a href="/author/{author_slug}/">{story.author}'
        '</a><div class="td-author-line"> - </div></div><span class="td-post-date">'
        f'<time class="entry-date updated td-module-date" datetime="{iso}">'
        f"{story.published:%B %d, %Y}</time></span>"
        f'<div class="td-post-comments"><a href="{story.path}#comments">'
        '<i class="td-icon-comments"></i>0</a></div></div></header></div>'
        + share_bar(story)
        + '<div class="td-post-content tagdiv-type"><div class="td-post-featured-image">'
        f'<figure>{_img(rng, html.escape(story.title))}<figcaption class="wp-caption-text">'
        f"{html.escape(sentence(rng))} Photo: {rng.choice(FIRST)} {rng.choice(LAST)}"
        "</figcaption></figure></div>"
        + "".join(body_parts)
        + "</div><footer>"
        + share_bar(story)
        + '<div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix">'
        f"<li><span>TAGS</span></li>{tags}</ul></div>"
        '<div class="td-author-name vcard author"><div class="author-box-wrap">'
        f'<a href="/author/{author_slug}/"><img alt="" src="/avatar/{author_slug}.png" '
        f'class="avatar avatar-96 photo" height="96" width="96"></a><div class="desc">'
        f'<div class="td-author-name vcard author"><a href="/author/{author_slug}/">'
        f'{story.author}</a></div><div class="td-author-description">{story.author} covers '
        f"{story.section} for the Courier.</div></div></div></div></footer></article>"
    )
    page_tail = related(rng, story, stories)
    page_head_len = 0
    # Comments until about three quarters of the target, then theme CSS/JS for the rest.
    n_comments = 0
    fixed = len(main) + len(page_tail) + 12_000 + 9_000  # + header, sidebar, footer
    while fixed + page_head_len < story.size * 0.72 and n_comments < 40:
        n_comments += 1
        page_head_len += 900
    thread = comments(rng, story, n_comments)
    side = sidebar(rng, stories)
    foot = footer(rng, stories)
    hdr = header(story.title)
    body = (
        f'<body class="post-template-default single single-post postid-{story.idx + 1000} '
        f'single-format-standard td-standard-pack global-block-template-1 td-full-layout">'
        f'<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div><div id="td-outer-wrap">'
        f"{hdr}{main}{page_tail}{thread}</div>{side}</div></div></div>{foot}"
        '<script src="/wp-content/themes/Newspaper/js/tagdiv_theme.min.js?ver=12.6.1" '
        'id="td-site-min-js"></script></div></body></html>'
    )
    rest = story.size - len(body) - 1200
    css = inline_css(rng, max(4000, int(rest * 0.65)))
    js = inline_js(rng, max(2000, int(rest * 0.35)))
    return head(story.title, story.path, extra, css, js) + body


def listing_page(
    title: str, canonical: str, items: list[Story], rng: random.Random, prev_next: str
) -> str:
    cards = "".join(
        f'<div class="td_module_flex td_module_flex_1 td_module_wrap td-animation-stack">'
        f'<div class="td-module-container td-category-pos-"><div class="td-image-container">'
        f'<div class="td-module-thumb"><a href="{s.path}" rel="bookmark" class="td-image-wrap">'
        f"{_img(rng, html.escape(s.title), 324)}</a></div></div>"
        f'<div class="td-module-meta-info"><h3 class="entry-title td-module-title">'
        f'<a href="{s.path}" rel="bookmark" title="{html.escape(s.title)}">'
        f'{html.escape(s.title)}</a></h3><div class="td-editor-date"><span '
        f'class="td-author-date"><span class="td-post-author-name"><a href="/author/'
        f'{slugify(s.author)}/">{s.author}</a></span> <span class="td-post-date">'
        f'<time datetime="{s.published.isoformat()}">{s.published:%B %d, %Y}</time></span>'
        f'</span></div><div class="td-excerpt">{html.escape(s.excerpt)}</div></div></div></div>'
        for s in items
    )
    body = (
        f'<body class="archive category td-standard-pack">{header(title)}'
        '<div class="td-main-content-wrap td-container-wrap"><div class="td-container">'
        f'<div class="td-page-header"><h1 class="entry-title td-page-title"><span>'
        f'{html.escape(title)}</span></h1></div><div class="td-ss-main-content">{cards}</div>'
        f'<div class="page-nav td-pb-padding-side">{prev_next}</div></div></div>'
        f"{footer(rng, items)}</body></html>"
    )
    css = inline_css(rng, 20_000)
    js = inline_js(rng, 6_000)
    extra = '<meta property="og:type" content="website">'
    return head(title, canonical, extra, css, js) + body


def rss(title: str, link: str, items: list[Story]) -> str:
    b = BASE_PLACEHOLDER
    entries = "".join(
        f"<item><title>{html.escape(s.title)}</title><link>{b}{s.path}</link>"
        f"<dc:creator><![CDATA[{s.author}]]></dc:creator>"
        f"<pubDate>{format_datetime(s.published)}</pubDate>"
        f"<category><![CDATA[{s.section.title()}]]></category>"
        f'<guid isPermaLink="false">{b}/?p={s.idx + 1000}</guid>'
        f"<description><![CDATA[{s.excerpt}]]></description></item>"
        for s in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{html.escape(title)}</title><link>{b}{link}</link>"
        f"<description>{SITE_NAME}</description><language>en-GB</language>"
        f"{entries}</channel></rss>"
    )


def sitemap(items: list[Story]) -> str:
    b = BASE_PLACEHOLDER
    urls = "".join(
        f"<url><loc>{b}{s.path}</loc><lastmod>{s.published.isoformat()}</lastmod></url>"
        for s in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


def sitemap_index(names: list[str]) -> str:
    b = BASE_PLACEHOLDER
    maps = "".join(f"<sitemap><loc>{b}/{n}</loc></sitemap>" for n in names)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
    )


# -- writing --------------------------------------------------------------------------


def _write(root: Path, rel: str, text: str, info: SiteInfo, *, compress: bool = True) -> None:
    path = root / rel.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    info.html_bytes += len(data)
    if compress:
        comp = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        gz = comp.compress(data) + comp.flush()
        Path(str(path) + ".gz").write_bytes(gz)
        info.gzip_bytes += len(gz)


def site_dir(spec: SiteSpec) -> Path:
    return CACHE_ROOT / spec.key()


def generate(spec: SiteSpec, progress=None) -> SiteInfo:
    """Write the site (or reuse the cached copy); ``progress(done, total)`` if given."""
    root = site_dir(spec)
    if (root / "manifest.json").exists():
        return SiteInfo.load(root)
    tmp = root.with_name(root.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    stories = build_stories(spec)
    info = SiteInfo(root=str(root))
    total = len(stories)
    for n, story in enumerate(stories):
        _write(tmp, story.path + "index.html", article_page(story, stories, spec.seed), info)
        info.articles.append(story.path)
        if progress and n % 50 == 0:
            progress(n, total)
    rng = random.Random(spec.seed + 99)
    newest = list(reversed(stories))
    # Section fronts with WordPress pagination, and their feeds.
    for sec in SECTIONS:
        items = [s for s in newest if s.section == sec]
        pages = max(1, -(-len(items) // LISTING_SIZE))
        for p in range(1, pages + 1):
            path = f"/category/{sec}/" + (f"page/{p}/" if p > 1 else "")
            nav = ""
            if p > 1:
                prev = f"/category/{sec}/" + (f"page/{p - 1}/" if p > 2 else "")
                nav += f'<a href="{prev}" class="prev">Previous</a>'
            if p < pages:
                nav += f'<a href="/category/{sec}/page/{p + 1}/" class="next">Next page</a>'
            chunk = items[(p - 1) * LISTING_SIZE : p * LISTING_SIZE]
            html_ = listing_page(f"{sec.title()} archives", path, chunk, rng, nav)
            _write(tmp, path + "index.html", html_, info)
            info.listings += 1
        _write(
            tmp,
            f"/category/{sec}/feed/index.rss",
            rss(sec.title(), f"/category/{sec}/", items[:30]),
            info,
            compress=False,
        )
        info.feeds += 1
    # Home page, tag and author pages (one page each: bounded, like a real site's first page).
    _write(tmp, "/index.html", listing_page(SITE_NAME, "/", newest[:30], rng, ""), info)
    tags = sorted({t for s in stories for t in s.tags})
    for tag in tags:
        items = [s for s in newest if tag in s.tags][:LISTING_SIZE]
        _write(
            tmp, f"/tag/{tag}/index.html", listing_page(tag, f"/tag/{tag}/", items, rng, ""), info
        )
        info.listings += 1
    for author in sorted({s.author for s in stories}):
        slug = slugify(author)
        items = [s for s in newest if s.author == author][:LISTING_SIZE]
        _write(
            tmp,
            f"/author/{slug}/index.html",
            listing_page(author, f"/author/{slug}/", items, rng, ""),
            info,
        )
        info.listings += 1
    _write(tmp, "/feed/index.rss", rss(SITE_NAME, "/", newest[:50]), info, compress=False)
    info.feeds += 1
    names = []
    for k in range(0, len(stories), SITEMAP_SIZE):
        name = f"post-sitemap{k // SITEMAP_SIZE + 1}.xml"
        _write(tmp, name, sitemap(stories[k : k + SITEMAP_SIZE]), info, compress=False)
        names.append(name)
    _write(tmp, "/sitemap_index.xml", sitemap_index(names), info, compress=False)
    info.sitemaps = len(names) + 1
    robots = (
        "User-agent: *\nDisallow: /wp-admin/\nDisallow: /?s=\nAllow: /wp-admin/admin-ajax.php\n"
        f"\nSitemap: {BASE_PLACEHOLDER}/sitemap_index.xml\n"
    )
    _write(tmp, "/robots.txt", robots, info, compress=False)
    info.root = str(root)
    (tmp / "manifest.json").write_text(json.dumps(info.__dict__))
    if progress:
        progress(total, total)
    os.replace(tmp, root)
    return info


# -- serving --------------------------------------------------------------------------

_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".rss": "application/rss+xml; charset=UTF-8",
    ".xml": "application/xml; charset=UTF-8",
    ".txt": "text/plain; charset=UTF-8",
}
_TEMPLATED = {".rss", ".xml", ".txt"}


class StaticSite:
    """Resolves request paths to files under one root; fills in the base URL in XML."""

    def __init__(self, root: Path, base: str) -> None:
        self.root = root.resolve()
        self.base = base.encode()
        self._templated: dict[Path, bytes] = {}

    def resolve(self, target: bytes) -> Path | None:
        path = unquote(target.split(b"?", 1)[0].decode("latin-1"))
        if "\x00" in path or "/.." in path:
            return None
        rel = path.lstrip("/")
        candidates = (
            [rel + "index.html", rel + "index.rss"]
            if path.endswith("/")
            else [rel, rel + "/index.html"]
        )
        for c in candidates:
            p = self.root / c
            if p.is_file():
                return p
        return None

    def templated(self, path: Path) -> bytes:
        data = self._templated.get(path)
        if data is None:
            data = path.read_bytes().replace(BASE_PLACEHOLDER.encode(), self.base)
            self._templated[path] = data
        return data


async def _handle(
    site: StaticSite, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    loop = asyncio.get_running_loop()
    try:
        while True:
            try:
                head_ = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                break
            lines = head_.split(b"\r\n")
            try:
                method, target, _version = lines[0].split(b" ", 2)
            except ValueError:
                break
            gz_ok = close = False
            for line in lines[1:]:
                low = line.lower()
                if low.startswith(b"accept-encoding:") and b"gzip" in low:
                    gz_ok = True
                elif low.startswith(b"connection:") and b"close" in low:
                    close = True
            path = site.resolve(target)
            if path is None:
                body = b"<html><body><h1>Not Found</h1></body></html>"
                writer.write(
                    b"HTTP/1.1 404 Not Found\r\nServer: newssite\r\n"
                    b"Content-Type: text/html; charset=UTF-8\r\n"
                    b"Content-Length: %d\r\n\r\n%s"
                    % (len(body), body if method != b"HEAD" else b"")
                )
                await writer.drain()
                if close:
                    break
                continue
            ctype = _TYPES.get(path.suffix, "application/octet-stream").encode()
            if path.suffix in _TEMPLATED:
                body = site.templated(path)
                writer.write(
                    b"HTTP/1.1 200 OK\r\nServer: newssite\r\nContent-Type: %s\r\n"
                    b"Content-Length: %d\r\n\r\n" % (ctype, len(body))
                )
                if method != b"HEAD":
                    writer.write(body)
                await writer.drain()
            else:
                enc = b""
                gz = Path(str(path) + ".gz")
                if gz_ok and gz.exists():
                    path, enc = gz, b"Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n"
                with open(path, "rb") as fh:
                    size = os.fstat(fh.fileno()).st_size
                    writer.write(
                        b"HTTP/1.1 200 OK\r\nServer: newssite\r\nContent-Type: %s\r\n%s"
                        b"Content-Length: %d\r\n\r\n" % (ctype, enc, size)
                    )
                    if method != b"HEAD":
                        await loop.sendfile(writer.transport, fh)
                    else:
                        await writer.drain()
            if close:
                break
    finally:
        writer.close()


def serve(root: Path, sock: socket.socket, base: str) -> None:
    site = StaticSite(root, base)

    async def main() -> None:
        server = await asyncio.start_server(
            lambda r, w: _handle(site, r, w), sock=sock, backlog=512
        )
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def serve_main(argv: list[str]) -> int:
    """``python -m bench.newssite serve ROOT [--procs N]``: prints ``READY <port>``."""
    ap = argparse.ArgumentParser(prog="newssite serve")
    ap.add_argument("root", type=Path)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--procs", type=int, default=1)
    args = ap.parse_args(argv)
    if not (args.root / "manifest.json").exists():
        print(f"newssite: no generated site in {args.root}", file=sys.stderr)
        return 2
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(512)
    sock.setblocking(False)
    port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    children = []
    for _ in range(max(0, args.procs - 1)):  # pre-fork: all share the listening socket
        pid = os.fork()
        if pid == 0:
            serve(args.root, sock, base)
            os._exit(0)
        children.append(pid)
    print(f"READY {port}", flush=True)
    try:
        serve(args.root, sock, base)
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:
        return serve_main(argv[1:])
    ap = argparse.ArgumentParser(description="generate the benchmark news site")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    info = generate(SiteSpec(args.articles, args.seed))
    print(
        f"{info.root}: {len(info.articles)} articles, {info.listings} listings, "
        f"{info.feeds} feeds, {info.sitemaps} sitemaps, {info.html_bytes / 1e6:.1f} MB html"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = [
    "VOCAB",
    "SiteInfo",
    "SiteSpec",
    "Story",
    "Vocabulary",
    "article_text",
    "generate",
    "headline",
    "sentence",
]
