"""Paged claim queue for the review screen: filters, keyset pages, positions, progress.

The screen never loads every claim.  It asks for one page of ids (keyset on
``claim.id``, so page N costs the same as page 1) plus counts, which keeps opening
100,000 claims as fast as opening 100.  Orphaned claims are never queued, nor are the
claims of a syndicated copy (``copy_of``): a verdict on the original counts for them.

Filters, for one reviewer:

* ``unreviewed`` - claims this reviewer has no current verdict on;
* ``conflicts``  - claims with a ``differs`` evidence link, and (only when the
  reviewer may see others' verdicts) claims whose reviewers disagree;
* ``mine``       - claims this reviewer has a current verdict on;
* ``all``        - every claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from cpec_verify.errors import UsageError
from cpec_verify.store.models import Claim, Evidence, Verdict

FILTERS = ("unreviewed", "conflicts", "mine", "all")
SNIPPET = 160


@dataclass(frozen=True)
class QueueSpec:
    """Which claims the queue holds; ``show_others`` widens ``conflicts`` to disagreements."""

    reviewer: str
    filter: str = "unreviewed"
    article_id: int | None = None
    search: str | None = None
    show_others: bool = False

    def __post_init__(self) -> None:
        if self.filter not in FILTERS:
            raise UsageError(f"unknown filter {self.filter!r}; use one of {', '.join(FILTERS)}")


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue: enough to list a claim, not to review it."""

    claim_id: int
    article_id: int
    text: str
    label: str | None  # this reviewer's current label


@dataclass(frozen=True)
class Progress:
    """This reviewer's current verdicts out of all claims in scope (article filter only)."""

    reviewed: int
    total: int


def _current_verdict(reviewer: str | None = None) -> Any:
    """An aliased verdict ``v`` plus "v is the latest row of its (claim, reviewer) pair"."""
    v = aliased(Verdict)
    v2 = aliased(Verdict)
    newer = (
        select(v2.id)
        .where(v2.claim_id == v.claim_id, v2.reviewer == v.reviewer, v2.id > v.id)
        .exists()
    )
    cond = and_(col(v.retraction).is_(False), ~newer)
    if reviewer is not None:
        cond = and_(v.reviewer == reviewer, cond)
    return v, cond


def _has_current(reviewer: str) -> ColumnElement[bool]:
    v, cond = _current_verdict(reviewer)
    return select(v.id).where(v.claim_id == Claim.id, cond).exists()


def _differs() -> ColumnElement[bool]:
    return (
        select(Evidence.id)
        .where(Evidence.claim_id == Claim.id, Evidence.relation == "differs")
        .exists()
    )


def _disagree() -> ColumnElement[bool]:
    v, cond = _current_verdict()
    labels = (
        select(func.count(func.distinct(v.label)))
        .where(v.claim_id == Claim.id, cond)
        .scalar_subquery()
    )
    return labels > 1


def _scope(spec: QueueSpec) -> list[ColumnElement[bool]]:
    """Conditions shared by every filter: not orphaned, not a copy, article, search text."""
    conds: list[ColumnElement[bool]] = [
        col(Claim.orphaned).is_(False),
        col(Claim.copy_of).is_(None),  # a syndicated copy's claims are reviewed as the original
    ]
    if spec.article_id is not None:
        conds.append(col(Claim.article_id) == spec.article_id)
    if spec.search:
        conds.append(col(Claim.text).icontains(spec.search, autoescape=True))
    return conds


def _conditions(spec: QueueSpec) -> list[ColumnElement[bool]]:
    conds = _scope(spec)
    if spec.filter == "unreviewed":
        conds.append(~_has_current(spec.reviewer))
    elif spec.filter == "mine":
        conds.append(_has_current(spec.reviewer))
    elif spec.filter == "conflicts":
        conds.append(_differs() | _disagree() if spec.show_others else _differs())
    return conds


def _count_where(session: Session, conds: list[ColumnElement[bool]]) -> int:
    return int(session.exec(select(func.count()).select_from(Claim).where(*conds)).one())


def _count_mine(session: Session, spec: QueueSpec, below: int | None) -> int:
    """Counted from the verdict side: cost follows this reviewer's verdicts, not all claims."""
    v, cond = _current_verdict(spec.reviewer)
    stmt = select(func.count()).select_from(v).join(Claim, col(Claim.id) == v.claim_id)
    stmt = stmt.where(cond, *_scope(spec))
    if below is not None:
        stmt = stmt.where(v.claim_id < below)
    return int(session.exec(stmt).one())


