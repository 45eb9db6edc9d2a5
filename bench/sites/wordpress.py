# ruff: noqa: E501 - HTML templates keep their markup on one line, as a CMS would emit it
"""Small WordPress news sites: "postname" permalinks (/slug/) and "plain" ones (/?p=123).

``wordpress`` (postname, no SEO plugin): one-segment slugs, no og and no JSON-LD,
only core's rel=canonical and rel=shortlink; ``/?p=N`` redirects to the slug; old
date permalinks redirect too; day archives show the full post (and have a dated
URL); the calendar widget links the previous and next month forever and every
month answers 200 (a calendar trap); Jetpack share links (``?share=facebook``)
redirect off-site; comment reply links add ``?replytocom=N``; related-posts links
add ``relatedposts_*`` parameters; core sitemaps list pages, categories and users.

``wp-plain`` (plain permalinks, Jetpack Open Graph tags): every post, page and
archive lives at ``/`` with a query (``?p=``, ``?page_id=``, ``?cat=``, ``?m=``,
``&paged=``); posts declare og:type=article and article:published_time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from urllib.parse import quote

from bench.sites.common import (
    esc,
    iso,
    paras_html,
    pdf_bytes,
    rfc822,
    robots_txt,
    sitemap_index,
    sitemap_xml,
    truth,
)
from bench.sites.prose import Story, Writer, slugify
from bench.sites.server import Resp, Site

PER_PAGE = 6
CATEGORIES = [
    ("local-news", "Local News", "local", 3),
    ("sports", "Sports", "sport", 4),
    ("business", "Business", "business", 5),
    ("community", "Community", "culture", 6),
    ("briefs", "Briefs", "news", 7),
]
TAGS = [
    "transit",
    "city-hall",
    "schools",
    "weather",
    "high-school-sports",
    "development",
    "arts",
    "budget",
]
TZ = "-05:00"


class WordPress:
    def __init__(self, base: str, *, plain: bool) -> None:
        self.plain = plain
        name = "wp-plain" if plain else "wordpress"
        desc = (
            "WordPress, plain permalinks (/?p=N) with Jetpack og tags"
            if plain
            else "WordPress, postname permalinks, no SEO plugin, calendar trap"
        )
        self.site = Site(name, base, desc)
        import re

        self.site.ignored = re.compile(
            r"^(utm_\w+|fbclid|replytocom|relatedposts_\w+)$", re.IGNORECASE
        )
        self.base = self.site.base
        self.name = "The Hillcrest Herald" if plain else "Lakeshore Ledger"
        self.w = Writer(5001 if plain else 4001, start=dt.datetime(2025, 3, 27, 16, 0))
        self.rng = random.Random(5002 if plain else 4002)
        self.posts: list[Story] = []
        self.pid: dict[int, int] = {}
        self.cat: dict[int, tuple] = {}
        self.tags: dict[int, list[str]] = {}
        self.comments: dict[int, list[tuple[int, str, str]]] = {}
        self.pages: list[tuple[int, str, str, list[str]]] = []
        self.authors: dict[str, int] = {}

    def url(self, path: str) -> str:
        return self.base + path

    # -- links --------------------------------------------------------------------
    def link(self, s: Story) -> str:
        return f"/?p={self.pid[s.id]}" if self.plain else f"/{s.slug}/"

    def page_link(self, pid: int, slug: str) -> str:
        return f"/?page_id={pid}" if self.plain else f"/{slug}/"

    def cat_link(self, cat: tuple) -> str:
        return f"/?cat={cat[3]}" if self.plain else f"/category/{cat[0]}/"

    def tag_link(self, tag: str) -> str:
        return f"/?tag={tag}" if self.plain else f"/tag/{tag}/"

    def author_link(self, author: str) -> str:
        return (
            f"/?author={self.authors[author]}"
            if self.plain
            else f"/author/{slugify(author, 3).replace('-', '')}/"
        )

    def month_link(self, y: int, m: int) -> str:
        return f"/?m={y}{m:02d}" if self.plain else f"/{y}/{m:02d}/"

    def day_link(self, d: dt.date) -> str:
        return f"/?m={d:%Y%m%d}" if self.plain else f"/{d:%Y/%m/%d}/"

    def paged(self, base: str, n: int) -> str:
        if n <= 1:
            return base
        if self.plain:
            return (base + ("&" if "?" in base else "?") + f"paged={n}").replace("/&", "/?")
        return base + f"page/{n}/"

    def feed_link(self, s: Story | None = None) -> str:
        if s is None:
            return "/?feed=rss2" if self.plain else "/feed/"
        return f"/?feed=rss2&p={self.pid[s.id]}" if self.plain else f"/{s.slug}/feed/"

    def with_query(self, link: str, query: str) -> str:
        return link + ("&" if "?" in link else "?") + query

    # -- content ------------------------------------------------------------------
    def make(self) -> None:
        pid = 1180 if self.plain else 2410
        plan = (
            [CATEGORIES[0]] * 12 + [CATEGORIES[1]] * 7 + [CATEGORIES[2]] * 6 + [CATEGORIES[3]] * 6
        )
        plan += [CATEGORIES[4]] * 5
        comment = 300
        for cat in plan:
            s = self.w.story(cat[2], brief=cat[0] == "briefs")
            pid += self.rng.randint(2, 30)
            self.pid[s.id] = pid
            self.cat[s.id] = cat
            self.tags[s.id] = self.rng.sample(TAGS, 2)
            self.authors.setdefault(s.author, len(self.authors) + 2)
            cs = []
            for handle, text in self.w.comments(
                self.rng.choice([0, 0, 1, 2, 4]) if cat[0] != "briefs" else 0
            ):
                comment += self.rng.randint(1, 12)
                cs.append((comment, handle, text))
            self.comments[s.id] = cs
            self.posts.append(s)
        self.posts.sort(key=lambda s: s.published, reverse=True)
        for pid_, slug, title, words in [
            (2, "about", "About", 220),
            (11, "contact", "Contact", 40),
            (14, "advertise", "Advertise", 130),
            (
                17,
                "code-of-ethics-and-corrections-policy",
                "Code of Ethics and Corrections Policy",
                520,
            ),
            (19, "submit-a-news-tip", "Submit a News Tip", 110),
        ]:
            self.pages.append((pid_, slug, title, self.w.paragraphs("news", words)))

    # -- chrome -------------------------------------------------------------------
    def calendar(self, year: int, month: int) -> str:
        days = {s.published.date() for s in self.posts}
        cal = calendar.Calendar(firstweekday=0)
        rows = []
        week: list[str] = []
        for d in cal.itermonthdates(year, month):
            if d.month != month:
                week.append('<td class="pad">&nbsp;</td>')
            elif d in days:
                week.append(
                    f'<td><a href="{self.day_link(d)}" aria-label="Posts published on {d:%B} {d.day}, {d.year}">{d.day}</a></td>'
                )
            else:
                week.append(f"<td>{d.day}</td>")
            if len(week) == 7:
                rows.append("<tr>" + "".join(week) + "</tr>")
                week = []
        first = dt.date(year, month, 1)
        prev = (first - dt.timedelta(days=1)).replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return f"""<section id="calendar-2" class="widget widget_calendar"><div id="calendar_wrap" class="calendar_wrap"><table id="wp-calendar" class="wp-calendar-table">
