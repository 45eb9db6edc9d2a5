"""crawler.mediatypes: what a response is, one answer for the spider, the pipeline and the
extractor."""

from __future__ import annotations

import pytest

from crawler.mediatypes import charset_of, declares_html, is_html, media_type


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("text/html; charset=utf-8", True),
        ("application/xhtml+xml", True),
        ("application/rss+xml", True),
        ("text/xml", True),
        ("application/pdf", False),
        ("application/json", False),
        ("image/png", False),
    ],
)
def test_a_declared_type_decides(content_type, expected):
    assert is_html(content_type, b"<html><body>x</body></html>") is expected


@pytest.mark.parametrize(
    "body",
    [
        b"%PDF-1.7 ...",
        b"\x89PNG\r\n\x1a\n...",
        b"\xff\xd8\xff\xe0 jpeg",
        b"\x00\x00\x00\x00 nul run",
    ],
)
def test_a_binary_is_never_html_whatever_it_declares(body):
    assert not is_html("text/html", body)


@pytest.mark.parametrize(
    "body",
    [
        b"<!doctype html><p>x</p>",
        b" " * 2000 + b"<html><p>x</p></html>",  # far past the first kilobyte
        "\u00a0<html><p>x</p></html>".encode(),  # a no-break space first
        "\ufeff<html><p>x</p></html>".encode(),  # a UTF-8 byte order mark
        "<html><p>x</p></html>".encode("utf-16"),  # UTF-16 with its BOM
    ],
)
def test_without_a_type_markup_is_recognised_as_the_extractor_reads_it(body):
    assert is_html(None, body) and is_html("", body)


def test_without_a_type_json_and_text_are_not_html():
    assert not is_html(None, b'{"a": 1}')
    assert not is_html("", b"Just some words.")


def test_parts_of_a_content_type():
    assert media_type(" Text/HTML ; charset=UTF-8") == "text/html"
    assert charset_of('text/html; charset="ISO-8859-1"') == "ISO-8859-1"
    assert charset_of("text/html") is None
    assert declares_html("application/xhtml+xml") and not declares_html("application/rss+xml")
