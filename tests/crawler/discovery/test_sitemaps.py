"""crawler.discovery.sitemaps: sitemaps, indexes, Google News sitemaps and robots.txt lines."""

from __future__ import annotations

import gzip
import time
import zlib

import pytest

from crawler.discovery.sitemaps import (
    MAX_SITEMAP_BYTES,
    SitemapError,
    parse_sitemap,
    robots_sitemaps,
)
from crawler.urls import (
    is_hub_url,
)

SITE = "http://127.0.0.1:8765"

# -- sitemaps -------------------------------------------------------------------------

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://127.0.0.1:8765/2024/05/17/a-story?utm_medium=x</loc>
       <lastmod>2024-05-17</lastmod></url>
  <url><loc> /relative/story-two </loc></url>
  <url><lastmod>2024-05-18</lastmod></url>
  <url><loc>mailto:desk@example.com</loc></url>
</urlset>"""


def test_parse_sitemap_reads_a_urlset():
    sm = parse_sitemap(URLSET, f"{SITE}/sitemap.xml")
    assert sm.kind == "urlset"
    assert [e.url for e in sm.entries] == [
        f"{SITE}/2024/05/17/a-story",
        f"{SITE}/relative/story-two",
    ]
    assert sm.entries[0].lastmod == "2024-05-17"
    assert sm.entries[1].lastmod is None


def test_parse_sitemap_reads_a_sitemap_index():
    body = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://127.0.0.1:8765/sitemap-1.xml</loc><lastmod>2024-05-01</lastmod></sitemap>
  <sitemap><loc>/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""
    sm = parse_sitemap(body, f"{SITE}/sitemap.xml")
    assert sm.kind == "index"
    assert [(e.url, e.lastmod) for e in sm.entries] == [
        (f"{SITE}/sitemap-1.xml", "2024-05-01"),
        (f"{SITE}/sitemap-2.xml.gz", None),
    ]


def test_parse_sitemap_reads_a_gzipped_sitemap():
    sm = parse_sitemap(gzip.compress(URLSET), f"{SITE}/sitemap.xml.gz")
    assert sm.kind == "urlset"
    assert [e.url for e in sm.entries] == [
        f"{SITE}/2024/05/17/a-story",
        f"{SITE}/relative/story-two",
    ]


def test_parse_sitemap_keeps_google_news_fields():
    body = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>http://127.0.0.1:8765/2024/05/17/harbor</loc>
    <news:news>
      <news:publication>
        <news:name>Harbor City Ledger</news:name>
        <news:language>de</news:language>
      </news:publication>
      <news:publication_date>2024-05-17T09:30:00+00:00</news:publication_date>
      <news:title>Hafen: Baggerarbeiten \u00fcber Plan</news:title>
    </news:news>
  </url>
  <url><loc>http://127.0.0.1:8765/2024/05/17/plain</loc></url>
</urlset>""".encode()
    sm = parse_sitemap(body, f"{SITE}/news-sitemap.xml")
    news, plain = sm.entries
    assert news.url == f"{SITE}/2024/05/17/harbor"
    assert news.news_title == "Hafen: Baggerarbeiten \u00fcber Plan"
    assert news.news_publication_date == "2024-05-17T09:30:00+00:00"
    assert news.news_publication == "Harbor City Ledger"
    assert news.news_language == "de"
    assert news.hints() == {
        "news_title": "Hafen: Baggerarbeiten \u00fcber Plan",
        "news_publication_date": "2024-05-17T09:30:00+00:00",
        "news_publication": "Harbor City Ledger",
        "news_language": "de",
    }
    assert plain.hints() == {}


def test_parse_sitemap_reads_a_text_sitemap():
    body = b"http://127.0.0.1:8765/a\n\n   http://127.0.0.1:8765/b?utm_source=x  \r\n# note\n"
    sm = parse_sitemap(body, f"{SITE}/sitemap.txt")
    assert sm.kind == "urlset"
    assert [e.url for e in sm.entries] == [f"{SITE}/a", f"{SITE}/b"]


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Not a sitemap</body></html>",
        b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
    ],
)
def test_parse_sitemap_refuses_an_xml_root_that_is_not_a_sitemap(body):
    with pytest.raises(SitemapError, match="not a sitemap"):
        parse_sitemap(body, f"{SITE}/sitemap.xml")


