"""crawler.sources: the sources file and ``-a start_urls``."""

from __future__ import annotations

import re
import textwrap

import pytest

from crawler.sources import (
    Source,
    SourcesError,
    load_sources,
    source_from_dict,
    sources_from_start_urls,
)


def write_sources(tmp_path, text: str):
    path = tmp_path / "sources.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_load_sources_reads_every_key(tmp_path):
    path = write_sources(
        tmp_path,
        r"""
        [[source]]
        name = "ledger"
        start_urls = ["http://127.0.0.1:8765/", "http://127.0.0.1:8765/news?utm_source=x"]
        feeds = ["http://127.0.0.1:8765/feed.xml"]
        sitemaps = ["http://127.0.0.1:8765/news-sitemap.xml"]
        allowed_domains = ["127.0.0.1:8765", "cdn.example.com"]
        allow = ['/\d{4}/\d{2}/']
        deny = ['/video/', '/live/']
        topic = "local politics"
        topic_focus = true
        """,
    )
    (source,) = load_sources(path)
    assert source.topic_focus is True
    assert source.name == "ledger"
    assert source.start_urls == ["http://127.0.0.1:8765/", "http://127.0.0.1:8765/news"]
    assert source.feeds == ["http://127.0.0.1:8765/feed.xml"]
    assert source.sitemaps == ["http://127.0.0.1:8765/news-sitemap.xml"]
    assert source.allowed_domains == ["127.0.0.1:8765", "cdn.example.com"]
    assert [p.pattern for p in source.allow] == [r"/\d{4}/\d{2}/"]
    assert [p.pattern for p in source.deny] == ["/video/", "/live/"]
    assert source.rules == [("127.0.0.1", 8765), ("cdn.example.com", None)]


def test_load_sources_reads_several_sources_in_order(tmp_path):
    path = write_sources(
        tmp_path,
        """
        [[source]]
        start_urls = ["https://www.example.com/"]

        [[source]]
        name = "other"
        feeds = "https://other.example.org/rss"
        """,
    )
    first, second = load_sources(path)
    assert (first.name, second.name) == ("example.com", "other")
    assert second.feeds == ["https://other.example.org/rss"]


def test_allowed_domains_and_name_default_to_the_hosts_of_the_urls(tmp_path):
    path = write_sources(
        tmp_path,
        """
        [[source]]
        start_urls = ["https://www.example.com/"]
        feeds = ["https://feeds.example.com/rss", "https://www.example.com/atom"]
        sitemaps = ["http://127.0.0.1:8765/sitemap.xml"]
        """,
    )
    (source,) = load_sources(path)
    assert source.name == "example.com"
    assert source.allowed_domains == ["example.com", "feeds.example.com", "127.0.0.1:8765"]
    assert source.in_scope("https://news.example.com/story")
    assert source.in_scope("http://127.0.0.1:8765/a")
    assert not source.in_scope("http://127.0.0.1:9999/a")


def test_a_missing_sources_file_is_a_sources_error(tmp_path):
    with pytest.raises(SourcesError, match="sources file not found"):
        load_sources(tmp_path / "nope.toml")


def test_invalid_toml_is_a_sources_error(tmp_path):
    path = write_sources(tmp_path, '[[source]]\nstart_urls = ["http://a.example/"\n')
    with pytest.raises(SourcesError, match="not valid TOML"):
        load_sources(path)


