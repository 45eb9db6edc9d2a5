"""crawler.extraction.encoding.decode_html: choosing the right charset for a body."""

from __future__ import annotations

import codecs

import pytest

from crawler.extraction.encoding import decode_html, meta_charset, normalize_label

TEXT = "Stra\u00dfe \u00fcber Caf\u00e9 \u2013 \u201cquoted\u201d \u20ac5"
LATIN1_TEXT = "Er ging \u00fcber die Stra\u00dfe, caf\u00e9 cr\u00e8me \u00e0 la mode"


def page(body_text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body_text}</p></body></html>"


def test_a_utf8_bom_wins_over_header_and_meta():
    html = page(TEXT, '<meta charset="iso-8859-1">')
    decoded = decode_html(codecs.BOM_UTF8 + html.encode("utf-8"), "windows-1252")
    assert decoded.text == html
    assert (decoded.encoding, decoded.source) == ("utf-8", "bom")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_a_utf16_bom_wins_over_the_header(bom, codec):
    html = page(TEXT)
    decoded = decode_html(bom + html.encode(codec), "iso-8859-1")
    assert decoded.text == html
    assert decoded.source == "bom"
    assert decoded.replacements == 0


def test_the_header_charset_is_used():
    html = page("\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440")
    decoded = decode_html(html.encode("koi8-r"), "KOI8-R")
    assert decoded.text == html
    assert decoded.source == "http"


@pytest.mark.parametrize("label", ["ISO-8859-1", "iso-8859-1", "latin1", "windows-1252", "cp1252"])
def test_a_latin1_body_labelled_only_in_the_header_decodes_exactly(label):
    html = page(LATIN1_TEXT)
    decoded = decode_html(html.encode("latin-1"), label)
    assert decoded.text == html
    assert "\u00fcber" in decoded.text
    assert decoded.replacements == 0


def test_cp1252_punctuation_under_an_iso_8859_1_label_decodes_as_a_browser_does():
    html = page("\u201cQuoted\u201d \u2013 \u20ac5 \u00fcber")
    decoded = decode_html(html.encode("cp1252"), "ISO-8859-1")
    assert decoded.text == html
    assert decoded.encoding == "cp1252"


def test_a_latin1_body_with_no_charset_anywhere_is_not_cp775():
    html = page(LATIN1_TEXT)
    decoded = decode_html(html.encode("latin-1"), None)
    assert decoded.text == html
    assert "\u00fcber" in decoded.text
    assert decoded.encoding == "cp1252"
    assert decoded.source == "fallback"


def test_a_utf8_body_mislabelled_iso_8859_1_by_the_server_is_read_as_utf8():
    html = page(TEXT, '<meta charset="utf-8">')
    decoded = decode_html(html.encode("utf-8"), "ISO-8859-1")
    assert decoded.text == html
    assert decoded.encoding == "utf-8"
    assert "\u00c3" not in decoded.text  # no mojibake


def test_a_utf8_body_without_any_label_is_read_as_utf8():
    html = page(TEXT)
    decoded = decode_html(html.encode("utf-8"))
    assert decoded.text == html
    assert decoded.source == "utf8"


@pytest.mark.parametrize("label", ["utf-9", "no-such-charset", "", "   ", '"'])
def test_an_invalid_header_label_falls_back_without_lookup_error(label):
    html = page(LATIN1_TEXT)
    decoded = decode_html(html.encode("latin-1"), label)
    assert decoded.text == html
    utf8 = decode_html(page(TEXT).encode("utf-8"), label)
    assert utf8.text == page(TEXT)


def test_an_invalid_meta_label_falls_back_without_lookup_error():
    html = page(LATIN1_TEXT, '<meta charset="utf-9">')
    decoded = decode_html(html.encode("latin-1"))
    assert decoded.text == html


def test_a_meta_charset_alone_is_used():
    html = page(LATIN1_TEXT, '<meta charset="iso-8859-1">')
    decoded = decode_html(html.encode("latin-1"))
    assert decoded.text == html
    assert decoded.source == "meta"


def test_an_http_equiv_meta_charset_alone_is_used():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    html = page("\u041f\u0440\u0438\u0432\u0435\u0442", head)
    decoded = decode_html(html.encode("koi8-r"))
    assert decoded.text == html
    assert decoded.encoding == "koi8-r"


def test_a_meta_declaring_utf16_in_ascii_bytes_is_read_as_utf8():
    html = page(TEXT, '<meta charset="utf-16">')
    decoded = decode_html(html.encode("utf-8"))
    assert decoded.text == html


def test_a_utf8_header_over_a_latin1_body_falls_back_to_cp1252():
    html = page(LATIN1_TEXT)
    decoded = decode_html(html.encode("latin-1"), "utf-8")
    assert decoded.text == html
    assert decoded.replacements == 0


def test_a_utf8_header_with_a_contradicting_meta_uses_the_meta():
    html = page(LATIN1_TEXT, '<meta charset="windows-1252">')
    decoded = decode_html(html.encode("cp1252"), "UTF-8")
    assert decoded.text == html


def test_plain_ascii_decodes_unchanged():
    decoded = decode_html(b"<p>plain ascii</p>", None)
    assert decoded.text == "<p>plain ascii</p>"
    assert decoded.replacements == 0


def test_normalize_label_maps_latin1_labels_to_cp1252_and_refuses_unknown_ones():
    assert normalize_label("ISO-8859-1") == "cp1252"
    assert normalize_label(' "latin1" ') == "cp1252"
    assert normalize_label("us-ascii") == "cp1252"
    assert normalize_label("UTF8") == "utf-8"
    assert normalize_label("utf-9") is None
    assert normalize_label(None) is None


def test_meta_charset_reads_both_meta_forms():
    assert meta_charset(b'<meta charset="UTF-8">') == "UTF-8"
    assert meta_charset(b"<META CHARSET=windows-1251 />") == "windows-1251"
    assert meta_charset(b'<meta content="text/html; charset=shift_jis" http-equiv=x>') == (
        "shift_jis"
    )
    assert meta_charset(b"<p>charset=utf-8</p>") is None


def test_utf8_encoded_twice_is_repaired_where_it_holds_a_c1_byte():
    twice = "Investor\u2019s \u201cguide\u201d \u2013 2025".encode().decode("latin-1")
    decoded = decode_html(page(twice, '<meta charset="utf-8">').encode("utf-8"))
    assert "Investor\u2019s \u201cguide\u201d \u2013 2025" in decoded.text


def test_utf8_encoded_twice_through_cp1252_is_repaired():
    twice = "It\u2019s".encode().decode("cp1252")  # "Itâ€™s"
    decoded = decode_html(page(twice).encode("utf-8"))
    assert "It\u2019s" in decoded.text


def test_real_accented_text_is_left_alone_by_the_double_utf8_repair():
    decoded = decode_html(page(TEXT + " \u00c3\u00a9t\u00e9").encode("utf-8"))
    assert decoded.text == page(TEXT + " \u00c3\u00a9t\u00e9")