def count_queue(session: Session, spec: QueueSpec, *, below: int | None = None) -> int:
    """Claims in the queue (with ``below``: those before that claim id, i.e. its position)."""
    extra = [] if below is None else [col(Claim.id) < below]
    if spec.filter in ("unreviewed", "mine"):
        mine = _count_mine(session, spec, below)
        if spec.filter == "mine":
            return mine
        return _count_where(session, [*_scope(spec), *extra]) - mine
    return _count_where(session, [*_conditions(spec), *extra])


def _labels(session: Session, reviewer: str, claim_ids: list[int]) -> dict[int, str]:
    if not claim_ids:
        return {}
    v, cond = _current_verdict(reviewer)
    stmt = select(v.claim_id, v.label).where(col(v.claim_id).in_(claim_ids), cond)
    return {int(cid): str(label) for cid, label in session.exec(stmt) if label}


def queue_page(
    session: Session,
    spec: QueueSpec,
    *,
    after: int | None = None,
    before: int | None = None,
    last: bool = False,
    limit: int = 100,
) -> list[QueueRow]:
    """Up to ``limit`` claims in id order: after an id, before an id, from the start or the end."""
    stmt = select(Claim.id, Claim.article_id, func.substr(Claim.text, 1, SNIPPET)).where(
        *_conditions(spec)
    )
    backwards = last or before is not None
    if after is not None:
        stmt = stmt.where(col(Claim.id) > after)
    if before is not None:
        stmt = stmt.where(col(Claim.id) < before)
    stmt = stmt.order_by(col(Claim.id).desc() if backwards else col(Claim.id)).limit(limit)
    rows = list(session.exec(stmt))
    if backwards:
        rows.reverse()
    labels = _labels(session, spec.reviewer, [int(r[0]) for r in rows])
    return [
        QueueRow(int(cid), int(aid), str(text), labels.get(int(cid))) for cid, aid, text in rows
    ]


@dataclass(frozen=True)
class Match:
    """Where a search landed: the matching claim (None: no match), its place among matches."""

    query: str
    claim_id: int | None
    position: int  # 1-based among the matches in the queue
    total: int
    wrapped: bool = False  # went past the queue's end (or start) to find it


def find_match(
    session: Session, spec: QueueSpec, query: str, *, current: int | None, backwards: bool = False
) -> Match:
    """The next (or previous) queued claim after ``current`` whose text contains ``query``
    (case-insensitive, literal), wrapping around the queue's ends."""
    conds = [*_conditions(spec), col(Claim.text).icontains(query, autoescape=True)]
    order = col(Claim.id).desc() if backwards else col(Claim.id)

    def first(extra: list[ColumnElement[bool]]) -> int | None:
        found = session.exec(select(Claim.id).where(*conds, *extra).order_by(order).limit(1))
        hit = found.first()
        return None if hit is None else int(hit)

    hit, wrapped = None, False
    if current is not None:
        hit = first([col(Claim.id) < current] if backwards else [col(Claim.id) > current])
    if hit is None:
        hit = first([])
        wrapped = hit is not None and current is not None
    if hit is None:
        return Match(query, None, 0, 0)
    total = _count_where(session, conds)
    position = _count_where(session, [*conds, col(Claim.id) < hit]) + 1
    return Match(query, hit, position, total, wrapped)


def page_around(
    session: Session, spec: QueueSpec, claim_id: int, *, limit: int = 100
) -> tuple[int, list[QueueRow]]:
    """The page starting at ``claim_id`` (or the next queued claim) and its 0-based offset."""
    rows = queue_page(session, spec, after=claim_id - 1, limit=limit)
    if not rows:
        rows = queue_page(session, spec, last=True, limit=limit)
    if not rows:
        return 0, []
    return count_queue(session, spec, below=rows[0].claim_id), rows


def progress(session: Session, spec: QueueSpec) -> Progress:
    """How many claims in scope this reviewer has a current verdict on (search ignored)."""
    scope = QueueSpec(reviewer=spec.reviewer, filter="all", article_id=spec.article_id)
    return Progress(
        reviewed=_count_mine(session, scope, None), total=_count_where(session, _scope(scope))
    )
