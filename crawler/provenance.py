"""Checking a corpus against its WARC files, and rebuilding it from them. No Scrapy.

``verify`` answers "is every sentence still traceable to untouched bytes?";
``reextract`` answers "can the corpus be rebuilt from the archive alone?". Both
read WARC_DIR and CORPUS_DB only, never the network.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.reader import check_capture, iter_records, read_record
from archive.warc import OPEN_SUFFIX, WARC_SUFFIX, complete_members_end
from crawler import urls
from crawler.extraction import DEFAULT_OPTIONS, ExtractOptions, extract
from crawler.pages import http_charset
from schemas.corpus import Corpus, open_database, text_sha1
from schemas.items import Article, Capture

Progress = Callable[[int], None]

# Problems that make verify fail; "other_extractor" and "open_files" are reported only.
FAILURES = (
    "missing_file",
    "unreadable_record",
    "record_id_mismatch",
    "target_uri_mismatch",
    "payload_digest_mismatch",
    "text_mismatch",
    "article_without_capture",
    "unreadable_file",
    "damaged_file",
    "record_digest_mismatch",
)
NOTICES = ("other_extractor", "open_files")


@dataclass
class Report:
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    checked: Counter[str] = field(default_factory=Counter)

    def problem(self, kind: str, where: str) -> None:
        self.counts[kind] += 1
        if len(self.examples[kind]) < 5:
            self.examples[kind].append(where)

    @property
    def ok(self) -> bool:
        return not any(self.counts[k] for k in FAILURES)


def check_pointer(
    warc_dir: str | os.PathLike[str], row: dict[str, Any], report: Report, label: str
) -> Any:
    """Resolve one capture row's (file, offset, length); the record, or None (reported)."""
    check = check_capture(warc_dir, row)
    if not check.ok:
        report.problem(check.problem or "unreadable_record", f"{label}: {check.detail}")
        return None
    return check.record


def _options_for(signature: str | None) -> ExtractOptions | None:
    """The options that produced a stored row, when this code can produce them again."""
    if signature == DEFAULT_OPTIONS.signature():
        return DEFAULT_OPTIONS
    for disabled in [frozenset(), *_disabled_variants(signature or "")]:
        for precision in (False, True):
            opts = ExtractOptions(disabled_rules=disabled, favor_precision=precision)
            if opts.signature() == signature:
                return opts
    return None


def _disabled_variants(signature: str) -> list[frozenset[str]]:
    marker = " debris_off="
    if marker not in signature:
        return []
    names = signature.split(marker, 1)[1].split()[0]
    return [frozenset(names.split(","))]


def _extract_record(record, url: str, options: ExtractOptions):
    from archive.reader import ContentDecodingError, decode_content

    try:
        body = decode_content(record.payload, record.header("Content-Encoding"))
    except ContentDecodingError:
        return None
    return extract(body, url, options, http_charset=http_charset(record.header("Content-Type")))


def verify(
    corpus_db: str | os.PathLike[str],
    warc_dir: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
) -> Report:
    """Audit every capture, article and WARC file; see ``FAILURES`` for what fails."""
    db = open_database(corpus_db, migrate=False)
    report = Report()
    tick = progress or (lambda n: None)
    try:
        captures = {row["id"]: row for row in db.query("SELECT * FROM captures")}
        for row in captures.values():
            check_pointer(warc_dir, row, report, f"capture {row['id']} {row['url']}")
            report.checked["captures"] += 1
            tick(1)
        for art in db.query("SELECT id, url, extractor, text_sha1, capture_id FROM articles"):
            label = f"article {art['id']} {art['url']}"
            report.checked["articles"] += 1
            tick(1)
            cap = captures.get(art["capture_id"])
            if cap is None:
                report.problem("article_without_capture", label)
                continue
            options = _options_for(art["extractor"])
            if options is None:
                report.problem("other_extractor", f"{label}: {art['extractor']}")
                continue
            record = check_pointer(warc_dir, cap, report, label)
            if record is None:
                continue
            result = _extract_record(record, cap["url"], options)
            got = text_sha1(result.article.text) if result and result.article else None
            if got != art["text_sha1"]:
                report.problem("text_mismatch", f"{label}: re-extraction gives {got}")
    finally:
        db.conn.close()
    verify_files(warc_dir, report, tick)
    return report


def verify_files(warc_dir: str | os.PathLike[str], report: Report, tick: Progress) -> None:
    """Read every closed WARC file whole, checking each record's digests.

    ``warcio check`` passes a file whose last record is cut short, so the gzip
    members are also checked to end exactly at the end of the file.
    """
    root = Path(warc_dir)
    for path in sorted(root.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}")):
        report.problem("open_files", f"{path.name} (repaired by the next crawl)")
    for path in sorted(root.glob(f"*{WARC_SUFFIX}")):
        report.checked["warc_files"] += 1
        tick(1)
        end, _count = complete_members_end(path)
        if end != path.stat().st_size:
            size = path.stat().st_size
            report.problem(
                "damaged_file",
                f"{path.name}: cut short or corrupt after byte {end} of {size}",
            )
            continue
        try:
            for offset, _length, record in iter_records(path):
                report.checked["records"] += 1
                if record.digest_ok is False:
                    report.problem("record_digest_mismatch", f"{path.name}@{offset}")
        except Exception as exc:  # noqa: BLE001 - any failure to read is the finding
            report.problem("unreadable_file", f"{path.name}: {exc}")


