"""Sources: which sites to crawl and how, from a TOML file or a list of start URLs.

```toml
[[source]]
name = "example-news"                      # optional, defaults to the first host
start_urls = ["https://news.example.com/"]
feeds = ["https://news.example.com/rss"]   # RSS 2.0 or Atom
sitemaps = ["https://news.example.com/news-sitemap.xml"]
allowed_domains = ["news.example.com"]     # defaults to the hosts of the URLs above
allow = ['/\\d{4}/\\d{2}/']                # regexes a page URL must match (any), optional
deny = ['/video/', '/live/']               # regexes that exclude a page URL, optional
topic_focus = true                         # store only articles on the topics, optional

[[topic]]                                  # a story to follow (docs/stories.md), optional
name = "eternaut-genai"
query = 'netflix AND ("generative AI" OR "gen AI") AND eternaut*'
```
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from crawler.stories.topics import (
    Topic,
    TopicQueryError,
    combine_topics,
    topic_from_args,
    topics_from_sources,
)
from crawler.urls import canonicalize_url, domain_rule, host_and_port, in_scope


class SourcesError(ValueError):
    """A sources file or start URL list that cannot be used, with the reason."""


@dataclass
class Source:
    name: str
    start_urls: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    allowed_domains: list[str] = field(default_factory=list)
    allow: list[re.Pattern[str]] = field(default_factory=list)
    deny: list[re.Pattern[str]] = field(default_factory=list)
    # Store only articles on the run's topics (None: as TOPIC_FOCUS says).
    topic_focus: bool | None = None

    def __post_init__(self) -> None:
        self.rules = [domain_rule(d) for d in self.allowed_domains]

    def in_scope(self, url: str) -> bool:
        return in_scope(url, self.rules)

    def wants(self, url: str) -> bool:
        """In scope, and passes the source's allow/deny patterns."""
        if not self.in_scope(url):
            return False
        if any(rx.search(url) for rx in self.deny):
            return False
        return not self.allow or any(rx.search(url) for rx in self.allow)


def _urls(value: object, what: str, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourcesError(f"source {name!r}: {what} must be a list of URLs")
    out = []
    for v in value:
        url = canonicalize_url(v)
        if url is None:
            raise SourcesError(f"source {name!r}: {what} has a non-http(s) URL: {v!r}")
        out.append(url)
    return out


def _patterns(value: object, what: str, name: str) -> list[re.Pattern[str]]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise SourcesError(f"source {name!r}: {what} must be a list of regexes")
    try:
        return [re.compile(p) for p in value]
    except re.error as exc:
        raise SourcesError(f"source {name!r}: bad {what} pattern: {exc}") from exc


def _default_domains(urls: list[str]) -> list[str]:
    domains: list[str] = []
    for url in urls:
        host, port = host_and_port(url)
        if host.startswith("www."):
            host = host[4:]
        entry = f"{host}:{port}" if port else host
        if entry not in domains:
            domains.append(entry)
    return domains


def source_from_dict(data: dict, index: int = 0) -> Source:
    if not isinstance(data, dict):
        raise SourcesError(f"source #{index + 1} is not a table")
    # "topic" in a source is a free-text label kept from earlier files (read by no one);
    # a story to follow is a [[topic]] table.
    known = {
        "name", "start_urls", "feeds", "sitemaps", "allowed_domains", "allow", "deny",
        "topic", "topic_focus",
    }  # fmt: skip
    unknown = set(data) - known
    label = str(data.get("name") or f"#{index + 1}")
    if unknown:
        raise SourcesError(f"source {label!r}: unknown keys {sorted(unknown)}")
    start = _urls(data.get("start_urls"), "start_urls", label)
    feeds = _urls(data.get("feeds"), "feeds", label)
    sitemaps = _urls(data.get("sitemaps"), "sitemaps", label)
    if not (start or feeds or sitemaps):
        raise SourcesError(f"source {label!r}: needs start_urls, feeds or sitemaps")
    domains = data.get("allowed_domains") or _default_domains(start + feeds + sitemaps)
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise SourcesError(f"source {label!r}: allowed_domains must be a list of domains")
    focus = data.get("topic_focus")
    if focus is not None and not isinstance(focus, bool):
        raise SourcesError(f"source {label!r}: topic_focus must be true or false")
    name = data.get("name") or _default_domains(start + feeds + sitemaps)[0]
    return Source(
        name=str(name),
        start_urls=start,
        feeds=feeds,
        sitemaps=sitemaps,
        allowed_domains=list(domains),
        allow=_patterns(data.get("allow"), "allow", label),
        deny=_patterns(data.get("deny"), "deny", label),
        topic_focus=focus,
    )


def _read_toml(p: Path) -> dict:
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourcesError(f"sources file not found: {p}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{p}: not valid TOML: {exc}") from exc


def load_topics(path: str | Path) -> list[Topic]:
    """The ``[[topic]]`` tables of a sources file (none is fine); a bad query is a
    SourcesError naming the file, the topic and where the query goes wrong."""
    p = Path(path)
    try:
        return topics_from_sources(_read_toml(p))
    except TopicQueryError as exc:
        raise SourcesError(f"{p}: {exc}") from None


def topic_of_args(query: str | None, name: str | None) -> list[Topic]:
    """The topic of ``-a topic=QUERY [-a topic_name=NAME]``, if one was given."""
    if query is None:
        if name is not None:
            raise SourcesError("-a topic_name needs -a topic=QUERY")
        return []
    try:
        return [topic_from_args(query, name)]
    except TopicQueryError as exc:
        raise SourcesError(f"-a topic: {exc}") from None


def topics_of_run(
    sources: str | Path | None, query: str | None, name: str | None
) -> tuple[list[Topic], list[Topic]]:
    """A run's topics: the sources file's and the command line's, checked together (one
    name with two queries is refused: ``topic_articles`` could not say which one an
    article matched, and every run would re-match the corpus)."""
    groups = (load_topics(sources) if sources else [], topic_of_args(query, name))
    try:
        combine_topics(*groups)
    except TopicQueryError as exc:
        raise SourcesError(f"topics: {exc}") from None
    return groups


def focus_without_topics() -> str:
    return (
        "TOPIC_FOCUS (or a source's topic_focus) needs a topic: -a topic=QUERY, or [[topic]]"
        " in the sources file"
    )


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file; raises SourcesError with a readable reason."""
    p = Path(path)
    data = _read_toml(p)
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{p}: no [[source]] tables")
    sources = [source_from_dict(e, i) for i, e in enumerate(entries)]
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise SourcesError(f"{p}: source names must be unique")
    return sources


def sources_from_start_urls(value: str | list[str]) -> list[Source]:
    """One source per host for ``-a start_urls=URL[,URL...]``."""
    raw = value.split(",") if isinstance(value, str) else list(value)
    by_host: dict[str, Source] = {}
    for item in raw:
        if not item.strip():
            continue
        url = canonicalize_url(item)
        if url is None:
            raise SourcesError(f"not an http(s) URL: {item.strip()!r}")
        domain = _default_domains([url])[0]
        src = by_host.get(domain)
        if src is None:
            by_host[domain] = Source(name=domain, start_urls=[url], allowed_domains=[domain])
        else:
            src.start_urls.append(url)
    if not by_host:
        raise SourcesError("start_urls is empty")
    return list(by_host.values())
