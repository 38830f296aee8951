"""Append-only verdicts: add, retract, and read the latest per (claim, reviewer).

Nothing here updates or deletes a verdict row.  A retraction is a row of its own
(``retraction`` true, no label) that cancels the reviewer's previous verdict on
that claim; "latest" means the row with the highest id for the pair, and a pair
whose latest row is a retraction has no current verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from cpec_verify.errors import UsageError
from cpec_verify.store.entities.reviewers import check_name
from cpec_verify.store.entities.verdict_rows import check_cited, spans_at_ranks, verdict_row
from cpec_verify.store.entities.verdict_rows import check_label as check_label  # re-exported
from cpec_verify.store.models import Claim, Evidence, Verdict

_COLUMNS = ("claim_id", "reviewer", "label", "retraction", "evidence", "note", "created_at")


def add_verdict(
    session: Session,
    *,
    claim_id: int,
    reviewer: str,
    label: str,
    evidence: Sequence[int] = (),
    note: str | None = None,
    created_at: datetime | None = None,
    check_claim: bool = True,
) -> Verdict:
    """Append a verdict; the caller commits (the review screen commits at once).

    ``check_claim=False`` skips the existence query when the caller just read the
    claim (the review screen); the foreign key still refuses a missing claim.
    """
    reviewer = check_name(reviewer)
    check_label(label)
    if check_claim and session.get(Claim, claim_id) is None:
        raise UsageError(f"no claim with id {claim_id}")
    verdict = Verdict(
        **verdict_row(
            claim_id=claim_id,
            reviewer=reviewer,
            label=label,
            evidence=evidence,
            note=note,
            created_at=created_at,
        )
    )
    session.add(verdict)
    session.flush()
    return verdict


class VerdictAppender:
    """Appends verdict rows exactly as ``add_verdict`` would (the same ``verdict_row``), on one
    held DBAPI connection: the review screen's path, ten times cheaper than the ORM.

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
        values = verdict_row(
            claim_id=claim_id, reviewer=reviewer, label=label, evidence=evidence, note=note
        )
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


def retract_verdict(
    session: Session, *, claim_id: int, reviewer: str, created_at: datetime | None = None
) -> Verdict | None:
    """Append a retraction of the reviewer's current verdict; None when there is none."""
    current = latest_verdict(session, claim_id=claim_id, reviewer=reviewer)
    if current is None:
        return None
    row = Verdict(
        claim_id=claim_id,
        reviewer=reviewer,
        label=None,
        retraction=True,
        evidence=[],
        note=f"retracts verdict #{current.id}",
    )
    if created_at is not None:
        row.created_at = created_at
    session.add(row)
    session.flush()
    return row


def _latest_ids_subquery(claim_ids: Iterable[int] | None, reviewers: Iterable[str] | None):  # noqa: ANN202
    stmt = select(func.max(Verdict.id).label("id")).group_by(Verdict.claim_id, Verdict.reviewer)
    if claim_ids is not None:
        stmt = stmt.where(col(Verdict.claim_id).in_(list(claim_ids)))
    if reviewers is not None:
        stmt = stmt.where(col(Verdict.reviewer).in_(list(reviewers)))
    return stmt.subquery()


def latest_verdicts(
    session: Session,
    *,
    claim_ids: Iterable[int] | None = None,
    reviewers: Iterable[str] | None = None,
) -> list[Verdict]:
    """The current verdict of each reviewer on each claim (retracted pairs left out)."""
    latest = _latest_ids_subquery(claim_ids, reviewers)
    stmt = (
        select(Verdict)
        .join(latest, col(Verdict.id) == latest.c.id)
        .where(col(Verdict.retraction).is_(False))
        .order_by(col(Verdict.claim_id), col(Verdict.reviewer))
    )
    return list(session.exec(stmt))


def latest_verdict(session: Session, *, claim_id: int, reviewer: str) -> Verdict | None:
    stmt = (
        select(Verdict)
        .where(Verdict.claim_id == claim_id, Verdict.reviewer == reviewer)
        .order_by(col(Verdict.id).desc())
        .limit(1)
    )
    row = session.exec(stmt).first()
    return None if row is None or row.retraction else row


def count_verdict_rows(session: Session) -> int:
    """Every verdict row, retractions included (what starting over would lose)."""
    return int(session.exec(select(func.count()).select_from(Verdict)).one())


def verdict_history(
    session: Session, *, claim_id: int | None = None, reviewer: str | None = None
) -> list[Verdict]:
    """Every row, retractions included, oldest first."""
    stmt = select(Verdict).order_by(col(Verdict.id))
    if claim_id is not None:
        stmt = stmt.where(Verdict.claim_id == claim_id)
    if reviewer is not None:
        stmt = stmt.where(Verdict.reviewer == reviewer)
    return list(session.exec(stmt))


def verdict_record(v: Verdict) -> dict[str, Any]:
    """The JSON shape of a verdict (field names are a contract)."""
    return {
        "id": v.id,
        "claim_id": v.claim_id,
        "reviewer": v.reviewer,
        "label": v.label,
        "evidence": list(v.evidence or []),
        "note": v.note,
        "created_at": v.created_at.isoformat() + "Z",
        "retraction": v.retraction,
    }


def evidence_spans(session: Session, claim_ids: Iterable[int]) -> dict[int, set[int]]:
    """The span ids each claim may cite (its ranked evidence), for validating citations."""
    ids = sorted(set(claim_ids))
    found: dict[int, set[int]] = {cid: set() for cid in ids}
    for i in range(0, len(ids), 500):
        stmt = select(Evidence.claim_id, Evidence.span_id).where(
            col(Evidence.claim_id).in_(ids[i : i + 500])
        )
        for cid, sid in session.exec(stmt):
            found[cid].add(sid)
    return found


def existing_claims(session: Session, claim_ids: Iterable[int]) -> set[int]:
    """Which of ``claim_ids`` exist (chunked under SQLite's variable limit)."""
    ids = sorted(set(claim_ids))
    found: set[int] = set()
    for i in range(0, len(ids), 500):
        found.update(session.exec(select(Claim.id).where(col(Claim.id).in_(ids[i : i + 500]))))
    return {int(x) for x in found if x is not None}


def evidence_in_rank_order(session: Session, claim_id: int) -> list[tuple[int, bool]]:
    """``(span_id, same_source)`` of a claim's evidence, numbered 1.. as the screen shows it."""
    stmt = (
        select(Evidence.span_id, Evidence.same_source)
        .where(Evidence.claim_id == claim_id)
        .order_by(col(Evidence.rank), col(Evidence.id))
    )
    return [(int(span), bool(same)) for span, same in session.exec(stmt)]


def spans_for_ranks(session: Session, claim_id: int, ranks: Sequence[int]) -> list[int]:
    """The span ids behind screen ranks (``--cite 2``); a rank the claim lacks is refused."""
    ordered = [span for span, _ in evidence_in_rank_order(session, claim_id)]
    return spans_at_ranks(ordered, claim_id, ranks)


def check_citations(session: Session, claim_id: int, evidence: Sequence[int]) -> None:
    """Every cited span must be one of the claim's evidence sentences."""
    check_cited(evidence_spans(session, [claim_id])[claim_id], claim_id, evidence)
