"""Finding article URLs: feeds, sitemaps, robots.txt and link rules. Pure functions.

URL canonicalisation is written here rather than taken from courlan: courlan's
strict mode drops ordinary query parameters (``?a=1``), its default mode keeps
session ids and fragments, and we need one cheap pass per link because link
handling runs for every anchor of every page.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

# -- URLs ---------------------------------------------------------------------

_TRACKING = re.compile(
    r"^(utm_\w*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|li_fat_id"
    r"|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|__hssc|__hstc|__hsfp|hsctatracking|igshid|mkt_tok"
    r"|oly_anon_id|oly_enc_id|rb_clickid|s_cid|s_kwcid|vero_conv|vero_id|wickedid|ncid|cmpid"
    r"|__twitter_impression|ref|ref_src|ref_url|referrer|spm|at_medium|at_campaign"
    r"|at_custom\d*|at_ptr_name|itm_\w+|ito|intcmp|icid|sr_share|smid|smtyp|mbid"
    r"|ocid|cvid|sharetype|xtor|trk|trkCampaign)$",
    re.IGNORECASE,
)
_SESSION = {
    "phpsessid",
    "jsessionid",
    "sid",
    "sessionid",
    "session_id",
    "session",
    "aspsessionid",
    "cfid",
    "cftoken",
    "zenid",
    "osCsid".lower(),
}
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid|sessionid)=[^/?#]*", re.IGNORECASE)
_AMP_PARAMS = {("amp", "1"), ("amp", "true"), ("amp", ""), ("outputtype", "amp"), ("output", "amp")}
_AMP_PATH = re.compile(r"(/amp/?|\.amp|/amp\.html?)$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PCT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _normalize_escape(m: re.Match[str]) -> str:
    """Decode an escaped unreserved character; keep any other escape (``%2F``, ``%25``)."""
    char = chr(int(m.group(1), 16))
    return char if char in _UNRESERVED else "%" + m.group(1).upper()


def _keep_param(name: str) -> bool:
    low = name.lower()
    return not (_TRACKING.match(name) or low in _SESSION)


#: Longer URLs are never requested (browsers and servers give up long before; a page
#: full of 100 KB links must not cost a parse and a key each).
MAX_URL_CHARS = 16_384


def canonicalize_url(url: str, base: str | None = None) -> str | None:
    """The URL to request: absolute, no fragment, no tracking or session parameters.

    Returns None for anything that is not http(s), and for URLs longer than
    ``MAX_URL_CHARS``. Query order is kept, since some servers care; ``url_key``
    sorts it for deduplication.

    A news page links the same few hundred URLs as every other page of its site
    (measured: 98.5% of the links a crawl canonicalised were already scheduled), so
    results are cached; an absolute or root-relative link does not depend on the
    page it is on beyond the page's origin, so those hit the cache across pages.
    """
    url = url.strip()
    cut = url.find("#")
    if cut > 0:
        # The fragment is dropped anyway: cut it first, so that a page's comment
        # permalinks (/post/#comment-123, one per comment) share one cached result.
        url = url[:cut]
    if base and url:
        if url[:8].lower().startswith(("http://", "https://")):
            base = None
        elif url.startswith("/") and not url.startswith("//"):
            base = _origin(base)
    return _canonicalize(url, base)


@lru_cache(maxsize=4096)
def _origin(base: str) -> str:
    try:
        parts = urlsplit(base)
    except ValueError:
        return base
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else base


@lru_cache(maxsize=65536)
def _canonicalize(url: str, base: str | None) -> str | None:
    if not url or len(url) > MAX_URL_CHARS:
        return None
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _PATH_SESSION.sub("", parts.path) or "/"
    path = quote(_PCT_ESCAPE.sub(_normalize_escape, path), safe="/%:@!$&'()*+,;=-._~")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep_param(k)]
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def url_key(url: str) -> str:
    """The deduplication key: canonical URL, sorted query, AMP markers removed."""
    if len(url) > MAX_URL_CHARS:
        return url  # never requested, so never deduplicated against anything
    canon = canonicalize_url(url) or url
    parts = urlsplit(canon)
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if (k.lower(), v.lower()) not in _AMP_PARAMS
    )
    path = _AMP_PATH.sub("", parts.path) or "/"
    if path != "/" and path.endswith("/"):
        path = path[:-1]
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    netloc = parts.netloc
    if netloc.startswith("www."):
        netloc = netloc[4:]
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def is_amp_url(url: str) -> bool:
    parts = urlsplit(url)
    if _AMP_PATH.search(parts.path):
        return True
    return any(
        (k.lower(), v.lower()) in _AMP_PARAMS
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    )


def host_and_port(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port


def domain_rule(value: str) -> tuple[str, int | None]:
    """Parse an allowed-domain entry: ``example.com``, ``127.0.0.1:8080`` or a URL."""
    value = value.strip().lower()
    if "//" not in value:
        value = "http://" + value
    host, port = host_and_port(value)
    return host.lstrip("."), port


def in_scope(url: str, rules: list[tuple[str, int | None]]) -> bool:
    """Whether a URL belongs to one of a source's domains (subdomains included)."""
    host, port = host_and_port(url)
    if not host:
        return False
    for dom, dport in rules:
        if (host == dom or host.endswith("." + dom)) and (dport is None or dport == port):
            return True
    return False


