"""The streaming read behind ``export``: plain rows per claim, in id order, batch by batch.

Each batch of claim ids costs a fixed handful of queries (status, claims, latest
verdicts, adjudications, cited sentences, their evidence rows, articles), so the
work is linear in the claims and memory stays flat whatever the database size.
The session is emptied after each batch; rows are plain dicts for
``export.records.build_record``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, func, type_coerce
from sqlmodel import Session, col, select

from cpec_verify.store.models import Adjudication, Article, Claim, Evidence, Source, Span, Verdict
from cpec_verify.store.queries.status import BATCH, FINAL_STATUSES, iter_status_batches

CHUNK = 900  # ids per IN (...) list, under every backend's bound-parameter limit


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def _all(session: Session, stmt: Any) -> list[Any]:
    """Rows as tuples through Core (no ORM loading), fetched in one call."""
    return session.connection().execute(stmt).all()


def _raw(column: Any) -> Any:
    """A JSON column as its stored text: decoded by ``_json_list``, skipping "[]" for free."""
    return type_coerce(column, String)


def _json_list(value: Any) -> list[Any]:
    if value is None or value == "[]":
        return []
    return list(json.loads(value) if isinstance(value, str) else value)


def _in_range(column: Any, lo: int, hi: int) -> Any:
    """Claim-id windows are bounded by a range, not an IN list: cheaper to bind and plan."""
    return and_(column >= lo, column <= hi)


def _articles(session: Session, ids: set[int], with_text: set[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    cols = (
        Article.id,
        Article.title,
        Article.outlet,
        Article.url,
        Article.published,
        Article.dateline,
        Article.byline,
        Article.part,
        Source.sha256,
    )
    for chunk in _chunks(sorted(ids)):
        stmt = select(*cols).join(Source, col(Source.id) == Article.source_id)
        for aid, title, outlet, url, published, dateline, byline, part, sha in _all(
            session, stmt.where(col(Article.id).in_(chunk))
        ):
            out[aid] = {
                "title": title,
                "outlet": outlet,
                "url": url,
                "published": published,
                "dateline": dateline,
                "byline": byline,
                "part": part,
                "sha256": sha,
            }
    for chunk in _chunks(sorted(with_text)):
        stmt = select(col(Article.id), col(Article.text)).where(col(Article.id).in_(chunk))
        for aid, text in _all(session, stmt):
            out[aid] = {**out[aid], "text": text}
    return out


def _claims(session: Session, lo: int, hi: int) -> dict[int, dict[str, Any]]:
    stmt = (
        select(
            Claim.id,
            Claim.article_id,
            Claim.text,
            Claim.start,
            Claim.end,
            Claim.speaker,
            _raw(Claim.quantities),
            _raw(Claim.kinds),
            Claim.origin,
            Span.start,
            Span.end,
            Span.text,
            Span.paragraph,
        )
        .join(Span, col(Span.id) == Claim.sentence_id, isouter=True)
        .where(_in_range(col(Claim.id), lo, hi))
    )
    out: dict[int, dict[str, Any]] = {}
    for (
        cid,
        aid,
        text,
        start,
        end,
        speaker,
        quantities,
        kinds,
        origin,
        s_start,
        s_end,
        s_text,
        s_par,
    ) in _all(session, stmt):
        out[cid] = {
            "article_id": aid,
            "text": text,
            "start": start,
            "end": end,
            "speaker": speaker,
            "quantities": _json_list(quantities),
            "kinds": _json_list(kinds),
            "origin": origin,
            "sentence": None
            if s_start is None
            else {"start": s_start, "end": s_end, "text": s_text, "paragraph": s_par},
        }
    return out


def _spans(session: Session, span_ids: set[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted(span_ids)):
        stmt = select(Span.id, Span.article_id, Span.start, Span.end, Span.text, Span.paragraph)
        for sid, aid, start, end, text, paragraph in _all(
            session, stmt.where(col(Span.id).in_(chunk))
        ):
            out[sid] = {
                "article_id": aid,
                "start": start,
                "end": end,
                "text": text,
                "paragraph": paragraph,
            }
    return out


def _verdicts(session: Session, lo: int, hi: int) -> dict[int, list[dict[str, Any]]]:
    """Latest verdicts as ``verdicts.verdict_record`` dicts, read as columns, not ORM objects.

    Same "latest" rule as ``verdicts.latest_verdicts`` (highest id per claim and reviewer,
    retractions dropped); building ORM instances was the largest cost of a large export.
    """
    latest = (
        select(func.max(Verdict.id).label("id"))
        .where(_in_range(col(Verdict.claim_id), lo, hi))
        .group_by(col(Verdict.claim_id), col(Verdict.reviewer))
        .subquery()
    )
    stmt = (
        select(
            Verdict.id,
            Verdict.claim_id,
            Verdict.reviewer,
            Verdict.label,
            _raw(Verdict.evidence),
            Verdict.note,
            type_coerce(Verdict.created_at, String),
        )
        .join(latest, col(Verdict.id) == latest.c.id)
        .where(col(Verdict.retraction).is_(False))
        .order_by(col(Verdict.claim_id), col(Verdict.reviewer))
    )
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for vid, cid, reviewer, label, evidence, note, created in _all(session, stmt):
        out[cid].append(
            {
                "id": vid,
                "claim_id": cid,
                "reviewer": reviewer,
                "label": label,
                "evidence": _json_list(evidence),
                "note": note,
                "created_at": _iso(created),
                "retraction": False,
            }
        )
    return out


def _iso(value: str | datetime) -> str:
    """``created_at.isoformat() + "Z"`` as the store's records write it, from a raw column."""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return when.isoformat() + "Z"