<caption>{first:%B %Y}</caption><thead><tr><th scope="col" aria-label="Monday">M</th><th scope="col" aria-label="Tuesday">T</th><th scope="col" aria-label="Wednesday">W</th><th scope="col" aria-label="Thursday">T</th><th scope="col" aria-label="Friday">F</th><th scope="col" aria-label="Saturday">S</th><th scope="col" aria-label="Sunday">S</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table><nav aria-label="Previous and next months" class="wp-calendar-nav">
<span class="wp-calendar-nav-prev"><a href="{self.month_link(prev.year, prev.month)}">&laquo; {prev:%b}</a></span>
<span class="pad">&nbsp;</span>
<span class="wp-calendar-nav-next"><a href="{self.month_link(nxt.year, nxt.month)}">{nxt:%b} &raquo;</a></span>
</nav></div></section>"""

    def sidebar(self, year: int = 2025, month: int = 3) -> str:
        recent = "".join(
            f'<li><a href="{self.link(s)}">{esc(s.title)}</a></li>' for s in self.posts[:5]
        )
        picks = self.posts[8:11]
        # Pasted by hand from an old newsletter: a shortlink, an index.php URL, a tracked one.
        prefix = "/index.php?p=" if self.plain else "/?p="
        pick_links = "".join(
            f'<li><a href="{prefix}{self.pid[s.id]}">{esc(s.title)}</a></li>' for s in picks
        )
        top = self.posts[0]
        tracked = self.with_query(
            self.link(top), "utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=daily"
        )
        pick_links += f'<li><a href="{tracked}">{esc(top.title)}</a></li>'
        commented = [(s, c) for s in self.posts for c in self.comments[s.id]][:5]
        rc = "".join(
            f'<li class="recentcomments"><span class="comment-author-link">{esc(h)}</span> on '
            f'<a href="{self.link(s)}#comment-{cid}">{esc(s.title)}</a></li>'
            for s, (cid, h, _t) in commented
        )
        months = sorted({(s.published.year, s.published.month) for s in self.posts}, reverse=True)
        arch = "".join(
            f'<li><a href="{self.month_link(y, m)}">{dt.date(y, m, 1):%B %Y}</a></li>'
            for y, m in months
        )
        cats = "".join(
            f'<li class="cat-item cat-item-{c[3]}"><a href="{self.cat_link(c)}">{c[1]}</a></li>'
            for c in CATEGORIES
        )
        searches = "".join(
            f'<li><a href="/?s={q}">{q}</a></li>' for q in ("budget", "ferry", "school+board")
        )
        return f"""<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="/"><label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label><input type="submit" class="search-submit" value="Search" /></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section>
