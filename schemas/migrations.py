"""The corpus schema, as sqlite-utils migrations.

Apply with ``sqlite-utils migrate corpus.db schemas/migrations.py`` or let the
crawler do it at start. Never edit a migration once it has been applied
somewhere: add a new one below it.
"""

from sqlite_utils import Migrations

migrations = Migrations("newsarchive")


@migrations()
def m001_initial(db):
    db["crawls"].create(
        {
            "id": int,
            "spider": str,
            "args": str,  # JSON
            "settings": str,  # JSON: the settings that matter for provenance
            "started_at": str,
            "finished_at": str,
            "status": str,  # running | finished | interrupted | failed
            "finish_reason": str,
            "stats": str,  # JSON: Scrapy stats at close
            "warc_files": str,  # JSON list of file names
            "corpus_path": str,
            "summary": str,  # JSON: the end-of-run summary
        },
        pk="id",
    )
    db["captures"].create(
        {
            "id": int,
            "url": str,
            "status": int,
            "reason": str,
            "protocol": str,
            "content_type": str,
            "content_encoding": str,
            "content_length": int,
            "location": str,  # redirect target, if any
            "ip_address": str,
            "fetched_at": str,
            "warc_filename": str,
            "warc_offset": int,
            "warc_length": int,
            "warc_record_id": str,
            "warc_request_record_id": str,
            "payload_digest": str,
            "outcome": str,  # article | why it is not one
            "crawl_id": int,
        },
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db["captures"].create_index(["warc_record_id"], unique=True)
    db["captures"].create_index(["url", "fetched_at"])
    db["articles"].create(
        {
            "id": int,
            "url": str,
            "url_key": str,  # canonicalised URL: one row per article
            "canonical_url": str,
            "title": str,
            "author": str,
            "published": str,
            "language": str,
            "sitename": str,
            "text": str,
            "word_count": int,
            "text_sha1": str,
            "capture_id": int,
            "extractor": str,
            "discovery": str,  # JSON: how the URL was found (feed, sitemap, news: fields)
            "crawl_id": int,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("capture_id", "captures", "id"), ("crawl_id", "crawls", "id")],
    )
    db["articles"].create_index(["url_key"], unique=True)
    db["articles"].create_index(["capture_id"])
    db["articles"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True)


@migrations()
def m002_conversion_records(db):
    """Each stored article is also written to the WARC as a conversion record."""
    db["articles"].add_column("conversion_record_id", str)
