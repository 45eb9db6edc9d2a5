"""What can change an extracted text, recorded on every article row: the options and
the extractor's version. Pure."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

# Bump when a change anywhere in crawler.extraction can change stored text.
EXTRACTOR_VERSION = "43"


@dataclass(frozen=True)
class ExtractOptions:
    """Everything that can change the text; it is recorded on each article row."""

    # trafilatura's recall mode, with our debris rules doing the precision work: on the
    # dev set (bench/extraction.py, EXTRACTOR_VERSION 9) text F1 91.6 against 90.5 in
    # precision mode, 92.9% of must-keep snippets against 91.4%, for 2.6% of boilerplate
    # snippets against 1.9%.
    favor_precision: bool = False
    include_comments: bool = False
    include_tables: bool = True
    min_words_strong: int = 40  # page declares itself an article
    min_words_weak: int = 100  # its URL shape or a declared date says article
    min_words_none: int = 150  # no signal at all
    max_html_chars: int = 8_000_000
    # Work limits: hostile pages (deep or huge DOMs, giant text nodes) must not take
    # minutes and gigabytes. Past them a page is "parse_limit", counted, not stored.
    max_elements: int = 100_000
    max_depth: int = 250  # libxml2 silently drops what is nested deeper than 256
    time_budget: float = 30.0  # seconds of wall clock per document (0: none)
    disabled_rules: frozenset[str] = frozenset()
    complete_from_main_block: bool = True

    def signature(self) -> str:
        sig = (
            f"newsarchive/{EXTRACTOR_VERSION} trafilatura/{trafilatura.__version__}"
            f" favor_precision={self.favor_precision} include_comments={self.include_comments}"
            f" include_tables={self.include_tables}"
        )
        if not self.complete_from_main_block:
            sig += " complete=False"
        if self.disabled_rules:
            sig += " debris_off=" + ",".join(sorted(self.disabled_rules))
        return sig


DEFAULT_OPTIONS = ExtractOptions()
