"""``scrapy verify``: every capture and article row against the WARC record it points at,
and every WARC file read whole. No Scrapy.

An article's text is checked three ways: against its own ``text_sha1``, against the text
of the conversion record the crawl wrote with it (``conversion_record_id``, found while
every file is read), and against a new extraction of its response record. The first two
catch a text edited in the corpus whatever was done to its hash; the third, a text that
its record does not produce.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.reader import RecordNotFound, check_capture, iter_records, read_record, resolve_path
from archive.warc import OPEN_SUFFIX, WARC_SUFFIX, complete_members_end
from crawler.extraction.template import TemplateRules
from crawler.provenance.conversion import EXTRACTOR_HEADER
from crawler.provenance.records import extract_record, options_for
from crawler.provenance.templates import payload_sha1, rules_of_record
from schemas.corpus import open_for_reading, text_sha1
from schemas.templates import profile_by_record

#: ``progress(stage, advance, total)``: ``advance`` more units of ``stage`` (bytes for
#: ``FILES_STAGE``, rows for the others); ``total``, when given, is the stage's total.
Progress = Callable[[str, int, int | None], None]
FILES_STAGE = "reading WARC files"
CAPTURES_STAGE = "checking captures"
ARTICLES_STAGE = "checking articles"
VERSIONS_STAGE = "checking versions"

# Problems that make verify fail; the NOTICES are reported only.
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
    "template_profile_missing",
    "template_profile_mismatch",
    "text_sha1_mismatch",  # the stored text does not hash to its text_sha1
    "conversion_record_missing",  # no WARC file holds the conversion record a row names
    "conversion_text_mismatch",  # the stored text is not the text of its conversion record
)
NOTICES = ("other_extractor", "open_files", "no_conversion_record")


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


def verify(
    corpus_db: str | os.PathLike[str],
    warc_dir: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
) -> Report:
    """Audit every WARC file, capture, article and article version; see ``FAILURES``.

    The files are read first: that is where each row's conversion record is found."""
    db = open_for_reading(corpus_db)
    report = Report()
    tick = progress or (lambda stage, n, total=None: None)
    try:
        versions = "article_versions" in db.table_names()
        tables = ["articles", "article_versions"] if versions else ["articles"]
        wanted = {
            row[0]
            for table in tables
            for row in db.execute(f"SELECT DISTINCT conversion_record_id FROM {table}")
            if row[0]
        }
        conversions = verify_files(warc_dir, report, tick, wanted)
        texts = TextCheck(conversions, report)
        total = db.execute("SELECT count(*) FROM captures").fetchone()[0]
        tick(CAPTURES_STAGE, 0, total)
        captures = {}
        for row in db.query("SELECT * FROM captures"):
            captures[row["id"]] = row
            check_pointer(warc_dir, row, report, f"capture {row['id']} {row['url']}")
            report.checked["captures"] += 1
            tick(CAPTURES_STAGE, 1, None)
        profiles = ProfileCheck(warc_dir, db, report)
        # A corpus from before site templates (m010) has no such column: none to check.
        named = "template_profile" if "template_profile" in db["articles"].columns_dict else "NULL"
        tick(ARTICLES_STAGE, 0, db.execute("SELECT count(*) FROM articles").fetchone()[0])
        for art in db.query(
            "SELECT id, url, extractor, text, text_sha1, capture_id, conversion_record_id,"
            f" {named} AS template_profile FROM articles"
        ):
            label = f"article {art['id']} {art['url']}"
            report.checked["articles"] += 1
            tick(ARTICLES_STAGE, 1, None)
            texts.check(art, label)
            cap = captures.get(art["capture_id"])
            if cap is None:
                report.problem("article_without_capture", label)
                continue
            options = options_for(art["extractor"])
            if options is None:
                report.problem("other_extractor", f"{label}: {art['extractor']}")
                continue
            template = None
            if art["template_profile"]:
                template = profiles.rules(art["template_profile"], label)
                if template is None:
                    continue
            record = check_pointer(warc_dir, cap, report, label)
            if record is None:
                continue
            result = extract_record(record, cap["url"], options, template)
            got = text_sha1(result.article.text) if result and result.article else None
            if got != art["text_sha1"]:
                report.problem("text_mismatch", f"{label}: re-extraction gives {got}")
        if versions:
            tick(
                VERSIONS_STAGE, 0, db.execute("SELECT count(*) FROM article_versions").fetchone()[0]
            )
            for row in db.query(
                "SELECT v.article_id, v.version, a.url, v.extractor, v.text, v.text_sha1,"
                " v.conversion_record_id FROM article_versions v"
                " LEFT JOIN articles a ON a.id = v.article_id"
            ):
                report.checked["article_versions"] += 1
                tick(VERSIONS_STAGE, 1, None)
                texts.check(
                    row, f"article {row['article_id']} version {row['version']} {row['url']}"
                )
    finally:
        db.conn.close()
    return report


