"""The run summary: built from the crawl's stats, logged at the end and kept on the
crawl row. Pure."""

from __future__ import annotations

from typing import Any


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
        "articles_stored": stats.get("corpus/articles_inserted", 0),
        "articles_updated": stats.get("corpus/articles_updated", 0),
        "articles_unchanged": stats.get("corpus/articles_unchanged", 0),
        "articles_withdrawn": stats.get("corpus/news_only/withdrawn", 0),
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
        "errors": stats.get("log_count/ERROR", 0),
        "warc_files": warc_files,
        "corpus": corpus_path,
    }


def format_summary(s: dict[str, Any]) -> list[str]:
    dropped = ", ".join(f"{k} {v}" for k, v in sorted(s["not_articles"].items())) or "none"
    withdrawn = s.get("articles_withdrawn", 0)
    withdrawn_note = f", {withdrawn} withdrawn as undated static pages" if withdrawn else ""
    return [
        f"newsarchive summary ({s['finish_reason']}):",
        f"  pages fetched     {s['pages_fetched']}",
        f"  records archived  {s['records_archived']} in {len(s['warc_files'])} WARC file(s)",
        f"  articles stored   {s['articles_stored']} new, {s['articles_updated']} updated,"
        f" {s['articles_unchanged']} unchanged{withdrawn_note}",
        f"  not articles      {dropped}",
        f"  revisits          {s.get('revisits', 0)} record(s) for unchanged pages;"
        f" {s.get('conditional_requests', 0)} conditional request(s),"
        f" {s.get('resumed', 0)} URL(s) resumed, {s.get('due', 0)} due again",
        f"  robots.txt        {s['robots_forbidden']} request(s) not made",
        f"  site templates    {s.get('template_blocks_removed', 0)} template block(s) removed;"
        f" {s.get('template_profiles', 0)} profile(s) learned,"
        f" {s.get('template_articles_changed', 0)} article(s) extracted again with one",
        f"  corpus            {s['corpus']}",
    ]
