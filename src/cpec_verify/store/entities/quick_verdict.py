"""One scripted verdict on a SQLite file with the standard library's ``sqlite3`` alone.

Loading SQLAlchemy and SQLModel costs more CPU than the whole verdict, so a script that
appends verdicts one process at a time would spend its time importing.  For a SQLite file
already at the newest schema, ``append_verdict`` does what the ORM path does - the same
reviewer resolution, copy redirect, rank and citation checks, and the same row from
``verdict_rows.verdict_row`` - in one ``BEGIN IMMEDIATE`` transaction.  Anything else (a
URL, a missing or older file, any driver error but a lock) returns None before writing, and
the caller takes the ORM path, which upgrades, creates or explains.  ``tests/test_quick_verdict.py``
reads both paths' rows back through the ORM and compares them.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cpec_verify.errors import StoreError, UsageError
from cpec_verify.names import check_name, fold_name
from cpec_verify.store import sqlite_pragmas
from cpec_verify.store.entities.verdict_rows import check_cited, spans_at_ranks, utcnow, verdict_row
from cpec_verify.store.schema_head import SCHEMA_HEAD

ENV_VAR = "CPEC_VERIFY_DB"
DEFAULT_DB = Path("db") / "cpec-verify.sqlite"


@dataclass
class AppendedVerdict:
    """What was written, for the command's message and warnings."""

    verdict_id: int
    claim_id: int  # the claim the verdict is on (the original, for a copy)
    asked_claim_id: int  # the claim the user named
    reviewer: str
    registered: bool
    spans: list[int]
    ranked: list[tuple[int, bool]] = field(default_factory=list)  # (span id, same source)


def sqlite_file(db: str | None) -> Path | None:
    """The existing SQLite file ``--db``/``CPEC_VERIFY_DB``/the default names, else None."""
    value = db or os.environ.get(ENV_VAR) or str(DEFAULT_DB)
    if "://" in value:
        return None
    path = Path(value).expanduser()
    return path if path.is_file() else None


def _stored_time(when: datetime) -> str:
    """SQLAlchemy's SQLite DATETIME text, so both paths store one format."""
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _spelling(conn: sqlite3.Connection, name: str) -> tuple[str, bool]:
    """As ``entities.reviewers.resolve_name``: the registered spelling, or register."""
    key = fold_name(name)
    row = conn.execute(
        "SELECT name FROM reviewer WHERE key = ? ORDER BY id LIMIT 1", (key,)
    ).fetchone()
    if row is not None:
        return str(row[0]), False
    spelling = name
    for (earlier,) in conn.execute(
        "SELECT reviewer FROM verdict GROUP BY reviewer ORDER BY min(id)"
    ).fetchall():
        try:
            if fold_name(check_name(earlier)) == key:
                spelling = earlier
                break
        except UsageError:
            continue
    conn.execute(
        "INSERT INTO reviewer (name, key, is_lead, created_at) VALUES (?, ?, 0, ?)",
        (spelling, key, _stored_time(utcnow())),
    )
    return spelling, True


def append_verdict(
    path: Path,
    *,
    claim_id: int,
    reviewer: str,
    label: str,
    cite: tuple[int, ...] = (),
    evidence: tuple[int, ...] = (),
    note: str | None = None,
) -> AppendedVerdict | None:
    """Append and commit one verdict; None (nothing written) when the ORM path must do it.

    Refusals (an unknown claim, a rank or span the claim lacks) raise ``UsageError`` with
    the ORM path's words, after rolling back.
    """
    try:
        timeout = sqlite_pragmas.BUSY_TIMEOUT_MS / 1000
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        sqlite_pragmas.apply_pragmas(
            conn
        )  # as every engine connection: WAL, foreign keys, synchronous
        versions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        if versions != [SCHEMA_HEAD]:
            return None
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = _append(conn, claim_id, check_name(reviewer), label, cite, evidence, note)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return done
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():  # waited once: enough
            raise StoreError(
                f"{path.resolve()} is locked by another process beyond the busy timeout"
            ) from exc
        return None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _append(
    conn: sqlite3.Connection,
    claim_id: int,
    reviewer: str,
    label: str,
    cite: tuple[int, ...],
    evidence: tuple[int, ...],
    note: str | None,
) -> AppendedVerdict:
    name, registered = _spelling(conn, reviewer)
    found = conn.execute("SELECT copy_of FROM claim WHERE id = ?", (claim_id,)).fetchone()
    if found is None:
        raise UsageError(f"no claim with id {claim_id}")
    asked, claim_id = claim_id, int(found[0] or claim_id)  # a copy is reviewed as its original
    ranked = [
        (int(span), bool(same))
        for span, same in conn.execute(
            "SELECT span_id, same_source FROM evidence WHERE claim_id = ? ORDER BY rank, id",
            (claim_id,),
        )
    ]
    spans = [*spans_at_ranks([s for s, _ in ranked], claim_id, cite), *evidence]
    row = verdict_row(claim_id=claim_id, reviewer=name, label=label, evidence=spans, note=note)
    check_cited({s for s, _ in ranked}, claim_id, row["evidence"])
    cur = conn.execute(
        "INSERT INTO verdict (claim_id, reviewer, label, retraction, evidence, note, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            row["claim_id"],
            row["reviewer"],
            row["label"],
            int(row["retraction"]),
            json.dumps(row["evidence"]),
            row["note"],
            _stored_time(row["created_at"]),
        ),
    )
    return AppendedVerdict(
        int(cur.lastrowid or 0), claim_id, asked, name, registered, row["evidence"], ranked
    )
