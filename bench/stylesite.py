"""Each site style of ``bench/crawl_quality.py``, scaled to a throughput benchmark's size.

Why: ``bench/crawl.py`` compares the crawl with plain trafilatura's limit on its own
WordPress-style site, and a figure from one site does not carry over to other pages. The
styles in ``bench/sites`` (Drupal, Arc XP, a 2004 PHP table layout, WordPress, a German
regional paper) hold about 35 articles each: too few for a steady crawl. So this module
copies each style's article pages, as its template renders them, into a site of
``pages`` articles written once to disk in ``bench/newssite``'s format (pre-gzipped files,
served by its asyncio ``sendfile`` server). Each copy gets its own address, its own
canonical URL and its paragraphs' words shuffled (seeded), so no two pages are the same
text to the crawl, while their markup, size and chrome stay the style's. A sitemap lists
them all; the front page is empty, so a crawl with link following off fetches articles.

What is not kept: a style's listings, feeds, traps and redirects (crawl_quality measures
those), and the legacy style's ISO-8859-1 bytes (copies are UTF-8; the server labels
every HTML file UTF-8).
"""

from __future__ import annotations

import html
import json
import os
import random
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from bench.newssite import BASE_PLACEHOLDER, CACHE_ROOT, SiteInfo, _write

GENERATOR_VERSION = "2"  # bump when the output changes, to invalidate caches
_FAKE_BASE = "http://style.invalid"
_SITEMAP_SIZE = 1000


def site_dir(style: str, pages: int) -> Path:
    return CACHE_ROOT / f"style-{style}-{pages}-v{GENERATOR_VERSION}"


def _article_pages(style: str) -> list[tuple[str, str, list[str]]]:
    """(html, canonical URL, body paragraphs) of every article the style's template has."""
    from bench.sites import TEMPLATES

    site = TEMPLATES[style](_FAKE_BASE)
    out = []
    for art in site.manifest.articles:
        parts = urlsplit(art.canonical)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        resp = site.resolve(target)
        for _ in range(3):  # a flaky origin answers 503 first
            if resp.status != 503:
                break
            resp = site.resolve(target)
        if resp.status != 200 or "html" not in resp.content_type:
            continue
        charset = "utf-8"
        if "charset=" in resp.content_type:
            charset = resp.content_type.split("charset=", 1)[1].split(";")[0].strip()
        text = resp.body.decode(charset, errors="replace")
        out.append((text, art.canonical, [p for p in art.text.split("\n") if p.strip()]))
    return out


def _copy(page: str, canonical: str, paragraphs: list[str], path: str, rng) -> str:
    """The page at ``path``: its own canonical URL, its paragraphs' words shuffled."""
    out = page.replace(canonical, path).replace(_FAKE_BASE, "")
    for para in paragraphs:
        escaped = html.escape(para, quote=False)
        if escaped not in out:
            continue  # markup inside the paragraph: left as it is
        words = para.split()
        rng.shuffle(words)
        out = out.replace(escaped, html.escape(" ".join(words), quote=False), 1)
    return out


def generate(style: str, pages: int, progress=None) -> SiteInfo:
    """Write the scaled site (or reuse the cached copy); ``progress(done, total)`` if given."""
    root = site_dir(style, pages)
    if (root / "manifest.json").exists():
        return SiteInfo.load(root)
    originals = _article_pages(style)
    if not originals:
        raise ValueError(f"style {style!r} renders no article page")
    tmp = root.with_name(root.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    info = SiteInfo(root=str(root))
    rng = random.Random(f"{style}-{pages}")
    for n in range(pages):
        page, canonical, paragraphs = originals[n % len(originals)]
        k, i = divmod(n, len(originals))
        # Article-shaped (a slug of three words or more), as the originals' addresses are:
        # the spider spends a small budget only on addresses shaped like listings.
        path = f"/copy{k}/article-{i}-copy-{k}/"
        _write(tmp, path + "index.html", _copy(page, canonical, paragraphs, path, rng), info)
        info.articles.append(path)
        if progress and n % 50 == 0:
            progress(n, pages)
    names = []
    for k in range(0, pages, _SITEMAP_SIZE):
        name = f"sitemap{k // _SITEMAP_SIZE + 1}.xml"
        urls = "".join(
            f"<url><loc>{BASE_PLACEHOLDER}{p}</loc></url>"
            for p in info.articles[k : k + _SITEMAP_SIZE]
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        )
        _write(tmp, f"/{name}", body, info, compress=False)
        names.append(name)
    maps = "".join(f"<sitemap><loc>{BASE_PLACEHOLDER}/{n}</loc></sitemap>" for n in names)
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
    )
    _write(tmp, "/sitemap_index.xml", index, info, compress=False)
    info.sitemaps = len(names) + 1
    robots = f"User-agent: *\nDisallow:\n\nSitemap: {BASE_PLACEHOLDER}/sitemap_index.xml\n"
    _write(tmp, "/robots.txt", robots, info, compress=False)
    front = f"<html><head><title>{style}</title></head><body><h1>{style}</h1></body></html>"
    _write(tmp, "/index.html", front, info)
    info.listings = 1
    (tmp / "manifest.json").write_text(json.dumps(info.__dict__))
    if progress:
        progress(pages, pages)
    if root.exists():
        shutil.rmtree(root)
    os.replace(tmp, root)
    return info
