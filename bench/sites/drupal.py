# ruff: noqa: E501 - HTML templates keep their markup on one line, as a CMS would emit it
"""A Drupal 10 regional paper: /node/N with path aliases, no JSON-LD, views pagers.

What makes it hard: articles are reachable as ``/node/N``, as the path alias and
through comment permalinks ``/comment/N`` (all 200, rel=canonical to the alias);
sport stories have undated one-segment aliases; some content types have no
og:type at all; short briefs exist only as ``/node/N``; event pages and basic
pages have article-like URLs; the pager is 0-based ``?page=1``; robots.txt is
Drupal's stock file with no Sitemap line, but simple_sitemap serves /sitemap.xml.
"""

from __future__ import annotations

import datetime as dt
import random

from bench.sites.common import (
    esc,
    iso,
    paras_html,
    pdf_bytes,
    rfc822,
    robots_txt,
    sitemap_xml,
    truth,
)
from bench.sites.prose import Story, Writer, slugify
from bench.sites.server import Site

NAME = "drupal"
SITE_NAME = "Riverside Courier"
PER_PAGE = 10

TERMS = {
    "council": (14, "Council"),
    "transport": (12, "Transport"),
    "health": (15, "Health"),
    "education": (17, "Education"),
    "environment": (21, "Environment"),
    "courts": (23, "Courts"),
    "sport": (30, "Football"),
    "business": (40, "Economy"),
    "culture": (44, "Arts"),
}

DISALLOW = [
    "/core/",
    "/profiles/",
    "/README.md",
    "/web.config",
    "/admin/",
    "/comment/reply/",
    "/filter/tips",
    "/node/add/",
    "/search/",
    "/user/register",
    "/user/password",
    "/user/login",
    "/user/logout",
    "/index.php/admin/",
    "/index.php/comment/reply/",
    "/index.php/search/",
    "/index.php/user/login",
]


def _date(when: dt.datetime) -> str:
    return when.strftime("%a, %m/%d/%Y - %H:%M")


