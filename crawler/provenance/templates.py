"""The template profile record: a site's learned template in the WARC, both sides. Pure.

A profile is archived as a WARC ``metadata`` record whose payload is the profile's JSON
(``crawler.extraction.template.profile_bytes``): the texts and places it removes, the
thresholds and the number of articles it was learned from. Its target URI names the
site (``urn:newsarchive:template-profile:<source>``). Each conversion record made with
it names it (``X-Newsarchive-Template-Profile``), so that ``reextract`` finds, from the
WARC files alone, the profile every text was extracted with. A profile that changes is
a new record; none is ever rewritten.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from crawler.extraction.template import PROFILE_FORMAT, TemplateRules, read_profile, rules_of

SOURCE_HEADER = "X-Newsarchive-Template-Source"
PAGES_HEADER = "X-Newsarchive-Template-Pages"
FORMAT_HEADER = "X-Newsarchive-Template-Format"
CONTENT_TYPE = "application/json"


def profile_uri(source: str) -> str:
    return f"urn:newsarchive:template-profile:{quote(source, safe='')}"


def profile_headers(profile: dict) -> dict[str, str]:
    return {
        SOURCE_HEADER: str(profile.get("source", "")),
        PAGES_HEADER: str(profile.get("pages", 0)),
        FORMAT_HEADER: PROFILE_FORMAT,
    }


def payload_sha1(payload: bytes) -> str:
    return hashlib.sha1(payload).hexdigest()  # noqa: S324 - an identity, as text_sha1


def is_profile_record(record) -> bool:
    return record.rec_type == "metadata" and record.warc_header(FORMAT_HEADER) == PROFILE_FORMAT


def rules_of_record(record) -> TemplateRules:
    """The rules a profile record carries; ValueError when its payload is not a profile."""
    return rules_of(read_profile(record.payload), record.record_id)