def _adjudications(session: Session, lo: int, hi: int) -> dict[int, dict[str, Any]]:
    """The current adjudication per claim (same rule as ``adjudications.latest_adjudication``)."""
    latest = (
        select(func.max(Adjudication.id).label("id"))
        .where(_in_range(col(Adjudication.claim_id), lo, hi))
        .group_by(col(Adjudication.claim_id))
        .subquery()
    )
    stmt = select(
        Adjudication.claim_id,
        Adjudication.lead,
        Adjudication.label,
        Adjudication.rationale,
        type_coerce(Adjudication.created_at, String),
        Adjudication.retraction,
    ).join(latest, col(Adjudication.id) == latest.c.id)
    return {
        cid: {"lead": lead, "label": label, "rationale": rationale, "created_at": _iso(created)}
        for cid, lead, label, rationale, created, retraction in _all(session, stmt)
        if not retraction
    }


def _evidence_rows(
    session: Session, lo: int, hi: int, span_ids: set[int]
) -> dict[tuple[int, int], dict[str, Any]]:
    """Ranked evidence rows for the cited (claim, sentence) pairs; the best rank wins."""
    out: dict[tuple[int, int], dict[str, Any]] = {}
    if not span_ids:
        return out
    stmt = (
        select(
            Evidence.claim_id,
            Evidence.span_id,
            Evidence.rank,
            Evidence.score,
            Evidence.relation,
            Evidence.reason,
            Evidence.same_source,
        )
        .where(_in_range(col(Evidence.claim_id), lo, hi))
        .order_by(col(Evidence.rank).desc())
    )
    for cid, sid, rank, score, relation, reason, same in _all(session, stmt):
        if sid in span_ids:
            out[(cid, sid)] = {
                "rank": rank,
                "score": score,
                "relation": relation,
                "reason": reason,
                "same_source": bool(same),
            }
    return out


def _copies(session: Session, claim_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The claims of syndicated copies, by the original they repeat."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for chunk in _chunks(sorted(claim_ids)):
        stmt = (
            select(Claim.copy_of, Claim.id, Claim.article_id, Claim.start, Claim.end)
            .where(col(Claim.copy_of).in_(chunk))
            .order_by(col(Claim.id))
        )
        for original, cid, aid, start, end in _all(session, stmt):
            out[original].append({"claim_id": cid, "article_id": aid, "start": start, "end": end})
    return out


def iter_export_rows(
    session: Session,
    *,
    statuses: Sequence[str] = FINAL_STATUSES,
    min_reviewers: int = 2,
    with_article_text: bool = False,
    batch: int = 2 * BATCH,
) -> Iterator[dict[str, Any]]:
    """One plain row per claim whose status is in ``statuses``, in claim id order.

    A syndicated copy's claims are not rows of their own: they ride in their original's
    ``copies`` (the original's verdicts count for them).
    """
    for status_rows in iter_status_batches(
        session, min_reviewers=min_reviewers, statuses=statuses, batch=batch
    ):
        if not status_rows:
            continue
        lo, hi = status_rows[0].claim_id, status_rows[-1].claim_id
        claims = _claims(session, lo, hi)
        verdicts = _verdicts(session, lo, hi)
        adjudications = _adjudications(session, lo, hi)
        wanted = [claims[r.claim_id] for r in status_rows]
        cited = {
            s for r in status_rows for v in verdicts.get(r.claim_id, ()) for s in v["evidence"]
        }
        spans = _spans(session, cited)
        evidence = _evidence_rows(session, lo, hi, set(spans))
        copies = _copies(session, [r.claim_id for r in status_rows])
        article_ids = {c["article_id"] for c in wanted} | {s["article_id"] for s in spans.values()}
        article_ids |= {c["article_id"] for found in copies.values() for c in found}
        with_text = {c["article_id"] for c in wanted} if with_article_text else set()
        articles = _articles(session, article_ids, with_text)
        for r in status_rows:
            claim = claims[r.claim_id]
            claim_spans = {}
            for v in verdicts.get(r.claim_id, ()):
                for sid in v["evidence"]:
                    if sid in spans:
                        span = spans[sid]
                        claim_spans[sid] = {
                            **span,
                            "article": articles[span["article_id"]],
                            "evidence": evidence.get((r.claim_id, sid)),
                        }
            yield {
                "claim_id": r.claim_id,
                "status": r.status,
                "final_label": r.final_label,
                "claim": claim,
                "article": articles[claim["article_id"]],
                "verdicts": verdicts.get(r.claim_id, []),
                "spans": claim_spans,
                "adjudication": adjudications.get(r.claim_id),
                "copies": [
                    {**c, "article": articles[c["article_id"]]} for c in copies.get(r.claim_id, ())
                ],
            }