_PAGINATION = [
    re.compile(r"/page/(\d+)/?$", re.IGNORECASE),
    # Not "p": WordPress uses ?p=123 for post ids, which are articles.
    re.compile(r"[?&](?:page|pg|paged|pagina|seite)=(\d+)", re.IGNORECASE),
]


def pagination_number(url: str) -> int | None:
    """The page number of a pagination URL (``/page/3``, ``?page=3``), or None.

    A "page number" of more than nine digits is no page (and ``int()`` of a
    100,000-digit string raises): it is treated as no pagination at all.
    """
    for rx in _PAGINATION:
        m = rx.search(url)
        if m:
            digits = m.group(1)
            return int(digits) if len(digits) <= 9 else None
    return None


_NON_ARTICLE_PATH = re.compile(
    r"^/(?:$|(?:tags?|topics?|category|categories|section|sections|author|authors|profile|people"
    r"|search|about(?:-us)?|contact(?:-us)?|privacy(?:-policy)?|terms|legal|imprint|impressum"
    r"|cookies?|login|signin|sign-in|register|subscribe|subscriptions?|newsletters?|account"
    r"|feed|feeds|rss|sitemap[^/]*|calendar|events|jobs|careers|advertise|shop|store"
    r"|wp-admin|wp-login\.php|wp-json|cdn-cgi|members|user|users|page)(?:/|$|\?|\.))",
    re.IGNORECASE,
)
# A date in the path followed by a segment with a letter or a long id: /2024/05/12/slug.
# A path of date parts only (/2024/05/, /2024/05/12/) is a day or month archive.
_DATE_IN_PATH = re.compile(
    r"/(19|20)\d{2}/(0?[1-9]|1[0-2])(/(0?[1-9]|[12]\d|3[01]))?/(?=[^/]*[A-Za-z]|\d{5,})[^/]+"
)
_DATE_ONLY_PATH = re.compile(r"^(/[A-Za-z-]+)?/(19|20)\d{2}(/\d{1,2}){0,2}/?$")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}", re.IGNORECASE)
_ARTICLE_WORD = re.compile(
    r"/(?:story|stories|article|articles|news|post|posts|blog|opinion|\d{4}/\d{2})/", re.I
)
_ARTICLE_EXT = re.compile(r"\.(s?html?|php|aspx?)$", re.IGNORECASE)
_ID = re.compile(r"\d{5,}")
_ASSET = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|css|js|json|mp[34]|m4a|webm|avi|mov|zip|gz|tgz|rar|7z|exe"
    r"|dmg|woff2?|ttf|eot|xml|rss|atom|txt|csv|xlsx?|docx?|pptx?)$",
    re.IGNORECASE,
)


def is_asset_url(url: str) -> bool:
    return bool(_ASSET.search(urlsplit(url).path))


# Not page_id: WordPress "pages" (about, contact, policies) are not posts.
_POST_ID_QUERY = re.compile(r"(^|&)(p|id|article|story|post)=\d+", re.IGNORECASE)


def has_date_in_path(url: str) -> bool:
    return bool(_DATE_IN_PATH.search(urlsplit(url).path))


