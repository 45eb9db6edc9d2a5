"""crawler.discovery: URL rules, feeds, sitemaps and robots.txt, without Scrapy."""

from __future__ import annotations

import gzip
import time
import zlib

import pytest

from crawler import discovery
from crawler.discovery import (
    MAX_SITEMAP_BYTES,
    SitemapError,
    autodiscover_feeds,
    canonicalize_url,
    domain_rule,
    in_scope,
    is_hub_url,
    pagination_number,
    parse_feed,
    parse_sitemap,
    robots_sitemaps,
    url_article_score,
    url_key,
)

SITE = "http://127.0.0.1:8765"

# -- canonicalize_url -----------------------------------------------------------------


def test_canonicalize_url_drops_the_fragment():
    assert canonicalize_url("https://news.example.com/story#comments") == (
        "https://news.example.com/story"
    )


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/story/#comment-12", "https://news.example.com/story/"),
        ("/story?id=7#c?x=1", "https://news.example.com/story?id=7"),
        ("?id=7#top", "https://news.example.com/section/page?id=7"),
        ("https://news.example.com#x", "https://news.example.com/"),
        ("#comments", "https://news.example.com/section/page"),
        ("#a#b", "https://news.example.com/section/page"),
    ],
)
def test_a_link_with_a_fragment_canonicalises_to_its_page(href, expected):
    assert canonicalize_url(href, "https://news.example.com/section/page") == expected


def test_a_pages_comment_permalinks_are_canonicalised_once():
    # A WordPress post links each of its comments (/post/#comment-123): one cached
    # result serves them all, instead of one full canonicalisation per comment.
    discovery._canonicalize.cache_clear()
    base = "https://news.example.com/2025/03/14/story/"
    urls = {canonicalize_url(f"/2025/03/14/story/#comment-{n}", base) for n in range(50)}
    assert urls == {base}
    assert discovery._canonicalize.cache_info().misses == 1


def test_canonicalize_url_drops_tracking_parameters():
    url = "https://news.example.com/a?utm_source=rss&utm_medium=feed&fbclid=x&gclid=y&UTM_Term=z"
    assert canonicalize_url(url) == "https://news.example.com/a"


def test_canonicalize_url_drops_session_ids_in_query_and_path():
    url = "https://news.example.com/a;jsessionid=0A1B2C?PHPSESSID=abc&id=7&sid=9"
    assert canonicalize_url(url) == "https://news.example.com/a?id=7"


def test_canonicalize_url_keeps_other_parameters_in_their_order():
    url = "https://news.example.com/search?z=1&a=2&utm_campaign=x&m=&q=harbor+city"
    assert canonicalize_url(url) == "https://news.example.com/search?z=1&a=2&m=&q=harbor+city"


def test_canonicalize_url_drops_default_ports_and_lowercases_scheme_and_host():
    assert canonicalize_url("HTTP://News.Example.COM:80/A") == "http://news.example.com/A"
    assert canonicalize_url("https://news.example.com:443/a") == "https://news.example.com/a"
    assert canonicalize_url("https://news.example.com:80/a") == "https://news.example.com:80/a"
    assert canonicalize_url("http://news.example.com") == "http://news.example.com/"


def test_canonicalize_url_keeps_a_loopback_port():
    assert canonicalize_url("http://127.0.0.1:8765/x?b=1") == "http://127.0.0.1:8765/x?b=1"


@pytest.mark.parametrize(
    "url",
    [
        "mailto:desk@example.com",
        "javascript:void(0)",
        "ftp://example.com/file",
        "tel:+15555550100",
        "data:text/html,hi",
        "",
        "   ",
        "http://",
        "http://example.com:99999/",
    ],
)
def test_canonicalize_url_refuses_what_is_not_http(url):
    assert canonicalize_url(url) is None


