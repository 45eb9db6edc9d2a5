"""WarcWriter, read back with warcio; reader.decode_content and reader.resolve_path."""

from __future__ import annotations

import base64
import builtins
import datetime as dt
import errno
import gzip
import hashlib
import io
import random
import re
import subprocess
import sys
import zlib
from pathlib import Path

import brotli
import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.reader import (
    ContentDecodingError,
    RecordNotFound,
    decode_content,
    read_record,
    resolve_path,
)
from archive.replay import replay_capture
from archive.warc import (
    OPEN_SUFFIX,
    HttpExchange,
    WarcFileInfo,
    WarcWriteError,
    WarcWriter,
)

VENV_BIN = Path(sys.executable).parent
FETCHED_AT = dt.datetime(2024, 5, 17, 9, 30, 15, 123456, tzinfo=dt.UTC)


def exchange(**overrides) -> HttpExchange:
    values = dict(
        url="http://127.0.0.1:8765/2024/05/17/harbor-dredging?id=3",
        method="GET",
        request_headers=[("User-Agent", "newsarchive-test/1.0"), ("Accept", "text/html")],
        request_body=b"",
        protocol="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=b"<html><body><p>The harbor will be dredged.</p></body></html>",
        fetched_at=FETCHED_AT,
        ip_address="127.0.0.1",
    )
    values.update(overrides)
    return HttpExchange(**values)


def make_writer(directory: Path, **kwargs) -> WarcWriter:
    info = WarcFileInfo(software="newsarchive-test/0.1", operator="Test Desk <desk@example.org>")
    kwargs.setdefault("hostname", "crawler-1")
    return WarcWriter(directory, info=info, prefix="test", **kwargs)


def read_all(path: Path) -> list[dict]:
    """Every record of a file with its headers and its payload exactly as stored."""
    records = []
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, check_digests=True):
            payload = rec.raw_stream.read()
            records.append(
                {
                    "type": rec.rec_type,
                    "version": rec.rec_headers.protocol,
                    "warc": rec.rec_headers,
                    "http": rec.http_headers,
                    "payload": payload,
                }
            )
    return records


def warc_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.warc.gz"))


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warcinfo_fields(payload: bytes) -> dict[str, str]:
    fields = {}
    for line in payload.decode("utf-8").splitlines():
        if line:
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    return fields


def warcio_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "warcio"), "check", str(path)], capture_output=True, text=True
    )


def one_file_with(tmp_path: Path, *exchanges: HttpExchange) -> Path:
    writer = make_writer(tmp_path)
    for ex in exchanges:
        writer.write_exchange(ex)
    writer.close()
    (path,) = warc_files(tmp_path)
    return path


# -- file layout ----------------------------------------------------------------


def test_every_file_opens_with_a_warcinfo_record(tmp_path):
    path = one_file_with(tmp_path, exchange())
    records = read_all(path)
    first = records[0]
    assert first["type"] == "warcinfo"
    assert first["warc"].get_header("WARC-Filename") == path.name
    fields = warcinfo_fields(first["payload"])
    assert fields["software"] == "newsarchive-test/0.1"
    assert fields["robots"] == "obey"
    assert fields["operator"] == "Test Desk <desk@example.org>"
    assert fields["format"] == "WARC File Format 1.1"
    assert fields["filename"] == path.name
    assert [r["type"] for r in records].count("warcinfo") == 1


def test_every_record_has_the_warc_1_1_version_line(tmp_path):
    path = one_file_with(tmp_path, exchange(), exchange(url="http://127.0.0.1:8765/b"))
    raw = gzip.decompress(path.read_bytes())
    records = read_all(path)
    assert len(records) == 5
    assert {r["version"] for r in records} == {"WARC/1.1"}
    assert raw.startswith(b"WARC/1.1\r\n")
    assert b"WARC/1.0" not in raw


