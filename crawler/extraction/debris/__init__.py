"""Debris rules: what is on a news page but is not the article, removed from the DOM
before trafilatura runs (``dom``) and from the text after (``text``). Pure.

Each rule has a name; ``ALL_RULES`` lists the names ``EXTRACT_DEBRIS_DISABLED`` accepts.
"""

from crawler.extraction.debris.dom import DOM_RULES
from crawler.extraction.debris.text import TEXT_RULES

ALL_RULES = ("layout_tables", *DOM_RULES, *TEXT_RULES)
