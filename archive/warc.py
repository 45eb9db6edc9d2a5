"""Writing WARC/1.1 files that stay valid whatever happens to the process.

Why not warcio's own ``WARCWriter`` on a file: it compresses at gzip level 9
(hard-coded), does not tell where a record landed, and does not fsync. We let
warcio build each record (headers, digests) into memory, then compress it as
one gzip member ourselves, so we know the exact offset and length of every
record and can fsync before any database row points at it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import os
import re
import socket
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OPEN_SUFFIX = ".open"
WARC_SUFFIX = ".warc.gz"
DEFAULT_MAX_BYTES = 1_000_000_000

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_URI_UNSAFE = re.compile(r"[\x00-\x20\x7f]")
_TOKEN_UNSAFE = re.compile(r"[^!#$%&'*+\-.^_`|~0-9A-Za-z]")


class WarcWriteError(RuntimeError):
    """Raised when a record could not be written whole and synced to disk."""


def sanitize_header_value(value: str) -> str:
    """Replace control characters (CR and LF above all) with spaces.

    warcio writes header values as they are, so a CR/LF coming from a hostile
    server or URL would start a forged header in the WARC.
    """
    return _CONTROL.sub(" ", value)


def sanitize_uri(uri: str) -> str:
    """Percent-encode whitespace and control characters in a target URI.

    A URI keeps its meaning when these are percent-encoded, whereas replacing
    them would silently point the record at another resource.
    """
    return _URI_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", uri)


def sanitize_header_name(name: str) -> str:
    """Reduce a header name to RFC 9110 token characters."""
    return _TOKEN_UNSAFE.sub("-", name) or "X-Invalid-Header"


def _http_headers(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(sanitize_header_name(k), sanitize_header_value(v)) for k, v in pairs]


#: WARC 1.1's WARC-Date grammar (W3C profile of ISO 8601, UTC, "Z", optional fraction).
WARC_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")
#: The headers of ours that hold a date, each written in that grammar whatever it was given.
DATE_HEADERS = ("WARC-Date", "WARC-Refers-To-Date")


def warc_date(moment: dt.datetime) -> str:
    """WARC/1.1 date with microseconds, always in UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    # Always six digits: warcio drops ".000000", which breaks ordering as text.
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


COMPRESSORS = ("isal", "zlib")


def compressor_module(name: str):
    """The deflate implementation for WARC records: both write standard gzip members.

    ISA-L (python-isal) level 1 compressed news pages about ten times faster than
    zlib level 6 here (2.5 ms against 26 ms for a 436 KB page), for about 20% more
    bytes; zlib stays available for byte-identical output with other tools."""
    if name == "isal":
        from isal import isal_zlib

        return isal_zlib
    if name == "zlib":
        return zlib
    raise ValueError(f"unknown WARC compressor {name!r} (one of {', '.join(COMPRESSORS)})")


@dataclass(frozen=True)
class HttpExchange:
    """One HTTP request and the response it got, as the crawler saw them."""

    url: str
    method: str
    request_headers: Sequence[tuple[str, str]]
    request_body: bytes
    protocol: str
    status: int
    reason: str
    response_headers: Sequence[tuple[str, str]]
    body: bytes
    fetched_at: dt.datetime
    ip_address: str | None = None


@dataclass(frozen=True)
class RecordLocation:
    """Where one record's bytes landed: enough to seek straight to it."""

    filename: str
    offset: int
    length: int
    record_id: str
    payload_digest: str | None = None
    block_digest: str | None = None


@dataclass(frozen=True)
class ResponseHead:
    """What a response or revisit record says of its exchange, without the payload: the
    fields a capture row indexes. Built the same way from a record being written and from
    one read back, so the crawl and ``reextract`` index a record alike."""

    target_uri: str
    date: str | None  # WARC-Date
    protocol: str | None
    status_line: str | None  # "200 OK", or "200" when the server sent no phrase
    http_headers: tuple[tuple[str, str], ...]
    ip_address: str | None
    payload_digest: str | None
    refers_to: str | None  # a revisit's WARC-Refers-To

    def header(self, name: str) -> str | None:
        """A header's value; of a repeated header, the last, as Scrapy reads it (so the
        crawl's page, its capture row and a re-extraction agree on Content-Type)."""
        lname = name.lower()
        found = None
        for key, value in self.http_headers:
            if key.lower() == lname:
                found = value
        return found

    @property
    def status(self) -> int | None:
        try:
            return int((self.status_line or "").split(" ", 1)[0])
        except ValueError:
            return None

    @property
    def reason(self) -> str | None:
        """The reason phrase as archived, or None when the status line has none."""
        return (self.status_line or "").partition(" ")[2].strip() or None


