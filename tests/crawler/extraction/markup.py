"""Small pages for the metadata tests: a page around some markup, JSON-LD, and what the
readers make of it."""

from __future__ import annotations

import json

from crawler.extraction.declarations import read_page_meta
from crawler.extraction.html import parse_html

URL = "https://www.quaygazette.co.uk/news/harbour-council-approves-flood-budget"


def ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def page(head: str = "", body: str = "", *, title: str = "Harbour budget | The Quay Gazette"):
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def meta_of(html: str, url: str = URL):
    return read_page_meta(parse_html(html), url)


def news_article(**fields) -> str:
    return ld({"@context": "https://schema.org", "@type": "NewsArticle", **fields})
