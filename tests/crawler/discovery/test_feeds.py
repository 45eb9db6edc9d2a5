"""crawler.discovery.feeds: RSS and Atom feeds, and feeds a page announces."""

from __future__ import annotations

import time

import pytest

from crawler.discovery.feeds import autodiscover_feeds, parse_feed

SITE = "http://127.0.0.1:8765"

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
