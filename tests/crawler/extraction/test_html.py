"""crawler.extraction.html: one parse of the page, as browsers read it."""

from __future__ import annotations

from crawler.extraction.html import parse_html


def test_content_after_a_stray_closing_html_tag_is_put_in_the_body():
    tree = parse_html(
        "<html><head><title>T</title></head><body><p>one</p></body></html>\n"
        "<p>two</p> tail<div>three</div></body></html><html><body>four<p>five</p></body></html>"
    )
    body = tree.find("body")
    assert [el.tag for el in body] == ["p", "p", "div", "p"]
    words = ["one", "two", "tail", "three", "four", "five"]
    assert [t.strip() for t in body.itertext() if t.strip()] == words
    # nothing is left outside the document's root element
    root = tree.getroottree().getroot()
    assert [t.strip() for t in root.itertext() if t.strip()] == ["T", *words]


def test_a_document_without_trailing_content_is_parsed_as_it_was():
    tree = parse_html("<html><body><p>one</p></body></html>")
    assert tree.getnext() is None
    assert [el.tag for el in tree.find("body")] == ["p"]
