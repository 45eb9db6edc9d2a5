"""Archived HTML made browsable inside the viewer: its links lead into the archive.

Why: an archived page served byte for byte (``id_``) keeps its links to the live web.
Inside the viewer's sandboxed frame a click on one navigates the frame off the viewer's
origin, which the viewer's ``frame-src`` refuses: Chrome shows a grey "blocked" frame
and says nothing. The framed view therefore shows a copy (``if_``) whose links point
at the viewer instead:

- ``<a href>`` and ``<area href>`` become ``/web/<time>/<absolute URL>`` with
  ``target="_top"``: the whole viewer moves to the archived copy of the linked page,
  with its banner, or to the viewer's "not in the archive" page when there is none;
- images, stylesheets and icons (``src``, ``srcset``, ``<link href>``) become
  ``/web/<time>id_/<absolute URL>``, so what the archive holds of them loads from it.

Only those attribute values change; every other byte is the archived one. The work is
done on bytes, so any ASCII-compatible encoding passes through untouched (attribute
values are decoded with the page's charset only to resolve them). ``id_`` still serves
the record exactly as captured. No Scrapy.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

# A start tag, with quoted attribute values that may hold ">".
_TAG = re.compile(rb"<(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR = re.compile(
    rb"(?P<space>\s+)(?P<name>[^\s=/>\"']+)"
    rb"(?:(?P<eq>\s*=\s*)(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?"
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_LINKS = {b"a", b"area"}
_SOURCES = {b"img": (b"src", b"srcset"), b"source": (b"src", b"srcset"), b"input": (b"src",)}
_LOADED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload"}
_NAVIGABLE = ("http", "https")

Rewriter = Callable[[str], str]


def charset_of(content_type: str | None, body: bytes) -> str:
    """The page's charset: its Content-Type's, else its ``<meta>``'s, else UTF-8."""
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type or "", re.I)
    if match is None:
        found = _META_CHARSET.search(body[:4096])
        name = found.group(1).decode("ascii") if found else "utf-8"
    else:
        name = match.group(1)
    try:
        "".encode(name)
    except LookupError:
        return "utf-8"
    return name


def _unquoted(raw: bytes, charset: str) -> str:
    if raw[:1] in (b'"', b"'"):
        raw = raw[1:-1]
    return html.unescape(raw.decode(charset, "replace")).strip()


def _absolute(base: str, value: str) -> str | None:
    """``value`` resolved against ``base``, if it is a web address (http or https)."""
    if not value or value.startswith("#"):
        return None
    try:
        target = urljoin(base, value)
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        return None
    return target if scheme in _NAVIGABLE else None


def _quoted(url: str) -> bytes:
    return b'"' + html.escape(url, quote=True).encode("ascii", "xmlcharrefreplace") + b'"'


def _srcset(value: str, base: str, resource: Rewriter) -> str:
    """Each candidate of a ``srcset`` ("URL 2x, URL 640w") rewritten, descriptors kept."""
    out = []
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if not parts:
            continue
        target = _absolute(base, parts[0])
        if target is not None:
            out.append(" ".join([resource(target), *parts[1:]]))
    return ", ".join(out)


def base_of(body: bytes, page_url: str, charset: str) -> str:
    """What the page's links are relative to: its first ``<base href>``, else its URL."""
    for tag in _TAG.finditer(body):
        if tag["name"].lower() == b"base":
            for attr in _ATTR.finditer(tag["attrs"]):
                if attr["name"].lower() == b"href" and attr["value"] is not None:
                    found = _absolute(page_url, _unquoted(attr["value"], charset))
                    if found:
                        return found
    return page_url


def rewrite_html(
    body: bytes,
    page_url: str,
    *,
    charset: str,
    link: Rewriter,
    resource: Rewriter,
) -> bytes:
    """``body`` with its links passed through ``link`` (and opening at the top of the
    viewer) and its images, stylesheets and icons through ``resource``."""
    base = base_of(body, page_url, charset)

    def tag(match: re.Match[bytes]) -> bytes:
        name = match["name"].lower()
        if name not in _LINKS and name not in _SOURCES and name != b"link":
            return match[0]
        attrs = list(_ATTR.finditer(match["attrs"]))
        rels = set()
        for attr in attrs:
            if attr["name"].lower() == b"rel" and attr["value"] is not None:
                rels = set(_unquoted(attr["value"], charset).lower().split())
        text = match["attrs"]
        pieces: list[bytes] = []
        linked = False
        last = 0
        for attr in attrs:
            pieces.append(text[last : attr.start()])  # anything between attributes, as it was
            last = attr.end()
            key = attr["name"].lower()
            raw = attr["value"]
            if name in _LINKS and key == b"target":
                continue  # every rewritten link opens at the top of the viewer
            if raw is not None and name in _LINKS and key in (b"href", b"xlink:href"):
                target = _absolute(base, _unquoted(raw, charset))
                if target is not None:
                    pieces.append(attr["space"] + attr["name"] + b"=" + _quoted(link(target)))
                    linked = True
                    continue
            if raw is not None and key in _SOURCES.get(name, ()):
                value = _unquoted(raw, charset)
                if key == b"srcset":
                    new = _srcset(value, base, resource)
                else:
                    target = _absolute(base, value)
                    new = resource(target) if target is not None else None
                if new is not None:
                    pieces.append(attr["space"] + attr["name"] + b"=" + _quoted(new))
                    continue
            if raw is not None and name == b"link" and key == b"href" and rels & _LOADED_LINK_RELS:
                target = _absolute(base, _unquoted(raw, charset))
                if target is not None:
                    pieces.append(attr["space"] + attr["name"] + b"=" + _quoted(resource(target)))
                    continue
            pieces.append(attr[0])
        if linked:
            pieces.append(b' target="_top"')
        # Whatever follows the last attribute (a self-closing slash, spaces) is kept.
        return b"<" + match["name"] + b"".join(pieces) + text[last:] + b">"

    return _TAG.sub(tag, body)
