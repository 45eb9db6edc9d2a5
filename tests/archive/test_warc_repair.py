"""repair_open_files: closing the ``.open`` files a killed crawl left behind."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.warc import (
    OPEN_SUFFIX,
    ExchangeLocation,
    HttpExchange,
    WarcFileInfo,
    WarcWriter,
    complete_members_end,
    repair_open_files,
)

VENV_BIN = Path(sys.executable).parent


def exchange(i: int) -> HttpExchange:
    return HttpExchange(
        url=f"http://127.0.0.1:8765/2024/05/17/story-{i}",
        method="GET",
        request_headers=[("User-Agent", "newsarchive-test/1.0")],
        request_body=b"",
        protocol="HTTP/1.1",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html")],
        body=f"<html><body><p>Story number {i}.</p></body></html>".encode() * 20,
        fetched_at=dt.datetime(2024, 5, 17, 9, 30, i, tzinfo=dt.UTC),
        ip_address="127.0.0.1",
    )


def killed_crawl(tmp_path: Path, exchanges: int = 3) -> tuple[Path, list[ExchangeLocation]]:
    """A ``.open`` file as a killed crawl leaves it: records written, never closed.

    The writer writes into a scratch directory; its open file is copied into
    ``crashed/`` as it was at the moment of the "kill".
    """
    scratch = tmp_path / "scratch"
    writer = WarcWriter(scratch, info=WarcFileInfo(software="test/1"), prefix="t", hostname="h")
    locations = [writer.write_exchange(exchange(i)) for i in range(exchanges)]
    assert writer.current_path is not None and writer.current_path.name.endswith(OPEN_SUFFIX)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    copy = crashed / writer.current_path.name
    shutil.copyfile(writer.current_path, copy)
    writer.close()
    return copy, locations


def record_ids(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        return [r.rec_headers.get_header("WARC-Record-ID") for r in ArchiveIterator(fh)]


def warcio_check(path: Path) -> int:
    return subprocess.run(
        [str(VENV_BIN / "warcio"), "check", str(path)], capture_output=True
    ).returncode


def final_path(open_path: Path) -> Path:
    return open_path.with_name(open_path.name[: -len(OPEN_SUFFIX)])


def test_a_file_cut_inside_its_last_record_is_truncated_to_the_last_whole_record(tmp_path):
    path, locations = killed_crawl(tmp_path)
    last = locations[-1].request
    original = path.read_bytes()
    cut_at = last.offset + last.length // 2
    path.write_bytes(original[:cut_at])

    (report,) = repair_open_files(path.parent)

    final = final_path(path)
    assert not path.exists()
    assert final.exists()
    assert report.final_name == final.name
    assert report.records_kept == 1 + 2 * 3 - 1
    assert report.bytes_kept == last.offset
    assert report.bytes_dropped == cut_at - last.offset
    data = final.read_bytes()
    assert data == original[: last.offset]  # truncated, nothing appended
    ids = record_ids(final)
    assert len(ids) == 6
    assert ids[-1] == locations[-1].response.record_id
    assert last.record_id not in ids
    assert warcio_check(final) == 0


def test_a_file_cut_inside_a_gzip_trailer_loses_only_that_record(tmp_path):
    path, locations = killed_crawl(tmp_path, exchanges=2)
    last = locations[-1].request
    original = path.read_bytes()
    path.write_bytes(original[: last.offset + last.length - 3])  # CRC/size trailer cut

    (report,) = repair_open_files(path.parent)

    final = final_path(path)
    assert report.records_kept == 4
    assert final.read_bytes() == original[: last.offset]
    assert len(record_ids(final)) == 4


def test_garbage_after_complete_records_is_cut_off(tmp_path):
    path, locations = killed_crawl(tmp_path, exchanges=2)
    original = path.read_bytes()
    garbage = b"\x00\x13garbage that is no gzip member\xff" * 10
    path.write_bytes(original + garbage)

    (report,) = repair_open_files(path.parent)

    final = final_path(path)
    assert final.read_bytes() == original
    assert report.records_kept == 5
    assert report.bytes_dropped == len(garbage)
    assert len(record_ids(final)) == 5
    assert warcio_check(final) == 0


def test_a_gzip_member_that_holds_no_warc_record_is_cut_off(tmp_path):
    path, _ = killed_crawl(tmp_path, exchanges=1)
    original = path.read_bytes()
    path.write_bytes(original + gzip.compress(b"<html>not a WARC record</html>"))

    (report,) = repair_open_files(path.parent)

    final = final_path(path)
    assert final.read_bytes() == original
    assert report.records_kept == 3
    assert len(record_ids(final)) == 3


def test_a_complete_open_file_is_renamed_without_losing_a_byte(tmp_path):
    path, locations = killed_crawl(tmp_path)
    original = path.read_bytes()

    (report,) = repair_open_files(path.parent)

    final = final_path(path)
    assert final.read_bytes() == original
    assert report.bytes_dropped == 0
    assert report.records_kept == 7
    assert record_ids(final)[-1] == locations[-1].request.record_id
    assert warcio_check(final) == 0


def test_an_open_file_without_a_complete_record_is_removed(tmp_path):
    path, _ = killed_crawl(tmp_path, exchanges=1)
    original = path.read_bytes()
    path.write_bytes(original[:40])  # half of the warcinfo record
    empty = path.with_name("t-20240517093015000-00009-h.warc.gz.open")
    empty.write_bytes(b"")

    reports = repair_open_files(path.parent)

    assert len(reports) == 2
    assert [r.final_name for r in reports] == [None, None]
    assert [r.records_kept for r in reports] == [0, 0]
    assert list(path.parent.iterdir()) == []


def test_files_not_ending_in_open_are_left_untouched(tmp_path):
    path, _ = killed_crawl(tmp_path, exchanges=1)
    directory = path.parent
    torn = directory / "t-20240101000000000-00000-h.warc.gz"
    torn.write_bytes(path.read_bytes()[:-10])  # a finished file that is damaged
    other_open = directory / "notes.txt.open"
    other_open.write_bytes(b"not a warc")
    path.unlink()
    before = {p.name: p.read_bytes() for p in directory.iterdir()}

    assert repair_open_files(directory) == []

    assert {p.name: p.read_bytes() for p in directory.iterdir()} == before


def test_several_open_files_are_each_repaired(tmp_path):
    first, loc1 = killed_crawl(tmp_path / "a", exchanges=1)
    second, loc2 = killed_crawl(tmp_path / "b", exchanges=2)
    directory = tmp_path / "crashed"
    directory.mkdir()
    shutil.move(first, directory / first.name)
    second_bytes = second.read_bytes()
    second_name = second.name.replace("-00000-", "-00001-")
    (directory / second_name).write_bytes(second_bytes + b"torn")

    reports = repair_open_files(directory)

    assert [r.records_kept for r in reports] == [3, 5]
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        [first.name[: -len(OPEN_SUFFIX)], second_name[: -len(OPEN_SUFFIX)]]
    )
    assert (directory / second_name[: -len(OPEN_SUFFIX)]).read_bytes() == second_bytes


def test_repairing_a_missing_directory_does_nothing(tmp_path):
    assert repair_open_files(tmp_path / "does-not-exist") == []


def test_complete_members_end_counts_whole_records_only(tmp_path):
    path, locations = killed_crawl(tmp_path, exchanges=2)
    size = path.stat().st_size
    assert complete_members_end(path) == (size, 5)
    last = locations[-1].request
    path.write_bytes(path.read_bytes()[: size - 1])
    assert complete_members_end(path) == (last.offset, 4)