def test_an_exchange_is_a_response_then_a_request_pointing_at_it(tmp_path):
    ex = exchange()
    path = one_file_with(tmp_path, ex)
    _, response, request = read_all(path)
    assert response["type"] == "response"
    assert request["type"] == "request"
    response_id = response["warc"].get_header("WARC-Record-ID")
    assert re.fullmatch(r"<urn:uuid:[0-9a-f-]{36}>", response_id)
    assert request["warc"].get_header("WARC-Concurrent-To") == response_id
    assert request["warc"].get_header("WARC-Record-ID") != response_id
    for record in (response, request):
        assert record["warc"].get_header("WARC-IP-Address") == "127.0.0.1"
        assert record["warc"].get_header("WARC-Target-URI") == ex.url
    assert request["http"].protocol == "GET"
    assert request["http"].statusline == "/2024/05/17/harbor-dredging?id=3 HTTP/1.1"
    assert request["http"].get_header("Host") == "127.0.0.1:8765"
    assert request["http"].get_header("User-Agent") == "newsarchive-test/1.0"
    assert response["payload"] == ex.body


def test_a_missing_ip_address_leaves_the_header_out(tmp_path):
    path = one_file_with(tmp_path, exchange(ip_address=None))
    _, response, request = read_all(path)
    assert response["warc"].get_header("WARC-IP-Address") is None
    assert request["warc"].get_header("WARC-IP-Address") is None


def test_warc_date_has_microseconds_and_is_in_utc(tmp_path):
    plus_two = dt.timezone(dt.timedelta(hours=2))
    local = dt.datetime(2024, 5, 17, 11, 30, 15, 123456, tzinfo=plus_two)
    path = one_file_with(tmp_path, exchange(fetched_at=local))
    _, response, request = read_all(path)
    assert response["warc"].get_header("WARC-Date") == "2024-05-17T09:30:15.123456Z"
    assert request["warc"].get_header("WARC-Date") == "2024-05-17T09:30:15.123456Z"


def test_warc_date_keeps_six_digits_when_microseconds_are_zero(tmp_path):
    on_the_second = dt.datetime(2024, 5, 17, 9, 30, 15, 0, tzinfo=dt.UTC)
    path = one_file_with(tmp_path, exchange(fetched_at=on_the_second))
    _, response, _ = read_all(path)
    assert response["warc"].get_header("WARC-Date") == "2024-05-17T09:30:15.000000Z"


def test_payload_and_block_digests_are_present_and_correct(tmp_path):
    ex = exchange(body=b"\x00binary\xffbody" * 100)
    writer = make_writer(tmp_path)
    loc = writer.write_exchange(ex)
    writer.close()
    (path,) = warc_files(tmp_path)
    _, response, request = read_all(path)
    assert response["warc"].get_header("WARC-Payload-Digest") == sha1_b32(ex.body)
    assert request["warc"].get_header("WARC-Payload-Digest") == sha1_b32(b"")
    assert loc.response.payload_digest == sha1_b32(ex.body)

    data = path.read_bytes()
    for record_loc in (loc.response, loc.request):
        member = data[record_loc.offset : record_loc.offset + record_loc.length]
        raw = zlib.decompress(member, zlib.MAX_WBITS | 16)
        head, _, rest = raw.partition(b"\r\n\r\n")
        length = int(re.search(rb"\r\nContent-Length: (\d+)", head).group(1))
        block = rest[:length]
        assert rest[length:] == b"\r\n\r\n"
        expected = sha1_b32(block)
        assert f"WARC-Block-Digest: {expected}".encode() in head
        assert record_loc.block_digest == expected


def test_status_line_is_built_from_protocol_status_and_reason(tmp_path):
    ex = exchange(protocol="HTTP/1.1", status=404, reason="Not Found", body=b"gone")
    path = one_file_with(tmp_path, ex)
    raw = gzip.decompress(path.read_bytes())
    assert b"\r\n\r\nHTTP/1.1 404 Not Found\r\n" in raw
    _, response, _ = read_all(path)
    assert response["http"].protocol == "HTTP/1.1"
    assert response["http"].statusline == "404 Not Found"


def test_http_1_0_protocol_is_kept_in_both_records(tmp_path):
    ex = exchange(protocol="HTTP/1.0", status=503, reason="Service Unavailable")
    path = one_file_with(tmp_path, ex)
    raw = gzip.decompress(path.read_bytes())
    assert b"HTTP/1.0 503 Service Unavailable\r\n" in raw
    assert b"GET /2024/05/17/harbor-dredging?id=3 HTTP/1.0\r\n" in raw


