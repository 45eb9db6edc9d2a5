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


@migrations()
def m003_frontier(db):
    """The crawl frontier: every URL a crawl has asked for, and when to ask again.

    It lives in the corpus database so that a run killed at any moment resumes
    from what was committed, without JOBDIR or pickles."""
    db["frontier"].create(
        {
            "url_key": str,  # canonical URL: one row per URL
            "url": str,  # the URL as first requested
            "source": str,
            "kind": str,  # page | feed | sitemap
            "callback": str,  # spider method name; never code, never a pickle
            "meta": str,  # JSON: the spider's own request meta (hops, discovery...)
            "priority": int,
            "state": str,  # queued | in_flight | done | failed
            "policy": str,  # every_run | schedule | none
            "attempts": int,
            "seq": int,  # FIFO order among equal priorities
            "next_eligible": float,  # epoch seconds; NULL: never again
            "first_seen": float,
            "last_fetched": float,
            "fetch_count": int,
            "last_status": int,
            "etag": str,
            "last_modified": str,
            "payload_digest": str,
            "record_id": str,  # WARC response record of the last full body
            "record_uri": str,
            "record_date": str,
            "crawl_id": int,  # the run that last changed this row
        },
        pk="url_key",
    )
    db["frontier"].create_index(["state", "priority", "seq"])
    db["frontier"].create_index(["state", "next_eligible"])


@migrations()
def m004_article_versions(db):
    """Changed articles keep their history; ``articles`` holds the latest version."""
    db["article_versions"].create(
        {
            "id": int,
            "article_id": int,
            "version": int,
            "url_key": str,
            "title": str,
            "author": str,
            "published": str,
            "text": str,
            "text_sha1": str,
            "word_count": int,
            "capture_id": int,
            "extractor": str,
            "conversion_record_id": str,
            "crawl_id": int,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("capture_id", "captures", "id")],
    )
    db["article_versions"].create_index(["article_id", "version"], unique=True)
    db["articles"].add_column("version", int)
    db["captures"].add_column("refers_to", str)  # revisit records: the original record id
    db.execute("UPDATE articles SET version = 1")
    db.execute(
        "INSERT INTO article_versions (article_id, version, url_key, title, author, published,"
        " text, text_sha1, word_count, capture_id, extractor, conversion_record_id, crawl_id,"
        " created_at) SELECT id, 1, url_key, title, author, published, text, text_sha1,"
        " word_count, capture_id, extractor, conversion_record_id, crawl_id, first_seen"
        " FROM articles"
    )


@migrations()
def m005_search(db):
    """Search that finds diacritic-free spellings and short CJK words.

    ``articles_fts`` becomes ``unicode61 remove_diacritics 2`` ("uber" finds "über");
    ``articles_trigram`` (FTS5 trigram) finds words inside runs of CJK text, which
    unicode61 keeps as one token; words shorter than three characters fall back to a
    bounded scan (``schemas.search``). Statements only, no ``executescript``: that
    would commit half-way and leave a killed migration half-applied."""
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        db.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    db.execute('DROP TABLE IF EXISTS "articles_fts"')
    db.execute(
        'CREATE VIRTUAL TABLE "articles_fts" USING FTS5 (\n    "title", "text",\n'
        '    tokenize="unicode61 remove_diacritics 2",\n    content="articles"\n)'
    )
    db.execute(
        "CREATE VIRTUAL TABLE articles_trigram USING fts5(title, text, content='articles',"
        " content_rowid='id', tokenize='trigram')"
    )
    for name, fts in (("articles", "articles_fts"), ("articles_trigram", "articles_trigram")):
        db.execute(
            f'CREATE TRIGGER "{name}_ai" AFTER INSERT ON "articles" BEGIN'
            f' INSERT INTO "{fts}" (rowid, "title", "text")'
            ' VALUES (new.rowid, new."title", new."text"); END'
        )
        db.execute(
            f'CREATE TRIGGER "{name}_ad" AFTER DELETE ON "articles" BEGIN'
            f' INSERT INTO "{fts}" ("{fts}", rowid, "title", "text")'
            ' VALUES(\'delete\', old.rowid, old."title", old."text"); END'
        )
        db.execute(
            f'CREATE TRIGGER "{name}_au" AFTER UPDATE ON "articles" BEGIN'
            f' INSERT INTO "{fts}" ("{fts}", rowid, "title", "text")'
            ' VALUES(\'delete\', old.rowid, old."title", old."text");'
            f' INSERT INTO "{fts}" (rowid, "title", "text")'
            ' VALUES (new.rowid, new."title", new."text"); END'
        )
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO articles_trigram(articles_trigram) VALUES ('rebuild')")