def head_of(record) -> ResponseHead:
    """The head of a warcio record (after it was serialised, when its digests are set)."""
    rec, http = record.rec_headers, record.http_headers
    return ResponseHead(
        target_uri=rec.get_header("WARC-Target-URI"),
        date=rec.get_header("WARC-Date"),
        protocol=http.protocol if http else None,
        status_line=http.statusline if http else None,
        http_headers=tuple(http.headers) if http else (),
        ip_address=rec.get_header("WARC-IP-Address"),
        payload_digest=rec.get_header("WARC-Payload-Digest"),
        refers_to=rec.get_header("WARC-Refers-To"),
    )


@dataclass(frozen=True)
class ExchangeLocation:
    request: RecordLocation
    response: RecordLocation  # the response record, or the revisit record
    head: ResponseHead | None = None  # what that record says of the exchange


IDENTICAL_PAYLOAD_DIGEST = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


@dataclass(frozen=True)
class Revisit:
    """The earlier record a revisit record stands in for, and why."""

    profile: str
    record_id: str
    uri: str
    date: str | None
    payload_digest: str


def payload_digest(body: bytes) -> str:
    """A payload's WARC digest (``sha1:`` and base32), as warcio writes it."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date_of(iso: str | None) -> str | None:
    """A stored ISO timestamp (``+00:00``, as the corpus keeps it) or a WARC date, as a
    WARC date (UTC, microseconds, ``Z``); None when it is not a date.

    Why: WARC 1.1's grammar ends in ``Z``, and indexers parse the date field by field
    (warcio's ``iso_date_to_datetime``): ``+00:00`` made cdxj-indexer and pywb's
    cdx-indexer crash on the first conversion record."""
    if not iso:
        return None
    try:
        moment = dt.datetime.fromisoformat(iso.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return warc_date(moment)


@dataclass
class WarcFileInfo:
    """Metadata for the warcinfo record that opens every file."""

    software: str
    operator: str = ""
    robots: str = "obey"
    extra: dict[str, str] = field(default_factory=dict)

    def as_fields(self, filename: str) -> dict[str, str]:
        fields = {
            "software": self.software,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": socket.gethostname(),
            "robots": self.robots,
            "filename": filename,
        }
        if self.operator:
            fields["operator"] = self.operator
        fields.update(self.extra)
        return {k: sanitize_header_value(str(v)) for k, v in fields.items()}


def _request_target(url: str) -> tuple[str, str]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return target, parts.netloc


class WarcWriter:
    """Append records to rotating ``.warc.gz`` files in one directory.

    Files are written as ``NAME.warc.gz.open`` and renamed when closed, so a
    reader never mistakes a file in progress for a finished one. Each record is
    its own gzip member, which is what lets us seek to a record by offset and
    repair a file cut short by a kill.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        info: WarcFileInfo,
        prefix: str = "newsarchive",
        max_bytes: int = DEFAULT_MAX_BYTES,
        gzip_level: int = 1,
        fsync: bool = True,
        hostname: str | None = None,
        compressor: str = "isal",
        sync_each: bool = True,
    ) -> None:
        self.directory = Path(directory)
        self.info = info
        self.prefix = re.sub(r"[^A-Za-z0-9_.-]", "_", prefix) or "newsarchive"
        self.max_bytes = max_bytes
        self._zlib = compressor_module(compressor)
        self.compressor = compressor
        self.gzip_level = gzip_level
        self.fsync = fsync
        # False: records reach the OS at once, the disk at sync(), which the caller
        # makes before committing any row that points at them (one fsync per batch).
        self.sync_each = sync_each
        self._unsynced = False
        self.hostname = re.sub(r"[^A-Za-z0-9_.-]", "_", hostname or socket.gethostname())
        self._builder = RecordBuilder(warc_version="1.1")
        self._serial = 0
        self._file: io.BufferedWriter | None = None
        self._path: Path | None = None
        self._size = 0
        self._failed: Exception | None = None
        self.closed_files: list[str] = []
        self.records_written = 0
        self.bytes_written = 0

    # -- files ---------------------------------------------------------------
    @property
    def current_path(self) -> Path | None:
        return self._path

    def _new_name(self) -> str:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f")[:17]
        name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.hostname}{WARC_SUFFIX}"
        self._serial += 1
        return name

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = self._new_name()
        while (self.directory / name).exists() or (self.directory / (name + OPEN_SUFFIX)).exists():
            name = self._new_name()
        self._path = self.directory / (name + OPEN_SUFFIX)
        # "xb": never append to, or clobber, a file that already exists.
        self._file = open(self._path, "xb")  # noqa: SIM115 - lives until close()
        self._size = 0
        info = self._builder.create_warcinfo_record(name, self.info.as_fields(name))
        # warcio's own date drops ".000000"; ours always has six digits, like every record.
        info.rec_headers.replace_header("WARC-Date", warc_date(dt.datetime.now(dt.UTC)))
        self._append([info])
        self._sync()

    def close(self) -> None:
        """Close the current file and drop its ``.open`` suffix."""
        if self._file is None:
            return
        assert self._path is not None
        if self._failed is not None:
            # A failed write may have left part of a record: cut the file back to
            # the end of the last whole one before it becomes a finished file.
            try:
                self._file.close()
            except (OSError, ValueError):
                pass
            self._file = None
            if self._size == 0:  # not even the warcinfo record made it
                self._path.unlink()
                self._path = None
                return
            with open(self._path, "r+b") as fh:
                fh.truncate(self._size)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            try:
                self._sync()
                self._file.close()
            finally:
                self._file = None
        final = self._path.with_name(self._path.name[: -len(OPEN_SUFFIX)])
        os.replace(self._path, final)
        _fsync_dir(self.directory)
        self.closed_files.append(final.name)
        self._path = None

    def _rotate_if_needed(self) -> None:
        if self._file is not None and self._size >= self.max_bytes:
            self.close()
        if self._file is None:
            self._open()

    # -- writing -------------------------------------------------------------
    def _check(self) -> None:
        if self._failed is not None:
            raise WarcWriteError(f"WARC writer is stopped after an earlier failure: {self._failed}")

    def _serialize(self, record) -> bytes:
        buf = io.BytesIO()
        WARCWriter(buf, gzip=False, warc_version="1.1")._write_warc_record(buf, record)
        raw = buf.getvalue()
        comp = self._zlib.compressobj(self.gzip_level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        return comp.compress(raw) + comp.flush()

    def _append(self, records: list) -> list[RecordLocation]:
        """Write records back to back; the caller syncs once for the batch."""
        assert self._file is not None and self._path is not None
        final_name = self._path.name[: -len(OPEN_SUFFIX)]
        locations = []
        for record in records:
            data = self._serialize(record)
            offset = self._size
            try:
                self._file.write(data)
            except (OSError, ValueError) as exc:  # ValueError: file closed under us
                self._failed = exc
                raise WarcWriteError(f"cannot write to {self._path}: {exc}") from exc
            self._size += len(data)
            self.records_written += 1
            self.bytes_written += len(data)
            headers = record.rec_headers
            locations.append(
                RecordLocation(
                    filename=final_name,
                    offset=offset,
                    length=len(data),
                    record_id=headers.get_header("WARC-Record-ID"),
                    payload_digest=headers.get_header("WARC-Payload-Digest"),
                    block_digest=headers.get_header("WARC-Block-Digest"),
                )
            )
        return locations

    def _sync(self) -> None:
        assert self._file is not None
        try:
            self._file.flush()
            if self.fsync:
                os.fsync(self._file.fileno())
        except (OSError, ValueError) as exc:
            self._failed = exc
            raise WarcWriteError(f"cannot sync {self._path}: {exc}") from exc
        self._unsynced = False

    def _flush(self) -> None:
        assert self._file is not None
        try:
            self._file.flush()
        except (OSError, ValueError) as exc:
            self._failed = exc
            raise WarcWriteError(f"cannot write to {self._path}: {exc}") from exc
        self._unsynced = True

    def sync(self) -> None:
        """Make every record written so far durable (a no-op when nothing is pending)."""
        self._check()
        if self._file is not None and self._unsynced:
            self._sync()

    def write_records(self, records: list) -> list[RecordLocation]:
        """Write warcio records as one durable batch (flushed and fsynced)."""
        self._check()
        try:
            self._rotate_if_needed()
            locations = self._append(records)
            if self.sync_each:
                self._sync()
            else:
                self._flush()
        except WarcWriteError:
            raise
        except OSError as exc:
            self._failed = exc
            raise WarcWriteError(f"cannot write WARC in {self.directory}: {exc}") from exc
        return locations

    def build_exchange(self, ex: HttpExchange) -> tuple:
        """Build the response and request records of one exchange."""
        uri = sanitize_uri(ex.url)
        date = warc_date(ex.fetched_at)
        reason = sanitize_header_value(ex.reason).strip()
        statusline = f"{ex.status} {reason}".rstrip()
        protocol = sanitize_header_value(ex.protocol or "HTTP/1.1").replace(" ", "")
        resp_http = StatusAndHeaders(
            statusline, _http_headers(ex.response_headers), protocol=protocol
        )
        warc_headers = {"WARC-Date": date}
        if ex.ip_address:
            warc_headers["WARC-IP-Address"] = sanitize_header_value(ex.ip_address)
        response = self._builder.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(ex.body),
            length=len(ex.body),
            http_headers=resp_http,
            warc_headers_dict=warc_headers,
        )
        target, netloc = _request_target(uri)
        req_pairs = list(ex.request_headers)
        if not any(k.lower() == "host" for k, _ in req_pairs):
            req_pairs.insert(0, ("Host", netloc))
        req_http = StatusAndHeaders(
            f"{sanitize_header_value(ex.method).replace(' ', '')} {target} {protocol}",
            _http_headers(req_pairs),
            is_http_request=True,
        )
        req_warc = {
            "WARC-Date": date,
            "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
        }
        if ex.ip_address:
            req_warc["WARC-IP-Address"] = sanitize_header_value(ex.ip_address)
        request = self._builder.create_warc_record(
            uri,
            "request",
            payload=io.BytesIO(ex.request_body),
            length=len(ex.request_body),
            http_headers=req_http,
            warc_headers_dict=req_warc,
        )
        return response, request

    def write_exchange(self, ex: HttpExchange) -> ExchangeLocation:
        """Archive a request/response pair; returns where both records landed."""
        response, request = self.build_exchange(ex)
        resp_loc, req_loc = self.write_records([response, request])
        return ExchangeLocation(request=req_loc, response=resp_loc, head=head_of(response))

    def write_revisit(self, ex: HttpExchange, revisit: Revisit) -> ExchangeLocation:
        """Archive an exchange whose body we already hold as a revisit/request pair.

        The revisit record keeps the status line and headers the server sent and
        points at the record with the body (``WARC-Refers-To``), as WARC 1.1 §6.7
        describes: a 304 with the server-not-modified profile, an unchanged 200
        with identical-payload-digest (its body left out: ``WARC-Truncated: length``).
        """
        response, request = self.build_exchange(ex)
        uri = response.rec_headers.get_header("WARC-Target-URI")
        warc_headers = {
            "WARC-Date": response.rec_headers.get_header("WARC-Date"),
            "WARC-Profile": revisit.profile,
            "WARC-Refers-To": sanitize_header_value(revisit.record_id),
            "WARC-Refers-To-Target-URI": sanitize_uri(revisit.uri),
        }
        refers_date = warc_date_of(revisit.date)
        if refers_date:
            warc_headers["WARC-Refers-To-Date"] = refers_date
        if revisit.profile == IDENTICAL_PAYLOAD_DIGEST:
            warc_headers["WARC-Payload-Digest"] = sanitize_header_value(revisit.payload_digest)
            warc_headers["WARC-Truncated"] = "length"
        ip = response.rec_headers.get_header("WARC-IP-Address")
        if ip:
            warc_headers["WARC-IP-Address"] = ip
        record = self._builder.create_warc_record(
            uri,
            "revisit",
            http_headers=response.http_headers,
            warc_headers_dict=warc_headers,
        )
        request.rec_headers.replace_header(
            "WARC-Concurrent-To", record.rec_headers.get_header("WARC-Record-ID")
        )
        rev_loc, req_loc = self.write_records([record, request])
        return ExchangeLocation(request=req_loc, response=rev_loc, head=head_of(record))

    def write_resource(
        self,
        record_type: str,
        uri: str,
        payload: bytes,
        content_type: str,
        headers: dict[str, str],
    ) -> RecordLocation:
        """Write a record without HTTP headers (conversion, metadata, resource).

        Its dates are written in WARC 1.1's grammar whatever form they were given in
        (``dated_headers``); without a WARC-Date, it is dated now."""
        warc_headers = dated_headers(
            {sanitize_header_name(k): sanitize_header_value(v) for k, v in headers.items()}
        )
        record = self._builder.create_warc_record(
            sanitize_uri(uri),
            record_type,
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_content_type=content_type,
            warc_headers_dict=warc_headers,
        )
        return self.write_records([record])[0]