def is_listing_url(url: str, declared_article: bool = False) -> bool:
    """Home, section, tag, author, search, static and paginated pages, by URL alone.

    A listing prefix is not enough when the rest of the path is an article's: NPR
    files stories under /sections/<name>/2022/11/09/<id>/<slug>, review sites under
    /topics/<name>/<long-slug>.
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    if path == "/" and parts.query and _POST_ID_QUERY.search(parts.query):
        return False  # WordPress ?p=123 and friends: a post, not the home page
    if pagination_number(url) is not None or path == "/" or _DATE_ONLY_PATH.match(path):
        return True
    if not _NON_ARTICLE_PATH.match(path):
        return False
    if _DATE_IN_PATH.search(path) or _ID.search(path):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    words = len(re.findall(r"[A-Za-z0-9]+", last))
    return not (words >= 5 or (declared_article and words >= 3))


# Hubs named by their first path segment (/topics/<name>, /events/<place>): a listing by
# URL alone only as a guess, since sites file guides and entries under the same prefixes.
_HUB_PATH = re.compile(
    r"^/(?:tags?|topics?|category|categories|sections?|feeds?|events|calendar)/[^/?#]+",
    re.IGNORECASE,
)


def is_hub_url(url: str) -> bool:
    """A named hub under a listing prefix, not a front, archive, utility or numbered page."""
    return bool(_HUB_PATH.match(urlsplit(url).path)) and pagination_number(url) is None


def url_article_score(url: str) -> int:
    """How much a URL's shape suggests an article: <0 listing/utility, 0 unknown, >0 article."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if path == "/" and parts.query and _POST_ID_QUERY.search(parts.query):
        return 1
    if _NON_ARTICLE_PATH.match(path) or pagination_number(url) is not None:
        return -1
    if _DATE_ONLY_PATH.match(path):
        return -1
    score = 0
    if _DATE_IN_PATH.search(path):
        score += 2
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if _SLUG.search(last):
        score += 1
    if _ARTICLE_WORD.search(path) and last:
        score += 1
    if _ID.search(last) or _ARTICLE_EXT.search(last):
        score += 1
    if parts.query and _POST_ID_QUERY.search(parts.query):
        score += 1  # article.php?id=123
    segments = [s for s in path.split("/") if s]
    if len(segments) <= 1 and not _SLUG.search(last) and not _ID.search(last):
        score -= 1
    return score


# -- robots.txt ---------------------------------------------------------------

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def robots_sitemaps(body: bytes | str, base: str) -> list[str]:
    """``Sitemap:`` lines of a robots.txt, made absolute, in order, without repeats."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    seen: list[str] = []
    for m in _SITEMAP_LINE.finditer(text):
        url = canonicalize_url(m.group(1), base)
        if url and url not in seen:
            seen.append(url)
    return seen


# -- sitemaps -----------------------------------------------------------------

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's own limit


class SitemapError(ValueError):
    """A body that cannot be read as a sitemap."""


@dataclass
class SitemapEntry:
    url: str
    lastmod: str | None = None
    news_title: str | None = None
    news_publication_date: str | None = None
    news_publication: str | None = None
    news_language: str | None = None

    def hints(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v and k != "url"}


@dataclass
class Sitemap:
    kind: str  # "index" | "urlset"
    entries: list[SitemapEntry] = field(default_factory=list)


def gunzip_bounded(data: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Decompress gzip, refusing to produce more than ``limit`` bytes (bomb guard)."""
    d = zlib.decompressobj(zlib.MAX_WBITS | 16)
    out = d.decompress(data, limit + 1)
    if len(out) > limit:
        raise SitemapError(f"decompressed sitemap exceeds {limit} bytes")
    return out


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(el, name: str) -> str | None:
    for c in el:
        if _local(c.tag) == name:
            t = (c.text or "").strip()
            return t or None
    return None


def _child(el, name: str):
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


_XML_PARSER_OPTS = dict(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    recover=True,
    remove_comments=True,
    remove_pis=True,
    load_dtd=False,
)


