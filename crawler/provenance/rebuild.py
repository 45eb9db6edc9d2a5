"""``scrapy reextract``: a new corpus built from the WARC files alone. No Scrapy.

Which responses were articles is read from the conversion records the crawl wrote
(``crawler.provenance.conversion``); each is extracted again from its response record.
With the extractor that wrote the record, the text is the same, text_sha1 for
text_sha1; with another, the new text is stored and the change counted (and diffed).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.captures import capture_of
from archive.reader import iter_records, read_record
from archive.warc import WARC_SUFFIX, RecordLocation
from crawler import urls
from crawler.extraction import DEFAULT_OPTIONS, ExtractOptions
from crawler.extraction.template import TemplateRules, read_profile, rules_of
from crawler.newsonly import DATED_BEFORE_POLICY
from crawler.provenance.conversion import discovery_of, news_mark_of, template_profile_of
from crawler.provenance.records import extract_record
from crawler.provenance.templates import is_profile_record, payload_sha1
from crawler.stories.clusters import rebuild as rebuild_clusters
from crawler.stories.copies import save_evidence
from schemas.corpus import Corpus, text_sha1, utcnow
from schemas.items import Article, Capture
from schemas.templates import StoredProfile, add_profile

#: ``progress(stage, advance, total)``, as ``crawler.provenance.verify`` reports it: the
#: files are read in bytes (``SCAN_STAGE``), then each response is indexed and extracted
#: again (``REBUILD_STAGE``), its total known once the files are read.
Progress = Callable[[str, int, int | None], None]
SCAN_STAGE = "reading WARC files"
REBUILD_STAGE = "rebuilding captures and articles"


@dataclass
class Rebuild:
    captures: int = 0
    articles: int = 0
    identical: int = 0
    changed: int = 0
    lost: int = 0
    withdrawn: int = 0  # static pages the crawl withdrew (news-only rule)
    profiles: int = 0  # site template profiles found in the archive
    missing_profiles: int = 0  # texts naming a profile the archive does not hold
    clusters: int = 0  # clusters of copies found among the rebuilt articles
    diffs: list[tuple[str, str]] = field(default_factory=list)  # (url, unified diff)
    warc_files: int = 0
    warc_bytes: int = 0


def _capture(record, filename: str, offset: int, length: int, request_ids) -> Capture:
    where = RecordLocation(filename, offset, length, record.record_id)
    return capture_of(record.head, where, request_ids.get(record.record_id))


def _profile(record, filename: str, offset: int, length: int):
    """A template profile record, as the corpus lists it, and its rules."""
    profile = read_profile(record.payload)
    stored = StoredProfile(
        str(profile.get("source", "")), record.record_id, payload_sha1(record.payload),
        profile, filename, offset, length,
    )  # fmt: skip
    return stored, rules_of(profile, record.record_id)


def _scan(warc_dir: Path, tick: Progress) -> Iterator[tuple[str, int, int, Any]]:
    """Every record of every closed file, the bytes read reported as they are read."""
    paths = sorted(warc_dir.glob(f"*{WARC_SUFFIX}"))
    tick(SCAN_STAGE, 0, sum(p.stat().st_size for p in paths))
    for path in paths:
        done = 0
        for offset, length, record in iter_records(path):
            tick(SCAN_STAGE, length, None)
            done += length
            yield path.name, offset, length, record
        tick(SCAN_STAGE, max(0, path.stat().st_size - done), None)


def reextract(
    warc_dir: str | os.PathLike[str],
    corpus_db: str | os.PathLike[str],
    *,
    options: ExtractOptions | None = None,
    want_diffs: bool = False,
    progress: Progress | None = None,
) -> Rebuild:
    """Build ``captures`` and ``articles`` from WARC_DIR alone into a new corpus.

    Which responses were articles is read from the conversion records the crawl
    wrote; each is extracted again from its response record. With the extractor
    that wrote the record, the text is the same, text_sha1 for text_sha1; with
    another, the new text is stored and the change counted (and diffed).
    """
    root = Path(warc_dir)
    if Path(corpus_db).exists():
        raise FileExistsError(f"{corpus_db} exists: reextract builds a new corpus")
    opts = options or DEFAULT_OPTIONS
    tick = progress or (lambda stage, n, total=None: None)
    request_ids: dict[str, str] = {}
    responses: dict[str, tuple[str, int, int]] = {}
    revisits: list[tuple[str, int, int]] = []
    conversions: list[Any] = []
    profiles: dict[str, tuple[StoredProfile, TemplateRules]] = {}
    for filename, offset, length, record in _scan(root, tick):
        if record.rec_type == "request":
            concurrent = record.warc_header("WARC-Concurrent-To")
            if concurrent:
                request_ids[concurrent] = record.record_id
        elif record.rec_type == "response":
            responses[record.record_id] = (filename, offset, length)
        elif record.rec_type == "revisit":
            revisits.append((filename, offset, length))
        elif record.rec_type == "conversion":
            conversions.append(record)
        elif is_profile_record(record):
            profiles[record.record_id] = _profile(record, filename, offset, length)
    corpus = Corpus(corpus_db)
    result = Rebuild()
    crawl_id = corpus.start_crawl(
        "reextract", {"warc_dir": str(root)}, {"extractor": opts.signature()}
    )
    for stored, _rules in profiles.values():
        with corpus.transaction() as tx:
            add_profile(tx, stored, crawl_id, utcnow())
    result.profiles = len(profiles)
    # A response's last conversion record is its text: the end of a run writes a new one
    # when the site's new template profile changes the text (crawler.templates).
    articles_by_response = {c.warc_header("WARC-Refers-To"): c for c in conversions}
    tick(REBUILD_STAGE, 0, len(responses) + len(revisits))
    for record_id, (filename, offset, length) in responses.items():
        tick(REBUILD_STAGE, 1, None)
        record = read_record(root / filename, offset, length)
        capture = _capture(record, filename, offset, length, request_ids)
        conversion = articles_by_response.get(record_id)
        if conversion is None:
            corpus.add_capture(capture, crawl_id, "archived")
            result.captures += 1
            continue
        template = None
        profile_id = template_profile_of(conversion)
        if profile_id:
            if profile_id in profiles:
                template = profiles[profile_id][1]
            else:
                result.missing_profiles += 1
        extraction = extract_record(record, capture.url, opts, template, observe=True, copies=True)
        article: Article | None = extraction.article if extraction else None
        old_text = conversion.payload.decode("utf-8")
        if article is None:
            corpus.add_capture(capture, crawl_id, "not_article_now")
            result.captures += 1
            result.lost += 1
            continue
        if text_sha1(article.text) == text_sha1(old_text):
            result.identical += 1
        else:
            result.changed += 1
            if want_diffs:
                diff = "\n".join(
                    difflib.unified_diff(
                        old_text.splitlines(),
                        article.text.splitlines(),
                        "archived",
                        "now",
                        lineterm="",
                    )
                )
                result.diffs.append((capture.url, diff))
        mark = news_mark_of(conversion)
        source = profiles[profile_id][0].source if template is not None else None
        source = source or (mark[0] if mark else None)
        corpus.store_article(
            capture,
            article,
            url_key=urls.url_key(article.canonical_url or capture.url),
            crawl_id=crawl_id,
            discovery=discovery_of(conversion),
            conversion_record_id=conversion.record_id,
            news=mark,
            blocks=(source, extraction.observations) if source else None,
            after=lambda conn, article_id, found=extraction.evidence: save_evidence(
                conn, article_id, found
            ),
        )
        result.captures += 1
        result.articles += 1
    for filename, offset, length in revisits:
        tick(REBUILD_STAGE, 1, None)
        # A revisit stands for the record it refers to: same payload, no body of its own.
        record = read_record(root / filename, offset, length)
        capture = _capture(record, filename, offset, length, request_ids)
        if not capture.payload_digest and capture.refers_to in responses:
            original = read_record(
                root / responses[capture.refers_to][0], *responses[capture.refers_to][1:]
            )
            capture.payload_digest = original.warc_header("WARC-Payload-Digest")
        corpus.add_capture(capture, crawl_id, "revisit")
        result.captures += 1
    # The crawl's news-only judgements, read from its conversion records: the static
    # pages it withdrew are withdrawn again.
    result.withdrawn = len(corpus.withdraw_static_pages(DATED_BEFORE_POLICY))
    result.articles -= result.withdrawn
    # Clusters of copies, from the signatures and source links read above.
    result.clusters = rebuild_clusters(corpus.db.conn).clusters
    files = sorted(root.glob(f"*{WARC_SUFFIX}"))
    result.warc_files = len(files)
    result.warc_bytes = sum(p.stat().st_size for p in files)
    summary = {
        "captures": result.captures,
        "articles": result.articles,
        "identical": result.identical,
        "changed": result.changed,
        "lost": result.lost,
        "withdrawn": result.withdrawn,
        "template_profiles": result.profiles,
        "missing_template_profiles": result.missing_profiles,
    }
    corpus.finish_crawl(
        crawl_id,
        status="finished",
        finish_reason="reextract",
        stats=summary,
        warc_files=[p.name for p in files],
        summary=summary,
    )
    corpus.close()
    return result
