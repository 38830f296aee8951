"""Derived claim status, computed in SQL so counting and filtering never load every row.

A claim is ``adjudicated`` when its latest adjudication row is not a retraction;
otherwise ``unreviewed`` with no current verdict, ``disputed`` when current labels
differ, ``in_review`` while fewer than ``min_reviewers`` reviewers have a verdict,
and ``agreed`` when that many or more agree.  Disagreement wins over the reviewer
count: two differing verdicts are a dispute however many reviewers the policy wants.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, case, distinct, func, literal, or_, true
from sqlmodel import Session, col, select

from cpec_verify.errors import UsageError
from cpec_verify.store.models import Adjudication, Article, Claim, Verdict

STATUSES = ("unreviewed", "in_review", "disputed", "agreed", "adjudicated")
FINAL_STATUSES = ("agreed", "adjudicated")
DEFAULT_MIN_REVIEWERS = 2
BATCH = 500


class ClaimStatus(NamedTuple):
    """One claim's status and, when it has one, its final label (a tuple: exports make many)."""

    claim_id: int
    article_id: int
    status: str
    reviewers: int
    final_label: str | None


def check_statuses(names: Iterable[str]) -> tuple[str, ...]:
    """Validate a status filter; order follows ``STATUSES``."""
    wanted = {n.strip() for n in names if n.strip()}
    unknown = sorted(wanted - set(STATUSES))
    if unknown:
        raise UsageError(f"unknown status {', '.join(unknown)}; use {', '.join(STATUSES)}")
    if not wanted:
        raise UsageError(f"empty status filter; use {', '.join(STATUSES)}")
    return tuple(s for s in STATUSES if s in wanted)


def check_min_reviewers(n: int) -> int:
    if n < 1:
        raise UsageError("--min-reviewers must be at least 1")
    return n


def _bounds(column: Any, lo: int | None, hi: int | None) -> Any:
    if lo is None or hi is None:
        return true()
    return and_(column >= lo, column <= hi)


def _keys_in(column: Any, lo: int | None, hi: int | None) -> Any:
    """Verdicts that decide claims [lo, hi]: their own, and their originals' for copies."""
    if lo is None or hi is None:
        return true()
    originals = select(col(Claim.copy_of)).where(
        _bounds(Claim.id, lo, hi), col(Claim.copy_of).is_not(None)
    )
    return or_(_bounds(column, lo, hi), column.in_(originals))


def status_select(
    min_reviewers: int,
    *,
    lo: int | None = None,
    hi: int | None = None,
    include_copies: bool = True,
) -> Select[Any]:
    """``(claim_id, article_id, status, reviewers, final_label)`` for claims with id in [lo, hi].

    A copy of a syndicated story (``copy_of``) has its original's status; without
    ``include_copies`` only originals are listed, so each claim counts once.
    """
    latest_v = (
        select(func.max(Verdict.id).label("id"))
        .where(_keys_in(Verdict.claim_id, lo, hi))
        .group_by(col(Verdict.claim_id), col(Verdict.reviewer))
        .subquery()
    )
    agg = (
        select(
            col(Verdict.claim_id).label("claim_id"),
            func.count().label("n"),
            func.count(distinct(Verdict.label)).label("k"),
            func.min(Verdict.label).label("label"),
        )
        .join(latest_v, col(Verdict.id) == latest_v.c.id)
        .where(col(Verdict.retraction).is_(False))
        .group_by(col(Verdict.claim_id))
        .subquery()
    )
    latest_a = (
        select(func.max(Adjudication.id).label("id"))
        .where(_keys_in(Adjudication.claim_id, lo, hi))
        .group_by(col(Adjudication.claim_id))
        .subquery()
    )
    adj = (
        select(col(Adjudication.claim_id).label("claim_id"), col(Adjudication.label).label("label"))
        .join(latest_a, col(Adjudication.id) == latest_a.c.id)
        .where(col(Adjudication.retraction).is_(False), col(Adjudication.label).is_not(None))
        .subquery()
    )
    n = func.coalesce(agg.c.n, 0)
    key = func.coalesce(col(Claim.copy_of), col(Claim.id))  # a copy takes its original's status
    status = case(
        (adj.c.label.is_not(None), literal("adjudicated")),
        (n == 0, literal("unreviewed")),
        (agg.c.k > 1, literal("disputed")),
        (n < min_reviewers, literal("in_review")),
        else_=literal("agreed"),
    )
    final = case(
        (adj.c.label.is_not(None), adj.c.label),
        (and_(agg.c.k == 1, n >= min_reviewers), agg.c.label),
        else_=None,
    )
    stmt = (
        select(
            col(Claim.id).label("claim_id"),
            col(Claim.article_id).label("article_id"),
            status.label("status"),
            n.label("reviewers"),
            final.label("final_label"),
        )
        .outerjoin(agg, agg.c.claim_id == key)
        .outerjoin(adj, adj.c.claim_id == key)
        .where(_bounds(Claim.id, lo, hi))
        .order_by(col(Claim.id))
    )
    return stmt if include_copies else stmt.where(col(Claim.copy_of).is_(None))