def parse_sitemap(body: bytes, base: str) -> Sitemap:
    """Read a sitemap or sitemap index, gzipped or not, Google News fields kept.

    Scrapy's own sitemap reader drops the nested ``news:`` block, which holds
    the headline and publication date we want to keep as discovery hints.
    """
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip_bounded(body)
        except (zlib.error, EOFError, OSError) as exc:
            raise SitemapError(f"bad gzip: {exc}") from exc
    if len(body) > MAX_SITEMAP_BYTES:
        raise SitemapError("sitemap larger than 50 MB")
    stripped = body.lstrip()
    if not stripped.startswith(b"<"):
        return _text_sitemap(body, base)
    parser = etree.XMLParser(**_XML_PARSER_OPTS)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not XML: {exc}") from exc
    if root is None:
        raise SitemapError("empty document")
    kind = _local(root.tag)
    if kind == "sitemapindex":
        sm = Sitemap("index")
        for el in root:
            if _local(el.tag) == "sitemap":
                loc = _child_text(el, "loc")
                url = canonicalize_url(loc, base) if loc else None
                if url:
                    sm.entries.append(SitemapEntry(url, lastmod=_child_text(el, "lastmod")))
        return sm
    if kind != "urlset":
        raise SitemapError(f"root element is <{kind}>, not a sitemap")
    sm = Sitemap("urlset")
    for el in root:
        if _local(el.tag) != "url":
            continue
        loc = _child_text(el, "loc")
        url = canonicalize_url(loc, base) if loc else None
        if not url:
            continue
        entry = SitemapEntry(url, lastmod=_child_text(el, "lastmod"))
        news = _child(el, "news")
        if news is not None:
            entry.news_title = _child_text(news, "title")
            entry.news_publication_date = _child_text(news, "publication_date")
            pub = _child(news, "publication")
            if pub is not None:
                entry.news_publication = _child_text(pub, "name")
                entry.news_language = _child_text(pub, "language")
        sm.entries.append(entry)
    return sm


def _text_sitemap(body: bytes, base: str) -> Sitemap:
    sm = Sitemap("urlset")
    for line in body.decode("utf-8", "replace").splitlines():
        url = canonicalize_url(line, base) if line.strip().lower().startswith("http") else None
        if url:
            sm.entries.append(SitemapEntry(url))
    if not sm.entries:
        raise SitemapError("neither XML nor a text sitemap")
    return sm


def looks_like_sitemap(body: bytes) -> bool:
    head = body[:2048]
    if head[:2] == b"\x1f\x8b":
        return True
    low = head.lower()
    return b"<urlset" in low or b"<sitemapindex" in low


# -- feeds --------------------------------------------------------------------


@dataclass
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None
    author: str | None = None

    def hints(self) -> dict[str, str]:
        return {f"feed_{k}": v for k, v in self.__dict__.items() if v and k != "url"}


@dataclass
class Feed:
    title: str | None
    entries: list[FeedEntry]
    malformed: bool


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    ct = content_type.lower()
    if any(t in ct for t in ("rss", "atom", "feed")):
        return True
    low = body[:1024].lower()
    return b"<rss" in low or b"<feed" in low or b"<rdf:rdf" in low


def parse_feed(body: bytes, base: str, content_type: str | None = None) -> Feed:
    """RSS 0.9x/1.0/2.0 and Atom through feedparser, which copes with broken feeds.

    External entities are never fetched: feedparser's SAX parser has them off.
    """
    import feedparser

    parsed = feedparser.parse(
        io.BytesIO(body),
        # Without a content type feedparser flags every feed as malformed ("bozo").
        response_headers={
            "content-location": base,
            "content-type": content_type or "application/xml",
        },
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    entries = []
    for e in parsed.entries:
        link = e.get("link")
        if not link:
            for lk in e.get("links", []):
                if lk.get("rel", "alternate") == "alternate" and lk.get("href"):
                    link = lk["href"]
                    break
        url = canonicalize_url(link, base) if link else None
        if not url:
            continue
        entries.append(
            FeedEntry(
                url,
                title=e.get("title") or None,
                published=e.get("published") or e.get("updated") or None,
                author=e.get("author") or None,
            )
        )
    title = parsed.feed.get("title") if parsed.get("feed") else None
    return Feed(title, entries, bool(parsed.get("bozo")))


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def autodiscover_feeds(link_elements: list[tuple[str, str, str]], base: str) -> list[str]:
    """Feed URLs from ``<link rel=alternate type=... href=...>`` triples (rel, type, href)."""
    out = []
    for rel, typ, href in link_elements:
        if "alternate" in rel.lower().split() and typ.lower().strip() in _FEED_TYPES[:2]:
            url = canonicalize_url(href, base)
            if url and url not in out:
                out.append(url)
    return out


__all__ = [
    "Feed",
    "FeedEntry",
    "Sitemap",
    "SitemapEntry",
    "SitemapError",
    "autodiscover_feeds",
    "canonicalize_url",
    "domain_rule",
    "in_scope",
    "is_amp_url",
    "is_listing_url",
    "is_asset_url",
    "looks_like_feed",
    "looks_like_sitemap",
    "pagination_number",
    "parse_feed",
    "parse_sitemap",
    "robots_sitemaps",
    "url_article_score",
    "url_key",
]