def test_canonicalize_url_joins_relative_urls_with_the_base():
    base = "http://127.0.0.1:8765/news/world/index.html"
    assert canonicalize_url("story-one", base) == "http://127.0.0.1:8765/news/world/story-one"
    assert canonicalize_url("../sport/x?a=1", base) == "http://127.0.0.1:8765/news/sport/x?a=1"
    assert canonicalize_url("/about", base) == "http://127.0.0.1:8765/about"
    assert canonicalize_url("//cdn.example.com/a", base) == "http://cdn.example.com/a"
    assert canonicalize_url("#top", base) == "http://127.0.0.1:8765/news/world/index.html"


def test_canonicalize_url_keeps_escapes_that_change_the_path():
    assert canonicalize_url("http://ex.com/a%2Fb/c") == "http://ex.com/a%2Fb/c"
    assert canonicalize_url("http://ex.com/100%25-sure") == "http://ex.com/100%25-sure"
    assert canonicalize_url("http://ex.com/what%3F") == "http://ex.com/what%3F"


def test_canonicalize_url_normalises_escapes_and_non_ascii_paths():
    assert canonicalize_url("http://ex.com/caf%c3%a9") == "http://ex.com/caf%C3%A9"
    assert canonicalize_url("http://ex.com/café") == "http://ex.com/caf%C3%A9"
    assert canonicalize_url("http://ex.com/%7Euser") == "http://ex.com/~user"
    assert canonicalize_url("http://ex.com/a b") == "http://ex.com/a%20b"


def test_canonicalize_url_is_idempotent():
    urls = [
        "http://ex.com/a%2Fb/caf%c3%a9?z=1&a=%2F#x",
        "https://www.example.com:443/p;jsessionid=1/x/?utm_source=a&id=3",
        "http://127.0.0.1:8765/a b?q=a+b",
    ]
    for url in urls:
        once = canonicalize_url(url)
        assert once is not None
        assert canonicalize_url(once) == once


# -- url_key --------------------------------------------------------------------------


def test_url_key_sorts_the_query():
    assert url_key("https://ex.com/a?b=2&a=1") == url_key("https://ex.com/a?a=1&b=2")
    assert url_key("https://ex.com/a?b=2&a=1") == "https://ex.com/a?a=1&b=2"


@pytest.mark.parametrize(
    "amp",
    [
        "https://ex.com/news/harbor-story?amp=1",
        "https://ex.com/news/harbor-story?outputType=amp",
        "https://ex.com/news/harbor-story/amp/",
        "https://ex.com/news/harbor-story/amp",
        "https://ex.com/news/harbor-story.amp",
    ],
)
def test_url_key_removes_amp_markers(amp):
    assert url_key(amp) == url_key("https://ex.com/news/harbor-story")


def test_url_key_keeps_words_that_merely_contain_amp():
    assert url_key("https://ex.com/news/summer-camp") == "https://ex.com/news/summer-camp"
    assert url_key("https://ex.com/news/x?amp=0") != url_key("https://ex.com/news/x")


def test_url_key_collapses_trailing_slash_scheme_and_www():
    variants = [
        "http://www.ex.com/news/story/",
        "https://ex.com/news/story",
        "https://WWW.EX.COM/news/story/?utm_source=x#top",
        "http://ex.com:80/news/story",
    ]
    assert {url_key(v) for v in variants} == {"https://ex.com/news/story"}
    assert url_key("https://ex.com/") == "https://ex.com/"


def test_url_key_keeps_ports_and_different_articles_apart():
    assert url_key(f"{SITE}/a") != url_key("http://127.0.0.1:8766/a")
    assert url_key(f"{SITE}/a") != url_key(f"{SITE}/b")
    assert url_key(f"{SITE}/a?id=1") != url_key(f"{SITE}/a?id=2")


# -- scope ----------------------------------------------------------------------------


def test_domain_rule_reads_hosts_ports_and_urls():
    assert domain_rule("127.0.0.1:8765") == ("127.0.0.1", 8765)
    assert domain_rule("News.Example.com") == ("news.example.com", None)
    assert domain_rule(".example.com") == ("example.com", None)
    assert domain_rule("https://news.example.com/section/") == ("news.example.com", None)
    assert domain_rule("http://localhost:8080/") == ("localhost", 8080)


