"""crawler.pagelinks: what the crawling process reads from a page (links, canonical, feeds)."""

from __future__ import annotations

from crawler.pagelinks import read_links

PAGE = """<!doctype html>
<html amp lang="en"><head>
<link rel="stylesheet" href="/s.css">
<link rel="Canonical" href="https://news.example/story/1">
<link rel="canonical" href="https://news.example/other">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
</head><body>
<a href="/one">One</a> <a name="anchor">no href</a> <a href="">empty</a>
<div><p><a href="https://news.example/two">Two</a></p></div>
<a href="#respond">Reply</a>
</body></html>"""


def test_the_first_canonical_is_read_whatever_the_case_of_its_rel():
    assert read_links(PAGE).canonical == "https://news.example/story/1"


def test_a_canonical_among_other_rel_keywords_is_found():
    page = read_links('<html><head><link rel="nofollow canonical" href="/c"></head></html>')
    assert page.canonical == "/c"


def test_amp_pages_are_recognised_by_either_html_attribute():
    assert read_links(PAGE).is_amp
    assert read_links("<html \u26a1><body>x</body></html>").is_amp
    assert not read_links("<html lang=en><body>x</body></html>").is_amp


def test_feed_links_come_with_their_rel_and_type():
    assert read_links(PAGE).feeds == [("alternate", "application/rss+xml", "/feed.xml")]


def test_hrefs_are_every_non_empty_anchor_href_in_document_order():
    assert read_links(PAGE).hrefs == ["/one", "https://news.example/two", "#respond"]


def test_anchors_are_not_collected_when_links_are_not_followed():
    page = read_links(PAGE, with_hrefs=False)
    assert page.hrefs == []
    assert page.canonical == "https://news.example/story/1"


def test_broken_markup_still_yields_its_links():
    page = read_links("<p><a href=/x>unclosed <div><a href='/y'>\x00 <table><a href=/z>")
    assert page.hrefs == ["/x", "/y", "/z"]
    assert page.canonical is None and not page.is_amp and page.feeds == []
