"""Extraction: archived bytes and their URL in, an article (or why not) out. No Scrapy.

One pure function, ``extract``, called by the crawl's pipeline, by ``reextract`` and by
``verify`` alike, so that every stored text can be reproduced from its WARC record.
The modules, in the order a page meets them:

- ``encoding``: bytes to text (BOM, HTTP charset, ``<meta charset>``, UTF-8, cp1252);
- ``html``: one parse, and the tree reads the searches below share;
- ``declarations``: what the page declares (JSON-LD, ``<meta>``) and shows, into
  ``page.PageMeta``; ``titles``, ``bylines`` and ``dates`` choose among them;
- ``verdict``: whether the page is an article at all;
- ``debris``: what is on the page but is not the article, on the DOM and on the text;
- ``mainbody``: the page's main block, to put back prose trafilatura left out;
- ``limits``: the work limits for one document; ``options``: what can change the text;
- ``article``: the pipeline that runs them, trafilatura in the middle.
"""

from crawler.extraction.article import Extraction, extract, extract_article
from crawler.extraction.debris import ALL_RULES
from crawler.extraction.options import DEFAULT_OPTIONS, EXTRACTOR_VERSION, ExtractOptions

__all__ = [
    "ALL_RULES",
    "DEFAULT_OPTIONS",
    "EXTRACTOR_VERSION",
    "ExtractOptions",
    "Extraction",
    "extract",
    "extract_article",
]