def test_in_scope_matches_host_and_port():
    rules = [domain_rule("127.0.0.1:8765")]
    assert in_scope("http://127.0.0.1:8765/a", rules)
    assert in_scope("https://127.0.0.1:8765/a", rules)
    assert not in_scope("http://127.0.0.1:8766/a", rules)
    assert not in_scope("http://127.0.0.1/a", rules)
    assert not in_scope("http://127.0.0.2:8765/a", rules)


def test_in_scope_includes_subdomains_but_not_lookalikes():
    rules = [domain_rule("example.com")]
    assert in_scope("https://example.com/a", rules)
    assert in_scope("https://news.example.com/a", rules)
    assert in_scope("https://a.b.example.com:8443/a", rules)
    assert not in_scope("https://badexample.com/a", rules)
    assert not in_scope("https://example.com.evil.net/a", rules)
    assert not in_scope("mailto:x@example.com", rules)
    assert not in_scope("https://example.org/a", [])


# -- URL shapes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "number"),
    [
        ("https://ex.com/news/page/3/", 3),
        ("https://ex.com/news/page/12", 12),
        ("https://ex.com/news?page=2", 2),
        ("https://ex.com/news?sort=new&paged=4", 4),
        ("https://ex.com/news/2024/05/17/story", None),
        ("https://ex.com/news/pages-of-history", None),
    ],
)
def test_pagination_number_reads_page_paths_and_parameters(url, number):
    assert pagination_number(url) == number


@pytest.mark.parametrize(
    "url",
    [
        "https://ex.com/2024/05/17/council-approves-harbor-budget",
        "https://ex.com/news/council-approves-harbor-budget-1234567.html",
        "https://ex.com/politics/mayor-wins-second-term",
        "https://ex.com/story/harbor-dredging-begins",
    ],
)
def test_url_article_score_is_positive_for_articles(url):
    assert url_article_score(url) > 0


@pytest.mark.parametrize(
    "url",
    [
        "https://ex.com/",
        "https://ex.com/tag/politics",
        "https://ex.com/tags/harbor/",
        "https://ex.com/section/world",
        "https://ex.com/category/sport",
        "https://ex.com/author/jane-doe",
        "https://ex.com/search?q=harbor",
        "https://ex.com/about",
        "https://ex.com/about-us",
        "https://ex.com/contact",
        "https://ex.com/page/2",
        "https://ex.com/news/page/2",
        "https://ex.com/world?page=3",
        "https://ex.com/world",
    ],
)
def test_url_article_score_is_negative_for_listings_and_utility_pages(url):
    assert url_article_score(url) < 0


def test_url_article_score_ranks_dated_slugs_above_bare_slugs():
    dated = url_article_score("https://ex.com/2024/05/17/council-approves-harbor-budget")
    bare = url_article_score("https://ex.com/council-approves-harbor-budget")
    assert dated > bare > 0


# -- feeds ----------------------------------------------------------------------------

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbor City Ledger</title>
  <link>http://127.0.0.1:8765/</link>
  <item>
    <title>Council approves harbor budget</title>
    <link>/2024/05/17/council-approves-budget?utm_source=rss&amp;id=3</link>
    <pubDate>Fri, 17 May 2024 09:30:00 +0000</pubDate>
    <dc:creator>Jane Doe</dc:creator>
  </item>
  <item>
    <title>\xc3\x9cber the bridge</title>
    <link>http://127.0.0.1:8765/2024/05/18/uber-the-bridge#comments</link>
    <pubDate>Sat, 18 May 2024 10:00:00 GMT</pubDate>
  </item>
  <item><title>An item without a link</title></item>
