# ruff: noqa: E501 - HTML templates keep their markup on one line, as a CMS would emit it
"""A 2004-era PHP news site: tables, <font>, <br><br> paragraphs, latin-1, RSS 0.92.

What makes it hard: every article is ``/article.php?id=N`` (the id is in the query,
the path says nothing); pages are ISO-8859-1 with the charset only in the HTTP
header; no og, no JSON-LD, no rel=canonical; most bodies are text separated by
``<br><br>`` inside ``<font>`` in a table cell; a classifieds page and a letters
page carry as much text as an article; "/" redirects to /index.php; an old
``show.php`` answers with a relative ``Location``; an unknown id is a soft 404
(200); session ids appear in some links; a month archive links the previous and
next month forever (a calendar trap).
"""

from __future__ import annotations

import datetime as dt
import random

from bench.sites.common import esc, pdf_bytes, rfc822, robots_txt, truth
from bench.sites.prose import Story, Writer
from bench.sites.server import Resp, Site

NAME = "legacy"
SITE_NAME = "Valley Gazette"
CTYPE = "text/html; charset=iso-8859-1"
PER_PAGE = 8
SECTIONS = [
    ("local", "Local news", "news"),
    ("sport", "Sport", "sport"),
    ("business", "Business", "business"),
    ("culture", "Culture", "culture"),
]
LABELS = {key: label for key, label, _w in SECTIONS}
DISALLOW = ["/admin/", "/cgi-bin/", "/print.php", "/mail.php", "/poll.php", "/search.php"]


def _lat(text: str) -> str:
    """Escape for HTML; characters outside latin-1 become entities (as old CMSes did)."""
    out = esc(text)
    return out.encode("latin-1", "xmlcharrefreplace").decode("latin-1")