@migrations()
def m006_capture_digests(db):
    """Captures by payload digest: the same body at another URL is archived as a revisit."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_captures_payload_digest ON captures (payload_digest)"
    )


# Scripts written without spaces between words (Japanese kana, CJK ideographs, Hangul,
# Thai): the only text the trigram index is for. Kept here, not imported, because an
# applied migration must never change.
_UNSPACED_GLOB = (
    "*[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f]*"
)


@migrations()
def m007_trigram_for_unspaced_scripts_only(db):
    """The trigram index holds only articles with text in unspaced scripts.

    It exists for words inside runs of CJK or Thai text (``schemas.search`` sends only
    such words to it), yet it indexed every article: 1.3 ms per article of a 2-core
    crawl's CPU for an index no Latin-script query reads. Its content is now the view
    ``articles_unspaced``, the articles whose title or text has such characters, so the
    index stays equal to its content table (FTS5 ``rebuild`` and ``integrity-check``
    keep working) and every writer, sqlite-utils and Datasette included, keeps it right
    through triggers that need no custom SQL function."""
    for trigger in ("articles_trigram_ai", "articles_trigram_ad", "articles_trigram_au"):
        db.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    db.execute("DROP TABLE IF EXISTS articles_trigram")
    db.execute("DROP VIEW IF EXISTS articles_unspaced")

    def has_unspaced(row: str) -> str:
        return (
            f"(coalesce({row}title, '') || ' ' || coalesce({row}text, '')) GLOB '{_UNSPACED_GLOB}'"
        )

    db.execute(
        "CREATE VIEW articles_unspaced AS SELECT id, title, text FROM articles"
        f" WHERE {has_unspaced('')}"
    )
    db.execute(
        "CREATE VIRTUAL TABLE articles_trigram USING fts5(title, text,"
        " content='articles_unspaced', content_rowid='id', tokenize='trigram')"
    )
    insert = (
        'INSERT INTO articles_trigram (rowid, "title", "text")'
        ' VALUES (new.rowid, new."title", new."text");'
    )
    delete = (
        'INSERT INTO articles_trigram (articles_trigram, rowid, "title", "text")'
        ' VALUES (\'delete\', old.rowid, old."title", old."text");'
    )
    db.execute(
        'CREATE TRIGGER "articles_trigram_ai" AFTER INSERT ON "articles"'
        f" WHEN {has_unspaced('new.')} BEGIN {insert} END"
    )
    db.execute(
        'CREATE TRIGGER "articles_trigram_ad" AFTER DELETE ON "articles"'
        f" WHEN {has_unspaced('old.')} BEGIN {delete} END"
    )
    # An update can move an article into or out of the view: one trigger, old side first.
    db.execute(
        'CREATE TRIGGER "articles_trigram_au" AFTER UPDATE ON "articles" BEGIN'
        ' INSERT INTO articles_trigram (articles_trigram, rowid, "title", "text")'
        ' SELECT \'delete\', old.rowid, old."title", old."text"'
        f" WHERE {has_unspaced('old.')};"
        ' INSERT INTO articles_trigram (rowid, "title", "text")'
        ' SELECT new.rowid, new."title", new."text"'
        f" WHERE {has_unspaced('new.')}; END"
    )
    db.execute("INSERT INTO articles_trigram(articles_trigram) VALUES ('rebuild')")


@migrations()
def m008_news_marks(db):
    """What the news-only rule knows about each stored article, so that it decides the
    same way whatever order a crawl's pages finish extraction in.

    ``evidence`` is 1 for an article that is dated, signed or declared (the site marks
    its news) and 0 for one stored while its site had not yet shown enough of those (a
    link-found page with none of them: news, or a static page?). Once the corpus holds
    enough evidence for a source, its 0 rows are withdrawn (``Corpus.withdraw_static_pages``),
    so the corpus ends the same as if every evidence article had come first. Articles
    stored before this migration count as evidence when dated or signed, as the rule
    counted them."""
    db["news_marks"].create({"url_key": str, "source": str, "evidence": int}, pk="url_key")
    db["news_marks"].create_index(["source", "evidence"])
    db.execute(
        "INSERT INTO news_marks (url_key, source, evidence)"
        " SELECT a.url_key, f.source, 1 FROM articles a JOIN frontier f ON f.url_key = a.url_key"
        " WHERE f.source IS NOT NULL AND (a.published IS NOT NULL OR a.author IS NOT NULL)"
    )


@migrations()
def m009_standfirst_and_modified(db):
    """The standfirst (the dek under the headline) and the declared last-modified date of
    each article, in columns of their own: the standfirst is not part of ``text``, and a
    modified date is not when the article was published. Rows stored before this
    migration have neither until they are extracted again."""
    for table in ("articles", "article_versions"):
        db[table].add_column("description", str)
        db[table].add_column("modified", str)


@migrations()
def m010_template_profiles(db):
    """Site template learning (``crawler.extraction.template``).

    ``template_blocks``: the blocks each stored article's text came from, by source and
    URL key, as a fingerprint of their place and a hash of their text (folded); replaced
    when the article is stored again, so counts are over the latest version of each
    article, whatever order pages arrived in. ``template_texts``: the text of each hash
    seen on two articles or more (for people: the profile record and the viewer).
    ``template_profiles``: every profile archived, with where its WARC metadata record
    landed. ``template_profile`` on an article: the record of the profile its text was
    extracted with (NULL: none)."""
    db["template_blocks"].create(
        {"source": str, "url_key": str, "fingerprint": int, "text_hash": int}
    )
    db["template_blocks"].create_index(["url_key"])
    db["template_blocks"].create_index(["source", "text_hash"])
    db["template_blocks"].create_index(["source", "fingerprint"])
    db["template_texts"].create({"text_hash": int, "text": str}, pk="text_hash")
    db["template_profiles"].create(
        {
            "id": int,
            "source": str,
            "record_id": str,
            "sha1": str,
            "pages": int,
            "texts": int,
            "places": int,
            "profile": str,  # the JSON archived in the record
            "warc_filename": str,
            "warc_offset": int,
            "warc_length": int,
            "crawl_id": int,
            "created_at": str,
        },
        pk="id",
    )
    db["template_profiles"].create_index(["record_id"], unique=True)
    db["template_profiles"].create_index(["source", "id"])
    for table in ("articles", "article_versions"):
        db[table].add_column("template_profile", str)


@migrations()
def m011_story_coverage(db):
    """Following a story (``crawler.stories``): topics, the articles each matches, and
    clusters of copies.

    ``topics``: a named query (from the sources file or the command line).
    ``topic_articles``: which article matches which topic, for the article's version it
    was matched on (re-matched when the article gets a new version). ``article_signatures``:
    each article's near-duplicate signature (MinHash values) and the original it links to
    ("Source link"), for its current version. ``clusters`` and ``cluster_members``: an
    article is in at most one cluster; its original is the earliest published member, or
    the one its copies link to. All of it can be rebuilt from ``articles`` alone."""
    db["topics"].create(
        {
            "id": int,
            "name": str,
            "query": str,
            "origin": str,  # "sources" or "command line"
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
    )
    db["topics"].create_index(["name"], unique=True)
    db["topic_articles"].create(
        {"topic_id": int, "article_id": int, "version": int, "matched_at": str},
        pk=("topic_id", "article_id"),
        foreign_keys=[("topic_id", "topics", "id"), ("article_id", "articles", "id")],
    )
    db["topic_articles"].create_index(["article_id"])
    db["article_signatures"].create(
        {
            "article_id": int,
            "version": int,
            "text_sha1": str,
            "minhash": bytes,  # the signature's hash values, little-endian uint64
            "shingles": int,
            "source_link": str,  # the original an aggregator's "Source link" points at
            "created_at": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["clusters"].create(
        {
            "id": int,
            "original_article_id": int,
            "size": int,
            "evidence": str,  # how the original was chosen: "source_link" or "earliest"
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("original_article_id", "articles", "id")],
    )
    db["cluster_members"].create(
        {
            "cluster_id": int,
            "article_id": int,
            "similarity": float,  # estimated Jaccard similarity to the original
            "role": str,  # "original" or "copy"
            "evidence": str,  # "source_link", "near_duplicate"
        },
        pk="article_id",
        foreign_keys=[("cluster_id", "clusters", "id"), ("article_id", "articles", "id")],
    )
    db["cluster_members"].create_index(["cluster_id"])


@migrations()
def m012_cluster_ingest(db):
    """Crawling on several machines (``crawler.distributed``): the one process that writes
    the workers' rows (``scrapy ingest``) keeps here how far into the cluster's stream it
    has written, in the same transaction as the rows (so an ingest killed mid-batch
    writes nothing twice), and which ``crawls`` row stands for each run of the cluster."""
    db["cluster_ingest"].create(
        {"cluster": str, "last_id": str, "entries": int, "updated_at": str}, pk="cluster"
    )
    db["cluster_runs"].create(
        {"cluster": str, "run": int, "crawl_id": int, "finished": int},
        pk=("cluster", "run"),
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
