"""Verdict writes off the UI thread, in key-press order, each committed before it is reported.

One writer thread (FIFO) rather than a worker per key: a label followed at once by
a citation toggle must reach the database in that order.  Each job appends one row
and commits; only then does ``on_done`` run (from the writer thread; it should post
a message).  Labels go through :class:`VerdictAppender` (one connection owned by the
writer thread, an INSERT compiled once from the model): the ORM path costs about
ten times a raw sqlite3 insert, and this runs on every key press.  Retractions need
a lookup first and use the store's ``retract_verdict`` in a short-lived Session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.store.entities.verdicts import check_label, retract_verdict
from cpec_verify.store.models import Verdict, utcnow

_COLUMNS = ("claim_id", "reviewer", "label", "retraction", "evidence", "note", "created_at")


@dataclass(frozen=True)
class WriteRequest:
    """A full verdict state to append (label None means retract)."""

    claim_id: int
    label: str | None
    evidence: tuple[int, ...] = ()
    note: str | None = None
    advance: bool = False  # move on once saved (a label key), unless the user moved already


@dataclass(frozen=True)
class WriteResult:
    request: WriteRequest
    verdict_id: int | None  # None: nothing to retract
    error: str | None = None


class VerdictAppender:
    """Appends verdict rows exactly as ``add_verdict`` would, on one held DBAPI connection.

    Column names and value encodings come from the ``Verdict`` table and the engine's
    dialect (type bind processors), so rows are indistinguishable from ORM-written ones.
    Use from a single thread; the writer thread owns it.
    """

    def __init__(self, engine: Engine) -> None:
        table: Any = Verdict.__table__
        stmt = insert(table).values({c: bindparam(c) for c in _COLUMNS}).returning(table.c.id)
        compiled = stmt.compile(dialect=engine.dialect)
        self._sql = compiled.string
        self._order = compiled.positiontup if compiled.positional else None
        self._process = {
            c: table.c[c].type.dialect_impl(engine.dialect).bind_processor(engine.dialect)
            for c in _COLUMNS
        }
        self._engine = engine
        self._conn: Any = None

    def append(
        self,
        *,
        claim_id: int,
        reviewer: str,
        label: str,
        evidence: tuple[int, ...],
        note: str | None,
    ) -> int:
        """Insert and commit one verdict; returns its id."""
        check_label(label)
        values: dict[str, Any] = {
            "claim_id": claim_id,
            "reviewer": reviewer,
            "label": label,
            "retraction": False,
            "evidence": sorted(set(evidence)),
            "note": note or None,
            "created_at": utcnow(),
        }
        for key, proc in self._process.items():
            if proc is not None:
                values[key] = proc(values[key])
        params: Any = [values[k] for k in self._order] if self._order is not None else values
        if self._conn is None:
            self._conn = self._engine.raw_connection()
        try:
            cur = self._conn.cursor()
            cur.execute(self._sql, params)
            verdict_id = int(cur.fetchone()[0])
            cur.close()
            self._conn.commit()
        except BaseException:
            self.close()
            raise
        return verdict_id

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.rollback()
                self._conn.close()
            finally:
                self._conn = None


def write_verdict(
    engine: Engine, reviewer: str, req: WriteRequest, appender: VerdictAppender | None = None
) -> WriteResult:
    """Append and commit one verdict or retraction; errors come back as text, not raised."""
    try:
        if req.label is not None:
            appender = appender or VerdictAppender(engine)
            verdict_id = appender.append(
                claim_id=req.claim_id,
                reviewer=reviewer,
                label=req.label,
                evidence=req.evidence,
                note=req.note,
            )
            return WriteResult(req, verdict_id)
        with Session(engine, expire_on_commit=False) as session:
            row = retract_verdict(session, claim_id=req.claim_id, reviewer=reviewer)
            session.commit()
            return WriteResult(req, row.id if row is not None else None)
    except Exception as exc:  # noqa: BLE001  reported on screen; the row was not saved
        first = str(getattr(exc, "orig", exc)).strip().splitlines()
        return WriteResult(req, None, first[0] if first else type(exc).__name__)


class VerdictWriter:
    """A single background thread that appends verdicts in submission order."""

    def __init__(self, engine: Engine, reviewer: str) -> None:
        self.engine = engine
        self.reviewer = reviewer
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verdict-writer")
        self._appender = VerdictAppender(engine)  # used only on the writer thread
        self.pending = 0

    def submit(self, req: WriteRequest, on_done: Callable[[WriteResult], None]) -> None:
        self.pending += 1
        future = self._pool.submit(write_verdict, self.engine, self.reviewer, req, self._appender)

        def done(fut: Future[WriteResult]) -> None:
            on_done(fut.result())

        future.add_done_callback(done)

    def settled(self) -> None:
        """Called on the UI thread when a result has been handled."""
        self.pending = max(0, self.pending - 1)

    def close(self) -> None:
        """Finish every queued write (quitting never drops a key press)."""
        self._pool.shutdown(wait=True)
        self._appender.close()


def evidence_tuple(values: Sequence[int]) -> tuple[int, ...]:
    return tuple(sorted(set(values)))
