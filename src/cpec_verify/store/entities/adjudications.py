"""Append-only adjudications by leads, and what the leads' screen shows for a dispute.

Like verdicts, nothing here updates or deletes a row: a new adjudication supersedes
the previous one, and a retraction row (no label) withdraws it, which returns the
claim to its verdict-derived status.  Every writer calls ``require_lead`` first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from cpec_verify.errors import UsageError
from cpec_verify.store.entities.reviewers import require_lead
from cpec_verify.store.entities.verdicts import check_label, latest_verdicts, verdict_record
from cpec_verify.store.models import Adjudication, Article, Claim, Source, Span
from cpec_verify.store.queries.status import (
    ClaimStatus,
    claim_status,
    claims_in_status,
    iter_status_batches,
)


def _check_rationale(rationale: str | None) -> str:
    text = (rationale or "").strip()
    if not text:
        raise UsageError("a rationale is required: say why this label is final")
    return text


def add_adjudication(
    session: Session, *, claim_id: int, lead: str, label: str, rationale: str
) -> Adjudication:
    """Record a lead's final label for a claim; the caller commits."""
    lead_row = require_lead(session, lead)
    check_label(label)
    text = _check_rationale(rationale)
    if session.get(Claim, claim_id) is None:
        raise UsageError(f"no claim with id {claim_id}")
    row = Adjudication(claim_id=claim_id, lead=lead_row.name, label=label, rationale=text)
    session.add(row)
    session.flush()
    return row


def retract_adjudication(
    session: Session, *, claim_id: int, lead: str, rationale: str
) -> Adjudication | None:
    """Withdraw the current adjudication (a retraction row); None when there is none."""
    lead_row = require_lead(session, lead)
    text = _check_rationale(rationale)
    current = latest_adjudication(session, claim_id)
    if current is None:
        return None
    row = Adjudication(
        claim_id=claim_id,
        lead=lead_row.name,
        label=None,
        retraction=True,
        rationale=f"retracts adjudication #{current.id}: {text}",
    )
    session.add(row)
    session.flush()
    return row


def accept_agreed(
    session: Session, *, lead: str, min_reviewers: int, rationale: str | None = None
) -> int:
    """Confirm every ``agreed`` claim with its unanimous label; returns how many."""
    lead_name = require_lead(session, lead).name
    count = 0
    for rows in iter_status_batches(session, min_reviewers=min_reviewers, statuses=["agreed"]):
        objs = [
            Adjudication(
                claim_id=r.claim_id,
                lead=lead_name,
                label=r.final_label,
                rationale=rationale or f"accepted: {r.reviewers} reviewers agree unanimously",
            )
            for r in rows
        ]
        session.add_all(objs)
        session.flush()
        session.expunge_all()  # keeps memory flat on large sets; rows are flushed
        count += len(objs)
    return count


def latest_adjudication(session: Session, claim_id: int) -> Adjudication | None:
    """The claim's current adjudication; None when never adjudicated or last retracted."""
    stmt = (
        select(Adjudication)
        .where(Adjudication.claim_id == claim_id)
        .order_by(col(Adjudication.id).desc())
        .limit(1)
    )
    row = session.exec(stmt).first()
    return None if row is None or row.retraction else row


def latest_adjudications(session: Session, claim_ids: Iterable[int]) -> dict[int, Adjudication]:
    """Current adjudication per claim, for a batch of claims (one query)."""
    ids = list(claim_ids)
    if not ids:
        return {}
    latest = (
        select(func.max(Adjudication.id).label("id"))
        .where(col(Adjudication.claim_id).in_(ids))
        .group_by(col(Adjudication.claim_id))
        .subquery()
    )
    stmt = select(Adjudication).join(latest, col(Adjudication.id) == latest.c.id)
    return {a.claim_id: a for a in session.exec(stmt) if not a.retraction}


def adjudication_history(session: Session, claim_id: int) -> list[Adjudication]:
    """Every row, retractions included, oldest first."""
    stmt = select(Adjudication).where(Adjudication.claim_id == claim_id)
    return list(session.exec(stmt.order_by(col(Adjudication.id))))


def adjudication_record(a: Adjudication) -> dict[str, Any]:
    """The JSON shape of an adjudication (field names are a contract)."""
    return {
        "id": a.id,
        "claim_id": a.claim_id,
        "lead": a.lead,
        "label": a.label,
        "retraction": a.retraction,
        "rationale": a.rationale,
        "created_at": a.created_at.isoformat() + "Z",
    }


def disputed_page(
    session: Session, *, min_reviewers: int, after_id: int = 0, limit: int = 20
) -> list[ClaimStatus]:
    """The next ``limit`` disputed claims after ``after_id``, in id order."""
    return claims_in_status(
        session, "disputed", min_reviewers=min_reviewers, after_id=after_id, limit=limit
    )


@dataclass(frozen=True)
class DisputeView:
    """One claim as the leads' screen shows it: plain data, safe to pass between threads."""

    claim: dict[str, Any]
    article: dict[str, Any]  # includes the full ``text``; claim offsets index into it
    status: str
    verdicts: list[dict[str, Any]]  # each reviewer's latest, ``cited`` resolved to sentences
    history: list[dict[str, Any]]  # adjudications, oldest first


def dispute_view(session: Session, claim_id: int, *, lead: str, min_reviewers: int) -> DisputeView:
    """Everything a lead needs to settle one claim; only leads may see others' verdicts."""
    require_lead(session, lead)
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise UsageError(f"no claim with id {claim_id}")
    article = session.get(Article, claim.article_id)
    assert article is not None
    source = session.get(Source, article.source_id)
    verdicts = [verdict_record(v) for v in latest_verdicts(session, claim_ids=[claim_id])]
    span_ids = sorted({s for v in verdicts for s in v["evidence"]})
    spans: dict[int, dict[str, Any]] = {}
    if span_ids:
        stmt = (
            select(Span, Article)
            .join(Article, col(Article.id) == Span.article_id)
            .where(col(Span.id).in_(span_ids))
        )
        for span, art in session.exec(stmt):
            spans[span.id] = {  # type: ignore[index]
                "span_id": span.id,
                "text": span.text,
                "start": span.start,
                "end": span.end,
                "article_id": art.id,
                "title": art.title,
                "outlet": art.outlet,
                "published": art.published,
                "url": art.url,
            }
    for v in verdicts:
        v["cited"] = [spans[s] for s in v["evidence"] if s in spans]
    status = claim_status(session, claim_id, min_reviewers=min_reviewers)
    return DisputeView(
        claim={
            "id": claim.id,
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
            "speaker": claim.speaker,
            "quantities": list(claim.quantities or []),
        },
        article={
            "id": article.id,
            "title": article.title,
            "outlet": article.outlet,
            "url": article.url,
            "published": article.published,
            "sha256": source.sha256 if source else None,
            # the imported file as screens show it (relative, never absolute), when no URL
            "source": (source.name or source.path) if source else None,
            "text": article.text,
        },
        status=status.status if status else "unreviewed",
        verdicts=verdicts,
        history=[adjudication_record(a) for a in adjudication_history(session, claim_id)],
    )
