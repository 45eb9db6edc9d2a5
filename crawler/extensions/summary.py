"""The run summary: built from the crawl's stats, logged at the end and kept on the
crawl row. Pure. Also the words every summary uses (``counted``, ``human_bytes``), so
that the crawl and each command read alike: "1 WARC file", "26.7 MB", never
"1 warc_files" or "27957760 bytes".
"""

from __future__ import annotations

from typing import Any

# Nouns whose plural is not the noun and an "s".
_PLURALS = {
    "copy": "copies",
    "entry": "entries",
    "summary": "summaries",
    "category": "categories",
    "bytes": "bytes",
}


def plural(noun: str, n: int) -> str:
    """``noun`` for one, its plural otherwise (the last word of a phrase is inflected)."""
    if n == 1:
        return noun
    head, _, last = noun.rpartition(" ")
    inflected = _PLURALS.get(last) or (
        last + "es" if last.endswith(("s", "x", "ch")) else last + "s"
    )
    return f"{head} {inflected}" if head else inflected


def counted(n: int, noun: str) -> str:
    """``1 WARC file``, ``2 WARC files``, ``12,345 captures``: a count as a reader says it."""
    return f"{n:,} {plural(noun, n)}"


def human_bytes(size: float) -> str:
    """``1.2 MB``: sizes as people read them (powers of 1000, like ``ls -h --si``)."""
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            if unit == "bytes":
                return "1 byte" if size == 1 else f"{size:.0f} bytes"
            return f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} TB"


def build_summary(
    stats: dict[str, Any], warc_files: list[str], corpus_path: str, reason: str
) -> dict[str, Any]:
    not_articles = {
        k.split("/", 2)[2]: v
        for k, v in stats.items()
        if k.startswith("extract/not_article/") and isinstance(v, int)
    }
    return {
        "finish_reason": reason,
        "pages_fetched": stats.get("downloader/response_count", 0),
        "records_archived": stats.get("warc/records_written", 0),
        "warc_bytes": stats.get("warc/bytes_written", 0),
        "articles_stored": stats.get("corpus/articles_inserted", 0),
        "articles_updated": stats.get("corpus/articles_updated", 0),
        "articles_unchanged": stats.get("corpus/articles_unchanged", 0),
        "articles_withdrawn": stats.get("corpus/news_only/withdrawn", 0),
        "articles_handed_off": stats.get("corpus/articles_handed_off", 0),
        "not_articles": not_articles,
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
        "revisits": sum(
            v
            for k, v in stats.items()
            if k.startswith("warc/revisit_records/") and isinstance(v, int)
        ),
        "conditional_requests": stats.get("frontier/conditional_requests", 0),
        "resumed": stats.get("frontier/resumed", 0),
        "due": stats.get("frontier/due", 0),
        "template_blocks_removed": stats.get("extract/template/blocks_removed", 0),
        "template_profiles": stats.get("extract/template/profiles_written", 0),
        "template_articles_changed": stats.get("extract/template/articles_changed", 0),
        "topics_followed": stats.get("topics/followed", 0),
        "topic_articles": stats.get("topics/articles_matched", 0),
        "off_topic": stats.get("topics/off_topic", 0),
        "off_topic_entries": stats.get("news/skipped/off_topic_entry", 0),
        "on_topic_entries": stats.get("news/topics/entries_on_topic", 0),
        "clusters": stats.get("clusters/clusters", 0),
        "copies": stats.get("clusters/copies", 0),
        "errors": stats.get("log_count/ERROR", 0),
        "warc_files": warc_files,
        "corpus": corpus_path,
    }


def format_summary(s: dict[str, Any]) -> list[str]:
    """The summary as the log shows it: one line per subject, each a phrase with its
    counts and sizes in words and units (a summary kept by an older run, without
    ``warc_bytes``, reads the same without the size)."""
    dropped = (
        ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in sorted(s["not_articles"].items()))
        or "none"
    )
    withdrawn = s.get("articles_withdrawn", 0)
    withdrawn_note = f", {withdrawn:,} withdrawn as undated static pages" if withdrawn else ""
    size = f" ({human_bytes(s['warc_bytes'])})" if s.get("warc_bytes") else ""
    return [
        f"newsarchive summary ({s['finish_reason']}):",
        f"  pages fetched     {s['pages_fetched']:,}",
        f"  records archived  {counted(s['records_archived'], 'record')}{size}"
        f" in {counted(len(s['warc_files']), 'WARC file')}",
        (
            f"  articles          {s['articles_handed_off']:,} handed to the ingest, which"
            " stores them (a worker of a cluster)"
            if s.get("articles_handed_off")
            else f"  articles stored   {s['articles_stored']:,} new, {s['articles_updated']:,}"
            f" updated, {s['articles_unchanged']:,} unchanged{withdrawn_note}"
        ),
        f"  not articles      {dropped}",
        f"  revisits          {counted(s.get('revisits', 0), 'record')} for unchanged pages;"
        f" {counted(s.get('conditional_requests', 0), 'conditional request')},"
        f" {counted(s.get('resumed', 0), 'URL')} resumed, {s.get('due', 0):,} due again",
        f"  robots.txt        {counted(s['robots_forbidden'], 'request')} not made",
        f"  site templates    {counted(s.get('template_blocks_removed', 0), 'template block')}"
        f" removed; {counted(s.get('template_profiles', 0), 'profile')} learned,"
        f" {counted(s.get('template_articles_changed', 0), 'article')} extracted again with one",
        *_topics_line(s),
        *(
            [
                f"  copies            {counted(s['clusters'], 'cluster')} of copies in the"
                f" corpus, holding {counted(s.get('copies', 0), 'copy')} of"
                f" {counted(s['clusters'], 'original')}"
            ]
            if s.get("clusters")
            else []
        ),
        f"  corpus            {s['corpus']}",
    ]


def _topics_line(s: dict[str, Any]) -> list[str]:
    """The stories line, when the corpus follows any (``docs/stories.md``)."""
    if not s.get("topics_followed"):
        return []
    focus = ""
    if s.get("off_topic") or s.get("on_topic_entries") or s.get("off_topic_entries"):
        focus = (
            f"; {counted(s.get('off_topic', 0), 'article')} off-topic archived, not stored;"
            f" {counted(s.get('on_topic_entries', 0), 'feed or sitemap entry')} on topic"
            f" fetched first, {s.get('off_topic_entries', 0):,} skipped"
        )
    return [
        f"  topics            {counted(s.get('topic_articles', 0), 'article')} stored on"
        f" {counted(s['topics_followed'], 'topic')} followed{focus}"
    ]
