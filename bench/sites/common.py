"""Pieces every generated site uses: escaping, feeds, sitemaps, robots.txt, a PDF."""

from __future__ import annotations

import datetime as dt
import email.utils
from html import escape
from xml.sax.saxutils import escape as xml_escape

from bench.sites.prose import Story
from bench.sites.server import TruthArticle


def esc(text: str) -> str:
    return escape(text, quote=True)


def rfc822(when: dt.datetime, tz: str = "+0000") -> str:
    stamp = email.utils.format_datetime(when.replace(tzinfo=None))
    return stamp.replace("-0000", tz)


def iso(when: dt.datetime, tz: str = "+00:00") -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S") + tz


def robots_txt(groups: list[tuple[list[str], list[str]]], sitemaps: list[str] = ()) -> str:
    """``groups``: (user agents, lines such as "Disallow: /x") in order."""
    out = []
    for agents, lines in groups:
        out += [f"User-agent: {a}" for a in agents]
        out += lines
        out.append("")
    out += [f"Sitemap: {s}" for s in sitemaps]
    return "\n".join(out).rstrip("\n") + "\n"


def sitemap_xml(entries: list[tuple[str, str | None]], *, stylesheet: str | None = None) -> str:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if stylesheet:
        head += f'<?xml-stylesheet type="text/xsl" href="{xml_escape(stylesheet)}"?>\n'
    rows = []
    for loc, lastmod in entries:
        lm = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        rows.append(f"<url><loc>{xml_escape(loc)}</loc>{lm}</url>")
    return (
        head
        + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )


def sitemap_index(locs: list[tuple[str, str | None]], *, stylesheet: str | None = None) -> str:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if stylesheet:
        head += f'<?xml-stylesheet type="text/xsl" href="{xml_escape(stylesheet)}"?>\n'
    rows = []
    for loc, lastmod in locs:
        lm = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        rows.append(f"<sitemap><loc>{xml_escape(loc)}</loc>{lm}</sitemap>")
    return (
        head
        + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</sitemapindex>\n"
    )


def news_sitemap(items: list[tuple[str, Story]], publication: str, lang: str = "en") -> str:
    rows = []
    for loc, s in items:
        rows.append(
            "<url>"
            f"<loc>{xml_escape(loc)}</loc>"
            "<news:news><news:publication>"
            f"<news:name>{xml_escape(publication)}</news:name>"
            f"<news:language>{lang}</news:language>"
            "</news:publication>"
            f"<news:publication_date>{iso(s.published, 'Z')}</news:publication_date>"
            f"<news:title>{xml_escape(s.title)}</news:title>"
            "</news:news></url>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )


def pdf_bytes(title: str) -> bytes:
    """A small, valid one-page PDF."""
    text = title.replace("(", "[").replace(")", "]")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def paras_html(paragraphs: list[str], *, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(f"<p{attr}>{esc(p)}</p>" for p in paragraphs)


def truth(
    canonical: str, variants: list[str], kind: str, s: Story, extra: str = ""
) -> TruthArticle:
    """The manifest entry for a story: its canonical URL, other URLs and its text."""
    return TruthArticle(
        canonical,
        variants,
        kind,
        s.title,
        s.words,
        text="\n".join(s.paragraphs),
        extra="\n".join([s.title, s.standfirst, s.author, extra]),
    )