class TextCheck:
    """A row's stored text against its own ``text_sha1`` and against the text of its
    conversion record. Why both: an edit that leaves ``text_sha1`` as it was is caught by
    the first; one that updates it too, by the second (a record in the WARC, which a
    corpus edit does not reach). A conversion record of another extractor holds another
    text by design (``reextract`` with other options keeps the crawl's record): the new
    extraction of the response is what checks such a row."""

    def __init__(self, conversions: dict[str, tuple[str, str | None]], report: Report) -> None:
        self.conversions, self.report = conversions, report

    def check(self, row: dict[str, Any], label: str) -> None:
        text = row["text"] or ""
        got = text_sha1(text)
        if got != row["text_sha1"]:
            self.report.problem(
                "text_sha1_mismatch", f"{label}: the text hashes to {got}, not {row['text_sha1']}"
            )
        record_id = row["conversion_record_id"]
        if not record_id:
            self.report.problem("no_conversion_record", label)
            return
        found = self.conversions.get(record_id)
        if found is None:
            self.report.problem(
                "conversion_record_missing", f"{label}: {record_id} is in no WARC file"
            )
            return
        archived, extractor = found
        if extractor == row["extractor"] and archived != got:
            self.report.problem(
                "conversion_text_mismatch", f"{label}: the text differs from {record_id}'s"
            )


class ProfileCheck:
    """The template profiles articles name: each found in the corpus, its record read at
    the place recorded, with the same id and payload; its rules, once per profile."""

    def __init__(self, warc_dir, db, report: Report) -> None:
        self.warc_dir, self.db, self.report = warc_dir, db, report
        self._rules: dict[str, TemplateRules | None] = {}

    def rules(self, record_id: str, label: str) -> TemplateRules | None:
        if record_id not in self._rules:
            self._rules[record_id] = self._check(record_id)
        rules = self._rules[record_id]
        if rules is None:
            self.report.problem("template_profile_mismatch", f"{label}: profile {record_id}")
        return rules

    def _check(self, record_id: str) -> TemplateRules | None:
        stored = profile_by_record(self.db.conn, record_id)
        if stored is None:
            self.report.problem("template_profile_missing", f"profile {record_id} not in corpus")
            return None
        self.report.checked["template_profiles"] += 1
        try:
            path = resolve_path(self.warc_dir, stored.warc_filename)
            record = read_record(path, stored.warc_offset, stored.warc_length)
        except RecordNotFound as exc:
            self.report.problem("template_profile_missing", f"profile {record_id}: {exc}")
            return None
        if record.record_id != record_id or payload_sha1(record.payload) != stored.sha1:
            self.report.problem(
                "template_profile_mismatch", f"profile {record_id}: the record differs"
            )
            return None
        try:
            return rules_of_record(record)
        except ValueError as exc:
            self.report.problem("template_profile_mismatch", f"profile {record_id}: {exc}")
            return None


def verify_files(
    warc_dir: str | os.PathLike[str],
    report: Report,
    tick: Progress,
    conversions_wanted: set[str] | frozenset[str] = frozenset(),
) -> dict[str, tuple[str, str | None]]:
    """Read every closed WARC file whole, checking each record's digests; return the
    conversion records asked for, as ``{record id: (sha1 of the text, extractor)}``.

    ``warcio check`` passes a file whose last record is cut short, so the gzip
    members are also checked to end exactly at the end of the file. The whole records
    of a damaged file, and of ``.open`` files (a crawl running, or killed), are still
    read for conversion records, so that their rows are not reported twice.
    """
    root = Path(warc_dir)
    open_files = sorted(root.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}"))
    closed = sorted(root.glob(f"*{WARC_SUFFIX}"))
    tick(FILES_STAGE, 0, sum(_size(p) for p in open_files + closed))
    conversions: dict[str, tuple[str, str | None]] = {}

    def read(path: Path, whole: bool) -> None:
        done = 0
        try:
            for offset, length, record in iter_records(path):
                tick(FILES_STAGE, length, None)
                done += length
                if whole:
                    report.checked["records"] += 1
                    if record.digest_ok is False:
                        report.problem("record_digest_mismatch", f"{path.name}@{offset}")
                if record.rec_type == "conversion" and record.record_id in conversions_wanted:
                    conversions[record.record_id] = (
                        hashlib.sha1(record.payload).hexdigest(),  # noqa: S324 - as text_sha1
                        record.warc_header(EXTRACTOR_HEADER),
                    )
        except Exception as exc:  # noqa: BLE001 - any failure to read is the finding
            if whole:
                report.problem("unreadable_file", f"{path.name}: {exc}")
        tick(FILES_STAGE, max(0, _size(path) - done), None)

    for path in open_files:
        report.problem("open_files", f"{path.name} (repaired by the next crawl)")
        read(path, whole=False)
    for path in closed:
        report.checked["warc_files"] += 1
        report.checked["warc_bytes"] += _size(path)
        end, _count = complete_members_end(path)
        if end != path.stat().st_size:
            size = path.stat().st_size
            report.problem(
                "damaged_file",
                f"{path.name}: cut short or corrupt after byte {end} of {size}",
            )
            read(path, whole=False)
            continue
        read(path, whole=True)
    return conversions


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
