"""One way to write atomically on a corpus connection, inside a caller's transaction or not.

The corpus writer commits rows in batches, and what derives from a row (its topics, its
cluster of copies) is written in the same transaction: a savepoint then makes each piece
all-or-nothing without ending the batch. Alone, the same work is its own transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def atomic(conn: sqlite3.Connection, name: str) -> Iterator[sqlite3.Connection]:
    """A savepoint called ``name`` inside the caller's transaction, else a transaction
    (``BEGIN IMMEDIATE``: it takes the write lock at once). Rolled back on any error."""
    if conn.in_transaction:
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
