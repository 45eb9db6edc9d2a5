"""``scrapy verify``: every capture and article row against the WARC record it points at,
and every WARC file read whole. No Scrapy."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.reader import RecordNotFound, check_capture, iter_records, read_record, resolve_path
from archive.warc import OPEN_SUFFIX, WARC_SUFFIX, complete_members_end
from crawler.extraction.template import TemplateRules
from crawler.provenance.records import extract_record, options_for
from crawler.provenance.templates import payload_sha1, rules_of_record
from schemas.corpus import open_for_reading, text_sha1
from schemas.templates import profile_by_record

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
    "template_profile_missing",
    "template_profile_mismatch",
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


def verify(
    corpus_db: str | os.PathLike[str],
    warc_dir: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
) -> Report:
    """Audit every capture, article and WARC file; see ``FAILURES`` for what fails."""
    db = open_for_reading(corpus_db)
    report = Report()
    tick = progress or (lambda n: None)
    try:
        captures = {row["id"]: row for row in db.query("SELECT * FROM captures")}
        for row in captures.values():
            check_pointer(warc_dir, row, report, f"capture {row['id']} {row['url']}")
            report.checked["captures"] += 1
            tick(1)
        profiles = ProfileCheck(warc_dir, db, report)
        # A corpus from before site templates (m010) has no such column: none to check.
        named = "template_profile" if "template_profile" in db["articles"].columns_dict else "NULL"
        for art in db.query(
            "SELECT id, url, extractor, text_sha1, capture_id,"
            f" {named} AS template_profile FROM articles"
        ):
            label = f"article {art['id']} {art['url']}"
            report.checked["articles"] += 1
            tick(1)
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
    finally:
        db.conn.close()
    verify_files(warc_dir, report, tick)
    return report


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
