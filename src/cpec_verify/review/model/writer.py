"""Verdict writes off the UI thread, in key-press order, each committed before it is reported.

One writer thread (FIFO) rather than a worker per key: a label followed at once by
a citation toggle must reach the database in that order.  Each job appends one row
and commits; only then does ``on_done`` run (from the writer thread; it should post
a message).  Labels go through the store's ``VerdictAppender`` (one connection owned by
the writer thread): the ORM path costs about ten times a raw sqlite3 insert, and this runs
on every key press.  Retractions need a lookup first and use the store's
``retract_verdict`` in a short-lived Session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.store.entities.verdicts import VerdictAppender, retract_verdict


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
