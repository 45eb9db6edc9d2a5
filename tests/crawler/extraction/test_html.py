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


def test_comments_are_dropped_and_the_text_around_each_joins_into_one_line():
    tree = parse_html(
        "<html><body><p>by: <!-- -->Jane Doe<!-- -->, <b>x</b><!-- y --> z</p></body></html>"
    )
    p = tree.find("body")[0]
    assert p.text == "by: Jane Doe, " and p[0].tail == " z"
    assert p.xpath("text()") == ["by: Jane Doe, ", " z"]  # one node each, not five


def test_an_xml_declaration_before_xhtml_is_not_a_parse_error():
    tree = parse_html(
        '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>one</p></body></html>'
    )
    assert tree.find("body")[0].text == "one"
