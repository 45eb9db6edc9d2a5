"""Printing what hostile pages wrote, safely, for the commands. Pure."""

from __future__ import annotations

import re

_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def escape_terminal(text: str) -> str:
    """Text safe to print: control characters, ESC sequences and bidi overrides escaped.

    Titles, URLs and article text come from hostile pages; printed as they are, an
    ESC sequence can rewrite the terminal and U+202E can make text read backwards.
    Each such character becomes a visible ``\\xNN`` or ``\\uNNNN``; newlines and tabs stay.
    """

    def visible(m: re.Match[str]) -> str:
        code = ord(m.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _TERMINAL_UNSAFE.sub(visible, text)


def one_line(text: str) -> str:
    """A title on one tab-separated line, with nothing in it that drives the terminal."""
    return escape_terminal(text).replace("\n", " ").replace("\t", " ")


def shorten(url: str, limit: int = 200) -> str:
    """A URL cut for a log line: hostile URLs run to megabytes."""
    return url if len(url) <= limit else url[:limit] + "..."
