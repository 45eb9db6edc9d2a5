"""Reading records back from WARC files by their recorded location."""

from __future__ import annotations

import io
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader

from archive.warc import WARC_SUFFIX, ResponseHead, head_of, payload_digest


class _WarcioBrotli:
    """warcio's brotli hook for brotli >= 1.2, whose Decompressor lost ``decompress``
    and takes no attributes: without this, reading (indexing, exporting) any archive
    that holds one ``Content-Encoding: br`` response raised AttributeError."""

    def __init__(self) -> None:
        import brotli

        self._dec = brotli.Decompressor()
        self.unused_data = None

    def decompress(self, data: bytes, *args: object) -> bytes:
        return self._dec.process(data)


def _fix_warcio_brotli() -> None:
    try:
        import brotli
    except ImportError:
        return
    if not hasattr(brotli.Decompressor(), "decompress"):
        BufferedReader.DECOMPRESSORS["br"] = _WarcioBrotli


_fix_warcio_brotli()


class RecordNotFound(LookupError):
    """A (file, offset, length) pointer does not lead to a readable record."""


class NoArchive(LookupError):
    """There is no WARC directory where one was named."""


def require_warc_dir(warc_dir: str | os.PathLike[str]) -> Path:
    """The WARC directory, or ``NoArchive("no WARC directory at PATH")``."""
    path = Path(warc_dir)
    if not path.is_dir():
        raise NoArchive(f"no WARC directory at {path}")
    return path


class ContentDecodingError(ValueError):
    """The archived body could not be decoded from its Content-Encoding."""


@dataclass(frozen=True)
class StoredRecord:
    """A record read whole from disk, headers parsed, payload in memory."""

    rec_type: str
    record_id: str
    target_uri: str | None
    date: str | None
    warc_headers: list[tuple[str, str]]
    protocol: str | None
    status_line: str | None
    http_headers: list[tuple[str, str]]
    payload: bytes
    digest_ok: bool | None
    head: ResponseHead  # the same fields, as a capture row indexes them

    def header(self, name: str) -> str | None:
        return self.head.header(name)

    def warc_header(self, name: str) -> str | None:
        lname = name.lower()
        for k, v in self.warc_headers:
            if k.lower() == lname:
                return v
        return None

    @property
    def status(self) -> int | None:
        return self.head.status


def resolve_path(warc_dir: str | os.PathLike[str], filename: str) -> Path:
    """Join a stored file name to WARC_DIR, refusing anything that escapes it
    (``..``, absolute paths, symlinks leading out, NUL and control characters)."""
    if not isinstance(filename, str) or any(ord(c) < 32 or c == "\\" for c in filename):
        raise RecordNotFound(f"not a WARC file name: {filename!r}")
    root = Path(warc_dir).resolve()
    name = os.path.basename(filename)
    if name != filename or not name.endswith(WARC_SUFFIX) or name.startswith("."):
        raise RecordNotFound(f"not a WARC file name: {filename!r}")
    path = (root / name).resolve()
    if path.parent != root:
        raise RecordNotFound(f"outside WARC_DIR: {filename!r}")
    return path


def _to_stored(record) -> StoredRecord:
    """Read the content before anything else: warcio's length readers consume it.

    ``raw_stream``, not ``content_stream()``: the latter undoes Content-Encoding,
    and the archive's payload (and its digest) is the body as it was sent.
    """
    payload = record.raw_stream.read()
    http = record.http_headers
    digest_ok = None
    if hasattr(record, "digest_checker") and record.digest_checker is not None:
        problems = getattr(record.digest_checker, "problems", [])
        digest_ok = not problems
    return StoredRecord(
        rec_type=record.rec_type,
        record_id=record.rec_headers.get_header("WARC-Record-ID"),
        target_uri=record.rec_headers.get_header("WARC-Target-URI"),
        date=record.rec_headers.get_header("WARC-Date"),
        warc_headers=list(record.rec_headers.headers),
        protocol=http.protocol if http else None,
        status_line=http.statusline if http else None,
        http_headers=list(http.headers) if http else [],
        payload=payload,
        digest_ok=digest_ok,
        head=head_of(record),
    )


def read_record(path: str | os.PathLike[str], offset: int, length: int) -> StoredRecord:
    """Seek to a record and read exactly it, never trusting the rest of the file."""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            data = fh.read(length)
    except OSError as exc:
        raise RecordNotFound(f"cannot read {path}: {exc}") from exc
    if len(data) != length:
        raise RecordNotFound(f"{path}: wanted {length} bytes at {offset}, got {len(data)}")
    try:
        it = ArchiveIterator(io.BytesIO(data), check_digests=True)
        record = next(iter(it))
        stored = _to_stored(record)
    except StopIteration as exc:
        raise RecordNotFound(f"no record at {path}:{offset}") from exc
    except Exception as exc:  # warcio raises a zoo of types on garbage input
        raise RecordNotFound(f"unreadable record at {path}:{offset}: {exc}") from exc
    # warcio also reads the older ARC format, whose header is any line of five
    # space-separated fields: shifted gzip bytes parse as one about once in 30
    # tries. A pointer of ours leads to a WARC record with an id, or to nothing.
    if record.format != "warc" or not stored.record_id:
        raise RecordNotFound(f"no WARC record at {path}:{offset}")
    return stored


_MAX_DECODED = 64 * 1024 * 1024