<section id="text-3" class="widget widget_text"><h2 class="widget-title">Editor&#8217;s picks</h2><div class="textwidget"><ul>{pick_links}</ul></div></section>
<section id="text-4" class="widget widget_text"><h2 class="widget-title">Popular searches</h2><div class="textwidget"><ul>{searches}</ul></div></section>
<section id="recent-comments-2" class="widget widget_recent_comments"><h2 class="widget-title">Recent Comments</h2><ul id="recentcomments">{rc}</ul></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Archives</h2><ul>{arch}</ul></section>
<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Categories</h2><ul>{cats}</ul></section>
{self.calendar(year, month)}
<section id="meta-2" class="widget widget_meta"><h2 class="widget-title">Meta</h2><ul><li><a href="/wp-login.php">Log in</a></li><li><a href="{self.feed_link()}">Entries feed</a></li><li><a href="{"/?feed=comments-rss2" if self.plain else "/comments/feed/"}">Comments feed</a></li><li><a href="https://wordpress.org/">WordPress.org</a></li></ul></section>
</aside>"""

    def layout(
        self,
        title: str,
        main: str,
        *,
        body_class: str,
        head: str = "",
        year: int = 2025,
        month: int = 3,
    ) -> str:
        menu = "".join(
            f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category"><a href="{self.cat_link(c)}">{c[1]}</a></li>'
            for c in CATEGORIES[:4]
        )
        about = self.page_link(2, "about")
        feed = self.feed_link()
        cfeed = "/?feed=comments-rss2" if self.plain else "/comments/feed/"
        return f"""<!doctype html>
<html lang="en-US">
<head>
	<meta charset="UTF-8">
	<meta name="viewport" content="width=device-width, initial-scale=1">
	<link rel="profile" href="https://gmpg.org/xfn/11">
	<title>{esc(title)}</title>
<meta name='robots' content='max-image-preview:large' />
<link rel="alternate" type="application/rss+xml" title="{self.name} &raquo; Feed" href="{self.url(feed)}" />
<link rel="alternate" type="application/rss+xml" title="{self.name} &raquo; Comments Feed" href="{self.url(cfeed)}" />
{head}<link rel='stylesheet' id='wp-block-library-css' href='{self.base}/wp-includes/css/dist/block-library/style.min.css?ver=6.7.2' media='all' />
<link rel='stylesheet' id='newsmag-style-css' href='{self.base}/wp-content/themes/newsmag/style.css?ver=1.4.1' media='all' />
<script src="{self.base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<link rel="https://api.w.org/" href="{self.base}/wp-json/" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{self.base}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.7.2" />
</head>
<body class="{body_class}">
<div id="page" class="site">
	<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>
	<header id="masthead" class="site-header">
		<div class="site-branding">
			<p class="site-title"><a href="{self.base}/" rel="home">{self.name}</a></p>
			<p class="site-description">News for the north shore, since 2009</p>
		</div>
		<nav id="site-navigation" class="main-navigation"><button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
		<div class="menu-main-container"><ul id="primary-menu" class="menu"><li class="menu-item"><a href="{self.base}/">Home</a></li>{menu}<li class="menu-item"><a href="{about}">About</a></li></ul></div></nav>
	</header>
	<div id="content" class="site-content">
	<main id="primary" class="site-main">
{main}
	</main>
{self.sidebar(year, month)}
	</div>
	<footer id="colophon" class="site-footer"><div class="site-info">
		<a href="{self.page_link(17, "code-of-ethics-and-corrections-policy")}">Ethics &amp; corrections</a> | <a href="{self.page_link(14, "advertise")}">Advertise</a> | <a href="{self.page_link(11, "contact")}">Contact</a> | <a href="{self.page_link(19, "submit-a-news-tip")}">Send us a tip</a><br>
		<a href="https://wordpress.org/">Proudly powered by WordPress</a> | Theme: Newsmag by Example Themes.
	</div></footer>
