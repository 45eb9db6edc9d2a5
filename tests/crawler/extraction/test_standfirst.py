"""crawler.extraction.standfirst: the dek under the headline, in a field of its own."""

from __future__ import annotations

import pytest

from crawler.extraction import extract_article

URL = "https://www.quaygazette.co.uk/2025/03/14/harbour-council-approves-flood-budget"
DEK = "The council doubles flood spending along the eastern quay, over the ferry's objections."
PARAS = [
    "The Harbour Council voted seven to two on Tuesday night to approve a 41 million pound "
    "budget that doubles spending on flood defences along the eastern quay.",
    "Councillors who opposed the plan said the money would be better spent on the ageing ferry "
    "terminal, which closed twice last winter after storm damage to its pontoons.",
    "Work on the first section of the new sea wall is due to begin in April and should take "
    "about eighteen months, according to the council's chief engineer, Ruth Adeyemi.",
]


def page(standfirst: str, og_description: str = "") -> str:
    head = f'<meta property="og:description" content="{og_description}">' if og_description else ""
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        f'<html><head><meta property="og:type" content="article">{head}</head><body><article>'
        f"<h1>Harbour council approves flood budget</h1>{standfirst}{body}</article></body></html>"
    )


@pytest.mark.parametrize(
    "markup",
    [
        f'<p class="article-standfirst">{DEK}</p>',
        f'<h2 class="c-dek">{DEK}</h2>',
        f'<div class="post-subtitle"><p>{DEK}</p></div>',
        f'<p class="chapo">{DEK}</p>',
    ],
)
def test_the_standfirst_has_its_own_field_and_is_not_part_of_the_text(markup):
    article = extract_article(page(markup), URL)
    assert article is not None
    assert article.description == DEK
    assert DEK not in article.text
    assert article.text.splitlines()[0] == PARAS[0]


def test_a_first_paragraph_that_repeats_the_declared_summary_stays_in_the_text():
    # WordPress writes the first paragraph into og:description: that is no standfirst.
    article = extract_article(page("", og_description=PARAS[0]), URL)
    assert article is not None and article.description is None
    assert article.text.splitlines()[0] == PARAS[0]


def test_a_page_without_a_standfirst_has_none():
    article = extract_article(page(""), URL)
    assert article is not None and article.description is None


def test_the_declared_modified_date_is_kept_beside_the_published_one():
    html = page("").replace(
        "</head>",
        '<meta property="article:published_time" content="2025-03-14T09:00:00Z">'
        '<meta property="article:modified_time" content="2025-03-15T18:30:00Z"></head>',
    )
    article = extract_article(html, URL)
    assert article.published == "2025-03-14T09:00:00Z"
    assert article.modified == "2025-03-15T18:30:00Z"
