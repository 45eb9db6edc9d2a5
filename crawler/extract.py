"""``crawler.extract.extract_article(html, url)``: the import path outside checks rely on.

The extractor itself lives in ``crawler.extraction``; this module only names its public
functions where the design's contract says they are. No Scrapy.
"""

from crawler.extraction import (
    DEFAULT_OPTIONS,
    EXTRACTOR_VERSION,
    Extraction,
    ExtractOptions,
    extract,
    extract_article,
)

__all__ = [
    "DEFAULT_OPTIONS",
    "EXTRACTOR_VERSION",
    "ExtractOptions",
    "Extraction",
    "extract",
    "extract_article",
]
