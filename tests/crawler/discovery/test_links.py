"""crawler.discovery.links: what the crawling process reads from a page (links, feeds)."""

from __future__ import annotations

from crawler.discovery.links import open_depth, read_links

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


def _deep(n: int) -> str:
    return (
        '<html><head><link rel="canonical" href="/deep"></head><body><a href="/top">top</a>'
        + "<div>" * n
        + '<a href="/inside">inside</a>'
        + "</div>" * n
        + "</body></html>"
    )


def test_a_page_nested_too_deep_for_lexbor_is_read_with_lxml():
    # lexbor's cost grows with the square of the depth: 100,000 levels took 28 s (B42).
    page = read_links(_deep(20_000))
    assert page.parser == "lxml"
    assert page.canonical == "/deep"
    assert page.hrefs[0] == "/top"


def test_an_ordinary_page_is_read_with_lexbor_and_both_parsers_agree():
    fast = read_links(PAGE)
    assert fast.parser == "lexbor"
    from crawler.discovery.links import _read_with_lxml

    safe = _read_with_lxml(PAGE, with_hrefs=True)
    assert (safe.canonical, safe.is_amp, safe.feeds, safe.hrefs) == (
        fast.canonical,
        fast.is_amp,
        fast.feeds,
        fast.hrefs,
    )


def test_the_depth_estimate_sees_a_deep_spike_anywhere_in_a_page():
    filler = "<p>text</p>" * 5000
    assert open_depth(filler) < 10
    assert open_depth(filler + "<div>" * 3000 + "</div>" * 3000 + filler) > 2000


def test_a_deep_page_with_an_xml_declaration_is_still_read():
    page = read_links('<?xml version="1.0" encoding="iso-8859-1"?>' + _deep(3000))
    assert page.parser == "lxml"
    assert page.hrefs[0] == "/top"
    assert page.canonical == "/deep"