def test_gzip_body_is_stored_compressed_with_its_content_encoding(tmp_path):
    html = b"<html><body>" + b"<p>Council approves the budget.</p>" * 50 + b"</body></html>"
    compressed = gzip.compress(html)
    ex = exchange(
        response_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        body=compressed,
    )
    writer = make_writer(tmp_path)
    loc = writer.write_exchange(ex).response
    writer.close()
    (path,) = warc_files(tmp_path)
    _, response, _ = read_all(path)
    assert response["http"].get_header("Content-Encoding") == "gzip"
    assert response["payload"] == compressed
    assert response["warc"].get_header("WARC-Payload-Digest") == sha1_b32(compressed)

    stored = read_record(path, loc.offset, loc.length)
    assert stored.payload == compressed
    assert stored.digest_ok is True
    capture = {
        "warc_filename": loc.filename,
        "warc_offset": loc.offset,
        "warc_length": loc.length,
        "warc_record_id": loc.record_id,
    }
    assert replay_capture(tmp_path, capture).body == html


def test_record_location_seeks_to_the_same_record(tmp_path):
    writer = make_writer(tmp_path)
    locations = [
        writer.write_exchange(exchange(url=f"http://127.0.0.1:8765/story-{i}", body=b"x" * i))
        for i in range(1, 4)
    ]
    writer.close()
    (path,) = warc_files(tmp_path)
    with open(path, "rb") as fh:
        for loc in locations:
            for rec_loc, rec_type in ((loc.response, "response"), (loc.request, "request")):
                assert rec_loc.filename == path.name
                fh.seek(rec_loc.offset)
                data = fh.read(rec_loc.length)
                assert len(data) == rec_loc.length
                records = list(ArchiveIterator(io.BytesIO(data)))
                assert len(records) == 1
                rec = records[0]
                assert rec.rec_type == rec_type
                assert rec.rec_headers.get_header("WARC-Record-ID") == rec_loc.record_id
                assert rec.rec_headers.get_header("WARC-Payload-Digest") == (rec_loc.payload_digest)
    third = locations[2].response
    assert read_record(path, third.offset, third.length).payload == b"xxx"


def test_records_are_back_to_back_gzip_members(tmp_path):
    writer = make_writer(tmp_path)
    first = writer.write_exchange(exchange())
    second = writer.write_exchange(exchange(url="http://127.0.0.1:8765/other"))
    writer.close()
    (path,) = warc_files(tmp_path)
    assert first.response.offset + first.response.length == first.request.offset
    assert first.request.offset + first.request.length == second.response.offset
    assert second.request.offset + second.request.length == path.stat().st_size


def test_read_record_refuses_a_location_that_is_not_a_record(tmp_path):
    writer = make_writer(tmp_path)
    loc = writer.write_exchange(exchange()).response
    writer.close()
    (path,) = warc_files(tmp_path)
    with pytest.raises(RecordNotFound):
        read_record(path, loc.offset + 1, loc.length)
    with pytest.raises(RecordNotFound):
        read_record(path, loc.offset, path.stat().st_size)


def test_read_record_refuses_bytes_that_parse_as_an_arc_record(tmp_path):
    # A shifted offset into gzip data sometimes reads as an ARC header line
    # (five space-separated fields); that is not a record a pointer leads to.
    path = tmp_path / "test-20260101000000000-00000-crawler-1.warc.gz"
    arc = b"http://example.com/ 127.0.0.1 20260101000000 text/html 5\nhello\n"
    path.write_bytes(gzip.compress(arc))
    with pytest.raises(RecordNotFound, match="no WARC record"):
        read_record(path, 0, path.stat().st_size)


def test_file_is_named_with_prefix_timestamp_serial_and_host(tmp_path):
    writer = make_writer(tmp_path)
    loc = writer.write_exchange(exchange())
    writer.close()
    (path,) = warc_files(tmp_path)
    assert re.fullmatch(r"test-\d{17}-00000-crawler-1\.warc\.gz", path.name)
    assert loc.response.filename == path.name
    assert writer.closed_files == [path.name]


def test_file_is_written_with_open_suffix_and_renamed_on_close(tmp_path):
    writer = make_writer(tmp_path)
    loc = writer.write_exchange(exchange())
    open_path = writer.current_path
    assert open_path is not None
    assert open_path.name == loc.response.filename + OPEN_SUFFIX
    assert open_path.exists()
    assert warc_files(tmp_path) == []
    writer.close()
    assert not open_path.exists()
    assert [p.name for p in warc_files(tmp_path)] == [loc.response.filename]
    assert list(tmp_path.glob("*.open")) == []
    writer.close()  # closing twice is harmless
    assert writer.closed_files == [loc.response.filename]


