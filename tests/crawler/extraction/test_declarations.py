"""crawler.extraction.declarations: language, canonical, site name and paywall, as
declared."""

from __future__ import annotations

import pytest

from tests.crawler.extraction.markup import meta_of, news_article, page

# -- language --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<html lang="en-GB"><head></head><body></body></html>', "en"),
        ('<html lang="pt_BR"><body></body></html>', "pt"),
        (
            '<html><head><meta http-equiv="Content-Language" content="da"></head><body></body>'
            "</html>",
            "da",
        ),
        ('<html><head><meta property="og:locale" content="fr_FR"></head></html>', "fr"),
        ("<html><body><p>No language said.</p></body></html>", None),
    ],
)
def test_language_from_html_lang_or_meta_tags(html, expected):
    assert meta_of(html).language == expected


def test_jsonld_in_language_comes_before_html_lang():
    html = f'<html lang="de"><head>{news_article(inLanguage="fr-FR")}</head></html>'
    assert meta_of(html).language == "fr"


# -- other declarations ----------------------------------------------------------------------


def test_canonical_sitename_and_paywall_are_read():
    head = (
        news_article(isAccessibleForFree=False, publisher={"name": "The Quay Gazette"})
        + '<link rel="canonical" href="/news/harbour-budget">'
    )
    m = meta_of(page(head))
    assert m.canonical == "https://www.quaygazette.co.uk/news/harbour-budget"
    assert m.sitename == "The Quay Gazette"
    assert m.paywalled is True
    assert "newsarticle" in m.jsonld_types


def test_jsonld_in_a_graph_with_control_characters_is_read():
    raw = (
        '{"@graph": [{"@type": "WebSite", "name": "Quay"}, {"@type": "NewsArticle",'
        ' "headline": "Harbour\tbudget\napproved", "datePublished": "2025-03-14"}]}'
    )
    m = meta_of(page(f'<script type="application/ld+json">{raw}</script>'))
    assert m.headline == "Harbour budget approved"
    assert ("jsonld", "2025-03-14") in m.date_candidates
