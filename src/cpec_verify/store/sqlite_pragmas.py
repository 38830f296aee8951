"""The settings every SQLite connection gets, whichever path opened it (SQLAlchemy's engine
or the scripted verdict's plain ``sqlite3``): pragmas are per connection."""

from __future__ import annotations

import contextlib
import sqlite3

BUSY_TIMEOUT_MS = 10_000


def apply_pragmas(dbapi_conn: sqlite3.Connection, _record: object = None) -> None:
    """WAL, foreign keys, a busy timeout, and ``synchronous=NORMAL`` (in WAL mode a commit
    survives the process being killed, which is the promise "saved" makes)."""
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    with contextlib.suppress(sqlite3.OperationalError):
        cur.execute("PRAGMA journal_mode = WAL")  # fails on read-only media; reads still work
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()