def test_rotation_at_max_bytes_starts_every_file_with_warcinfo(tmp_path):
    writer = make_writer(tmp_path, max_bytes=2000)
    body = random.Random(7).randbytes(2500)  # does not compress: one exchange passes max_bytes
    locations = [
        writer.write_exchange(exchange(url=f"http://127.0.0.1:8765/s/{i}", body=body))
        for i in range(4)
    ]
    writer.close()
    files = warc_files(tmp_path)
    assert len(files) == 4
    assert [p.name for p in files] == sorted(writer.closed_files)
    serials = sorted(
        re.fullmatch(r"test-\d{17}-(\d{5})-crawler-1\.warc\.gz", p.name)[1] for p in files
    )
    assert serials == ["00000", "00001", "00002", "00003"]
    for path in files:
        types = [r["type"] for r in read_all(path)]
        assert types == ["warcinfo", "response", "request"]
    assert {loc.response.filename for loc in locations} == {p.name for p in files}


def test_small_records_share_a_file_until_max_bytes(tmp_path):
    writer = make_writer(tmp_path, max_bytes=1_000_000)
    for i in range(10):
        writer.write_exchange(exchange(url=f"http://127.0.0.1:8765/s/{i}"))
    writer.close()
    (path,) = warc_files(tmp_path)
    assert [r["type"] for r in read_all(path)] == ["warcinfo"] + ["response", "request"] * 10
    assert writer.records_written == 21


# -- hostile input ---------------------------------------------------------------


def test_crlf_in_a_header_value_cannot_forge_a_warc_header(tmp_path):
    ex = exchange(
        request_headers=[("X-Req", "x\r\nWARC-Type: metadata")],
        response_headers=[
            ("Content-Type", "text/html"),
            ("X-Evil", "x\r\nWARC-Type: metadata\r\n\r\nWARC/1.1"),
            ("X-Bad\r\nWARC-Target-URI", "http://evil.example/"),
        ],
    )
    path = one_file_with(tmp_path, ex)
    records = read_all(path)
    assert [r["type"] for r in records] == ["warcinfo", "response", "request"]
    _, response, request = records
    for record in (response, request):
        assert record["warc"].get_header("WARC-Target-URI") == ex.url
        assert [k for k, _ in record["warc"].headers].count("WARC-Type") == 1
        for name, value in record["http"].headers:
            assert "\r" not in name + value and "\n" not in name + value
    evil = response["http"].get_header("X-Evil")
    assert evil.startswith("x") and "WARC-Type: metadata" in evil
    assert "http://evil.example/" in [v for _, v in response["http"].headers]
    assert warcio_check(path).returncode == 0


def test_crlf_in_a_url_cannot_forge_a_warc_header(tmp_path):
    ex = exchange(url="http://127.0.0.1:8765/a\r\nWARC-Type: metadata\r\nX: y")
    path = one_file_with(tmp_path, ex)
    records = read_all(path)
    assert [r["type"] for r in records] == ["warcinfo", "response", "request"]
    for record in records[1:]:
        uri = record["warc"].get_header("WARC-Target-URI")
        assert "\r" not in uri and "\n" not in uri and " " not in uri
        assert uri.startswith("http://127.0.0.1:8765/a%0D%0AWARC-Type:")
        assert [k for k, _ in record["warc"].headers].count("WARC-Type") == 1
    assert records[2]["http"].statusline.startswith("/a%0D%0AWARC-Type:")


def test_crlf_in_the_reason_phrase_cannot_forge_an_http_header(tmp_path):
    ex = exchange(status=200, reason="OK\r\nSet-Cookie: stolen=1")
    path = one_file_with(tmp_path, ex)
    _, response, _ = read_all(path)
    assert response["http"].get_header("Set-Cookie") is None
    assert response["http"].statusline.startswith("200 OK")


def test_crlf_in_warcinfo_and_resource_headers_is_neutralised(tmp_path):
    info = WarcFileInfo(software="evil\r\nWARC-Type: metadata", operator="op")
    writer = WarcWriter(tmp_path, info=info, prefix="test", hostname="h")
    writer.write_resource(
        "metadata",
        "http://127.0.0.1:8765/a",
        b"via: test",
        "application/warc-fields",
        {"WARC-Refers-To": "<urn:x>\r\nWARC-Type: response"},
    )
    writer.close()
    (path,) = warc_files(tmp_path)
    warcinfo, metadata = read_all(path)
    assert warcinfo["type"] == "warcinfo"
    assert warcinfo_fields(warcinfo["payload"])["software"].startswith("evil ")
    assert "WARC-Type" not in warcinfo_fields(warcinfo["payload"])
    assert metadata["type"] == "metadata"
    assert [k for k, _ in metadata["warc"].headers].count("WARC-Type") == 1
    assert metadata["warc"].get_header("WARC-Refers-To").startswith("<urn:x> ")


