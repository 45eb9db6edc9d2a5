# ruff: noqa: E501 - HTML templates keep their markup on one line, as a CMS would emit it
"""A big publisher on an Arc XP-like stack: JSON-LD @graph, dated URLs, AMP, feeds, paywall.

What makes it hard: video pages, photo galleries and podcast episodes share the
article URL shape and sometimes og:type=article; galleries carry hundreds of words
of captions and videos a transcript; AMP copies live under a path *prefix*
(``/amp/world/...``), which URL rules that look for a suffix miss; internal links
carry a tracking parameter (``itid``) that is not ``utm_*``; a cookie banner, a
paywall teaser, a "most read" rail and a recirculation block surround the text;
the whole story is duplicated as JSON in a script; one article answers 503 once.
Responses are gzipped when the client asks.
"""

from __future__ import annotations

import json
import random
import re

from bench.sites.common import (
    esc,
    iso,
    news_sitemap,
    pdf_bytes,
    rfc822,
    robots_txt,
    sitemap_index,
    sitemap_xml,
    truth,
)
from bench.sites.prose import Story, Writer, slugify
from bench.sites.server import Resp, Site

NAME = "arc"
SITE_NAME = "The Meridian Post"
XML = "?outputType=xml"

SECTIONS = [
    ("world/europe", "world", "Europe", 6),
    ("world/asia", "world", "Asia", 4),
    ("world/africa", "world", "Africa", 3),
    ("politics", "politics", "Politics", 5),
    ("business", "business", "Business", 5),
    ("sports", "sport", "Sports", 4),
    ("science", "science", "Science", 3),
    ("opinions", "opinion", "Opinions", 3),
]
DISALLOW = ["/search/", "/pf/", "/account/", "/interactive/private/", "/subscribe/checkout/"]