class Legacy:
    def __init__(self, base: str) -> None:
        self.site = Site(NAME, base, "2004 PHP CMS: article.php?id=, tables, latin-1 via HTTP only")
        self.site.not_found_type = "text/html; charset=iso-8859-1"
        self.base = self.site.base
        self.w = Writer(3001, latin=True, start=dt.datetime(2025, 3, 27, 17, 0))
        self.rng = random.Random(3002)
        self.stories: list[Story] = []
        self.ids: dict[int, int] = {}
        self.sec: dict[int, str] = {}

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, target: str, html: str) -> None:
        self.site.page(target, html, encoding="latin-1", content_type=CTYPE)

    def make(self) -> None:
        next_id = 2301
        plan = [("local", False)] * 11 + [("sport", False)] * 7 + [("business", False)] * 6
        plan += [("culture", False)] * 5 + [("local", True)] * 4 + [("sport", True)] * 1
        for key, brief in plan:
            wsec = dict((k, w) for k, _l, w in SECTIONS)[key]
            s = self.w.story(wsec, brief=brief)
            next_id += self.rng.randint(1, 6)
            self.ids[s.id] = next_id
            self.sec[s.id] = key
            self.stories.append(s)
        self.stories.sort(key=lambda s: s.published, reverse=True)

    # -- chrome -------------------------------------------------------------------
    def layout(self, title: str, center: str, *, sid: str = "") -> str:
        sess = f"&amp;PHPSESSID={sid}" if sid else ""
        nav = "".join(
            f'<tr><td class="nav">&raquo; <a href="index.php?section={k}{sess}"><font face="Verdana" '
            f'size="2" color="#003366">{label}</font></a></td></tr>'
            for k, label, _w in SECTIONS
        )
        top = "".join(
            f'<li><a href="show.php?id={self.ids[s.id]}">{_lat(s.title)}</a></li>'
            for s in self.stories[5:9]
        )
        months = "".join(
            f'<a href="archive.php?year=2025&amp;month={mo}">{dt.date(2025, mo, 1):%B}</a><br>'
            for mo in (3, 2, 1)
        )
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<title>{SITE_NAME} :: {_lat(title)}</title>
<meta http-equiv="Content-Type" content="text/html">
<meta name="keywords" content="valley, gazette, news, local, sport, business">
<meta name="description" content="{SITE_NAME} - news from the valley since 1998">
<link rel="stylesheet" href="style.css" type="text/css">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} RSS" href="rss.php">
<script language="JavaScript" src="js/popup.js"></script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="780" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td colspan="3" bgcolor="#003366"><a href="index.php"><img src="img/logo.gif" width="400" height="60" border="0" alt="{SITE_NAME}"></a></td></tr>
<tr><td colspan="3" bgcolor="#CCCCCC"><font face="Verdana" size="1">&nbsp;<a href="index.php">Home</a> | <a href="about.php">About us</a> | <a href="contact.php">Contact</a> | <a href="classifieds.php?cat=1">Classifieds</a> | <a href="weather.php">Weather</a> | <a href="links.php">Links</a> | <a href="rss.php">RSS</a> | <a href="search.php?q=budget">Search</a></font></td></tr>
<tr>
<td width="150" valign="top" bgcolor="#EEEEEE">
<table width="100%" border="0" cellspacing="2" cellpadding="3">
<tr><td><b><font face="Verdana" size="2">Sections</font></b></td></tr>
{nav}
<tr><td><br><b><font face="Verdana" size="2">Archive</font></b><br><font face="Verdana" size="1">{months}</font></td></tr>
<tr><td><br><b><font face="Verdana" size="2">Top stories this week</font></b><ul>{top}</ul></td></tr>
</table>
</td>
<td width="480" valign="top">
{center}
</td>
<td width="150" valign="top" bgcolor="#EEEEEE">
<font face="Verdana" size="1"><b>Poll</b><br>Should the market square be closed to traffic?<br>
<a href="poll.php?vote=1">Yes</a> | <a href="poll.php?vote=2">No</a> | <a href="poll.php?results=1">Results</a><br><br>
<b>Weather</b><br>Today: 14&deg;C, showers<br><a href="weather.php">5-day forecast</a><br><br>
<a href="rss.php"><img src="img/xml.gif" border="0" alt="RSS"></a><br><br>
<a href="files/council_minutes_2025-03.pdf">Council minutes March 2025 (PDF)</a></font>
</td>
</tr>
<tr><td colspan="3" align="center"><font face="Verdana" size="1" color="#666666">&copy; 1998-2025 {SITE_NAME} | <a href="impressum.php">Imprint</a> | Powered by NewsPHP 2.3</font></td></tr>
</table>
</body>
</html>
"""

    def headline_row(self, s: Story, sid: str = "") -> str:
        href = f"article.php?id={self.ids[s.id]}" + (f"&amp;PHPSESSID={sid}" if sid else "")
        return (
            f'<tr><td><font face="Verdana" size="2"><a href="{href}"><b>{_lat(s.title)}</b></a><br>'
            f'<font size="1" color="#666666">{s.published:%d.%m.%Y}</font><br>{_lat(s.teaser)}'
            f' <a href="{href}">more&hellip;</a></font></td></tr>'
        )

    def article_html(self, s: Story) -> str:
        style = self.ids[s.id] % 3  # 0,1: <br><br>; 2: <p>
        if style == 2:
            body = "".join(f"<p>{_lat(p)}</p>" for p in s.paragraphs)
        else:
            body = "<br><br>\n".join(_lat(p) for p in s.paragraphs)
        aid = self.ids[s.id]
        related = [o for o in self.stories if self.sec[o.id] == self.sec[s.id] and o.id != s.id][:3]
        rel = "".join(
            f'&middot; <a href="article.php?id={self.ids[o.id]}">{_lat(o.title)}</a><br>'
            for o in related
        )
        extra = ""
        if aid % 5 == 0:
            extra = '<br><br><i>Documents: <a href="files/council_minutes_2025-03.pdf">minutes (PDF)</a></i>'
        if aid % 7 == 1:
            extra += '<br><br><i>See also: <a href="/old/news_1998.htm">our 1998 report</a></i>'
        center = f"""<table width="100%" border="0" cellspacing="0" cellpadding="6"><tr><td>
