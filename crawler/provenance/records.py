"""Re-extracting an archived response, with the options that produced a stored row. Pure."""

from __future__ import annotations

from archive.reader import ContentDecodingError, StoredRecord, decode_content
from crawler.extraction import DEFAULT_OPTIONS, Extraction, ExtractOptions, extract
from crawler.extraction.template import TemplateRules
from crawler.mediatypes import charset_of
from crawler.stories.copies import evidence


def options_for(signature: str | None) -> ExtractOptions | None:
    """The options that produced a stored row, when this code can produce them again."""
    if signature == DEFAULT_OPTIONS.signature():
        return DEFAULT_OPTIONS
    for disabled in [frozenset(), *_disabled_variants(signature or "")]:
        for precision in (False, True):
            opts = ExtractOptions(disabled_rules=disabled, favor_precision=precision)
            if opts.signature() == signature:
                return opts
    return None


def _disabled_variants(signature: str) -> list[frozenset[str]]:
    marker = " debris_off="
    if marker not in signature:
        return []
    names = signature.split(marker, 1)[1].split()[0]
    return [frozenset(names.split(","))]


def extract_record(
    record: StoredRecord,
    url: str,
    options: ExtractOptions,
    template: TemplateRules | None = None,
    *,
    observe: bool = False,
    copies: bool = False,
) -> Extraction | None:
    """Extract a response record's body as the crawl did: decoded from its
    Content-Encoding, read with its HTTP charset, with the site template profile the row
    names. None when the body cannot be decoded. ``copies``: with the article's
    clustering evidence, as the crawl's worker makes it (``crawler.stories.copies``)."""
    try:
        body = decode_content(record.payload, record.header("Content-Encoding"))
    except ContentDecodingError:
        return None
    charset = charset_of(record.header("Content-Type"))
    result = extract(body, url, options, http_charset=charset, template=template, observe=observe)
    if copies and result.article is not None:
        result.evidence = evidence(body, url, result.article.text, result.article.title)
    return result