def test_a_file_that_is_not_utf8_is_a_sources_error(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_bytes(b'[[source]]\nname = "\xff\xfe"\n')
    with pytest.raises(SourcesError, match="not valid TOML"):
        load_sources(path)


def test_a_file_without_source_tables_is_a_sources_error(tmp_path):
    path = write_sources(tmp_path, '[[sources]]\nstart_urls = ["http://a.example/"]\n')
    with pytest.raises(SourcesError, match=r"no \[\[source\]\] tables"):
        load_sources(path)


def test_an_unknown_key_is_a_sources_error_naming_it(tmp_path):
    path = write_sources(
        tmp_path,
        """
        [[source]]
        name = "ledger"
        start_urls = ["http://a.example/"]
        start_url = "http://a.example/typo"
        """,
    )
    with pytest.raises(SourcesError, match=r"'ledger': unknown keys \['start_url'\]"):
        load_sources(path)


def test_a_source_without_urls_is_a_sources_error(tmp_path):
    path = write_sources(tmp_path, '[[source]]\nname = "empty"\nallow = ["x"]\n')
    with pytest.raises(SourcesError, match="'empty': needs start_urls, feeds or sitemaps"):
        load_sources(path)


def test_a_bad_regex_is_a_sources_error(tmp_path):
    path = write_sources(
        tmp_path,
        """
        [[source]]
        name = "ledger"
        start_urls = ["http://a.example/"]
        deny = ["/video/(unclosed"]
        """,
    )
    with pytest.raises(SourcesError, match="'ledger': bad deny pattern"):
        load_sources(path)


def test_a_pattern_that_is_not_a_string_is_a_sources_error(tmp_path):
    path = write_sources(
        tmp_path, '[[source]]\nname = "ledger"\nstart_urls = ["http://a.example/"]\nallow = [1]\n'
    )
    with pytest.raises(SourcesError, match="'ledger': allow"):
        load_sources(path)


@pytest.mark.parametrize("key", ["start_urls", "feeds", "sitemaps"])
def test_a_non_http_url_is_a_sources_error(tmp_path, key):
    path = write_sources(
        tmp_path,
        f"""
        [[source]]
        name = "ledger"
        {key} = ["http://a.example/", "ftp://a.example/feed"]
        """,
    )
    with pytest.raises(SourcesError, match=f"'ledger': {key} has a non-http.s. URL"):
        load_sources(path)


def test_a_url_list_of_the_wrong_type_is_a_sources_error(tmp_path):
    path = write_sources(tmp_path, '[[source]]\nname = "ledger"\nstart_urls = [1, 2]\n')
    with pytest.raises(SourcesError, match="start_urls must be a list of URLs"):
        load_sources(path)


def test_allowed_domains_of_the_wrong_type_is_a_sources_error(tmp_path):
    path = write_sources(
        tmp_path,
        '[[source]]\nname = "x"\nstart_urls = ["http://a.example/"]\nallowed_domains = "a"\n',
    )
    with pytest.raises(SourcesError, match="allowed_domains must be a list"):
        load_sources(path)


def test_duplicate_source_names_are_a_sources_error(tmp_path):
    path = write_sources(
        tmp_path,
        """
        [[source]]
        start_urls = ["https://www.example.com/"]

        [[source]]
        feeds = ["https://example.com/rss"]
        """,
    )
    with pytest.raises(SourcesError, match="source names must be unique"):
        load_sources(path)


def test_sources_error_is_a_value_error_with_the_file_name(tmp_path):
    path = write_sources(tmp_path, "not = [valid")
    with pytest.raises(ValueError, match=re.escape(str(path))):
        load_sources(path)


# -- start_urls -------------------------------------------------------------------------


def test_sources_from_start_urls_groups_urls_by_host_and_port():
    sources = sources_from_start_urls(
        "http://127.0.0.1:8765/, http://127.0.0.1:8765/news ,http://127.0.0.1:8766/,"
        "https://www.example.com/a#top"
    )
    assert [(s.name, s.start_urls, s.allowed_domains) for s in sources] == [
        (
            "127.0.0.1:8765",
            ["http://127.0.0.1:8765/", "http://127.0.0.1:8765/news"],
            ["127.0.0.1:8765"],
        ),
        ("127.0.0.1:8766", ["http://127.0.0.1:8766/"], ["127.0.0.1:8766"]),
        ("example.com", ["https://www.example.com/a"], ["example.com"]),
    ]
    assert sources[0].in_scope("http://127.0.0.1:8765/2024/05/17/x")
    assert not sources[0].in_scope("http://127.0.0.1:8766/2024/05/17/x")


def test_sources_from_start_urls_accepts_a_list():
    (source,) = sources_from_start_urls(["http://127.0.0.1:8765/a", "http://127.0.0.1:8765/b"])
    assert source.start_urls == ["http://127.0.0.1:8765/a", "http://127.0.0.1:8765/b"]


@pytest.mark.parametrize(
    ("value", "message"), [("", "empty"), (" , ", "empty"), ("ftp://x", "ftp")]
)
def test_sources_from_start_urls_refuses_empty_or_non_http_values(value, message):
    with pytest.raises(SourcesError, match=message):
        sources_from_start_urls(value)


# -- Source.wants ---------------------------------------------------------------------


def make_source(**kwargs) -> Source:
    data = {"name": "ledger", "start_urls": ["http://127.0.0.1:8765/"], **kwargs}
    return source_from_dict(data)


def test_wants_everything_in_scope_without_patterns():
    source = make_source()
    assert source.wants("http://127.0.0.1:8765/anything")
    assert not source.wants("http://127.0.0.1:8766/anything")
    assert not source.wants("https://elsewhere.example/2024/05/17/x")


def test_wants_requires_an_allow_match_when_allow_is_given():
    source = make_source(allow=[r"/\d{4}/\d{2}/", "/opinion/"])
    assert source.wants("http://127.0.0.1:8765/2024/05/story")
    assert source.wants("http://127.0.0.1:8765/opinion/story")
    assert not source.wants("http://127.0.0.1:8765/sport/story")


def test_wants_lets_deny_win_over_allow():
    source = make_source(allow=[r"/\d{4}/"], deny=["/video/", "/live/"])
    assert source.wants("http://127.0.0.1:8765/2024/05/story")
    assert not source.wants("http://127.0.0.1:8765/2024/05/video/story")
    assert not source.wants("http://127.0.0.1:8765/live/2024/")