class Drupal:
    def __init__(self, base: str) -> None:
        self.site = Site(NAME, base, "Drupal 10 paper: /node/N + aliases, no JSON-LD, views pager")
        self.base = self.site.base
        self.w = Writer(1001)
        self.rng = random.Random(1002)
        self.stories: list[Story] = []
        self.kind: dict[int, str] = {}  # story id -> article | column | brief
        self.nid: dict[int, int] = {}
        self.alias: dict[int, str] = {}
        self.comments: dict[int, list[tuple[int, str, str]]] = {}
        self.users: dict[str, int] = {}
        self.events: list[tuple[str, str, list[str], dt.datetime]] = []
        self.old: dict[int, str] = {}

    # -- content ------------------------------------------------------------------
    def make(self) -> None:
        plan = (
            [("news", "article")] * 13
            + [("sport", "article")] * 6
            + [("business", "article")] * 5
            + [("opinion", "column")] * 4
            + [("news", "brief")] * 5
        )
        nid = 48211
        comment_id = 88120
        for i, (section, kind) in enumerate(plan):
            s = self.w.story(section, brief=kind == "brief")
            nid += self.rng.randint(1, 37)
            self.stories.append(s)
            self.kind[s.id] = kind
            self.nid[s.id] = nid
            if kind == "brief":
                # Two briefs never got an alias: /node/N is their only URL.
                alias = f"/node/{nid}" if i % 2 else f"/news/briefs/{s.slug}"
            elif section == "sport":
                alias = f"/sport/{s.slug}"
            elif section == "opinion":
                alias = f"/opinion/{s.author_slug}/{s.slug}"
            else:
                alias = f"/{section}/{s.published:%Y/%m}/{s.slug}"
            self.alias[s.id] = alias
            self.users.setdefault(s.author, 9 + len(self.users))
            n = self.rng.choice([0, 0, 1, 2, 3]) if kind != "brief" else 0
            cs = []
            for handle, text in self.w.comments(n):
                comment_id += self.rng.randint(1, 9)
                cs.append((comment_id, handle, text))
            self.comments[s.id] = cs
            if i % 9 == 4:
                self.old[s.id] = "/content/" + "-".join(s.slug.split("-")[:4])
        self.stories.sort(key=lambda s: s.published, reverse=True)
        for _ in range(6):
            title = self.w.story("culture", brief=True).title
            when = dt.datetime(2025, 4, self.rng.randint(1, 28), 19, 30)
            self.events.append((title, slugify(title), self.w.paragraphs("culture", 60)[:2], when))

    def url(self, path: str) -> str:
        return self.base + path

    # -- chrome -------------------------------------------------------------------
    def layout(
        self,
        title: str,
        content: str,
        *,
        body_class: str,
        head: str = "",
        crumbs: list[tuple[str, str]] | None = None,
        sidebar: bool = True,
    ) -> str:
        menu = "".join(
            f'<li class="menu-item"><a href="{href}" data-drupal-link-system-path="{sys}">'
            f"{label}</a></li>"
            for href, sys, label in [
                ("/", "<front>", "Home"),
                ("/news", "news", "News"),
                ("/sport", "sport", "Sport"),
                ("/business", "business", "Business"),
                ("/opinion", "opinion", "Opinion"),
                ("/whats-on", "whats-on", "What's on"),
                ("/taxonomy/term/12", "taxonomy/term/12", "Transport"),
                ("/taxonomy/term/14", "taxonomy/term/14", "Council"),
            ]
        )
        crumb_html = ""
        if crumbs:
            items = "".join(
                f'<li class="breadcrumb__item"><a href="{h}">{esc(t)}</a></li>' for h, t in crumbs
            )
            crumb_html = (
                '<div class="region region-breadcrumb"><nav class="breadcrumb" role="navigation"'
                ' aria-labelledby="system-breadcrumb"><h2 id="system-breadcrumb" '
                f'class="visually-hidden">Breadcrumb</h2><ol class="breadcrumb__list">{items}'
                "</ol></nav></div>"
            )
        side = self.sidebar() if sidebar else ""
        return f"""<!DOCTYPE html>
<html lang="en" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/  dc: http://purl.org/dc/terms/  foaf: http://xmlns.com/foaf/0.1/  og: http://ogp.me/ns#  rdfs: http://www.w3.org/2000/01/rdf-schema#  schema: http://schema.org/  sioc: http://rdfs.org/sioc/ns#  sioct: http://rdfs.org/sioc/types#  skos: http://www.w3.org/2004/02/skos/core#  xsd: http://www.w3.org/2001/XMLSchema# ">
  <head>
    <meta charset="utf-8" />
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="HandheldFriendly" content="true" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
{head}<link rel="icon" href="/themes/custom/courier/favicon.ico" type="image/vnd.microsoft.icon" />
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="{self.url("/rss.xml")}" />
    <title>{esc(title)} | {SITE_NAME}</title>
    <link rel="stylesheet" media="all" href="/sites/default/files/css/css_q3Jx9_Yb2kL.css?delta=0&amp;language=en&amp;theme=courier&amp;include=eJxt" />
    <script src="/core/assets/vendor/jquery/jquery.min.js?v=3.7.1"></script>
  </head>
  <body class="{body_class}">
        <a href="#main-content" class="visually-hidden focusable skip-link">
      Skip to main content
    </a>
    <div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
    <div class="layout-container">
  <header role="banner" class="site-header">
    <div class="region region-header">
      <div id="block-courier-site-branding" class="block block-system block-system-branding-block">
        <a href="/" rel="home" class="site-logo"><img src="/themes/custom/courier/logo.svg" alt="Home" /></a>
        <div class="site-name"><a href="/" rel="home">{SITE_NAME}</a></div>
        <div class="site-slogan">Independent local journalism since 1871</div>
      </div>
      <nav role="navigation" aria-labelledby="block-courier-main-menu-menu" id="block-courier-main-menu" class="block block-menu navigation menu--main">
        <h2 class="visually-hidden" id="block-courier-main-menu-menu">Main navigation</h2>
        <ul class="menu">{menu}</ul>
      </nav>
      <nav role="navigation" class="block block-menu navigation menu--account"><ul class="menu"><li><a href="/user/login" data-drupal-link-system-path="user/login">Log in</a></li></ul></nav>
      <div class="search-block-form block block-search" data-drupal-selector="search-block-form" role="search">
        <form action="/search/node" method="get" id="search-block-form" accept-charset="UTF-8">
          <input title="Enter the terms you wish to search for." type="search" name="keys" value="" size="15" maxlength="128" class="form-search" />
          <input type="submit" value="Search" class="button js-form-submit form-submit" />
        </form>
      </div>
    </div>
  </header>
  {crumb_html}
  <div class="region region-highlighted"><div data-drupal-messages-fallback class="hidden"></div></div>
  <main role="main">
    <a id="main-content" tabindex="-1"></a>
    <div class="layout-content">
      <div class="region region-content">
{content}
      </div>
    </div>
    {side}
  </main>
  <footer role="contentinfo" class="site-footer">
    <div class="region region-footer">
      <nav role="navigation" class="block block-menu navigation menu--footer"><ul class="menu">
        <li><a href="/about-us">About us</a></li>
        <li><a href="/contact">Contact</a></li>
        <li><a href="/editorial-code-of-practice">Editorial code of practice</a></li>
        <li><a href="/privacy-notice">Privacy notice</a></li>
        <li><a href="/advertise">Advertise</a></li>
        <li><a href="/rss.xml">RSS</a></li>
        <li><a href="/sites/default/files/2025-03/print-edition-28-march-2025.pdf">This week's print edition (PDF, 4.1 MB)</a></li>
      </ul></nav>
      <div class="block block-block-content"><p>&copy; 2025 Riverside Courier Ltd. Registered in England No. 00127733. Riverside House, 4 Quay Street.</p></div>
    </div>
  </footer>
</div>
    </div>
    <script type="application/json" data-drupal-selector="drupal-settings-json">{{"path":{{"baseUrl":"\\/","pathPrefix":"","currentPathIsAdmin":false,"isFront":false,"currentLanguage":"en"}},"pluralDelimiter":"\\u0003","ajaxTrustedUrl":{{"\\/search\\/node":true}},"user":{{"uid":0,"permissionsHash":"8d1f0e"}}}}</script>
<script src="/sites/default/files/js/js_Hq7y1Zq1.js?scope=footer&amp;delta=0&amp;language=en&amp;theme=courier"></script>
  </body>
</html>
"""

    def sidebar(self) -> str:
        latest = self.stories[:6]
        rows = "".join(
            '<div class="views-row"><div class="views-field views-field-title"><span '
            f'class="field-content"><a href="{self.alias[s.id]}" hreflang="en">{esc(s.title)}'
            "</a></span></div></div>"
            for s in latest
        )
        commented = sorted(self.stories, key=lambda s: -len(self.comments[s.id]))[:4]
        # "Most commented" is a view whose link field was set to the raw node path.
        rows2 = "".join(
            f'<li><a href="/node/{self.nid[s.id]}">{esc(s.title)}</a> '
            f"({len(self.comments[s.id])})</li>"
            for s in commented
        )
        newest = self.stories[0]
        promo = self.alias[newest.id] + (
            "?utm_source=courier&utm_medium=sidebar&utm_campaign=morning_briefing"
        )
        return f"""<aside class="layout-sidebar-first" role="complementary">
      <div class="region region-sidebar-first">
        <div class="views-element-container block block-views block-views-blocklatest-block-1">
          <h2>Latest</h2>
          <div><div class="view view-latest view-id-latest view-display-id-block_1"><div class="view-content">{rows}</div></div></div>
        </div>
        <div class="block block-views"><h2>Most commented</h2><ul>{rows2}</ul></div>
        <div class="block block-block-content block-newsletter">
          <h2>The Morning Briefing</h2>
          <p>Five stories, one coffee. Today: <a href="{promo}">{esc(newest.title)}</a></p>
          <p><a href="/newsletter?utm_source=courier&amp;utm_medium=sidebar">Sign up free</a></p>
        </div>
      </div>
    </aside>"""

    def teaser(self, s: Story) -> str:
        href = self.alias[s.id]
        return f"""<article role="article" about="{href}" class="node node--type-{self.kind[s.id]} node--promoted node--view-mode-teaser">
  <h2><a href="{href}" rel="bookmark"><span class="field field--name-title field--type-string field--label-hidden">{esc(s.title)}</span></a></h2>
  <footer class="node__meta"><div class="node__submitted">Submitted by <span class="field field--name-uid"><span>{esc(s.author_slug.replace("-", ""))}</span></span> on <span class="field field--name-created">{_date(s.published)}</span></div></footer>
  <div class="node__content"><div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item"><p>{esc(s.teaser)}</p></div>
  <ul class="links inline"><li class="node-readmore"><a href="{href}" rel="tag" title="{esc(s.title)}" hreflang="en">Read more<span class="visually-hidden"> about {esc(s.title)}</span></a></li></ul></div>
</article>"""

    def pager(self, path: str, page: int, total: int) -> str:
        pages = max(1, -(-total // PER_PAGE))
        if pages <= 1:
            return ""
        items = []
        if page > 0:
            prev = "" if page == 1 else f"?page={page - 1}"
            items.append(
                f'<li class="pager__item pager__item--first"><a href="{path}">« First</a></li>'
            )
            items.append(
                f'<li class="pager__item pager__item--previous"><a href="{path}{prev}" '
                'rel="prev">‹ Previous</a></li>'
            )
        for p in range(pages):
            q = "" if p == 0 else f"?page={p}"
            cur = ' is-active" aria-current="page' if p == page else ""
            items.append(f'<li class="pager__item{cur}"><a href="{q or path}">{p + 1}</a></li>')
        if page < pages - 1:
            items.append(
                f'<li class="pager__item pager__item--next"><a href="?page={page + 1}" '
                'rel="next">Next ›</a></li>'
            )
            items.append(
                f'<li class="pager__item pager__item--last"><a href="?page={pages - 1}">Last »</a></li>'
            )
        return (
            '<nav class="pager" role="navigation" aria-labelledby="pagination-heading">'
            '<h4 id="pagination-heading" class="visually-hidden">Pagination</h4>'
            f'<ul class="pager__items js-pager__items">{"".join(items)}</ul></nav>'
        )

    def listing(
        self,
        path: str,
        title: str,
        stories: list[Story],
        *,
        body_class: str,
        intro: str = "",
        crumbs=None,
        feed: str | None = None,
    ) -> None:
        pages = max(1, -(-len(stories) // PER_PAGE))
        for page in range(pages):
            chunk = stories[page * PER_PAGE : (page + 1) * PER_PAGE]
            teasers = "\n".join(self.teaser(s) for s in chunk)
            feed_icon = (
                f'<a href="{feed}" class="feed-icon">Subscribe to {esc(title)}</a>' if feed else ""
            )
            content = f"""<div id="block-courier-page-title" class="block block-core block-page-title-block"><h1 class="page-title">{esc(title)}</h1></div>
<div class="views-element-container"><div class="view view-frontpage view-id-taxonomy_term js-view-dom-id-5c1f">
  {f'<div class="view-header"><p>{esc(intro)}</p></div>' if intro else ""}
  <div class="view-content">{teasers}</div>
  {self.pager(path, page, len(stories))}
  {feed_icon}
</div></div>"""
            head = ""
            if feed:
                head = (
                    f'<link rel="alternate" type="application/rss+xml" title="{esc(title)}" '
                    f'href="{self.url(feed)}" />\n'
                )
            html = self.layout(title, content, body_class=body_class, head=head, crumbs=crumbs)
            target = path if page == 0 else f"{path}?page={page}"
            self.site.page(target, html)
            self.site.manifest.non_articles.append(self.url(target))

    # -- pages --------------------------------------------------------------------
    def article(self, s: Story) -> str:
        kind = self.kind[s.id]
        nid = self.nid[s.id]
        alias = self.alias[s.id]
        term_id, term_name = TERMS[s.topic]
        section = s.section if s.section != "opinion" else "opinion"
        head = (
            f'<meta name="description" content="{esc(s.standfirst)}" />\n'
            f'<link rel="canonical" href="{self.url(alias)}" />\n'
            f'<link rel="shortlink" href="{self.url(f"/node/{nid}")}" />\n'
        )
        if kind == "article":
            # Metatag is configured for the "article" content type only.
            head += (
                f'<meta property="og:site_name" content="{SITE_NAME}" />\n'
                '<meta property="og:type" content="article" />\n'
                f'<meta property="og:url" content="{self.url(alias)}" />\n'
                f'<meta property="og:title" content="{esc(s.title)}" />\n'
                f'<meta property="og:description" content="{esc(s.standfirst)}" />\n'
                f'<meta property="article:published_time" content="{iso(s.published)}" />\n'
            )
        paras = list(s.paragraphs)
        body = [f"<p><strong>{esc(s.standfirst)}</strong></p>"] if kind != "brief" else []
        for i, p in enumerate(paras):
            body.append(f"<p>{esc(p)}</p>")
            if i == 2 and s.id % 4 == 0:
                # Older stories link to each other by their Drupal 7 URLs (now redirects).
                olds = [o for o in self.stories if o.id in self.old and o.id != s.id]
                if olds:
                    o = olds[s.id % len(olds)]
                    body.append(
                        f'<p><em>Read more: <a href="{self.old[o.id]}">{esc(o.title)}</a></em></p>'
                    )
            if i == 4 and s.id % 7 == 3:
                body.append(
                    '<p>As we reported in November, <a href="/news/2024/11/ferry-timetable-'
                    'withdrawn">the previous timetable was withdrawn</a> after complaints.</p>'
                )
            if i == 3 and s.id % 5 == 1:
                body.append(
                    '<drupal-media data-entity-type="media" data-entity-uuid="1f3a"><div '
                    'class="media media--type-image"><img src="/sites/default/files/styles/'
                    'wide/public/2025-03/IMG_4411.jpg?itok=Ab12XyZ" alt="" width="1200" '
                    'height="800" loading="lazy" /></div></drupal-media>'
                )
        byline = ""
        if kind == "article" and s.id % 3:
            byline = (
                '<div class="field field--name-field-byline field--type-string field--label-'
                f'inline clearfix"><div class="field__label">Reporter</div><div class="field__item">'
                f"{esc(s.author)}</div></div>"
            )
        comments = self.comments[s.id]
        comment_html = ""
        if kind != "brief":
            items = []
            for cid, handle, text in comments:
                items.append(f"""<article role="article" data-comment-user-id="0" id="comment-{cid}" class="comment js-comment by-anonymous">
  <span class="hidden" data-comment-timestamp="1742000000"></span>
  <footer class="comment__meta"><p class="comment__author"><span>{esc(handle)}</span></p>
    <p class="comment__time">{_date(s.published + dt.timedelta(hours=5))}</p>
    <p class="comment__permalink"><a href="/comment/{cid}#comment-{cid}" hreflang="en">Permalink</a></p></footer>
  <div class="comment__content">
    <h3><a href="/comment/{cid}#comment-{cid}" class="permalink" rel="bookmark" hreflang="en">{esc(" ".join(text.split()[:4]))}</a></h3>
    <div class="clearfix text-formatted field field--name-comment-body field--type-text-long field--label-hidden field__item"><p>{esc(text)}</p></div>
    <ul class="links inline"><li class="comment-reply"><a href="/comment/reply/node/{nid}/comment/{cid}">Reply</a></li></ul>
  </div>
</article>""")
            comment_html = f"""<section class="field field--name-comment field--type-comment field--label-above comment-wrapper">
  <h2 class="title">Comments</h2>
  {"".join(items)}
  <h2 class="title comment-form__title">Add new comment</h2>
  <p><a href="/user/login?destination=/node/{nid}%23comment-form">Log in</a> to post comments</p>
  <form class="comment-comment-form comment-form" action="/comment/reply/node/{nid}/comment" method="post" accept-charset="UTF-8">
    <div class="js-form-item form-item"><label for="edit-name">Your name</label><input type="text" id="edit-name" name="name" value="" size="30" maxlength="60" class="form-text" /></div>
    <div class="js-form-item form-item"><label for="edit-comment-body">Comment</label><textarea id="edit-comment-body" name="comment_body[0][value]" rows="5" cols="60" class="form-textarea"></textarea></div>
    <div class="filter-guidelines"><a href="/filter/tips" target="_blank">About text formats</a></div>
    <div class="form-actions"><input type="submit" id="edit-submit" value="Save" class="button button--primary" /></div>
  </form>
</section>"""
        tags = (
            '<div class="field field--name-field-tags field--type-entity-reference field--label-'
            'above"><div class="field__label">Tags</div><div class="field__items"><div class='
            f'"field__item"><a href="/taxonomy/term/{term_id}" hreflang="en">{term_name}</a>'
            "</div></div></div>"
        )
        uid = self.users[s.author]
        content = f"""<div id="block-courier-page-title" class="block block-core block-page-title-block">
  <h1 class="page-title"><span class="field field--name-title field--type-string field--label-hidden">{esc(s.title)}</span></h1>
</div>
<div id="block-courier-content" class="block block-system block-system-main-block">
<article data-history-node-id="{nid}" role="article" about="{alias}" class="node node--type-{kind} node--promoted node--view-mode-full">
  <footer class="node__meta">
    <div class="node__submitted">Submitted by <span class="field field--name-uid field--type-entity-reference field--label-hidden"><span><a title="View user profile." href="/user/{uid}" class="username">{esc(s.author_slug.replace("-", ""))}</a></span></span>
      on <span class="field field--name-created field--type-created field--label-hidden">{_date(s.published)}</span></div>
  </footer>
  <div class="node__content">
    {byline}
    <div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{"".join(body)}</div>
    {tags}
    {comment_html}
  </div>
</article>
</div>"""
        crumbs = [
            ("/", "Home"),
            (f"/{section}", section.capitalize()),
            (f"/taxonomy/term/{term_id}", term_name),
        ]
        return self.layout(
            s.title,
            content,
            body_class=f"path-node page-node-type-{kind}",
            head=head,
            crumbs=crumbs,
        )

    def basic_page(self, path: str, title: str, paragraphs: list[str], *, extra: str = "") -> None:
        nid = 200 + len(self.site.manifest.non_articles)
        content = f"""<div class="block block-core block-page-title-block"><h1 class="page-title"><span class="field field--name-title">{esc(title)}</span></h1></div>
<div class="block block-system block-system-main-block">
<article data-history-node-id="{nid}" role="article" about="{path}" class="node node--type-page node--view-mode-full">
  <div class="node__content"><div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{paras_html(paragraphs)}{extra}</div></div>
</article></div>"""
        head = (
            f'<link rel="canonical" href="{self.url(path)}" />\n'
            f'<link rel="shortlink" href="{self.url(f"/node/{nid}")}" />\n'
        )
        self.site.page(
            path, self.layout(title, content, body_class="path-node page-node-type-page", head=head)
        )
        self.site.manifest.non_articles.append(self.url(path))

    def build(self) -> Site:
        self.make()
        site, m = self.site, self.site.manifest
        site.not_found_html = self.layout(
            "Page not found",
            '<h1 class="page-title">Page not found</h1><p>The requested page could not be found.</p>',
            body_class="path-system",
            sidebar=False,
        )
        for s in self.stories:
            html = self.article(s)
            alias = self.alias[s.id]
            nid = self.nid[s.id]
            site.page(alias, html)
            variants = []
            if alias != f"/node/{nid}":
                site.page(f"/node/{nid}", html)
                variants.append(self.url(f"/node/{nid}"))
            for cid, _h, _t in self.comments[s.id]:
                site.page(f"/comment/{cid}", html)
                variants.append(self.url(f"/comment/{cid}"))
            if s.id in self.old:
                site.redirect(self.old[s.id], self.url(alias))
                variants.append(self.url(self.old[s.id]))
            kind = {"brief": "brief", "column": "opinion"}.get(self.kind[s.id], "article")
            m.articles.append(truth(self.url(alias), variants, kind, s))

        # Home: top stories, latest, sport, opinion.
        top = self.stories[:4]
        rest = self.stories[4:16]
        home = '<div class="block"><h1 class="visually-hidden">Riverside Courier</h1>'
        home += (
            '<section class="top-stories">' + "".join(self.teaser(s) for s in top) + "</section>"
        )
        home += (
            '<section class="latest"><h2>More news</h2><ul>'
            + "".join(
                f'<li><a href="{self.alias[s.id]}">{esc(s.title)}</a> <span class="date">'
                f"{s.published:%d %b}</span></li>"
                for s in rest
            )
            + "</ul>"
        )
        home += '<p><a href="/node">All stories</a></p></section></div>'
        site.page("/", self.layout("Home", home, body_class="path-frontpage"))
        m.non_articles.append(self.url("/"))

        self.listing("/node", "All stories", self.stories, body_class="path-node")
        for section in ("news", "sport", "business", "opinion"):
            chosen = [s for s in self.stories if s.section == section]
            self.listing(
                f"/{section}",
                section.capitalize(),
                chosen,
                body_class=f"path-{section}",
                crumbs=[("/", "Home")],
            )
        for topic, (tid, tname) in TERMS.items():
            chosen = [s for s in self.stories if s.topic == topic]
            if not chosen:
                continue
            self.listing(
                f"/taxonomy/term/{tid}",
                tname,
                chosen,
                body_class="path-taxonomy",
                crumbs=[("/", "Home")],
                feed=f"/taxonomy/term/{tid}/feed",
            )
            site.raw(
                f"/taxonomy/term/{tid}/feed",
                self.rss(chosen, tname),
                "application/rss+xml; charset=utf-8",
            )
        for author, uid in self.users.items():
            mine = [s for s in self.stories if s.author == author]
            content = (
                f'<div class="block"><h1 class="page-title">{esc(author.lower().replace(" ", ""))}'
                f'</h1><div class="profile"><p>Member for 6 years 2 months</p>'
                f"<h3>Recent content</h3><ul>"
                + "".join(
                    f'<li><a href="{self.alias[s.id]}">{esc(s.title)}</a></li>' for s in mine[:8]
                )
                + "</ul></div></div>"
            )
            site.page(f"/user/{uid}", self.layout(author, content, body_class="path-user"))
            m.non_articles.append(self.url(f"/user/{uid}"))

        # What's on: event nodes with dated aliases; listing only.
        rows = []
        for title, slug, paras, when in self.events:
            path = f"/whats-on/{when:%Y/%m}/{slug}"
            rows.append(f'<li><a href="{path}">{esc(title)}</a> — {when:%A %d %B, %H:%M}</li>')
            content = f"""<div class="block"><h1 class="page-title">{esc(title)}</h1>
<article class="node node--type-event node--view-mode-full"><div class="node__content">
<div class="field field--name-field-event-date"><div class="field__label">When</div><div class="field__item">{when:%A %d %B %Y, %H:%M}</div></div>
<div class="field field--name-field-venue"><div class="field__label">Where</div><div class="field__item">The Corn Exchange, Market Street</div></div>
<div class="field field--name-field-price"><div class="field__label">Tickets</div><div class="field__item">£8 / £5 concessions</div></div>
<div class="clearfix text-formatted field field--name-body">{paras_html(paras)}</div>
</div></article></div>"""
            site.page(
                path,
                self.layout(
                    title,
                    content,
                    body_class="path-node page-node-type-event",
                    head=f'<link rel="canonical" href="{self.url(path)}" />\n',
                ),
            )
            m.non_articles.append(self.url(path))
        site.page(
            "/whats-on",
            self.layout(
                "What's on",
                '<h1 class="page-title">What\'s on</h1><ul>' + "".join(rows) + "</ul>",
                body_class="path-whats-on",
            ),
        )
        m.non_articles.append(self.url("/whats-on"))

        self.basic_page("/about-us", "About us", self.w.paragraphs("culture", 260))
        self.basic_page(
            "/editorial-code-of-practice",
            "Editorial code of practice",
            [
                "The Riverside Courier follows the Editors' Code of Practice. This page sets out "
                "how we gather news, how we correct mistakes and how readers can complain."
            ]
            + self.w.paragraphs("council", 420),
        )
        self.basic_page("/privacy-notice", "Privacy notice", self.w.paragraphs("health", 520))
        self.basic_page(
            "/contact",
            "Contact",
            ["Newsdesk: 01632 960 118. Email news@example.org. Advertising: 01632 960 200."],
            extra='<form action="/contact/feedback" method="post"><textarea name="message"></textarea></form>',
        )
        self.basic_page("/advertise", "Advertise with us", self.w.paragraphs("business", 150))
        self.basic_page("/newsletter", "The Morning Briefing", self.w.paragraphs("news", 90))

        site.raw(
            "/rss.xml", self.rss(self.stories[:10], SITE_NAME), "application/rss+xml; charset=utf-8"
        )
        site.raw(
            "/sites/default/files/2025-03/print-edition-28-march-2025.pdf",
            pdf_bytes("Riverside Courier print edition 28 March 2025"),
            "application/pdf",
        )
        m.non_articles.append(
            self.url("/sites/default/files/2025-03/print-edition-28-march-2025.pdf")
        )
        site.raw(
            "/robots.txt",
            "#\n# robots.txt\n#\n# This file is to prevent the crawling and indexing of certain parts\n"
            "# of your site by web crawlers and spiders run by sites like Yahoo!\n# and Google.\n#\n"
            + robots_txt(
                [
                    (
                        ["*"],
                        [
                            "# CSS, JS, Images",
                            "Allow: /core/*.css$",
                            "Allow: /core/*.js$",
                            "Allow: /profiles/*.png$",
                        ]
                        + [f"Disallow: {p}" for p in DISALLOW]
                        + ["Disallow: /*/media/oembed"],
                    )
                ]
            ),
            "text/plain; charset=utf-8",
        )
        m.disallowed = list(DISALLOW)
        # simple_sitemap: every node alias, term pages, events and basic pages.
        entries = [
            (self.url(self.alias[s.id]), s.published.date().isoformat()) for s in self.stories
        ]
        entries += [(u, None) for u in m.non_articles if "/whats-on/" in u or "/taxonomy/" in u]
        entries += [
            (self.url(p), None) for p in ("/about-us", "/editorial-code-of-practice", "/contact")
        ]
        site.raw("/sitemap.xml", sitemap_xml(entries), "application/xml; charset=utf-8")
        m.traps = [r"^/comment/\d+$", r"^/node/\d+$"]
        return site

    def rss(self, stories: list[Story], title: str) -> str:
        items = []
        for s in stories:
            items.append(f"""  <item>
    <title>{esc(s.title)}</title>
    <link>{self.url(self.alias[s.id])}</link>
    <description>{esc("<p>" + esc(s.teaser) + "</p>")}</description>
    <pubDate>{rfc822(s.published)}</pubDate>
    <dc:creator>{esc(s.author_slug.replace("-", ""))}</dc:creator>
    <guid isPermaLink="false">{self.nid[s.id]} at {self.base}</guid>
  </item>""")
        return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xml:base="{self.base}/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{esc(title)}</title>
    <link>{self.base}/</link>
    <description>Independent local journalism since 1871</description>
    <language>en</language>
{chr(10).join(items)}
  </channel>
</rss>
"""


def build(base: str) -> Site:
    return Drupal(base).build()