def test_parse_sitemap_refuses_text_without_urls():
    with pytest.raises(SitemapError):
        parse_sitemap(b"just some words\nand more", f"{SITE}/sitemap.txt")


def test_parse_sitemap_refuses_bad_gzip():
    with pytest.raises(SitemapError, match="gzip"):
        parse_sitemap(b"\x1f\x8b\x08garbage", f"{SITE}/sitemap.xml.gz")


def test_parse_sitemap_refuses_a_gzip_bomb():
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = b"\0" * (1 << 20)
    parts = [comp.compress(chunk) for _ in range(MAX_SITEMAP_BYTES // len(chunk) + 2)]
    bomb = b"".join(parts) + comp.flush()
    assert len(bomb) < 200_000
    with pytest.raises(SitemapError, match="exceeds"):
        parse_sitemap(bomb, f"{SITE}/sitemap.xml.gz")


def test_parse_sitemap_does_not_resolve_an_external_entity(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://127.0.0.1:8765/&xxe;</loc></url>
  <url><loc>http://127.0.0.1:8765/ok</loc></url>
</urlset>""".encode()
    sm = parse_sitemap(body, f"{SITE}/sitemap.xml")
    urls = [e.url for e in sm.entries]
    assert f"{SITE}/ok" in urls
    assert not any("TOPSECRET" in u for u in urls)


def test_parse_sitemap_survives_a_billion_laughs_dtd():
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        entities.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [{"".join(entities)}]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://127.0.0.1:8765/&lol9;</loc></url>
</urlset>""".encode()
    started = time.monotonic()
    try:
        sm = parse_sitemap(body, f"{SITE}/sitemap.xml")
    except SitemapError:
        sm = None
    assert time.monotonic() - started < 5
    if sm is not None:
        assert all("lollol" not in e.url and len(e.url) < 200 for e in sm.entries)


# -- robots.txt -----------------------------------------------------------------------


def test_robots_sitemaps_reads_every_sitemap_line():
    robots = b"""User-agent: *
Disallow: /private/
Sitemap: http://127.0.0.1:8765/sitemap.xml
sitemap:/news-sitemap.xml
  SITEMAP :  http://127.0.0.1:8765/sitemap.xml
SiteMap: https://cdn.example.com/sitemaps/index.xml.gz # comment
User-agent: BadBot
Disallow: /
"""
    assert robots_sitemaps(robots, f"{SITE}/robots.txt") == [
        f"{SITE}/sitemap.xml",
        f"{SITE}/news-sitemap.xml",
        "https://cdn.example.com/sitemaps/index.xml.gz",
    ]


def test_robots_sitemaps_accepts_text_and_finds_nothing_in_an_empty_file():
    assert robots_sitemaps("Sitemap: /s.xml", f"{SITE}/robots.txt") == [f"{SITE}/s.xml"]
    assert robots_sitemaps(b"", f"{SITE}/robots.txt") == []
    assert robots_sitemaps(b"User-agent: *\nDisallow:\n", f"{SITE}/robots.txt") == []


@pytest.mark.parametrize(
    ("url", "hub"),
    [
        ("https://ex.com/topics/climate-change", True),
        ("https://ex.com/events/us/", True),
        ("https://ex.com/feeds/abc/entries/def.html", True),
        ("https://ex.com/tag/flooding/page/2/", False),  # numbered: refused by URL
        ("https://ex.com/", False),
        ("https://ex.com/privacy-policy/", False),
        ("https://ex.com/feed/", False),
        ("https://ex.com/2025/03/14/council-vote/", False),
    ],
)
def test_is_hub_url_names_hubs_under_listing_prefixes_only(url, hub):
    assert is_hub_url(url) is hub