def dated_headers(headers: dict[str, str]) -> dict[str, str]:
    """WARC headers with every date (``DATE_HEADERS``) in WARC 1.1's grammar.

    Why here: whoever builds the headers (a conversion record from a capture's stored
    ``fetched_at``, a metadata record), the writer is the one place every record passes,
    so no date in another form can reach a file. A WARC-Date that is not a date is
    replaced by now (a record must have one); a WARC-Refers-To-Date is left out."""
    out = dict(headers)
    for name in DATE_HEADERS:
        key = next((k for k in out if k.lower() == name.lower()), None)
        if key is None:
            continue
        value = warc_date_of(out.pop(key))
        if value is not None:
            out[name] = value
    if "WARC-Date" not in out:
        out["WARC-Date"] = warc_date(dt.datetime.now(dt.UTC))
    return out


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class RepairReport:
    path: str
    final_name: str | None
    records_kept: int
    bytes_kept: int
    bytes_dropped: int


def complete_members_end(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Offset just past the last complete gzip member that holds a WARC record.

    Streams the file, so a 1 GB WARC costs constant memory.
    """
    good_end = 0
    count = 0
    pos = 0
    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
    head = b""
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            data = chunk
            while data:
                try:
                    out = decomp.decompress(data, 0)
                except zlib.error:
                    return good_end, count
                if len(head) < 5:
                    head += out[: 5 - len(head)]
                if decomp.eof:
                    used = len(data) - len(decomp.unused_data)
                    pos += used
                    data = decomp.unused_data
                    if not head.startswith(b"WARC/"):
                        return good_end, count
                    good_end = pos
                    count += 1
                    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
                    head = b""
                else:
                    pos += len(data)
                    data = b""
    return good_end, count


def repair_open_files(
    directory: str | os.PathLike[str], *, prefix: str | None = None
) -> list[RepairReport]:
    """Close ``.open`` files left by a killed run.

    Each is truncated back to its last complete record and renamed; nothing is
    ever appended to it. A file with no complete record is removed, since it
    holds nothing a reader could use and no database row can point into it
    (rows are committed only after their record is synced). ``prefix``: only the
    files one writer named (``WarcWriter(prefix=...)``), in a directory several share.
    """
    reports = []
    root = Path(directory)
    if not root.is_dir():
        return reports
    mine = None
    if prefix is not None:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", prefix) or "newsarchive"
        mine = re.compile(re.escape(safe) + r"-\d{17}-\d{5}-")
    for path in sorted(root.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}")):
        if mine is not None and not mine.match(path.name):
            continue
        size = path.stat().st_size
        end, count = complete_members_end(path)
        if end < size:
            with open(path, "r+b") as fh:
                fh.truncate(end)
                fh.flush()
                os.fsync(fh.fileno())
        final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
        if count == 0:
            path.unlink()
            final_name = None
        else:
            os.replace(path, final)
            final_name = final.name
        _fsync_dir(root)
        reports.append(RepairReport(str(path), final_name, count, end, size - end))
    return reports