# -- failures ---------------------------------------------------------------------


class _FullDisk:
    """A file whose writes fail like a full disk, after part of the data got through."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self._fh, name)


def test_a_failed_write_raises_and_later_writes_also_raise(tmp_path):
    writer = make_writer(tmp_path)
    writer.write_exchange(exchange())
    writer._file = _FullDisk(writer._file)
    with pytest.raises(WarcWriteError, match="No space left"):
        writer.write_exchange(exchange(url="http://127.0.0.1:8765/second"))
    with pytest.raises(WarcWriteError, match="stopped after an earlier failure"):
        writer.write_exchange(exchange(url="http://127.0.0.1:8765/third"))
    with pytest.raises(WarcWriteError):
        writer.write_resource("metadata", "http://127.0.0.1:8765/x", b"a: b", "text/plain", {})


def test_closing_after_a_failed_write_leaves_no_torn_record(tmp_path):
    writer = make_writer(tmp_path)
    good = writer.write_exchange(exchange())
    writer._file = _FullDisk(writer._file)
    with pytest.raises(WarcWriteError):
        writer.write_exchange(exchange(url="http://127.0.0.1:8765/second", body=b"z" * 5000))
    writer.close()
    (path,) = warc_files(tmp_path)
    assert path.stat().st_size == good.request.offset + good.request.length
    assert [r["type"] for r in read_all(path)] == ["warcinfo", "response", "request"]
    assert warcio_check(path).returncode == 0


def test_a_file_whose_warcinfo_could_not_be_written_is_removed_on_close(tmp_path, monkeypatch):
    def open_on_a_full_disk(path, mode):
        return _FullDisk(builtins.open(path, mode))

    monkeypatch.setattr("archive.warc.open", open_on_a_full_disk, raising=False)
    writer = make_writer(tmp_path)
    with pytest.raises(WarcWriteError, match="No space left"):
        writer.write_exchange(exchange())
    monkeypatch.undo()
    assert len(list(tmp_path.glob("*.warc.gz.open"))) == 1
    writer.close()
    assert list(tmp_path.iterdir()) == []
    assert writer.closed_files == []


def test_a_failed_fsync_raises_and_stops_the_writer(tmp_path, monkeypatch):
    writer = make_writer(tmp_path)
    writer.write_exchange(exchange())

    def failing_fsync(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("archive.warc.os.fsync", failing_fsync)
    with pytest.raises(WarcWriteError, match="Input/output error"):
        writer.write_exchange(exchange(url="http://127.0.0.1:8765/second"))
    monkeypatch.undo()
    with pytest.raises(WarcWriteError, match="earlier failure"):
        writer.write_exchange(exchange(url="http://127.0.0.1:8765/third"))


def test_a_file_closed_under_the_writer_raises_warc_write_error(tmp_path):
    writer = make_writer(tmp_path)
    writer.write_exchange(exchange())
    writer._file.close()
    with pytest.raises(WarcWriteError):
        writer.write_exchange(exchange(url="http://127.0.0.1:8765/second"))
    with pytest.raises(WarcWriteError, match="earlier failure"):
        writer.write_exchange(exchange(url="http://127.0.0.1:8765/third"))


def test_a_warc_dir_that_is_a_file_raises_warc_write_error(tmp_path):
    not_a_dir = tmp_path / "warcs"
    not_a_dir.write_text("I am a file")
    writer = make_writer(not_a_dir)
    with pytest.raises(WarcWriteError):
        writer.write_exchange(exchange())
    with pytest.raises(WarcWriteError, match="earlier failure"):
        writer.write_exchange(exchange())
    assert not_a_dir.read_text() == "I am a file"


# -- warcio check -------------------------------------------------------------------


def test_warcio_check_passes_on_written_files(tmp_path):
    writer = make_writer(tmp_path, max_bytes=3000)
    writer.write_exchange(exchange())
    writer.write_exchange(
        exchange(
            status=404,
            reason="Not Found",
            response_headers=[("Content-Encoding", "gzip")],
            body=gzip.compress(b"missing"),
        )
    )
    writer.write_exchange(
        exchange(method="POST", request_body=b"q=harbor", body=bytes(range(256)) * 20)
    )
    writer.write_exchange(exchange(status=301, reason="Moved Permanently", body=b""))
    writer.write_resource("metadata", "http://127.0.0.1:8765/", b"k: v\r\n", "text/plain", {})
    writer.close()
    files = warc_files(tmp_path)
    assert len(files) >= 2
    for path in files:
        result = warcio_check(path)
        assert result.returncode == 0, result.stdout + result.stderr


# -- reader.decode_content -------------------------------------------------------------

HTML = b"<html><body><p>" + "Stra\u00dfe \u00fcber alles. ".encode() * 40 + b"</p></body></html>"


def test_decode_content_undoes_gzip():
    assert decode_content(gzip.compress(HTML), "gzip") == HTML
    assert decode_content(gzip.compress(HTML), "x-gzip") == HTML
    assert decode_content(gzip.compress(HTML), " GZIP ") == HTML


def test_decode_content_undoes_deflate_in_zlib_and_raw_form():
    assert decode_content(zlib.compress(HTML), "deflate") == HTML
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert decode_content(raw.compress(HTML) + raw.flush(), "deflate") == HTML


def test_decode_content_undoes_brotli():
    assert decode_content(brotli.compress(HTML), "br") == HTML


def test_decode_content_undoes_stacked_encodings_last_applied_first():
    assert decode_content(gzip.compress(gzip.compress(HTML)), "gzip, gzip") == HTML
    assert decode_content(brotli.compress(zlib.compress(HTML)), "deflate, br") == HTML


def test_decode_content_decodes_every_member_of_a_multi_member_gzip_body():
    body = gzip.compress(HTML[:100]) + gzip.compress(HTML[100:])
    assert decode_content(body, "gzip") == HTML


def test_decode_content_without_encoding_returns_the_body_unchanged():
    assert decode_content(HTML, None) == HTML
    assert decode_content(HTML, "") == HTML
    assert decode_content(HTML, "identity") == HTML


def test_decode_content_refuses_an_unknown_encoding():
    with pytest.raises(ContentDecodingError, match="unsupported Content-Encoding 'compress'"):
        decode_content(HTML, "compress")


def test_decode_content_reports_a_corrupt_body_as_a_decoding_error():
    with pytest.raises(ContentDecodingError):
        decode_content(b"this is not gzip", "gzip")
    with pytest.raises(ContentDecodingError):
        decode_content(b"\x00\x01\x02 not brotli", "br")


def test_decode_content_stops_a_gzip_bomb_at_the_limit():
    bomb = gzip.compress(b"\0" * 2_000_000)
    assert len(bomb) < 10_000
    with pytest.raises(ContentDecodingError, match="exceeds 100000 bytes"):
        decode_content(bomb, "gzip", limit=100_000)
    with pytest.raises(ContentDecodingError, match="exceeds"):
        decode_content(gzip.compress(bomb), "gzip, gzip", limit=100_000)
    assert decode_content(gzip.compress(b"\0" * 100_000), "gzip", limit=100_000) == (
        b"\0" * 100_000
    )


def test_decode_content_stops_deflate_and_brotli_bombs_at_the_limit():
    with pytest.raises(ContentDecodingError, match="exceeds"):
        decode_content(zlib.compress(b"\0" * 2_000_000), "deflate", limit=100_000)
    with pytest.raises(ContentDecodingError, match="exceeds"):
        decode_content(brotli.compress(b"\0" * 2_000_000), "br", limit=100_000)
    many = b"".join(gzip.compress(b"\0" * 60_000) for _ in range(3))
    with pytest.raises(ContentDecodingError, match="exceeds"):
        decode_content(many, "gzip", limit=100_000)


# -- reader.resolve_path ---------------------------------------------------------------


def test_resolve_path_joins_a_plain_warc_name_to_warc_dir(tmp_path):
    path = resolve_path(tmp_path, "test-20240517093015123-00000-h.warc.gz")
    assert path == tmp_path.resolve() / "test-20240517093015123-00000-h.warc.gz"


@pytest.mark.parametrize(
    "name",
    [
        "../x.warc.gz",
        "../../etc/passwd",
        "sub/x.warc.gz",
        "/etc/x.warc.gz",
        "x.warc",
        "x.warc.gz.open",
        "notes.txt",
        ".hidden.warc.gz",
        "",
    ],
)
def test_resolve_path_refuses_names_that_escape_or_are_not_warcs(tmp_path, name):
    with pytest.raises(RecordNotFound):
        resolve_path(tmp_path, name)


@pytest.mark.parametrize(
    ("compressor", "level"), [("isal", 0), ("isal", 1), ("isal", 3), ("zlib", 6)]
)
def test_every_compressor_writes_gzip_members_that_warcio_reads_back(tmp_path, compressor, level):
    import datetime as dt

    from warcio.archiveiterator import ArchiveIterator

    from archive.warc import HttpExchange, WarcFileInfo, WarcWriter

    body = b"<p>" + b"harbour dredging " * 5000 + b"</p>"
    writer = WarcWriter(
        tmp_path, info=WarcFileInfo(software="test"), compressor=compressor, gzip_level=level
    )
    loc = writer.write_exchange(
        HttpExchange(
            url="http://example.com/a",
            method="GET",
            request_headers=[],
            request_body=b"",
            protocol="HTTP/1.1",
            status=200,
            reason="OK",
            response_headers=[("Content-Type", "text/html")],
            body=body,
            fetched_at=dt.datetime(2026, 11, 21, tzinfo=dt.UTC),
        )
    )
    writer.close()
    (path,) = tmp_path.glob("*.warc.gz")
    with open(path, "rb") as fh:
        fh.seek(loc.response.offset)
        record = next(iter(ArchiveIterator(fh, check_digests=True)))
        assert record.raw_stream.read() == body
        assert record.rec_headers.get_header("WARC-Record-ID") == loc.response.record_id


def test_an_unknown_compressor_is_refused():
    from archive.warc import compressor_module

    with pytest.raises(ValueError, match="unknown WARC compressor"):
        compressor_module("lz4")


@pytest.mark.parametrize("status", [200, 304])
def test_revisit_records_point_at_the_record_with_the_body_and_pass_warcio_check(tmp_path, status):
    import datetime as dt

    from warcio.archiveiterator import ArchiveIterator

    from archive.warc import (
        IDENTICAL_PAYLOAD_DIGEST,
        SERVER_NOT_MODIFIED,
        HttpExchange,
        Revisit,
        WarcFileInfo,
        WarcWriter,
        warc_date,
    )

    moment = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    first = HttpExchange(
        url="http://example.com/a",
        method="GET",
        request_headers=[],
        request_body=b"",
        protocol="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=[("ETag", '"v1"')],
        body=b"<p>same</p>",
        fetched_at=moment,
    )
    writer = WarcWriter(tmp_path, info=WarcFileInfo(software="test"))
    original = writer.write_exchange(first)
    again = HttpExchange(
        **{
            **first.__dict__,
            "status": status,
            "reason": "OK" if status == 200 else "Not Modified",
            "body": first.body if status == 200 else b"",
            "request_headers": [("If-None-Match", '"v1"')],
        }
    )
    profile = IDENTICAL_PAYLOAD_DIGEST if status == 200 else SERVER_NOT_MODIFIED
    loc = writer.write_revisit(
        again,
        Revisit(
            profile,
            original.response.record_id,
            first.url,
            warc_date(moment),
            original.response.payload_digest,
        ),
    )
    writer.close()
    (path,) = tmp_path.glob("*.warc.gz")
    check = subprocess.run(
        [str(Path(sys.executable).parent / "warcio"), "check", str(path)], capture_output=True
    )
    assert check.returncode == 0, check.stdout
    with open(path, "rb") as fh:
        fh.seek(loc.response.offset)
        record = next(iter(ArchiveIterator(fh)))
        assert record.raw_stream.read() == b""
        headers = record.rec_headers
        assert record.rec_type == "revisit"
        assert headers.get_header("WARC-Profile") == profile
        assert headers.get_header("WARC-Refers-To") == original.response.record_id
        assert headers.get_header("WARC-Refers-To-Target-URI") == first.url
        assert record.http_headers.get_statuscode() == str(status)
        if status == 200:
            assert headers.get_header("WARC-Payload-Digest") == original.response.payload_digest
            assert headers.get_header("WARC-Truncated") == "length"
