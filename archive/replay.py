"""Reading an archived response back as the client received it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from archive.reader import (
    ContentDecodingError,
    RecordNotFound,
    StoredRecord,
    decode_content,
    read_record,
    resolve_path,
)


class ReplayError(RuntimeError):
    """The capture exists in the index but its archived bytes cannot be served."""


@dataclass(frozen=True)
class Replayed:
    record: StoredRecord
    body: bytes  # decoded from Content-Encoding, otherwise byte for byte

    @property
    def head(self) -> bytes:
        """The archived status line and headers, as text lines."""
        lines = [f"{self.record.protocol or 'HTTP/1.1'} {self.record.status_line or ''}".rstrip()]
        lines += [f"{k}: {v}" for k, v in self.record.http_headers]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8", "replace")


def replay_capture(warc_dir: str | os.PathLike[str], capture: dict[str, Any]) -> Replayed:
    """Read a capture's response record and undo its Content-Encoding."""
    try:
        path = resolve_path(warc_dir, capture["warc_filename"])
        record = read_record(path, int(capture["warc_offset"]), int(capture["warc_length"]))
    except RecordNotFound as exc:
        raise ReplayError(str(exc)) from exc
    if record.record_id != capture["warc_record_id"]:
        raise ReplayError(
            f"{capture['warc_filename']}@{capture['warc_offset']} holds {record.record_id},"
            f" not {capture['warc_record_id']}"
        )
    try:
        body = decode_content(record.payload, record.header("Content-Encoding"))
    except ContentDecodingError as exc:
        raise ReplayError(f"cannot decode archived body: {exc}") from exc
    return Replayed(record, body)