class Arc:
    def __init__(self, base: str) -> None:
        self.site = Site(NAME, base, "Arc XP-like publisher: JSON-LD @graph, /amp/ prefix, paywall")
        self.site.gzip = True
        self.site.ignored = re.compile(r"^(utm_\w+|itid|promo)$", re.IGNORECASE)
        self.base = self.site.base
        self.w = Writer(2001)
        self.rng = random.Random(2002)
        self.stories: list[Story] = []
        self.path: dict[int, str] = {}
        self.kind: dict[int, str] = {}
        self.label: dict[int, str] = {}
        self.videos: list[tuple[Story, str, bool]] = []
        self.galleries: list[tuple[Story, str]] = []
        self.podcasts: list[tuple[Story, str]] = []
        self.live: Story | None = None

    def url(self, path: str) -> str:
        return self.base + path

    # -- content ------------------------------------------------------------------
    def make(self) -> None:
        for sec_path, writer_sec, label, n in SECTIONS:
            for i in range(n):
                brief = writer_sec == "politics" and i >= 3
                s = self.w.story(writer_sec, brief=brief)
                self._add(s, sec_path, label, "brief" if brief else "article")
        # one brief in world/europe too
        s = self.w.story("world", brief=True)
        self._add(s, "world/europe", "Europe", "brief")
        self.live = self.w.story("world", words=700)
        self.live.title = "Live updates: " + self.live.title
        self.live.slug = slugify(self.live.title)
        self._add(self.live, "world", "World", "liveblog")
        self.stories.sort(key=lambda s: s.published, reverse=True)
        for i in range(5):
            v = self.w.story("world", brief=True)
            d = v.published
            path = f"/video/world/{d:%Y/%m/%d}/{v.slug}/"
            self.videos.append((v, path, i < 2))
        for _ in range(3):
            g = self.w.story("world", brief=True)
            g.title = "In pictures: " + g.title
            path = f"/photography/{g.published:%Y/%m/%d}/{slugify(g.title)}/"
            self.galleries.append((g, path))
        for _ in range(2):
            p = self.w.story("politics", brief=True)
            self.podcasts.append((p, f"/podcasts/the-briefing/{p.slug}/"))

    def _add(self, s: Story, sec_path: str, label: str, kind: str) -> None:
        d = s.published
        self.stories.append(s)
        self.path[s.id] = f"/{sec_path}/{d:%Y/%m/%d}/{s.slug}/"
        self.kind[s.id] = kind
        self.label[s.id] = label

    # -- chrome -------------------------------------------------------------------
    def layout(
        self, title: str, main: str, *, head: str, fusion: dict, body_class: str = ""
    ) -> str:
        nav = "".join(
            f'<li class="c-nav__item"><a class="c-nav__link" href="/{p}/">{lbl}</a></li>'
            for p, lbl in [
                ("world", "World"),
                ("world/europe", "Europe"),
                ("world/asia", "Asia"),
                ("world/africa", "Africa"),
                ("politics", "Politics"),
                ("business", "Business"),
                ("sports", "Sports"),
                ("science", "Science"),
                ("opinions", "Opinions"),
                ("video", "Video"),
                ("photography", "Photography"),
                ("podcasts", "Podcasts"),
            ]
        )
        fusion_js = json.dumps(fusion, ensure_ascii=False).replace("</", "<\\/")
        return f"""<!DOCTYPE html><html lang="en-US"><head><meta charSet="UTF-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{esc(title)} - {SITE_NAME}</title>
{head}
<link rel="preconnect" href="https://cdn.example-cdn.net"/><link rel="stylesheet" href="/pf/resources/dist/mpost/css/style.css?d=812"/>
<script async src="/pf/resources/js/ads.js?d=812"></script>
</head><body class="{body_class}"><div id="fusion-app" class="layout-section wrap-bottom">
<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" class="otFloatingRoundedCorner ot-wo-title" tabindex="0" role="region" aria-label="Cookie banner"><div role="alertdialog" aria-describedby="onetrust-policy"><div class="ot-sdk-container"><div class="ot-sdk-row"><div id="onetrust-group-container" class="ot-sdk-eight ot-sdk-columns"><div id="onetrust-policy"><h2 id="onetrust-policy-title">We value your privacy</h2><div id="onetrust-policy-text">We and our 214 partners store and access information on your device, such as cookies, and process personal data such as unique identifiers and standard information sent by your device, for the purposes described below. You may click to consent to our and our partners' processing for such purposes. Alternatively, you may click to refuse to consent, or access more detailed information and change your preferences before consenting. Your preferences will apply to this website only. Please note that some processing of your personal data may not require your consent, but you have a right to object to such processing. <a class="ot-cookie-policy-link" href="/privacy-policy/" aria-label="More information about your privacy, opens in a new tab" rel="noopener" target="_blank">Privacy Policy</a></div></div></div><div id="onetrust-button-group-parent" class="ot-sdk-three ot-sdk-columns"><div id="onetrust-button-group"><button id="onetrust-pc-btn-handler">Manage Preferences</button><button id="onetrust-reject-all-handler">Reject All</button><button id="onetrust-accept-btn-handler">Accept All Cookies</button></div></div></div></div></div></div></div>
<header class="c-nav" role="banner"><div class="c-nav__top"><a class="c-nav__logo" href="/" aria-label="{SITE_NAME} homepage"><svg role="img" viewBox="0 0 300 40"><title>{SITE_NAME}</title></svg></a>
<a class="c-nav__search" href="/search/?query=" aria-label="Search">Search</a><a class="c-nav__signin" href="/account/login/?next=%2F">Sign in</a><a class="c-nav__subscribe" href="/subscribe/?promo=nav">Subscribe</a></div>
<nav aria-label="Sections"><ul class="c-nav__list">{nav}</ul></nav></header>
{main}
<footer class="c-footer" role="contentinfo"><div class="c-footer__cols">
<ul><li><a href="/about-the-meridian-post/">About The Post</a></li><li><a href="/help/">Help</a></li><li><a href="/newsletters/">Newsletters</a></li><li><a href="/arc/outboundfeeds/rss/{XML}">RSS</a></li></ul>
<ul><li><a href="/privacy-policy/">Privacy Policy</a></li><li><a href="/terms-of-service/">Terms of Service</a></li><li><a href="/privacy-policy/#cookies">Cookie Settings</a></li></ul>
<ul><li><a href="/interactive/2025/election-results-map/">Election results map</a></li><li><a href="/podcasts/">Podcasts</a></li></ul></div>
<p class="c-footer__copy">&#169; 1996-2025 {SITE_NAME}</p></footer>
</div>
<script id="fusion-metadata" type="application/javascript">window.Fusion=window.Fusion||{{}};Fusion.arcSite="mpost";Fusion.deployment="812";Fusion.globalContent={fusion_js};Fusion.globalContentConfig={{"source":"content-api","query":{{}}}};</script>
<script src="/pf/dist/engine/react.js?d=812" defer></script>
</body></html>
"""

    def meta_head(
        self,
        title: str,
        desc: str,
        canonical: str,
        og_type: str | None,
        extra: str = "",
        jsonld: object | None = None,
    ) -> str:
        head = (
            f'<meta name="description" content="{esc(desc)}"/>\n'
            f'<link rel="canonical" href="{self.url(canonical)}"/>\n'
            f'<meta property="og:title" content="{esc(title)}"/>\n'
            f'<meta property="og:url" content="{self.url(canonical)}"/>\n'
            f'<meta property="og:site_name" content="{SITE_NAME}"/>\n'
            '<meta name="twitter:card" content="summary_large_image"/>\n'
            '<meta name="twitter:site" content="@meridianpost"/>\n'
        )
        if og_type:
            head += f'<meta property="og:type" content="{og_type}"/>\n'
        if jsonld is not None:
            head += (
                '<script type="application/ld+json">'
                + json.dumps(jsonld, ensure_ascii=False)
                + "</script>\n"
            )
        head += (
            '<link rel="alternate" type="application/rss+xml" title="The Meridian Post" '
            f'href="{self.url("/arc/outboundfeeds/rss/" + XML)}"/>\n'
        )
        return head + extra

    def person(self, name: str) -> dict:
        return {"@type": "Person", "name": name, "url": self.url(f"/people/{slugify(name, 3)}/")}

    def graph(self, s: Story, typ: str, path: str, **more) -> dict:
        main = {
            "@type": typ,
            "@id": self.url(path) + "#article",
            "headline": s.title,
            "description": s.standfirst,
            "datePublished": iso(s.published, "Z"),
            "dateModified": iso(s.published, "Z"),
            "author": [self.person(s.author)],
            "publisher": {"@id": self.url("/#organization")},
            "mainEntityOfPage": {"@type": "WebPage", "@id": self.url(path)},
            "isAccessibleForFree": False,
            "hasPart": {
                "@type": "WebPageElement",
                "isAccessibleForFree": False,
                "cssSelector": ".paywall",
            },
            "image": [self.url("/resizer/v2/" + s.slug[:12] + ".jpg?auth=9f1c&width=1440")],
        }
        main.update(more)
        return {
            "@context": "https://schema.org",
            "@graph": [
                main,
                {
                    "@type": "BreadcrumbList",
                    "itemListElement": [
                        {"@type": "ListItem", "position": 1, "name": "Home", "item": self.url("/")},
                        {
                            "@type": "ListItem",
                            "position": 2,
                            "name": self.label.get(s.id, "World"),
                            "item": self.url("/" + path.strip("/").split("/")[0] + "/"),
                        },
                    ],
                },
                {
                    "@type": "NewsMediaOrganization",
                    "@id": self.url("/#organization"),
                    "name": SITE_NAME,
                    "logo": {"@type": "ImageObject", "url": self.url("/logo.png")},
                },
            ],
        }

    def most_read(self) -> str:
        items = "".join(
            f'<li class="c-most-read__item"><span class="c-most-read__rank">{i}</span>'
            f'<a href="{self.path[s.id]}?itid=mr_{i}">{esc(s.title)}</a></li>'
            for i, s in enumerate(self.stories[3:8], 1)
        )
        return f'<aside class="c-most-read" aria-label="Most Read"><h2 class="c-most-read__title">Most Read</h2><ol>{items}</ol></aside>'

    def card(self, s: Story, itid: str = "") -> str:
        href = self.path[s.id] + (f"?itid={itid}" if itid else "")
        return (
            f'<div class="c-card"><div class="c-card__kicker">{esc(self.label[s.id])}</div>'
            f'<h3 class="c-card__headline"><a href="{href}">{esc(s.title)}</a></h3>'
            f'<p class="c-card__blurb">{esc(s.standfirst)}</p>'
            f'<span class="c-card__byline">By {esc(s.author)}</span></div>'
        )

    def fusion(self, s: Story) -> dict:
        return {
            "_id": f"{s.id:06d}ZQ4XNGKAJLD",
            "type": "story",
            "canonical_url": self.path.get(s.id, ""),
            "headlines": {"basic": s.title},
            "subheadlines": {"basic": s.standfirst},
            "credits": {"by": [{"name": s.author}]},
            "content_elements": [
                {"type": "text", "_id": f"P{i}", "content": p} for i, p in enumerate(s.paragraphs)
            ],
        }

    # -- pages --------------------------------------------------------------------
    def article(self, s: Story) -> str:
        path = self.path[s.id]
        kind = self.kind[s.id]
        if kind == "liveblog":
            return self.liveblog(s)
        typ = "OpinionNewsArticle" if path.startswith("/opinions/") else "NewsArticle"
        amp = "/amp" + path
        extra = (
            f'<link rel="amphtml" href="{self.url(amp)}"/>\n'
            f'<meta property="article:published_time" content="{iso(s.published, "Z")}"/>\n'
            f'<meta property="article:section" content="{esc(self.label[s.id])}"/>\n'
            f'<meta name="author" content="{esc(s.author)}"/>\n'
        )
        head = self.meta_head(
            s.title, s.standfirst, path, "article", extra, self.graph(s, typ, path)
        )
        body = []
        if kind == "article" and s.id % 3 == 0:
            body.append(
                '<div class="c-key-points"><h2>Key points</h2><ul>'
                + "".join(f"<li>{esc(k)}</li>" for k in self.key_points(s))
                + "</ul></div>"
            )
        for i, p in enumerate(s.paragraphs):
            body.append(f'<p class="c-paragraph" data-el="text" dir="null">{esc(p)}</p>')
            if i == 2 and kind == "article" and s.id % 4 == 1:
                quote = p.split(". ")[0].rstrip(".")
                body.append(f'<blockquote class="c-pullquote"><p>{esc(quote)}</p></blockquote>')
            if i == 3 and kind == "article" and s.id % 5 == 3:
                body.append(
                    '<blockquote class="twitter-tweet" data-dnt="true"><p lang="en" dir="ltr">'
                    "Huge turnout this morning. Thread below on what was agreed and what was not "
                    '1/7</p>&mdash; Meridian Post World (@mpostworld) <a href="https://twitter.com/'
                    'mpostworld/status/1900000000000000000">March 14, 2025</a></blockquote>'
                )
            if i == 1 and kind != "brief":
                body.append(
                    '<div class="ad-slot ad-slot--inline" data-ad-name="inline_1" aria-hidden="true"></div>'
                )
            if i == 2 and len(self.stories) > 1:
                other = self.stories[(self.stories.index(s) + 5) % len(self.stories)]
                if other is not s:
                    body.append(
                        f'<div class="c-related-link"><span>Related:</span> <a href="{self.path[other.id]}'
                        f'?itid=lk_inline_manual_{i}">{esc(other.title)}</a></div>'
                    )
            if i == 3 and kind != "brief":
                body.append(
                    '<div class="c-paywall-teaser" id="paywall-teaser" data-qa="subscribe-promo">'
                    "<h3>Keep reading with a digital subscription</h3><p>Get unlimited access to "
                    "award-winning journalism from 1,200 reporters in 40 countries, the daily "
                    "crossword and our apps, for $1 every four weeks for the first year. Cancel "
                    'anytime.</p><a class="c-button" href="/subscribe/?promo=article">Subscribe'
                    '</a> <a href="/account/login/?next=' + path + '">Already a subscriber? Sign in'
                    "</a></div>"
                )
            if i == 4 and kind == "article":
                body.append(
                    '<div class="c-newsletter-inline"><p>Sign up for <b>Today\'s WorldView</b>, '
                    "the smartest take on the world's news, in your inbox every weekday. "
                    '<a href="/newsletters/?utm_source=article&amp;utm_medium=inline&amp;'
                    'utm_campaign=worldview">Sign up</a></p></div>'
                )
            if i == 4 and s.id % 6 == 1:
                body.append(
                    '<p class="c-paragraph" data-el="text">Earlier coverage: <a href="/world/2025/'
                    '02/28/border-talks-collapse-overnight/">border talks collapsed overnight</a>'
                    " in February.</p>"
                )
            if i == 5 and s.id % 6 == 2:
                body.append(
                    '<p class="c-paragraph" data-el="text">Read the <a href="/documents/2025/03/'
                    'summit-communique.pdf">full communiqué (PDF)</a>.</p>'
                )
        if kind == "article" and s.id % 7 == 2:
            body.append(f'<p class="c-correction"><i>{esc(self.correction(s))}</i></p>')
        moved = [
            o
            for o in self.stories
            if o.id % 11 == 0 and o.id != s.id and self.path[o.id].startswith("/world/europe/")
        ]
        if s.id % 4 == 0 and moved:
            o = moved[0]
            old = "/world/" + self.path[o.id].split("/", 3)[3]
            body.append(
                f'<p class="c-paragraph" data-el="text">Background: <a href="{old}">{esc(o.title)}</a></p>'
            )
        share = ""
        if s.id % 5 == 0:
            share = f'<a class="c-share__link" href="/s/{s.id:03d}mp{s.slug[:3]}">Copy link</a>'
        same = [o for o in self.stories if o.id != s.id and self.label[o.id] == self.label[s.id]]
        recirc = "".join(self.card(o, f"hp-more-{i}") for i, o in enumerate(same[:6]))
        main = f"""<main id="main-content" class="b-single-chain" role="main">
<div class="b-article-header"><nav class="c-overline"><a href="/{path.strip("/").split("/")[0]}/">{esc(self.label[s.id])}</a></nav>
<h1 class="b-headline" data-qa="headline">{esc(s.title)}</h1>
<h2 class="b-subheadline" data-qa="subheadline">{esc(s.standfirst)}</h2>
<div class="c-byline" data-qa="author-byline"><span>By </span><a class="c-byline__link" rel="author" href="/people/{slugify(s.author, 3)}/">{esc(s.author)}</a></div>
<div class="c-date" data-qa="timestamp"><time datetime="{iso(s.published, "Z")}">{s.published:%B %-d, %Y at %-I:%M %p} EDT</time></div>
<div class="c-share">{share}<a class="c-share__link" href="https://www.facebook.com/sharer/sharer.php?u={self.url(path)}">Share</a></div></div>
<figure class="c-media-item"><img src="/resizer/v2/{s.slug[:12]}.jpg?auth=9f1c&amp;width=916" alt="" width="916" height="611"/><figcaption class="c-media-item__caption">{esc(self.w.sentence(s.section))} (Photo by Agence Photo)</figcaption></figure>
<article class="b-article-body" data-qa="article-body"><div class="paywall">{"".join(body)}</div></article>
<div class="c-author-bio"><p><b>{esc(s.author)}</b> is a correspondent for {SITE_NAME}.</p></div>
{self.most_read()}
<section class="c-recirc"><h2>More from {esc(self.label[s.id])}</h2>{recirc}</section>
</main>"""
        return self.layout(s.title, main, head=head, fusion=self.fusion(s), body_class="story")

    def key_points(self, s: Story) -> list[str]:
        return [p.split(". ")[0].rstrip(".") + "." for p in s.paragraphs[1:4]]

    def correction(self, s: Story) -> str:
        return (
            f"Correction: An earlier version of this article misstated the date of the meeting. "
            f"It took place on {s.published:%A}."
        )

    def liveblog(self, s: Story) -> str:
        path = self.path[s.id]
        updates = []
        paras = s.paragraphs
        t = s.published
        for i, p in enumerate(paras):
            stamp = t.replace(minute=(t.minute + i * 7) % 60)
            updates.append(
                f'<div class="c-live-update" id="link-U{i}"><time datetime="{iso(stamp, "Z")}">'
                f'{stamp:%-I:%M %p}</time><h3 class="c-live-update__headline">'
                f"{esc(' '.join(p.split()[:7]))}</h3><p>{esc(p)}</p></div>"
            )
        ld = self.graph(
            s,
            "LiveBlogPosting",
            path,
            coverageStartTime=iso(s.published, "Z"),
            liveBlogUpdate=[
                {"@type": "BlogPosting", "headline": " ".join(p.split()[:7]), "articleBody": p}
                for p in paras[:5]
            ],
        )
        head = self.meta_head(
            s.title,
            s.standfirst,
            path,
            "article",
            f'<meta property="article:published_time" content="{iso(s.published, "Z")}"/>\n',
            ld,
        )
        main = f"""<main id="main-content" class="b-live-chain"><h1 class="b-headline">{esc(s.title)}</h1>
<div class="c-live-badge">LIVE</div><h2 class="b-subheadline">{esc(s.standfirst)}</h2>
<div class="c-byline"><span>By </span><a class="c-byline__link" href="/people/{slugify(s.author, 3)}/">{esc(s.author)}</a></div>
<article class="b-live-updates">{"".join(updates)}</article>{self.most_read()}</main>"""
        return self.layout(s.title, main, head=head, fusion=self.fusion(s), body_class="liveblog")

    def amp(self, s: Story) -> str:
        path = self.path[s.id]
        return f"""<!doctype html><html amp lang="en"><head><meta charset="utf-8"><script async src="https://cdn.ampproject.org/v0.js"></script>
<title>{esc(s.title)} - {SITE_NAME}</title><link rel="canonical" href="{self.url(path)}">
<meta name="viewport" content="width=device-width"><style amp-boilerplate>body{{visibility:hidden}}</style>
<script type="application/ld+json">{json.dumps(self.graph(s, "NewsArticle", path))}</script></head>
<body><header class="amp-header"><a href="/">{SITE_NAME}</a></header><article><h1>{esc(s.title)}</h1><p class="byline">By {esc(s.author)}</p>
{"".join(f"<p>{esc(p)}</p>" for p in s.paragraphs)}</article><amp-analytics type="comscore"></amp-analytics></body></html>"""

    def front(
        self,
        path: str,
        title: str,
        stories: list[Story],
        jsonld_type: str | None,
        media: list[tuple[Story, str]] = (),
    ) -> None:
        cards = "".join(self.card(s) for s in stories[:20])
        cards += "".join(
            f'<div class="c-card c-card--media"><h3 class="c-card__headline"><a href="{p}">'
            f'{esc(s.title)}</a></h3><p class="c-card__blurb">{esc(s.standfirst)}</p></div>'
            for s, p in media
        )
        ld = None
        if jsonld_type:
            ld = {
                "@context": "https://schema.org",
                "@type": jsonld_type,
                "name": title,
                "url": self.url(path),
            }
        head = self.meta_head(f"{title} news", f"The latest {title} news", path, "website", "", ld)
        more = (
            '<a class="c-load-more" href="/pf/api/v3/content/fetch/section-feed?query=%7B%22'
            f'section%22%3A%22{path.strip("/")}%22%2C%22offset%22%3A20%7D&amp;d=812">Load more</a>'
        )
        main = f"""<main id="main-content" class="b-section-front"><h1 class="b-section-title">{esc(title)}</h1>
<div class="b-top-table-list">{cards}</div>{more}{self.most_read()}</main>"""
        self.site.page(
            path,
            self.layout(
                title, main, head=head, fusion={"section": path}, body_class="section-front"
            ),
        )
        self.site.manifest.non_articles.append(self.url(path))

    def simple(
        self,
        path: str,
        title: str,
        paragraphs: list[str],
        *,
        og_type: str | None = "website",
        jsonld: object | None = None,
        extra_head: str = "",
        extra_main: str = "",
    ) -> None:
        head = self.meta_head(
            title, paragraphs[0] if paragraphs else title, path, og_type, extra_head, jsonld
        )
        main = (
            f'<main id="main-content" class="b-page"><h1 class="b-headline">{esc(title)}</h1>'
            + "".join(f'<p class="c-paragraph">{esc(p)}</p>' for p in paragraphs)
            + extra_main
            + "</main>"
        )
        self.site.page(path, self.layout(title, main, head=head, fusion={"page": path}))
        self.site.manifest.non_articles.append(self.url(path))

    def build(self) -> Site:
        self.make()
        site, m = self.site, self.site.manifest
        site.not_found_html = self.layout(
            "Page not found",
            "<main><h1>We can't find the page you're looking for.</h1></main>",
            head="",
            fusion={},
        )
        for n, s in enumerate(self.stories):
            path = self.path[s.id]
            html = self.article(s)
            variants = []
            if n == 4:
                site.add(
                    path, Resp(200, html.encode(), "text/html; charset=utf-8", fail_first=[503])
                )
            else:
                site.page(path, html)
            if self.kind[s.id] != "liveblog":
                site.page("/amp" + path, self.amp(s))
                variants.append(self.url("/amp" + path))
            if s.id % 5 == 0:
                site.redirect(f"/s/{s.id:03d}mp{s.slug[:3]}", self.url(path), 302)
                variants.append(self.url(f"/s/{s.id:03d}mp{s.slug[:3]}"))
            if s.id % 11 == 0 and path.startswith("/world/europe/"):
                old = "/world/" + path.split("/", 3)[3]
                site.redirect(old, self.url(path), 301)
                variants.append(self.url(old))
            extra = " ".join(self.key_points(s)) + " " + self.correction(s)
            m.articles.append(truth(self.url(path), variants, self.kind[s.id], s, extra))

        # Home page, with a legacy "Latest" widget that links AMP URLs.
        latest = "".join(
            f'<li><a href="/amp{self.path[s.id]}">{esc(s.title)}</a></li>'
            for s in self.stories[:3]
            if self.kind[s.id] != "liveblog"
        )
        hero = self.stories[1]
        hero_html = (
            f'<div class="c-hero"><a href="{self.path[hero.id]}?utm_source=homepage&amp;utm_medium='
            f'hero&amp;utm_campaign=top">{esc(hero.title)}</a></div>'
        )
        live = (
            hero_html
            + f'<div class="c-live-promo"><span>LIVE</span> <a href="{self.path[self.live.id]}">{esc(self.live.title)}</a></div>'
        )
        cards = "".join(self.card(s, f"hp-top-{i}") for i, s in enumerate(self.stories[:24]))
        videos = "".join(f'<li><a href="{p}">{esc(v.title)}</a></li>' for v, p, _ in self.videos)
        ld = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": SITE_NAME,
            "url": self.url("/"),
            "potentialAction": {
                "@type": "SearchAction",
                "target": self.url("/search/?query={q}"),
                "query-input": "required name=q",
            },
        }
        head = self.meta_head(SITE_NAME, "Breaking news and analysis", "/", "website", "", ld)
        main = f"""<main id="main-content" class="b-homepage">{live}
<div class="b-top-table-list">{cards}</div>
<section class="c-latest-widget"><h2>Latest</h2><ul>{latest}</ul></section>
<section class="c-video-rail"><h2>Video</h2><ul>{videos}</ul></section>{self.most_read()}</main>"""
        site.page(
            "/",
            self.layout(
                SITE_NAME, main, head=head, fusion={"page": "homepage"}, body_class="homepage"
            ),
        )
        m.non_articles.append(self.url("/"))

        fronts = [("world", "World", "CollectionPage")]
        fronts += [
            (p, lbl, "CollectionPage" if i % 2 else None)
            for i, (p, _w, lbl, _n) in enumerate(SECTIONS)
        ]
        for p, lbl, ltype in fronts:
            chosen = [s for s in self.stories if self.path[s.id].startswith(f"/{p}/")]
            self.front(f"/{p}/", lbl, chosen, ltype)

        for v, path, transcript in self.videos:
            ld = {
                "@context": "https://schema.org",
                "@type": "VideoObject",
                "name": v.title,
                "description": v.standfirst,
                "uploadDate": iso(v.published, "Z"),
                "thumbnailUrl": self.url("/resizer/v2/vid.jpg"),
                "duration": "PT2M41S",
                "contentUrl": self.url(path + "video.mp4"),
            }
            extra_main = (
                '<div class="c-video-player"><video controls preload="none" poster="/resizer/v2/vid.jpg">'
                '</video></div><p class="c-video-caption">' + esc(" ".join(v.paragraphs)) + "</p>"
            )
            if transcript:
                extra_main += (
                    '<details class="c-transcript"><summary>Transcript</summary>'
                    + "".join(f"<p>{esc(p)}</p>" for p in self.w.paragraphs("world", 260))
                    + "</details>"
                )
            upnext = "".join(
                f'<li><h3><a href="{p2}">{esc(v2.title)}</a></h3></li>'
                for v2, p2, _ in self.videos
                if p2 != path
            )
            extra_main += f'<section class="c-up-next"><h2>Up next</h2><ul>{upnext}</ul></section>'
            self.simple(
                path,
                v.title,
                [v.standfirst],
                og_type="video.other",
                jsonld=ld,
                extra_main=extra_main,
            )
        self.front("/video/", "Video", [], None, [(v, p) for v, p, _t in self.videos])
        for g, path in self.galleries:
            ld = {
                "@context": "https://schema.org",
                "@type": "ImageGallery",
                "name": g.title,
                "datePublished": iso(g.published, "Z"),
                "author": self.person(g.author),
            }
            photos = "".join(
                f'<figure class="c-gallery__item"><img src="/resizer/v2/g{i}.jpg" alt=""/>'
                f"<figcaption>{esc(' '.join(self.w.paragraphs('world', 30)))}</figcaption></figure>"
                for i in range(12)
            )
            extra_head = (
                f'<meta property="article:published_time" content="{iso(g.published, "Z")}"/>\n'
            )
            self.simple(
                path,
                g.title,
                [g.standfirst],
                og_type="article",
                jsonld=ld,
                extra_head=extra_head,
                extra_main=f'<div class="c-gallery">{photos}</div>',
            )
        self.front("/photography/", "Photography", [], None, self.galleries)
        for p, path in self.podcasts:
            ld = {
                "@context": "https://schema.org",
                "@type": "PodcastEpisode",
                "name": p.title,
                "partOfSeries": {"@type": "PodcastSeries", "name": "The Briefing"},
                "datePublished": iso(p.published, "Z"),
            }
            notes = self.w.paragraphs("politics", 200)
            self.simple(
                path,
                p.title,
                notes,
                og_type=None,
                jsonld=ld,
                extra_main='<div class="c-audio"><audio controls src="/podcast/ep.mp3"></audio></div>',
            )
        self.front("/podcasts/", "Podcasts", [], None, self.podcasts)
        authors = sorted({s.author for s in self.stories})
        for a in authors:
            mine = [s for s in self.stories if s.author == a]
            ld = {
                "@context": "https://schema.org",
                "@type": "ProfilePage",
                "mainEntity": self.person(a),
            }
            bio = [f"{a} covers international affairs for {SITE_NAME}. " + self.w.sentence("world")]
            links = "".join(
                f'<h3><a href="{self.path[s.id]}">{esc(s.title)}</a></h3>' for s in mine
            )
            self.simple(
                f"/people/{slugify(a, 3)}/", a, bio, og_type="profile", jsonld=ld, extra_main=links
            )
        self.simple(
            "/about-the-meridian-post/", f"About {SITE_NAME}", self.w.paragraphs("culture", 480)
        )
        self.simple("/terms-of-service/", "Terms of Service", self.w.paragraphs("business", 650))
        self.simple("/privacy-policy/", "Privacy Policy", self.w.paragraphs("health", 700))
        self.simple("/help/", "Help", self.w.paragraphs("business", 120))
        self.simple("/newsletters/", "Newsletters", self.w.paragraphs("politics", 240))
        self.simple("/subscribe/", "Subscribe", ["Unlimited access for $1 every four weeks."])
        self.simple(
            "/interactive/2025/election-results-map/",
            "Election results map",
            ["Live results by district. Data updates every minute."],
            og_type="article",
            extra_main='<div id="map-root"></div><script src="/interactive/2025/map.js"></script>',
        )
        site.raw(
            "/documents/2025/03/summit-communique.pdf",
            pdf_bytes("Summit communique"),
            "application/pdf",
        )
        m.non_articles.append(self.url("/documents/2025/03/summit-communique.pdf"))

        # Feeds and sitemaps.
        site.raw(
            "/arc/outboundfeeds/rss/" + XML,
            self.rss(self.stories[:20], SITE_NAME),
            "application/rss+xml; charset=utf-8",
        )
        world = [s for s in self.stories if self.path[s.id].startswith("/world/")]
        site.raw(
            "/arc/outboundfeeds/rss/category/world/" + XML,
            self.rss(world, "World"),
            "application/rss+xml; charset=utf-8",
        )
        days = sorted({s.published.date() for s in self.stories}, reverse=True)
        index = []
        for d in days:
            loc = f"/arc/outboundfeeds/sitemap/{d.isoformat()}/{XML}"
            entries = [
                (self.url(self.path[s.id]), iso(s.published, "Z"))
                for s in self.stories
                if s.published.date() == d
            ]
            site.raw(loc, sitemap_xml(entries), "application/xml; charset=utf-8")
            index.append((self.url(loc), d.isoformat()))
        vloc = f"/arc/outboundfeeds/sitemap/video/{XML}"
        media = [p for _v, p, _t in self.videos] + [p for _g, p in self.galleries]
        site.raw(
            vloc,
            sitemap_xml([(self.url(p), None) for p in media]),
            "application/xml; charset=utf-8",
        )
        index.append((self.url(vloc), None))
        site.raw(
            "/arc/outboundfeeds/sitemap-index/" + XML,
            sitemap_index(index),
            "application/xml; charset=utf-8",
        )
        recent = [s for s in self.stories if (self.stories[0].published - s.published).days < 2]
        site.raw(
            "/arc/outboundfeeds/news-sitemap/" + XML,
            news_sitemap([(self.url(self.path[s.id]), s) for s in recent], SITE_NAME),
            "application/xml; charset=utf-8",
        )
        site.raw(
            "/robots.txt",
            robots_txt(
                [
                    (
                        ["GPTBot", "CCBot", "Google-Extended", "anthropic-ai", "Bytespider"],
                        ["Disallow: /"],
                    ),
                    (["*"], [f"Disallow: {p}" for p in DISALLOW] + ["Allow: /pf/resources/"]),
                ],
                [
                    self.url("/arc/outboundfeeds/sitemap-index/" + XML),
                    self.url("/arc/outboundfeeds/news-sitemap/" + XML),
                ],
            ),
            "text/plain",
        )
        m.disallowed = list(DISALLOW)
        m.traps = [r"^/amp/", r"itid="]
        return site

    def rss(self, stories: list[Story], title: str) -> str:
        items = "".join(
            f"<item><title><![CDATA[{s.title}]]></title><link>{self.url(self.path[s.id])}</link>"
            f'<guid isPermaLink="true">{self.url(self.path[s.id])}</guid>'
            f"<dc:creator><![CDATA[{s.author}]]></dc:creator>"
            f"<description><![CDATA[{s.standfirst}]]></description>"
            f"<pubDate>{rfc822(s.published)}</pubDate>"
            f'<media:content url="{self.url("/resizer/v2/x.jpg")}" type="image/jpeg"/></item>'
            for s in stories
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" '
            f'version="2.0"><channel><title><![CDATA[{title} - {SITE_NAME}]]></title>'
            f"<link>{self.base}/</link>"
            f'<atom:link href="{self.url("/arc/outboundfeeds/rss/" + XML)}" rel="self" type="application/rss+xml"/>'
            f"<description><![CDATA[{SITE_NAME}]]></description><lastBuildDate>"
            f"{rfc822(self.stories[0].published)}</lastBuildDate><language>en</language>"
            f"{items}</channel></rss>"
        )


def build(base: str) -> Site:
    return Arc(base).build()