def _bounded_zlib(data: bytes, wbits: int, limit: int) -> bytes:
    d = zlib.decompressobj(wbits)
    out = d.decompress(data, limit + 1)
    # gzip allows members back to back (RFC 1952) and clients, Scrapy included,
    # decode them all; bytes after the last member that are not gzip are ignored.
    gzip = wbits > zlib.MAX_WBITS
    while gzip and d.eof and d.unused_data[:2] == b"\x1f\x8b" and len(out) <= limit:
        rest = d.unused_data
        d = zlib.decompressobj(wbits)
        try:
            out += d.decompress(rest, limit + 1 - len(out))
        except zlib.error:
            break
    if len(out) > limit:
        raise ContentDecodingError(f"decoded body exceeds {limit} bytes")
    if not d.eof:
        raise ContentDecodingError("truncated compressed body")
    return out


def _bounded_zstd(data: bytes, limit: int) -> bytes:
    try:
        from backports import zstd  # Python < 3.14; Scrapy depends on it for zstd
    except ImportError:
        try:
            from compression import zstd  # type: ignore[no-redef]  # Python 3.14+
        except ImportError as exc:
            raise ContentDecodingError("zstd body but no zstd decoder is installed") from exc
    dec = zstd.ZstdDecompressor()
    out = dec.decompress(data, max_length=limit + 1)
    if len(out) > limit:
        raise ContentDecodingError(f"decoded body exceeds {limit} bytes")
    if not dec.eof:
        raise ContentDecodingError("truncated zstd body")
    return out


def decode_content(body: bytes, content_encoding: str | None, limit: int = _MAX_DECODED) -> bytes:
    """Undo each Content-Encoding layer, last applied first, bounded in size."""
    if not content_encoding:
        return body
    layers = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    for enc in reversed(layers):
        try:
            if enc in ("gzip", "x-gzip"):
                body = _bounded_zlib(body, zlib.MAX_WBITS | 16, limit)
            elif enc == "deflate":
                try:
                    body = _bounded_zlib(body, zlib.MAX_WBITS, limit)
                except zlib.error:
                    body = _bounded_zlib(body, -zlib.MAX_WBITS, limit)
            elif enc == "br":
                import brotli

                dec = brotli.Decompressor()
                out = dec.process(body, output_buffer_limit=limit + 1)
                if len(out) > limit:
                    raise ContentDecodingError(f"decoded body exceeds {limit} bytes")
                if not dec.is_finished():
                    raise ContentDecodingError("truncated brotli body")
                body = out
            elif enc == "zstd":
                body = _bounded_zstd(body, limit)
            elif enc == "identity":
                continue
            else:
                raise ContentDecodingError(f"unsupported Content-Encoding {enc!r}")
        except ContentDecodingError:
            raise
        except Exception as exc:
            raise ContentDecodingError(f"cannot decode {enc}: {exc}") from exc
    return body


def iter_records(path: str | os.PathLike[str]):
    """Yield (offset, length, StoredRecord) for every record of a file, in order."""
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh, check_digests=True)
        for record in it:
            stored = _to_stored(record)
            offset = it.get_record_offset()
            length = it.get_record_length()
            yield offset, length, stored


@dataclass(frozen=True)
class CaptureCheck:
    """Whether a capture row still points at its untouched record, and if not why."""

    ok: bool
    problem: str | None  # missing_file | unreadable_record | *_mismatch
    detail: str
    record: StoredRecord | None = None


def check_capture(warc_dir: str | os.PathLike[str], capture) -> CaptureCheck:
    """Resolve a row's (file, offset, length) inside WARC_DIR and compare the record id,
    target URI and the payload digest recomputed from the bytes on disk (also against
    the record's own WARC-Payload-Digest). ``scrapy verify`` and the viewer both ask this.
    """
    name = capture["warc_filename"]
    try:
        path = resolve_path(warc_dir, str(name))
    except RecordNotFound as exc:
        return CaptureCheck(False, "missing_file", f"refused: {exc}")
    if not path.is_file():
        return CaptureCheck(False, "missing_file", f"{path.name} is not in WARC_DIR")
    try:
        record = read_record(path, int(capture["warc_offset"]), int(capture["warc_length"]))
    except (RecordNotFound, TypeError, ValueError) as exc:
        detail = str(exc).replace(str(path), path.name)
        return CaptureCheck(False, "unreadable_record", f"no readable record there: {detail}")
    if record.record_id != capture["warc_record_id"]:
        return CaptureCheck(
            False, "record_id_mismatch", f"the record there is {record.record_id}", record
        )
    if record.target_uri != capture["url"]:
        return CaptureCheck(
            False, "target_uri_mismatch", f"the record there is for {record.target_uri}", record
        )
    if record.rec_type == "revisit":
        return _check_revisit(capture, record)
    digest = payload_digest(record.payload)
    declared = record.warc_header("WARC-Payload-Digest")
    if digest != capture["payload_digest"] or (declared and declared != digest):
        return CaptureCheck(
            False, "payload_digest_mismatch", f"the payload now hashes to {digest}", record
        )
    return CaptureCheck(
        True, None, "record id, target URI and payload digest match the WARC record", record
    )


def _check_revisit(capture, record: StoredRecord) -> CaptureCheck:
    """A revisit record carries no body: it must name the record that has it, and the
    digest it declares (identical-payload-digest) must be the one the row stands for."""
    refers_to = record.warc_header("WARC-Refers-To")
    try:
        row_refers = capture["refers_to"]  # a dict or an sqlite3.Row
    except (KeyError, IndexError):
        row_refers = None
    if not refers_to or (row_refers and refers_to != row_refers):
        return CaptureCheck(
            False, "refers_to_mismatch", f"the revisit refers to {refers_to}", record
        )
    declared = record.warc_header("WARC-Payload-Digest")
    if declared and declared != capture["payload_digest"]:
        return CaptureCheck(
            False, "payload_digest_mismatch", f"the revisit declares {declared}", record
        )
    return CaptureCheck(True, None, "revisit record id and the record it refers to match", record)