</channel>
</rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Ledger (Atom)</title>
  <id>urn:ledger</id>
  <updated>2024-05-18T09:30:00Z</updated>
  <entry>
    <title>Atom one</title>
    <link rel="edit" href="/edit/1"/>
    <link rel="alternate" href="/news/atom-one?fbclid=abc"/>
    <id>urn:1</id>
    <published>2024-05-16T08:00:00Z</published>
    <updated>2024-05-17T09:30:00Z</updated>
    <author><name>Ann Editor</name></author>
  </entry>
  <entry>
    <title>Atom two</title>
    <link href="http://127.0.0.1:8765/news/atom-two"/>
    <id>urn:2</id>
    <updated>2024-05-18T09:30:00Z</updated>
  </entry>
</feed>"""


def test_parse_feed_reads_rss_2_entries():
    feed = parse_feed(RSS, f"{SITE}/feed.xml")
    assert feed.title == "Harbor City Ledger"
    assert not feed.malformed
    assert [e.url for e in feed.entries] == [
        f"{SITE}/2024/05/17/council-approves-budget?id=3",
        f"{SITE}/2024/05/18/uber-the-bridge",
    ]
    first, second = feed.entries
    assert first.title == "Council approves harbor budget"
    assert first.published == "Fri, 17 May 2024 09:30:00 +0000"
    assert first.author == "Jane Doe"
    assert second.title == "\u00dcber the bridge"
    assert second.author is None
    assert first.hints() == {
        "feed_title": "Council approves harbor budget",
        "feed_published": "Fri, 17 May 2024 09:30:00 +0000",
        "feed_author": "Jane Doe",
    }


def test_parse_feed_reads_atom_entries():
    feed = parse_feed(ATOM, f"{SITE}/atom.xml")
    assert feed.title == "Ledger (Atom)"
    assert not feed.malformed
    assert [e.url for e in feed.entries] == [
        f"{SITE}/news/atom-one",
        f"{SITE}/news/atom-two",
    ]
    one, two = feed.entries
    assert one.title == "Atom one"
    assert one.published == "2024-05-16T08:00:00Z"
    assert one.author == "Ann Editor"
    assert two.published == "2024-05-18T09:30:00Z"  # falls back to <updated>


@pytest.mark.parametrize(
    "body",
    [
        b"<rss><channel><item><title>Broken<link>http://x.com/a</link></item>",
        b"\x00\x01\x02 binary garbage \xff\xfe",
        b"",
        b"<html><body>Not a feed</body></html>",
    ],
)
def test_parse_feed_survives_a_malformed_feed(body):
    feed = parse_feed(body, f"{SITE}/feed.xml")
    assert isinstance(feed.entries, list)
    assert all(e.url.startswith("http") for e in feed.entries)


def test_parse_feed_flags_a_broken_feed_as_malformed():
    feed = parse_feed(b"<rss><channel><item><title>Broken<link>", f"{SITE}/feed.xml")
    assert feed.malformed


def test_parse_feed_does_not_expand_external_or_recursive_entities():
    body = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rss version="2.0"><channel><title>&xxe;</title>
<item><title>&f;</title><link>http://127.0.0.1:8765/a</link></item></channel></rss>"""
    started = time.monotonic()
    feed = parse_feed(body, f"{SITE}/feed.xml")
    assert time.monotonic() - started < 5
    assert "root:" not in (feed.title or "")
    for entry in feed.entries:
        assert len(entry.title or "") < 1000


def test_autodiscover_feeds_reads_alternate_rss_and_atom_links():
    links = [
        ("alternate", "application/rss+xml", "/feed.xml"),
        ("alternate", "application/atom+xml", "https://ex.com/atom?utm_source=x"),
        ("stylesheet", "text/css", "/style.css"),
        ("Alternate Home", " Application/RSS+XML ", "/feed.xml"),
        ("alternate", "text/html", "/fr/"),
        ("alternate", "application/rss+xml", "javascript:void(0)"),
        ("canonical", "application/rss+xml", "/not-a-feed.xml"),
    ]
    assert autodiscover_feeds(links, "https://ex.com/news/") == [
        "https://ex.com/feed.xml",
        "https://ex.com/atom",
    ]


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