</div>
<script src="{self.base}/wp-content/themes/newsmag/js/navigation.js?ver=1.4.1" id="newsmag-navigation-js"></script>
<script src="{self.base}/wp-includes/js/comment-reply.min.js?ver=6.7.2" id="comment-reply-js" async data-wp-strategy="async"></script>
</body>
</html>
"""

    def entry_meta(self, s: Story) -> str:
        return (
            f'<div class="entry-meta"><span class="posted-on">Posted on <a href="{self.link(s)}" rel="bookmark">'
            f'<time class="entry-date published" datetime="{iso(s.published, TZ)}">{s.published:%B %-d, %Y}</time>'
            f'<time class="updated" datetime="{iso(s.published, TZ)}">{s.published:%B %-d, %Y}</time></a></span>'
            f'<span class="byline"> by <span class="author vcard"><a class="url fn n" href="{self.author_link(s.author)}">'
            f"{esc(s.author)}</a></span></span></div>"
        )

    def classes(self, s: Story) -> str:
        tags = " ".join(f"tag-{t}" for t in self.tags[s.id])
        return (
            f"post-{self.pid[s.id]} post type-post status-publish format-standard hentry "
            f"category-{self.cat[s.id][0]} {tags}"
        )

    def body_html(self, s: Story, *, more: bool = False) -> str:
        paras = s.paragraphs
        out = []
        for i, p in enumerate(paras):
            out.append(f"<p>{esc(p)}</p>")
            if more and i == 1 and len(paras) > 3:
                out.append(
                    f'<p><a href="{self.link(s)}#more-{self.pid[s.id]}" class="more-link">Continue reading '
                    f'<span class="screen-reader-text">{esc(s.title)}</span></a></p>'
                )
                return "\n".join(out)
            if i == 2 and self.pid[s.id] % 5 == 0:
                out.append(
                    f'<p>The full agenda is <a href="{self.base}/wp-content/uploads/2025/03/council-agenda-march.pdf">available here (PDF)</a>.</p>'
                )
            if i == 3 and self.pid[s.id] % 7 == 1:
                miss = "/?p=99999" if self.plain else "/old-ferry-schedule-announced/"
                out.append(
                    f'<p>Earlier: <a href="{self.base}{miss}">the old ferry schedule</a>.</p>'
                )
            if i == 1 and self.pid[s.id] % 6 == 2 and not self.plain:
                other = self.posts[(self.posts.index(s) + 3) % len(self.posts)]
                out.append(
                    f'<p><em>Originally reported in <a href="{self.base}/{other.published:%Y/%m/%d}/{other.slug}/">'
                    f"{esc(other.title)}</a>.</em></p>"
                )
        return "\n".join(out)

    def entry(self, s: Story, *, full: bool, more: bool = False) -> str:
        content = self.body_html(s, more=more) if full else f"<p>{esc(s.teaser)}</p>"
        cls = "entry-content" if full else "entry-summary"
        return f"""<article id="post-{self.pid[s.id]}" class="{self.classes(s)}">
	<header class="entry-header"><h2 class="entry-title"><a href="{self.link(s)}" rel="bookmark">{esc(s.title)}</a></h2>{self.entry_meta(s)}</header>
	<div class="{cls}">{content}</div>
	<footer class="entry-footer"><span class="cat-links">Posted in <a href="{self.cat_link(self.cat[s.id])}" rel="category tag">{self.cat[s.id][1]}</a></span></footer>
</article>"""

    def single(self, s: Story) -> str:
        link = self.link(s)
        i = self.posts.index(s)
        prev_s = self.posts[i + 1] if i + 1 < len(self.posts) else None
        next_s = self.posts[i - 1] if i > 0 else None
        share = "".join(
            f'<li class="share-{n}"><a rel="nofollow noopener noreferrer" data-shared="sharing-{n}-{self.pid[s.id]}" '
            f'class="share-{n} sd-button share-icon" href="{self.url(self.with_query(link, f"share={n}&nb=1"))}" target="_blank" '
            f'title="Click to share on {label}"><span>{label}</span></a></li>'
            for n, label in (("facebook", "Facebook"), ("x", "X"))
        )
        related = ""
        if self.pid[s.id] % 3 == 0:
            rel = [p for p in self.posts if p is not s][:3]
            related = (
                '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3>'
                + "".join(
                    f'<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" '
                    f'href="{self.url(self.with_query(self.link(p), f"relatedposts_hit=1&amp;relatedposts_origin={self.pid[s.id]}&amp;relatedposts_position={k}"))}">{esc(p.title)}</a></h4></div>'
                    for k, p in enumerate(rel)
                )
                + "</div>"
            )
        nav = '<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">'
        if prev_s:
            nav += f'<div class="nav-previous"><a href="{self.link(prev_s)}" rel="prev"><span class="nav-subtitle">Previous:</span> <span class="nav-title">{esc(prev_s.title)}</span></a></div>'
        if next_s:
            nav += f'<div class="nav-next"><a href="{self.link(next_s)}" rel="next"><span class="nav-subtitle">Next:</span> <span class="nav-title">{esc(next_s.title)}</span></a></div>'
        nav += "</div></nav>"
        cs = self.comments[s.id]
        items = "".join(
            f"""<li id="comment-{cid}" class="comment even thread-even depth-1"><article id="div-comment-{cid}" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{esc(h)}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="{self.link(s)}#comment-{cid}"><time datetime="{iso(s.published, TZ)}">{s.published:%B %-d, %Y} at 11:0{cid % 10} am</time></a></div></footer>
