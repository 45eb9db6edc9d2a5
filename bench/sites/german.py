# ruff: noqa: E501 - HTML templates keep their markup on one line, as a CMS would emit it
"""A German regional paper, served as a mirror: every canonical names the production host.

What makes it hard: the site is German (``/impressum/``, ``/datenschutz/``,
``/traueranzeigen/``, ``/themen/``, ``/autoren/``, ``?seite=2``, dates such as
"14.03.2025, 09:12 Uhr"); rel=canonical, og:url, JSON-LD, the RSS feed and the
sitemaps all use ``https://www.lindenauer-anzeiger.de`` while the pages are served
from 127.0.0.1 with relative links (a mirror, a staging copy, a site behind a proxy),
so feeds and sitemaps point off-host; "A+" articles show two paragraphs and a
paywall box; photo galleries share the article URL shape and og:type=article;
old URLs without the id redirect.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import string

from bench.sites.common import (
    esc,
    news_sitemap,
    pdf_bytes,
    rfc822,
    robots_txt,
    sitemap_index,
    sitemap_xml,
    truth,
)
from bench.sites.prose import Story
from bench.sites.prose_de import SchreiberDE, slugify_de
from bench.sites.server import Site

NAME = "german"
SITE_NAME = "Lindenauer Anzeiger"
PROD = "https://www.lindenauer-anzeiger.de"
PER_PAGE = 8
RESSORTS = [
    ("lokales/lindenau", "lokales", "Lindenau", 9),
    ("lokales/birkenfeld", "lokales", "Birkenfeld", 7),
    ("sport", "sport", "Sport", 6),
    ("wirtschaft", "wirtschaft", "Wirtschaft", 5),
    ("kultur", "kultur", "Kultur", 4),
]
DISALLOW = ["/suche", "/mein-konto/", "/api/", "/abo/checkout/"]


def _de_date(when: dt.datetime) -> str:
    return when.strftime("%d.%m.%Y, %H:%M Uhr")


def _iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S") + "+01:00"


class German:
    def __init__(self, base: str) -> None:
        self.site = Site(
            NAME, base, "German regional paper as a mirror: canonicals on the production host"
        )
        self.base = self.site.base
        self.w = SchreiberDE(6001, dt.datetime(2025, 3, 27, 18, 0))
        self.rng = random.Random(6002)
        self.stories: list[Story] = []
        self.path: dict[int, str] = {}
        self.ressort: dict[int, tuple] = {}
        self.kind: dict[int, str] = {}
        self.galleries: list[tuple[Story, str]] = []

    def _id(self) -> str:
        return "".join(self.rng.choice(string.ascii_uppercase + "234567") for _ in range(26))

    def make(self) -> None:
        for res in RESSORTS:
            path, ressort, _label, n = res
            for i in range(n):
                kind = "article"
                if i == n - 1 and ressort in ("lokales", "sport"):
                    kind = "brief"
                elif i == 1 and ressort != "kultur":
                    kind = "paywalled"
                s = self.w.story(ressort, brief=kind == "brief", section=path)
                self.stories.append(s)
                self.path[s.id] = f"/{path}/{s.slug}-{self._id()}.html"
                self.ressort[s.id] = res
                self.kind[s.id] = kind
        self.stories.sort(key=lambda s: s.published, reverse=True)
        for _ in range(3):
            g = self.w.story("lokales", brief=True, section="lokales/lindenau")
            g.title = "Fotostrecke: " + g.title
            self.galleries.append((g, f"/lokales/lindenau/fotostrecke-{g.slug}-{self._id()}.html"))

    # -- chrome -------------------------------------------------------------------
    def layout(
        self, title: str, main: str, *, path: str, head: str = "", og_type: str = "website"
    ) -> str:
        nav = "".join(
            f'<li><a href="/{p}/">{label}</a></li>'
            for p, label in [
                ("lokales", "Lokales"),
                ("lokales/lindenau", "Lindenau"),
                ("lokales/birkenfeld", "Birkenfeld"),
                ("sport", "Sport"),
                ("wirtschaft", "Wirtschaft"),
                ("kultur", "Kultur"),
            ]
        )
        return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {SITE_NAME}</title>
<link rel="canonical" href="{PROD}{path}">
<meta property="og:url" content="{PROD}{path}">
<meta property="og:type" content="{og_type}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:locale" content="de_DE">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} – Lokales" href="/rss/feed/lokales">
{head}<link rel="stylesheet" href="/assets/css/main.4f2a1c.css">
<script src="/assets/js/consent.js" async></script>
</head>
<body>
<div id="consent-layer" class="cmp-layer" role="dialog" aria-label="Datenschutz-Einstellungen"><div class="cmp-box"><h2>Wir respektieren Ihre Privatsphäre</h2><p>Wir und unsere Partner verwenden Cookies und ähnliche Technologien, um Inhalte und Anzeigen zu personalisieren, Funktionen für soziale Medien anzubieten und die Zugriffe auf unsere Website zu analysieren. Dabei werden personenbezogene Daten wie Ihre IP-Adresse verarbeitet. Mit Klick auf „Alle akzeptieren“ willigen Sie in die Verarbeitung ein. Ihre Einwilligung können Sie jederzeit in den Datenschutz-Einstellungen widerrufen.</p><button>Alle akzeptieren</button> <button>Einstellungen</button> <a href="/datenschutz/">Datenschutzerklärung</a></div></div>
<header class="site-header"><a class="logo" href="/" title="{SITE_NAME} – Startseite">{SITE_NAME}</a>
<nav class="main-nav" aria-label="Hauptnavigation"><ul>{nav}</ul></nav>
<div class="header-tools"><a href="/suche?q=">Suche</a> <a href="/mein-konto/login?ref={path}">Anmelden</a> <a class="btn-abo" href="/abo/">A+ abonnieren</a></div></header>
<main id="content">{main}</main>
<footer class="site-footer"><ul>
<li><a href="/impressum/">Impressum</a></li><li><a href="/datenschutz/">Datenschutz</a></li><li><a href="/agb/">AGB</a></li><li><a href="/kontakt/">Kontakt</a></li><li><a href="/ueber-uns/">Über uns</a></li>
<li><a href="/traueranzeigen/">Traueranzeigen</a></li><li><a href="/veranstaltungen/">Veranstaltungen</a></li><li><a href="/wetter/">Wetter</a></li><li><a href="/e-paper/leseprobe-2025-03-27.pdf">E-Paper Leseprobe (PDF)</a></li>
</ul><p>© {SITE_NAME} 2025. Alle Rechte vorbehalten.</p></footer>
</body>
</html>
"""

    def teaser(self, s: Story, level: int = 3) -> str:
        label = self.ressort[s.id][2]
        plus = (
            '<span class="aplus" title="A+ Artikel">A+</span> '
            if self.kind[s.id] == "paywalled"
            else ""
        )
        return (
            f'<article class="teaser"><a class="teaser__link" href="{self.path[s.id]}">'
            f'<span class="teaser__kicker">{plus}{esc(label)}</span>'
            f'<h{level} class="teaser__headline">{esc(s.title)}</h{level}></a>'
            f'<p class="teaser__text">{esc(s.teaser)}</p>'
            f'<time class="teaser__date" datetime="{_iso(s.published)}">{s.published:%d.%m.%Y}</time></article>'
        )

    def article(self, s: Story) -> tuple[str, list[str]]:
        path = self.path[s.id]
        kind = self.kind[s.id]
        visible = s.paragraphs[:2] if kind == "paywalled" else s.paragraphs
        body = []
        for i, p in enumerate(visible):
            body.append(f'<p class="article__text">{esc(p)}</p>')
            if i == 1 and kind == "article":
                others = [o for o in self.stories if o.id != s.id and self.kind[o.id] == "article"]
                o = others[s.id % len(others)]
                old = self.old_path(o) if o.id % 3 == 0 else self.path[o.id]
                body.append(
                    f'<aside class="article__related"><strong>Lesen Sie auch:</strong> <a href="{old}">{esc(o.title)}</a></aside>'
                )
            if i == 3 and s.id % 5 == 2:
                body.append(
                    '<p class="article__text">Eine frühere Meldung dazu finden Sie <a href="/lokales/birkenfeld/alte-meldung-zum-thema-QWERTZUIOPASDFGHJKLYXCVBNM.html">hier</a>.</p>'
                )
        if kind == "paywalled":
            body.append(
                '<div class="paywall" data-paywall="aplus"><h3>Weiterlesen mit A+</h3><p>Sie haben ausgewählte '
                "A+ Artikel kostenlos gelesen. Lesen Sie jetzt weiter mit unserem Digital-Abo: alle Artikel aus "
                "Ihrer Region, das E-Paper und die News-App – im ersten Monat für 0,99 Euro, danach monatlich "
                f'kündbar.</p><a class="btn" href="/abo/checkout/?artikel={path.rsplit("-", 1)[1][:-5]}">Jetzt '
                'testen</a> <a href="/mein-konto/login?ref='
                + path
                + '">Ich bin bereits Abonnent</a></div>'
            )
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.title,
            "description": s.standfirst,
            "url": PROD + path,
            "mainEntityOfPage": PROD + path,
            "datePublished": _iso(s.published),
            "dateModified": _iso(s.published),
            "author": [
                {"@type": "Person", "name": s.author, "url": f"{PROD}/autoren/{s.author_slug}/"}
            ],
            "publisher": {
                "@type": "NewsMediaOrganization",
                "name": SITE_NAME,
                "logo": {"@type": "ImageObject", "url": PROD + "/logo.png"},
            },
            "isAccessibleForFree": kind != "paywalled",
            "inLanguage": "de-DE",
        }
        head = (
            f'<meta name="date" content="{_iso(s.published)}">\n'
            f'<meta property="article:published_time" content="{_iso(s.published)}">\n'
            f'<meta name="author" content="{esc(s.author)}">\n'
            f'<meta name="description" content="{esc(s.standfirst)}">\n'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
        )
        newsletter = self.stories[0]
        main = f"""<nav class="breadcrumb" aria-label="Brotkrumen"><a href="/">Startseite</a> › <a href="/{self.ressort[s.id][0]}/">{esc(self.ressort[s.id][2])}</a></nav>
<article class="article">
<header class="article__header"><span class="article__kicker">{esc(self.ressort[s.id][2])}</span>
<h1 class="article__headline">{esc(s.title)}</h1>
<p class="article__intro">{esc(s.standfirst)}</p>
<div class="article__meta"><span class="article__author">Von <a href="/autoren/{s.author_slug}/">{esc(s.author)}</a></span> <time datetime="{_iso(s.published)}">{_de_date(s.published)}</time></div></header>
<figure class="article__image"><img src="/bilder/{s.slug[:20]}.jpg" alt=""><figcaption>Symbolbild. Foto: Archiv</figcaption></figure>
<div class="article__body">{"".join(body)}</div>
<div class="article__tags">Themen: <a href="/themen/{s.tags[0]}/">{esc(s.tags[0].replace("-", " ").title())}</a></div>
<div class="article__share"><a href="https://www.facebook.com/sharer/sharer.php?u={PROD}{path}">Teilen</a> <a href="mailto:?subject={esc(s.title)}&amp;body={PROD}{path}">E-Mail</a></div>
</article>
<aside class="newsletter-box"><h2>Der Morgen in Lindenau</h2><p>Unser Newsletter: jeden Morgen die wichtigsten Nachrichten aus der Region. Heute: <a href="{self.path[newsletter.id]}?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=morgenpost">{esc(newsletter.title)}</a></p></aside>
<aside class="most-read"><h2>Meistgelesen</h2><ol>{"".join(f'<li><a href="{self.path[o.id]}">{esc(o.title)}</a></li>' for o in self.stories[2:7])}</ol></aside>"""
        return self.layout(s.title, main, path=path, head=head, og_type="article"), visible

    def old_path(self, s: Story) -> str:
        return f"/{self.ressort[s.id][0]}/{s.slug}.html"

    def listing(self, path: str, title: str, stories: list[Story], intro: str = "") -> None:
        pages = max(1, -(-len(stories) // PER_PAGE))
        for n in range(1, pages + 1):
            chunk = stories[(n - 1) * PER_PAGE : n * PER_PAGE]
            pager = " ".join(
                f'<a href="{path}{f"?seite={k}" if k > 1 else ""}">{k}</a>'
                if k != n
                else f"<span>{k}</span>"
                for k in range(1, pages + 1)
            )
            if n < pages:
                pager += f' <a rel="next" href="{path}?seite={n + 1}">Weitere Artikel</a>'
            main = (
                f'<h1 class="page-title">{esc(title)}</h1>'
                + (f'<p class="page-intro">{esc(intro)}</p>' if intro else "")
                + '<div class="teaser-list">'
                + "".join(self.teaser(s) for s in chunk)
                + "</div>"
                + (f'<nav class="pagination">{pager}</nav>' if pages > 1 else "")
            )
            target = path if n == 1 else f"{path}?seite={n}"
            self.site.page(target, self.layout(title, main, path=target))
            self.site.manifest.non_articles.append(self.site.url(target))

    def static(self, path: str, title: str, paragraphs: list[str], extra: str = "") -> None:
        main = (
            f'<article class="static-page"><h1>{esc(title)}</h1>'
            + "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
            + extra
            + "</article>"
        )
        self.site.page(path, self.layout(title, main, path=path))
        self.site.manifest.non_articles.append(self.site.url(path))

    def build(self) -> Site:
        self.make()
        site, m = self.site, self.site.manifest
        site.not_found_html = self.layout(
            "Seite nicht gefunden",
            "<h1>Seite nicht gefunden (404)</h1><p>Die angeforderte Seite existiert leider nicht.</p>",
            path="/404",
        )
        for s in self.stories:
            html, visible = self.article(s)
            path = self.path[s.id]
            site.page(path, html)
            site.redirect(self.old_path(s), path)
            kind = self.kind[s.id]
            t = truth(PROD + path, [site.url(path), site.url(self.old_path(s))], kind, s)
            t.text = "\n".join(visible)
            t.words = sum(len(p.split()) for p in visible)
            m.articles.append(t)

        top = "".join(self.teaser(s, 2) for s in self.stories[:6])
        latest = "".join(
            f'<li><a href="{self.path[s.id]}">{esc(s.title)}</a></li>' for s in self.stories[6:18]
        )
        gal = "".join(f'<li><a href="{p}">{esc(g.title)}</a></li>' for g, p in self.galleries)
        main = (
            f'<h1 class="visually-hidden">{SITE_NAME}</h1><section class="top">{top}</section>'
            f'<section class="latest"><h2>Neueste Artikel</h2><ul>{latest}</ul></section>'
            f'<section class="galleries"><h2>Fotostrecken</h2><ul>{gal}</ul></section>'
        )
        site.page("/", self.layout(SITE_NAME, main, path="/"))
        m.non_articles.append(site.url("/"))
        self.listing(
            "/lokales/", "Lokales", [s for s in self.stories if self.ressort[s.id][1] == "lokales"]
        )
        for path, _r, label, _n in RESSORTS:
            self.listing(
                f"/{path}/", label, [s for s in self.stories if self.ressort[s.id][0] == path]
            )
        for tag in sorted({s.tags[0] for s in self.stories}):
            chosen = [s for s in self.stories if s.tags[0] == tag]
            self.listing(
                f"/themen/{tag}/",
                f"Thema: {tag.replace('-', ' ').title()}",
                chosen,
                intro=f"Alle Artikel, Hintergründe und Kommentare zum Thema {tag.replace('-', ' ').title()}.",
            )
        for author in sorted({s.author for s in self.stories}):
            slug = slugify_de(author, 3)
            chosen = [s for s in self.stories if s.author == author]
            self.listing(
                f"/autoren/{slug}/",
                author,
                chosen,
                intro=f"{author} ist Redakteurin oder Redakteur in der Lokalredaktion des {SITE_NAME}.",
            )
        for g, path in self.galleries:
            ld = {
                "@context": "https://schema.org",
                "@type": "ImageGallery",
                "name": g.title,
                "url": PROD + path,
                "datePublished": _iso(g.published),
            }
            figs = "".join(
                f'<figure><img src="/bilder/g{i}.jpg" alt=""><figcaption>{esc(" ".join(self.w.absaetze("lokales", 25))[:230])} Foto: {esc(g.author)}</figcaption></figure>'
                for i in range(10)
            )
            head = (
                f'<meta property="article:published_time" content="{_iso(g.published)}">\n'
                f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
            )
            main = f'<article class="gallery"><h1>{esc(g.title)}</h1><p>{esc(g.standfirst)}</p>{figs}</article>'
            site.page(path, self.layout(g.title, main, path=path, head=head, og_type="article"))
            m.non_articles.append(site.url(path))
        self.static(
            "/impressum/",
            "Impressum",
            [
                f"{SITE_NAME} GmbH & Co. KG, Marktplatz 4, 12345 Lindenau. Geschäftsführung: Petra Lehmann. "
                "Chefredaktion: Jörg Brandt (V.i.S.d.P.). Registergericht: Amtsgericht Lindenau, HRA 4711. "
                "USt-IdNr.: DE 123456789. Telefon: 01234 5678-0."
            ],
        )
        self.static("/datenschutz/", "Datenschutzerklärung", self.w.absaetze("lokales", 700))
        self.static("/agb/", "Allgemeine Geschäftsbedingungen", self.w.absaetze("wirtschaft", 520))
        self.static("/ueber-uns/", "Über uns", self.w.absaetze("kultur", 320))
        self.static(
            "/kontakt/",
            "Kontakt",
            ["Lokalredaktion: redaktion@example.org, Telefon 01234 5678-100."],
            extra='<form action="/kontakt/senden" method="post"><textarea name="nachricht"></textarea></form>',
        )
        self.static("/abo/", "Digital-Abo A+", self.w.absaetze("wirtschaft", 200))
        notices = [
            f"In stiller Trauer nehmen wir Abschied von {self.w._name()}, * {self.rng.randint(1930, 1950)} † 2025. "
            "Die Trauerfeier findet im engsten Familienkreis statt."
            for _ in range(14)
        ]
        self.static("/traueranzeigen/", "Traueranzeigen", notices)
        events = [
            f"{d}. April: {e} im Bürgerhaus {o}, Beginn 19.30 Uhr, Eintritt frei."
            for d, e, o in zip(
                range(3, 30, 2),
                [
                    "Lesung",
                    "Orgelkonzert",
                    "Flohmarkt",
                    "Vortrag",
                    "Theaterabend",
                    "Kinderkino",
                    "Chorprobe",
                    "Tanzabend",
                    "Stammtisch",
                    "Ausstellung",
                    "Repair-Café",
                    "Bürgersprechstunde",
                    "Seniorentreff",
                    "Jazzabend",
                ],
                ["Lindenau", "Birkenfeld", "Hohenau", "Talheim"] * 4,
                strict=False,
            )
        ]
        self.static("/veranstaltungen/", "Veranstaltungen", events + self.w.absaetze("kultur", 120))
        self.static(
            "/wetter/", "Wetter in Lindenau", ["Heute: 14 Grad, Schauer. Morgen: 16 Grad, sonnig."]
        )
        site.raw(
            "/e-paper/leseprobe-2025-03-27.pdf",
            pdf_bytes("Lindenauer Anzeiger E-Paper"),
            "application/pdf",
        )
        m.non_articles.append(site.url("/e-paper/leseprobe-2025-03-27.pdf"))

        # Feeds and sitemaps name the production host, as the CMS was configured.
        items = "".join(
            f"<item><title>{esc(s.title)}</title><link>{PROD}{self.path[s.id]}</link>"
            f"<guid>{PROD}{self.path[s.id]}</guid><pubDate>{rfc822(s.published, '+0100')}</pubDate>"
            f"<description>{esc(s.teaser)}</description></item>"
            for s in self.stories
            if self.ressort[s.id][1] == "lokales"
        )
        site.raw(
            "/rss/feed/lokales",
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{SITE_NAME} – Lokales</title>'
            f"<link>{PROD}/lokales/</link><description>Lokales</description><language>de-de</language>{items}</channel></rss>",
            "application/rss+xml; charset=utf-8",
        )
        site.raw(
            "/sitemap-articles.xml",
            sitemap_xml([(PROD + self.path[s.id], _iso(s.published)) for s in self.stories]),
            "application/xml; charset=utf-8",
        )
        site.raw(
            "/sitemap-index.xml",
            sitemap_index([(PROD + "/sitemap-articles.xml", None)]),
            "application/xml; charset=utf-8",
        )
        site.raw(
            "/sitemap-news.xml",
            news_sitemap([(PROD + self.path[s.id], s) for s in self.stories[:10]], SITE_NAME, "de"),
            "application/xml; charset=utf-8",
        )
        site.raw(
            "/robots.txt",
            robots_txt(
                [(["*"], [f"Disallow: {p}" for p in DISALLOW])],
                [PROD + "/sitemap-index.xml", PROD + "/sitemap-news.xml"],
            ),
            "text/plain",
        )
        m.disallowed = list(DISALLOW)
        m.traps = [r"^/themen/", r"^/autoren/"]
        return site


def build(base: str) -> Site:
    return German(base).build()
