"""Exit statuses: one table for every command, and which failure gets which. Pure.

Each kind of failure has one status whatever the command, so a cron job or a script can
act on it without knowing which command ran: ``5`` is "no usable corpus" for ``search``
as for ``crawl``. Library code raises named exceptions; ``status_of`` maps them here.
"""

from __future__ import annotations

import errno
import sqlite3
from enum import IntEnum

from archive.package import PackageError
from archive.reader import NoArchive, RecordNotFound
from archive.replay import ReplayError
from archive.runlock import LockedError
from archive.viewer.app import ViewerError
from crawler.distributed.cluster import ClusterError
from crawler.distributed.handoff import HandoffError
from crawler.options import SettingsError
from crawler.provenance.replay import NotArchived
from crawler.sources import SourcesError
from crawler.stories.clusters import SignatureError
from crawler.stories.coverage import CoverageError
from schemas.clusters import ClusterStoreError
from schemas.corpus import CorpusError
from schemas.search import SearchError
from schemas.spreadsheet import ExportError
from schemas.topics import TopicStoreError
from schemas.versions import VersionError


class Exit(IntEnum):
    """What a command's exit status means (the same in every command)."""

    OK = 0  # done: the crawl finished, hits were found, the archive verifies
    NEGATIVE = 1  # the answer is no: no hit, no such URL or version, problems found
    USAGE = 2  # a bad command line, sources file, setting or query (Scrapy's own 2)
    ARCHIVE = 3  # the WARC archive failed: a write (the crawl stopped), or no file to read
    INTERRUPTED = 4  # a crawl stopped by a signal before it finished; the next run resumes
    CORPUS = 5  # no usable corpus at CORPUS_DB: missing, damaged, or not a corpus
    LOCKED = 6  # another run holds this corpus or WARC directory
    DISK_FULL = 7  # no space left for the archive, the corpus or the output; nothing dangles
    FAILED = 8  # could not do its work otherwise: a crawl that could not start, a port


MEANING = {
    Exit.OK: "done: the crawl finished (or stopped at a CLOSESPIDER_* limit), hits were"
    " found, the archive verifies, the output was written",
    Exit.NEGATIVE: "the answer is no: no hit (search), no such URL or version (replay,"
    " diff), only one version to compare (diff), problems found (verify)",
    Exit.USAGE: "a bad command line, sources file, setting or query (a topic query too, or a"
    " topic name that `topics` or `coverage` does not know)",
    Exit.ARCHIVE: "the WARC archive failed: a write failed and the crawl stopped (nothing was"
    " stored without its record), or a WARC directory, file or record cannot be read",
    Exit.INTERRUPTED: "the crawl was stopped by a signal before it finished; the next run resumes",
    Exit.CORPUS: "no usable corpus at CORPUS_DB: missing, damaged, or not a newsarchive corpus"
    " (or, for `topics` and `coverage`, one made before story coverage)",
    Exit.LOCKED: "another run holds this corpus or WARC directory (one run at a time)",
    Exit.DISK_FULL: "no space left for the archive, the corpus or the output; no row points"
    " at an unwritten record: free space and run again",
    Exit.FAILED: "the command could not do its work otherwise: a crawl that could not start,"
    " a port that cannot be listened on, an output that cannot be written",
}

#: A crawl's finish reason, as an exit status (``closespider_*`` reasons are OK too).
FINISH_EXIT = {
    "finished": Exit.OK,
    "warc_write_failed": Exit.ARCHIVE,
    "shutdown": Exit.INTERRUPTED,
    "cancelled": Exit.INTERRUPTED,
    "forced_shutdown": Exit.INTERRUPTED,  # a second signal: stopped at once, files closed
    "disk_full": Exit.DISK_FULL,
}

#: Library exceptions and their statuses, most specific first.
FAILURES: tuple[tuple[type[BaseException], Exit], ...] = (
    (LockedError, Exit.LOCKED),
    (CorpusError, Exit.CORPUS),
    (ViewerError, Exit.FAILED),  # a port that cannot be listened on
    (SourcesError, Exit.USAGE),
    (SettingsError, Exit.USAGE),
    (SearchError, Exit.USAGE),
    (TopicStoreError, Exit.USAGE),  # no topic of that name
    (CoverageError, Exit.USAGE),  # no topic of that name, and not a query
    (ClusterStoreError, Exit.CORPUS),  # clusters that do not hold together
    (SignatureError, Exit.CORPUS),  # signatures of other parameters: clusters rebuild --resign
    (FileExistsError, Exit.USAGE),  # an output that must be new already exists
    (VersionError, Exit.NEGATIVE),
    (NotArchived, Exit.NEGATIVE),
    (NoArchive, Exit.ARCHIVE),
    (ReplayError, Exit.ARCHIVE),
    (RecordNotFound, Exit.ARCHIVE),
    (PackageError, Exit.ARCHIVE),
    (ExportError, Exit.FAILED),
    (ClusterError, Exit.FAILED),  # Redis unreachable, a worker name in use
    (HandoffError, Exit.FAILED),  # rows not handed to Redis
    (OSError, Exit.FAILED),
)


def is_disk_full(exc: BaseException | None) -> bool:
    """ENOSPC from a write, or SQLITE_FULL from a commit, at any depth of ``__cause__``."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
            return True
        exc = exc.__cause__
    return False


def status_of(exc: BaseException) -> Exit | None:
    """The exit status of a failure, or None for one that is not ours to map (a bug)."""
    if is_disk_full(exc):
        return Exit.DISK_FULL
    for kind, status in FAILURES:
        if isinstance(exc, kind):
            return status
    return None


def finish_status(reason: str | None) -> Exit:
    """The exit status of a crawl that ended for ``reason`` (None: it never started)."""
    if reason is None:
        return Exit.FAILED
    if reason.startswith("closespider_"):
        return Exit.OK
    return FINISH_EXIT.get(reason, Exit.FAILED)
