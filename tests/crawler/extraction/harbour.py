"""A small article page (the Quay Gazette's harbour budget) to put debris next to."""

from __future__ import annotations

from collections import Counter

from crawler.extraction.debris.dom import prune_dom
from crawler.extraction.html import parse_html

P1 = (
    "The Harbour Council voted seven to two on Tuesday night to approve a 41 million pound budget "
    "that doubles spending on flood defences along the eastern quay."
)
P2 = (
    "Councillors who opposed the plan said the money would be better spent on the ageing ferry "
    "terminal, which closed twice last winter after storm damage to its pontoons."
)
P3 = (
    "Work on the first section of the new sea wall is due to begin in April and should take "
    "about eighteen months, according to the council's chief engineer, Ruth Adeyemi."
)
ARTICLE_PS = (P1, P2, P3)
BODY = "".join(f"<p>{p}</p>" for p in ARTICLE_PS)


def page(debris: str, *, before: bool = False, body: str = BODY, wrapper: str = "article") -> str:
    """An article page with ``debris`` after (or before) the article body."""
    article = (
        f'<{wrapper} class="post"><h1>Harbour council approves flood budget</h1>{body}</{wrapper}>'
    )
    inner = debris + article if before else article + debris
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        "<title>Harbour council approves flood budget | The Quay Gazette</title></head>"
        f"<body>{inner}</body></html>"
    )


def tree_text(tree) -> str:
    body = tree.find("body")
    return " ".join(" ".join(body.itertext()).split())


def pruned(html: str, disabled=()) -> tuple[str, Counter[str], object]:
    tree = parse_html(html)
    fired = prune_dom(tree, disabled)
    return tree_text(tree), fired, tree


def assert_article_kept(text: str) -> None:
    for p in ARTICLE_PS:
        assert " ".join(p.split()) in text