def _rows(session: Session, stmt: Select[Any]) -> list[ClaimStatus]:
    return [ClaimStatus._make(row) for row in session.connection().execute(stmt)]


def claim_status(session: Session, claim_id: int, *, min_reviewers: int) -> ClaimStatus | None:
    rows = _rows(session, status_select(min_reviewers, lo=claim_id, hi=claim_id))
    return rows[0] if rows else None


def iter_status_batches(
    session: Session,
    *,
    min_reviewers: int,
    statuses: Sequence[str] | None = None,
    after_id: int = 0,
    batch: int = BATCH,
    include_copies: bool = False,
) -> Iterator[list[ClaimStatus]]:
    """Claims in id order, ``batch`` ids at a time, keeping those in ``statuses``.

    Each window of ids bounds every subquery, so the cost per batch does not grow
    with the table; a batch may be empty when no claim in its window matches.  Claims of
    syndicated copies are left out unless ``include_copies``: their original stands for them.
    """
    last = after_id
    while True:
        ids = list(
            session.connection()
            .execute(
                select(col(Claim.id))
                .where(col(Claim.id) > last)
                .order_by(col(Claim.id))
                .limit(batch)
            )
            .scalars()
        )
        if not ids:
            return
        stmt = status_select(min_reviewers, lo=ids[0], hi=ids[-1], include_copies=include_copies)
        if statuses is not None:
            stmt = stmt.where(stmt.selected_columns.status.in_(list(statuses)))
        yield _rows(session, stmt)
        last = ids[-1]


def claims_in_status(
    session: Session, status: str, *, min_reviewers: int, after_id: int = 0, limit: int = 20
) -> list[ClaimStatus]:
    """A page of claims in one status after ``after_id`` (the leads' screen pages disputes)."""
    check_statuses([status])
    page: list[ClaimStatus] = []
    for rows in iter_status_batches(
        session, min_reviewers=min_reviewers, statuses=[status], after_id=after_id
    ):
        page.extend(rows)
        if len(page) >= limit:
            break
    return page[:limit]


def status_summary(session: Session, *, min_reviewers: int) -> dict[str, Any]:
    """Counts per status, overall and per article (the ``status`` command's JSON).

    Each claim counts once: a syndicated copy's claims are counted with their original
    (``copies`` says how many there are).
    """
    per_claim = status_select(min_reviewers, include_copies=False).order_by(None).subquery()
    stmt = (
        select(per_claim.c.article_id, col(Article.title), per_claim.c.status, func.count())
        .join(Article, col(Article.id) == per_claim.c.article_id)
        .group_by(per_claim.c.article_id, col(Article.title), per_claim.c.status)
        .order_by(per_claim.c.article_id)
    )
    totals = dict.fromkeys(STATUSES, 0)
    articles: dict[int, dict[str, Any]] = {}
    for article_id, title, status, count in session.execute(stmt):
        entry = articles.setdefault(
            article_id,
            {
                "article_id": article_id,
                "title": title,
                "total": 0,
                "counts": dict.fromkeys(STATUSES, 0),
            },
        )
        entry["counts"][status] += count
        entry["total"] += count
        totals[status] += count
    copies = session.execute(
        select(func.count()).select_from(Claim).where(col(Claim.copy_of).is_not(None))
    ).scalar_one()
    return {
        "min_reviewers": min_reviewers,
        "total": sum(totals.values()),
        "counts": totals,
        "copies": int(copies),
        "articles": list(articles.values()),
    }