<div class="comment-content"><p>{esc(t)}</p></div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{self.with_query(link, f"replytocom={cid}")}#respond" data-commentid="{cid}" data-postid="{self.pid[s.id]}" data-belowelement="div-comment-{cid}" data-respondelement="respond" aria-label="Reply to {esc(h)}">Reply</a></div>
</article></li>"""
            for cid, h, t in cs
        )
        title_c = (
            f'<h2 class="comments-title">{len(cs)} thoughts on &ldquo;<span>{esc(s.title)}</span>&rdquo;</h2><ol class="comment-list">{items}</ol>'
            if cs
            else ""
        )
        comments = f"""<div id="comments" class="comments-area">{title_c}
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{link}#respond" style="display:none;">Cancel reply</a></small></h3>
<form action="{self.base}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are marked <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">Name</label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" /></p>
<p class="comment-form-email"><label for="email">Email</label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" autocomplete="email" /></p>
<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /> <label for="wp-comment-cookies-consent">Save my name, email, and website in this browser for the next time I comment.</label></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /> <input type='hidden' name='comment_post_ID' value='{self.pid[s.id]}' id='comment_post_ID' /></p></form>
<p class="must-log-in">Or <a href="{self.base}/wp-login.php?redirect_to={quote(self.url(link), safe="")}">log in</a> to reply with your account.</p></div></div>"""
        tags = ", ".join(
            f'<a href="{self.tag_link(t)}" rel="tag">{t.replace("-", " ")}</a>'
            for t in self.tags[s.id]
        )
        head = (
            f'<link rel="alternate" type="application/rss+xml" title="{self.name} &raquo; {esc(s.title)} Comments Feed" href="{self.url(self.feed_link(s))}" />\n'
            f'<link rel="canonical" href="{self.url(link)}" />\n'
            f"<link rel='shortlink' href='{self.url(f'/?p={self.pid[s.id]}')}' />\n"
            f'<link rel="alternate" title="oEmbed (JSON)" type="application/json+oembed" href="{self.base}/wp-json/oembed/1.0/embed?url={quote(self.url(link), safe="")}" />\n'
        )
        if self.plain:
            head += (
                '<meta property="og:type" content="article" />\n'
                f'<meta property="og:title" content="{esc(s.title)}" />\n'
                f'<meta property="og:url" content="{self.url(link)}" />\n'
                f'<meta property="og:description" content="{esc(s.teaser)}" />\n'
                f'<meta property="article:published_time" content="{iso(s.published, "+00:00")}" />\n'
                f'<meta property="og:site_name" content="{self.name}" />\n'
                '<meta name="twitter:card" content="summary_large_image" />\n'
            )
        main = f"""<article id="post-{self.pid[s.id]}" class="{self.classes(s)}">
	<header class="entry-header"><h1 class="entry-title">{esc(s.title)}</h1>{self.entry_meta(s)}</header>
	<div class="entry-content">
{self.body_html(s)}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>{share}<li class="share-end"></li></ul></div></div></div>
<div class="sharedaddy sd-block sd-like jetpack-likes-widget-wrapper jetpack-likes-widget-unloaded" id="like-post-wrapper-{self.pid[s.id]}" data-name="like-post-frame"><h3 class="sd-title">Like this:</h3><div class="likes-widget-placeholder post-likes-widget-placeholder"><span class="button"><span>Like</span></span> <span class="loading">Loading...</span></div></div>
{related}
{self.mailchimp() if self.pid[s.id] % 2 else ""}
	</div>
	<footer class="entry-footer"><span class="cat-links">Posted in <a href="{self.cat_link(self.cat[s.id])}" rel="category tag">{self.cat[s.id][1]}</a></span><span class="tags-links">Tagged {tags}</span></footer>