# -- reextract -------------------------------------------------------------------


@dataclass
class Rebuild:
    captures: int = 0
    articles: int = 0
    identical: int = 0
    changed: int = 0
    lost: int = 0
    withdrawn: int = 0  # static pages the crawl withdrew (news-only rule)
    diffs: list[tuple[str, str]] = field(default_factory=list)  # (url, unified diff)


def _news_mark(conversion) -> tuple[str, int] | None:
    """The news-only rule's mark the crawl wrote with the text, or None (records written
    before it was, or with the rule off): re-extraction does not judge again."""
    raw = conversion.warc_header("X-Newsarchive-News-Mark")
    if not raw:
        return None
    try:
        mark = json.loads(raw)
        return str(mark["source"]), int(mark["evidence"])
    except (ValueError, KeyError, TypeError):
        return None


def _capture_of(filename: str, offset: int, length: int, record, request_ids) -> Capture:
    length_header = record.header("Content-Length")
    return Capture(
        url=record.target_uri,
        status=record.status or 0,
        fetched_at=_iso(record.date),
        warc_filename=filename,
        warc_offset=offset,
        warc_length=length,
        warc_record_id=record.record_id,
        payload_digest=record.warc_header("WARC-Payload-Digest"),
        warc_request_record_id=request_ids.get(record.record_id),
        reason=(record.status_line or "").partition(" ")[2] or None,
        protocol=record.protocol,
        content_type=record.header("Content-Type"),
        content_encoding=record.header("Content-Encoding"),
        content_length=int(length_header) if length_header and length_header.isdigit() else None,
        location=record.header("Location"),
        ip_address=record.warc_header("WARC-IP-Address"),
    )


def _iso(warc_date: str | None) -> str:
    if not warc_date:
        return ""
    stamp = dt.datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    return stamp.isoformat(timespec="microseconds")


def _scan(warc_dir: Path) -> Iterator[tuple[str, int, int, Any]]:
    for path in sorted(warc_dir.glob(f"*{WARC_SUFFIX}")):
        for offset, length, record in iter_records(path):
            yield path.name, offset, length, record


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
    tick = progress or (lambda n: None)
    request_ids: dict[str, str] = {}
    responses: dict[str, tuple[str, int, int]] = {}
    revisits: list[tuple[str, int, int]] = []
    conversions: list[Any] = []
    for filename, offset, length, record in _scan(root):
        tick(1)
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
    corpus = Corpus(corpus_db)
    result = Rebuild()
    crawl_id = corpus.start_crawl(
        "reextract", {"warc_dir": str(root)}, {"extractor": opts.signature()}
    )
    articles_by_response = {c.warc_header("WARC-Refers-To"): c for c in conversions}
    for record_id, (filename, offset, length) in responses.items():
        record = read_record(root / filename, offset, length)
        capture = _capture_of(filename, offset, length, record, request_ids)
        conversion = articles_by_response.get(record_id)
        if conversion is None:
            corpus.add_capture(capture, crawl_id, "archived")
            result.captures += 1
            continue
        extraction = _extract_record(record, capture.url, opts)
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
        hints = json.loads(conversion.warc_header("X-Newsarchive-Discovery") or "{}")
        corpus.store_article(
            capture,
            article,
            url_key=urls.url_key(article.canonical_url or capture.url),
            crawl_id=crawl_id,
            discovery=hints,
            conversion_record_id=conversion.record_id,
            news=_news_mark(conversion),
        )
        result.captures += 1
        result.articles += 1
    for filename, offset, length in revisits:
        # A revisit stands for the record it refers to: same payload, no body of its own.
        record = read_record(root / filename, offset, length)
        capture = _capture_of(filename, offset, length, record, request_ids)
        capture.refers_to = record.warc_header("WARC-Refers-To")
        if not capture.payload_digest and capture.refers_to in responses:
            original = read_record(
                root / responses[capture.refers_to][0], *responses[capture.refers_to][1:]
            )
            capture.payload_digest = original.warc_header("WARC-Payload-Digest")
        corpus.add_capture(capture, crawl_id, "revisit")
        result.captures += 1
    # The crawl's news-only judgements, read from its conversion records: the static
    # pages it withdrew are withdrawn again.
    from crawler.pipelines import DATED_BEFORE_POLICY

    result.withdrawn = len(corpus.withdraw_static_pages(DATED_BEFORE_POLICY))
    result.articles -= result.withdrawn
    summary = {
        "captures": result.captures,
        "articles": result.articles,
        "identical": result.identical,
        "changed": result.changed,
        "lost": result.lost,
        "withdrawn": result.withdrawn,
    }
    corpus.finish_crawl(
        crawl_id,
        status="finished",
        finish_reason="reextract",
        stats=summary,
        warc_files=sorted(p.name for p in root.glob(f"*{WARC_SUFFIX}")),
        summary=summary,
    )
    corpus.close()
    return result


# -- packaging -------------------------------------------------------------------


def export(
    corpus_db: str | os.PathLike[str], warc_dir: str | os.PathLike[str], output: str
) -> tuple[Path, int]:
    """A WACZ of WARC_DIR whose pages.jsonl lists the corpus's articles."""
    from archive.package import export_wacz
    from schemas.corpus import article_pages

    db = open_database(corpus_db, migrate=False)
    try:
        pages = article_pages(db)
    finally:
        db.conn.close()
    return export_wacz(warc_dir, pages, output), len(pages)