<font face="Verdana" size="1"><a href="index.php">Home</a> &gt; <a href="index.php?section={self.sec[s.id]}">{LABELS[self.sec[s.id]]}</a></font><br><br>
<font face="Georgia" size="4" color="#003366"><b>{_lat(s.title)}</b></font><br>
<font face="Verdana" size="1" color="#666666">By {_lat(s.author)} | {s.published:%d.%m.%Y %H:%M}</font><br><br>
<font face="Verdana" size="2">{body}{extra}</font>
<br><br><font face="Verdana" size="1"><a href="print.php?id={aid}"><img src="img/print.gif" border="0"> Print</a> &nbsp; <a href="mail.php?id={aid}">E-mail this article</a></font>
<br><br><table width="100%" bgcolor="#EEEEEE" cellpadding="4"><tr><td><font face="Verdana" size="1"><b>Related articles</b><br>{rel}</font></td></tr></table>
</td></tr></table>"""
        return self.layout(s.title, center)

    def build(self) -> Site:
        self.make()
        site, m = self.site, self.site.manifest
        site.not_found_html = (
            '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>404 Not Found'
            "</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this "
            "server.</p><hr><address>Apache/2.2.22 Server</address></body></html>"
        )
        for s in self.stories:
            aid = self.ids[s.id]
            self.page(f"/article.php?id={aid}", self.article_html(s))
            self.page(
                f"/print.php?id={aid}",
                self.article_html(s).replace('<table width="780"', '<table width="600"'),
            )
            self.page(
                f"/mail.php?id={aid}",
                self.layout("E-mail this article", "<form method=post><input name=to></form>"),
            )
            site.add(
                f"/show.php?id={aid}",
                Resp(302, b"", CTYPE, [("Location", f"article.php?id={aid}")]),
            )
            m.articles.append(
                truth(
                    self.url(f"/article.php?id={aid}"),
                    [self.url(f"/show.php?id={aid}")],
                    "brief" if s.brief else "article",
                    s,
                )
            )

        def soft404(match, params):
            if match.group(0) == "/article.php" and params.get("id", "").isdigit():
                html = self.layout(
                    "Article not found",
                    '<font face="Verdana" size="2">Sorry, this article does not exist or has been removed.</font>',
                )
                return Resp(200, html.encode("latin-1"), CTYPE)
            return None

        site.route(r"/article\.php", soft404)

        site.redirect("/", "/index.php", 302)
        home_rows = "".join(
            self.headline_row(s, "a81f03c9d2e4b7a6c5d0e1f2a3b4c5d6" if i == 2 else "")
            for i, s in enumerate(self.stories[:12])
        )
        home = (
            '<table width="100%" cellpadding="6"><tr><td><font face="Georgia" size="3"><b>Latest news</b></font></td></tr>'
            + home_rows
            + '<tr><td><font face="Verdana" size="1"><a href="article.php?id=1999">Editor\'s note from 1999</a></font></td></tr></table>'
        )
        self.page("/index.php", self.layout("Home", home))
        m.non_articles.append(self.url("/index.php"))
        for key, label, _w in SECTIONS:
            chosen = [s for s in self.stories if self.sec[s.id] == key]
            pages = max(1, -(-len(chosen) // PER_PAGE))
            for p in range(1, pages + 1):
                rows = "".join(
                    self.headline_row(s) for s in chosen[(p - 1) * PER_PAGE : p * PER_PAGE]
                )
                pager = " ".join(
                    f'<a href="index.php?section={key}{f"&amp;page={q}" if q > 1 else ""}">{q}</a>'
                    if q != p
                    else f"<b>{q}</b>"
                    for q in range(1, pages + 1)
                )
                center = (
                    f'<table width="100%" cellpadding="6"><tr><td><font face="Georgia" size="3"><b>{label}</b></font></td></tr>'
                    f'{rows}<tr><td align="center"><font face="Verdana" size="1">Page: {pager}</font></td></tr></table>'
                )
                target = f"/index.php?section={key}" + (f"&page={p}" if p > 1 else "")
                self.page(target, self.layout(label, center))
                m.non_articles.append(self.url(target))

        def archive(match, params):
            try:
                year, month = int(params.get("year", "")), int(params.get("month", ""))
                first = dt.date(year, month, 1)
            except ValueError:
                return None
            prev = (first - dt.timedelta(days=1)).replace(day=1)
            nxt = (first + dt.timedelta(days=32)).replace(day=1)
            rows = (
                "".join(
                    self.headline_row(s)
                    for s in self.stories
                    if (s.published.year, s.published.month) == (year, month)
                )
                or '<tr><td><font face="Verdana" size="2">No articles in this month.</font></td></tr>'
            )
            center = (
                f'<table width="100%" cellpadding="6"><tr><td><font face="Georgia" size="3"><b>Archive {first:%B %Y}</b></font><br>'
                f'<font face="Verdana" size="1"><a href="archive.php?year={prev.year}&amp;month={prev.month}">&laquo; {prev:%B %Y}</a> | '
                f'<a href="archive.php?year={nxt.year}&amp;month={nxt.month}">{nxt:%B %Y} &raquo;</a></font></td></tr>{rows}</table>'
            )
            return Resp(200, self.layout(f"Archive {first:%B %Y}", center).encode("latin-1"), CTYPE)

        site.route(r"/archive\.php", archive)

        cats = " | ".join(
            f'<a href="classifieds.php?cat={c}">{lbl}</a>'
            for c, lbl in [(1, "For sale"), (2, "Jobs"), (3, "Property"), (4, "Notices")]
        )
        for cat, label in [(1, "For sale"), (2, "Jobs"), (3, "Property"), (4, "Notices")]:
            items = "".join(
                f'<tr><td><font face="Verdana" size="2"><b>{_lat(" ".join(p.split()[:4]))}</b> '
                f"{_lat(p)} Tel. 01632 9{self.rng.randint(10000, 99999)}</font></td></tr>"
                for p in self.w.paragraphs("business", 380)
            )
            center = (
                f'<table width="100%" cellpadding="4"><tr><td><font face="Georgia" size="3">'
                f'<b>Classifieds: {label}</b></font><br><font size="1">{cats}</font></td></tr>'
                f"{items}</table>"
            )
            self.page(f"/classifieds.php?cat={cat}", self.layout(f"Classifieds: {label}", center))
            m.non_articles.append(self.url(f"/classifieds.php?cat={cat}"))

        for path, title, words in [
            ("/about.php", "About the Valley Gazette", 320),
            ("/impressum.php", "Imprint", 90),
            ("/links.php", "Links", 260),
        ]:
            text = "<br><br>".join(_lat(p) for p in self.w.paragraphs("culture", words))
            self.page(
                path,
                self.layout(
                    title, f'<font face="Verdana" size="2"><b>{title}</b><br><br>{text}</font>'
                ),
            )
            m.non_articles.append(self.url(path))
        self.page(
            "/contact.php",
            self.layout(
                "Contact",
                '<form action="contact.php" method="post"><input name="name"><textarea name="msg"></textarea><input type="submit"></form>',
            ),
        )
        m.non_articles.append(self.url("/contact.php"))
        days = "".join(
            f"<tr><td>{d}</td><td>{self.rng.randint(6, 17)}&deg;C</td><td>{self.rng.choice(['Showers', 'Sunny spells', 'Cloudy', 'Rain'])}</td></tr>"
            for d in ("Mon", "Tue", "Wed", "Thu", "Fri")
        )
        self.page("/weather.php", self.layout("Weather", f'<table border="1">{days}</table>'))
        m.non_articles.append(self.url("/weather.php"))
        site.raw(
            "/files/council_minutes_2025-03.pdf",
            pdf_bytes("Council minutes March 2025"),
            "application/pdf",
        )
        m.non_articles.append(self.url("/files/council_minutes_2025-03.pdf"))

        site.add(
            "/rss.php", Resp(200, self.rss092(self.stories[:15]).encode("latin-1"), "text/xml")
        )
        site.raw(
            "/robots.txt", robots_txt([(["*"], [f"Disallow: {p}" for p in DISALLOW])]), "text/plain"
        )
        m.disallowed = list(DISALLOW)
        m.traps = [r"^/archive\.php", r"^/classifieds\.php"]
        m.non_article_patterns = [r"^/archive\.php\?", r"^/article\.php\?id=1999$"]
        return site

    def rss092(self, stories: list[Story]) -> str:
        items = "".join(
            f"<item><title>{_lat(s.title)}</title>"
            f"<link>{self.base}/article.php?id={self.ids[s.id]}&amp;utm_source=rss&amp;utm_medium=feed</link>"
            f"<description>{_lat(s.teaser)}</description></item>\n"
            for s in stories
        )
        return (
            '<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="0.92">\n<channel>\n'
            f"<title>{SITE_NAME}</title><link>{self.base}/</link>"
            f"<description>News from the valley</description><language>en</language>"
            f"<lastBuildDate>{rfc822(self.stories[0].published)}</lastBuildDate>\n{items}</channel>\n</rss>\n"
        )


def build(base: str) -> Site:
    return Legacy(base).build()