</article>
{nav}
{comments}"""
        body_class = f"post-template-default single single-post postid-{self.pid[s.id]} single-format-standard wp-embed-responsive"
        return self.layout(
            f"{s.title} &#8211; {self.name}",
            main,
            body_class=body_class,
            head=head,
            year=s.published.year,
            month=s.published.month,
        )

    def mailchimp(self) -> str:
        return (
            '<div class="wp-block-group newsletter-signup"><h4>Get the Ledger in your inbox</h4>'
            "<p>Local news, weather and high school scores every weekday morning. Free, and you "
            'can unsubscribe at any time.</p><form action="https://example.us21.list-manage.com/'
            'subscribe/post" method="post"><input type="email" name="EMAIL" placeholder="Email '
            'address"><input type="submit" value="Subscribe"></form></div>'
        )

    def archive(
        self,
        base: str,
        title: str,
        posts: list[Story],
        *,
        full: bool,
        body_class: str,
        more: bool = False,
        year: int = 2025,
        month: int = 3,
    ) -> list[tuple[str, str]]:
        """Render an archive and its pages; returns (target, html) pairs."""
        out = []
        pages = max(1, -(-len(posts) // PER_PAGE))
        for n in range(1, pages + 1):
            chunk = posts[(n - 1) * PER_PAGE : n * PER_PAGE]
            entries = "\n".join(self.entry(s, full=full, more=more) for s in chunk)
            if not chunk:
                entries = (
                    '<section class="no-results not-found"><header class="page-header"><h1 class="page-title">Nothing Found</h1></header>'
                    '<div class="page-content"><p>It seems we can&rsquo;t find what you&rsquo;re looking for. Perhaps searching can help.</p></div></section>'
                )
            nav = ""
            if pages > 1:
                links = []
                if n < pages:
                    links.append(
                        f'<div class="nav-previous"><a href="{self.paged(base, n + 1)}">Older posts</a></div>'
                    )
                if n > 1:
                    links.append(
                        f'<div class="nav-next"><a href="{self.paged(base, n - 1)}">Newer posts</a></div>'
                    )
                nav = f'<nav class="navigation posts-navigation" aria-label="Posts"><h2 class="screen-reader-text">Posts navigation</h2><div class="nav-links">{"".join(links)}</div></nav>'
            header = (
                f'<header class="page-header"><h1 class="page-title">{title}</h1></header>'
                if title
                else ""
            )
            html = self.layout(
                f"{title or 'Home'} &#8211; {self.name}",
                header + entries + nav,
                body_class=body_class + (f" paged paged-{n}" if n > 1 else ""),
                year=year,
                month=month,
            )
            out.append((self.paged(base, n), html))
        return out

    # -- build --------------------------------------------------------------------
    def build(self) -> Site:
        self.make()
        site, m = self.site, self.site.manifest
        site.not_found_html = self.layout(
            f"Page not found &#8211; {self.name}",
            '<section class="error-404 not-found"><h1 class="page-title">Oops! That page can&rsquo;t be found.</h1></section>',
            body_class="error404",
        )
        for s in self.posts:
            link = self.link(s)
            html = self.single(s)
            site.page(link, html)
            variants = (
                [self.url(f"/?p={self.pid[s.id]}")]
                if not self.plain
                else [self.url(f"/index.php?p={self.pid[s.id]}")]
            )
            if self.plain:
                site.redirect(f"/index.php?p={self.pid[s.id]}", self.url(link))
            else:
                site.redirect(f"/?p={self.pid[s.id]}", self.url(link))
                old = f"/{s.published:%Y/%m/%d}/{s.slug}/"
                site.redirect(old, self.url(link))
                variants.append(self.url(old))
            for n in ("facebook", "x"):
                target = self.with_query(link, f"share={n}&nb=1")
                dest = (
                    "https://www.facebook.com/sharer.php?u="
                    if n == "facebook"
                    else "https://x.com/intent/post?url="
                ) + quote(self.url(link), safe="")
                site.add(target, Resp(302, b"", "text/html; charset=UTF-8", [("Location", dest)]))
            site.raw(
                self.feed_link(s),
                self.rss([], f"Comments on: {s.title}", comments_of=s),
                "application/rss+xml; charset=UTF-8",
            )
            m.articles.append(truth(self.url(link), variants, "brief" if s.brief else "article", s))

        pages = self.archive("/", "", self.posts, full=True, more=True, body_class="home blog")
        for target, html in pages:
            site.page(target, html)
            m.non_articles.append(self.url(target))
        for cat in CATEGORIES:
            posts = [s for s in self.posts if self.cat[s.id] is cat]
            for target, html in self.archive(
                self.cat_link(cat),
                f"Category: <span>{cat[1]}</span>",
                posts,
                full=False,
                body_class=f"archive category category-{cat[0]} category-{cat[3]}",
            ):
                site.page(target, html)
                m.non_articles.append(self.url(target))
            site.raw(
                self.with_query(self.cat_link(cat), "feed=rss2")
                if self.plain
                else self.cat_link(cat) + "feed/",
                self.rss(posts, f"{self.name} &#187; {cat[1]}"),
                "application/rss+xml; charset=UTF-8",
            )
        for tag in TAGS:
            posts = [s for s in self.posts if tag in self.tags[s.id]]
            for target, html in self.archive(
                self.tag_link(tag),
                f"Tag: <span>{tag.replace('-', ' ')}</span>",
                posts,
                full=False,
                body_class=f"archive tag tag-{tag}",
            ):
                site.page(target, html)
                m.non_articles.append(self.url(target))
        for author in self.authors:
            posts = [s for s in self.posts if s.author == author]
            for target, html in self.archive(
                self.author_link(author),
                f'Author: <span class="vcard">{esc(author)}</span>',
                posts,
                full=False,
                body_class="archive author",
            ):
                site.page(target, html)
                m.non_articles.append(self.url(target))
        for pid, slug, title, paras in self.pages:
            link = self.page_link(pid, slug)
            head = f"<link rel=\"canonical\" href=\"{self.url(link)}\" />\n<link rel='shortlink' href='{self.url(f'/?p={pid}')}' />\n"
            main = f"""<article id="post-{pid}" class="post-{pid} page type-page status-publish hentry">
	<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1></header>
	<div class="entry-content">{paras_html(paras)}</div></article>"""
            site.page(
                link,
                self.layout(
                    f"{title} &#8211; {self.name}",
                    main,
                    body_class=f"page-template-default page page-id-{pid}",
                    head=head,
                ),
            )
            if not self.plain:
                site.redirect(f"/?p={pid}", self.url(link))
            m.non_articles.append(self.url(link))

        def month_archive(y: int, mo: int, page: int) -> Resp | None:
            if not (1990 <= y <= 2099 and 1 <= mo <= 12):
                return None
            posts = [s for s in self.posts if (s.published.year, s.published.month) == (y, mo)]
            rendered = self.archive(
                self.month_link(y, mo),
                f"Month: <span>{dt.date(y, mo, 1):%B %Y}</span>",
                posts,
                full=False,
                body_class="archive date",
                year=y,
                month=mo,
            )
            if page > len(rendered):
                return None
            return Resp(200, rendered[page - 1][1].encode(), "text/html; charset=UTF-8")

        def day_archive(d: dt.date) -> Resp:
            posts = [s for s in self.posts if s.published.date() == d]
            rendered = self.archive(
                self.day_link(d),
                f"Day: <span>{d:%B %-d, %Y}</span>",
                posts,
                full=True,
                body_class="archive date",
                year=d.year,
                month=d.month,
            )
            return Resp(200, rendered[0][1].encode(), "text/html; charset=UTF-8")

        def dates(match, params):
            if self.plain:
                mq = params.get("m", "")
                if len(params) == 1 and mq.isdigit() and len(mq) == 6:
                    return month_archive(int(mq[:4]), int(mq[4:]), 1)
                if (
                    len(params) == 2
                    and mq.isdigit()
                    and len(mq) == 6
                    and params.get("paged", "").isdigit()
                ):
                    return month_archive(int(mq[:4]), int(mq[4:]), int(params["paged"]))
                if len(params) == 1 and mq.isdigit() and len(mq) == 8:
                    try:
                        return day_archive(dt.date(int(mq[:4]), int(mq[4:6]), int(mq[6:])))
                    except ValueError:
                        return None
                return None
            y, mo, rest = int(match.group(1)), int(match.group(2)), match.group(3) or ""
            if rest.startswith("page/"):
                return month_archive(y, mo, int(rest[5:].strip("/")))
            if rest:
                try:
                    return day_archive(dt.date(y, mo, int(rest.strip("/"))))
                except ValueError:
                    return None
            return month_archive(y, mo, 1)

        if self.plain:
            site.route(r"/", dates)
        else:
            site.route(r"/(\d{4})/(\d{2})/((?:\d{2}|page/\d+)/)?", dates)
        for d in sorted({s.published.date() for s in self.posts}):
            m.non_articles.append(self.url(self.day_link(d)))

        # Feeds, sitemaps, robots.txt, the PDF.
        site.raw(
            self.feed_link(),
            self.rss(self.posts[:10], self.name),
            "application/rss+xml; charset=UTF-8",
        )
        site.raw(
            "/?feed=comments-rss2" if self.plain else "/comments/feed/",
            self.rss([], f"Comments for {self.name}", all_comments=True),
            "application/rss+xml; charset=UTF-8",
        )
        pdf = "/wp-content/uploads/2025/03/council-agenda-march.pdf"
        site.raw(pdf, pdf_bytes("Council agenda, March 2025"), "application/pdf")
        m.non_articles.append(self.url(pdf))
        subs = [
            ("posts", "post", [(self.url(self.link(s)), iso(s.published, TZ)) for s in self.posts]),
            (
                "posts",
                "page",
                [(self.url(self.page_link(p, sl)), None) for p, sl, _t, _x in self.pages],
            ),
            ("taxonomies", "category", [(self.url(self.cat_link(c)), None) for c in CATEGORIES]),
            ("users", None, [(self.url(self.author_link(a)), None) for a in self.authors]),
        ]
        index = []
        for kind, sub, entries in subs:
            if self.plain:
                loc = f"/?sitemap={kind}" + (f"&sitemap-subtype={sub}" if sub else "") + "&paged=1"
            else:
                loc = f"/wp-sitemap-{kind}-{sub + '-' if sub else ''}1.xml"
            site.raw(
                loc,
                sitemap_xml(entries, stylesheet=self.url("/wp-sitemap.xsl")),
                "application/xml; charset=UTF-8",
            )
            index.append((self.url(loc), None))
        index_loc = "/?sitemap=index" if self.plain else "/wp-sitemap.xml"
        site.raw(
            index_loc,
            sitemap_index(index, stylesheet=self.url("/wp-sitemap-index.xsl")),
            "application/xml; charset=UTF-8",
        )
        disallow = ["/wp-admin/", "/wp-login.php", "/?s="]
        site.raw(
            "/robots.txt",
            robots_txt(
                [
                    (
                        ["*"],
                        [f"Disallow: {p}" for p in disallow] + ["Allow: /wp-admin/admin-ajax.php"],
                    )
                ],
                [self.url(index_loc)],
            ),
            "text/plain; charset=utf-8",
        )
        m.disallowed = disallow
        m.non_article_patterns = [r"^/\d{4}/\d{2}/(\d{2}/|page/\d+/)?$", r"^/\?m=\d+"]
        m.traps = (
            [r"^/\d{4}/\d{2}/(\d{2}/)?$", r"[?&]m=\d+", r"replytocom=", r"share="]
            if not self.plain
            else [r"[?&]m=\d+", r"replytocom=", r"share="]
        )
        return site

    def rss(
        self,
        posts: list[Story],
        title: str,
        *,
        comments_of: Story | None = None,
        all_comments: bool = False,
    ) -> str:
        items = []
        for s in posts:
            items.append(f"""		<item>
		<title>{esc(s.title)}</title>
		<link>{self.url(self.link(s))}</link>
		<dc:creator><![CDATA[{s.author}]]></dc:creator>
		<pubDate>{rfc822(s.published, "-0500")}</pubDate>
		<category><![CDATA[{self.cat[s.id][1]}]]></category>
		<guid isPermaLink="false">{self.url(f"/?p={self.pid[s.id]}")}</guid>
		<description><![CDATA[{s.teaser} [&#8230;]]]></description>
		<content:encoded><![CDATA[{"".join(f"<p>{esc(p)}</p>" for p in s.paragraphs)}]]></content:encoded>
		<slash:comments>{len(self.comments[s.id])}</slash:comments>
		</item>""")
        sources = [comments_of] if comments_of else (self.posts if all_comments else [])
        for s in sources:
            for cid, h, t in self.comments[s.id]:
                items.append(f"""		<item>
		<title>By: {esc(h)}</title>
		<link>{self.url(self.link(s))}#comment-{cid}</link>
		<dc:creator><![CDATA[{h}]]></dc:creator>
		<pubDate>{rfc822(s.published, "-0500")}</pubDate>
		<guid isPermaLink="false">{self.url(f"/?p={self.pid[s.id]}")}#comment-{cid}</guid>
		<description><![CDATA[{t}]]></description>
		</item>""")
        return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>
<channel>
	<title>{title}</title>
	<atom:link href="{self.url(self.feed_link())}" rel="self" type="application/rss+xml" />
	<link>{self.base}/</link>
	<description>News for the north shore, since 2009</description>
	<lastBuildDate>{rfc822(self.posts[0].published, "-0500")}</lastBuildDate>
	<language>en-US</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.7.2</generator>
{chr(10).join(items)}
	</channel>
</rss>
"""


def build(base: str) -> Site:
    return WordPress(base, plain=False).build()


def build_plain(base: str) -> Site:
    return WordPress(base, plain=True).build()
