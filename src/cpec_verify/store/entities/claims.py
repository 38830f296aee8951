"""Repository functions for claims and their evidence.

Functions take a session and never commit.  Listings page by claim id (``after_id``) so the
review screen and ``claims --format jsonl`` can walk a large table without OFFSET scans, and
evidence for a page is fetched in one query.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, delete, exists, func, insert
from sqlmodel import Session, col, select

from cpec_verify.store.models import Adjudication, Article, Claim, Evidence, Span, Verdict

KINDS = ("figure", "date", "ordinal", "quote", "attribution", "agreement")
RELATIONS = ("agrees", "differs", "related")
_CHUNK = 500  # ids per IN (...) clause: well under SQLite's variable limit


@dataclass(frozen=True)
class ClaimFilters:
    """What a listing shows; ``orphaned`` None means orphaned and current claims alike."""

    article_id: int | None = None
    kind: str | None = None
    relation: str | None = None
    orphaned: bool | None = False
    origin: str | None = None


def chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterator[list[int]]:
    for lo in range(0, len(ids), size):
        yield list(ids[lo : lo + size])


def _filtered(stmt: Any, filters: ClaimFilters) -> Any:
    if filters.article_id is not None:
        stmt = stmt.where(Claim.article_id == filters.article_id)
    if filters.orphaned is not None:
        stmt = stmt.where(Claim.orphaned == filters.orphaned)
    if filters.origin is not None:
        stmt = stmt.where(Claim.origin == filters.origin)
    if filters.kind is not None:
        # JSON list stored as text on SQLite and rendered as text on PostgreSQL: match the item.
        stmt = stmt.where(cast(Claim.kinds, String).like(f'%"{filters.kind}"%'))
    if filters.relation is not None:
        stmt = stmt.where(
            exists().where(Evidence.claim_id == Claim.id, Evidence.relation == filters.relation)
        )
    return stmt


def claims_page(
    session: Session, after_id: int = 0, limit: int = 100, filters: ClaimFilters | None = None
) -> list[Claim]:
    """The next ``limit`` claims with id greater than ``after_id``, in id order."""
    stmt = select(Claim).where(col(Claim.id) > after_id)
    stmt = _filtered(stmt, filters or ClaimFilters()).order_by(col(Claim.id)).limit(limit)
    return list(session.exec(stmt))


def iter_claims(
    session: Session, filters: ClaimFilters | None = None, page: int = 1000
) -> Iterator[list[Claim]]:
    """Pages of claims, id order, until none are left."""
    after = 0
    while True:
        rows = claims_page(session, after, page, filters)
        if not rows:
            return
        yield rows
        after = rows[-1].id or after


def count_claims(session: Session, filters: ClaimFilters | None = None) -> int:
    stmt = _filtered(select(func.count()).select_from(Claim), filters or ClaimFilters())
    return int(session.exec(stmt).one())


def evidence_for(
    session: Session, claim_ids: Sequence[int]
) -> dict[int, list[tuple[Evidence, Span]]]:
    """Each claim's evidence with its sentence, best first."""
    out: dict[int, list[tuple[Evidence, Span]]] = {cid: [] for cid in claim_ids}
    for chunk in chunks(list(claim_ids)):
        stmt = (
            select(Evidence, Span)
            .join(Span, col(Span.id) == Evidence.span_id)
            .where(col(Evidence.claim_id).in_(chunk))
            .order_by(col(Evidence.claim_id), col(Evidence.rank))
        )
        for ev, span in session.exec(stmt):
            out[ev.claim_id].append((ev, span))
    return out


def claim_with_evidence(
    session: Session, claim_id: int
) -> tuple[Claim, list[tuple[Evidence, Span]]] | None:
    claim = session.get(Claim, claim_id)
    if claim is None:
        return None
    return claim, evidence_for(session, [claim_id])[claim_id]


def evidence_record(ev: Evidence, span: Span) -> dict[str, Any]:
    """The JSON shape of one piece of evidence (field names are a contract)."""
    return {
        "span_id": ev.span_id,
        "article_id": ev.article_id,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "score": ev.score,
        "relation": ev.relation,
        "reason": ev.reason,
        "same_source": ev.same_source,
        "rank": ev.rank,
    }


def claim_record(claim: Claim, evidence: Iterable[tuple[Evidence, Span]]) -> dict[str, Any]:
    """The JSON shape of a claim with its evidence, best first (field names are a contract)."""
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "sentence_id": claim.sentence_id,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "kinds": list(claim.kinds),
        "quantities": list(claim.quantities),
        "speaker": claim.speaker,
        "score": claim.score,
        "reason": claim.score_reason,
        "origin": claim.origin,
        "extractor_version": claim.extractor_version,
        "orphaned": claim.orphaned,
        "evidence": [evidence_record(ev, span) for ev, span in evidence],
    }


def claims_of_articles(session: Session, article_ids: Sequence[int]) -> list[Claim]:
    out: list[Claim] = []
    for chunk in chunks(list(article_ids)):
        stmt = select(Claim).where(col(Claim.article_id).in_(chunk)).order_by(col(Claim.id))
        out.extend(session.exec(stmt))
    return out


def reviewed_claim_ids(session: Session, claim_ids: Sequence[int]) -> set[int]:
    """Claims that carry human work (a verdict or an adjudication, even a retracted one)."""
    found: set[int] = set()
    for chunk in chunks(list(claim_ids)):
        found.update(
            session.exec(
                select(Verdict.claim_id).where(col(Verdict.claim_id).in_(chunk)).distinct()
            )
        )
        found.update(
            session.exec(
                select(Adjudication.claim_id)
                .where(col(Adjudication.claim_id).in_(chunk))
                .distinct()
            )
        )
    return found


def delete_claims(session: Session, claim_ids: Sequence[int]) -> None:
    for chunk in chunks(list(claim_ids)):
        session.execute(delete(Evidence).where(col(Evidence.claim_id).in_(chunk)))
        session.execute(delete(Claim).where(col(Claim.id).in_(chunk)))


def insert_claims(
    session: Session, rows: Sequence[dict[str, Any]], *, want_ids: bool = True
) -> list[int]:
    """Insert many claims at once; their new ids in the order given (empty when not wanted:
    a plain executemany is several times faster than one with RETURNING)."""
    table = Claim.__table__  # type: ignore[attr-defined]
    ids: list[int] = []
    for lo in range(0, len(rows), 5000):
        batch = list(rows[lo : lo + 5000])
        if not want_ids:
            session.execute(table.insert(), batch)
            continue
        result = session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), batch
        )
        ids.extend(int(r[0]) for r in result)
    return ids


def replace_evidence(session: Session, rows_by_claim: dict[int, list[dict[str, Any]]]) -> int:
    """Drop the claims' old evidence and store the new; returns how many links were written."""
    claim_ids = list(rows_by_claim)
    for chunk in chunks(claim_ids):
        session.execute(delete(Evidence).where(col(Evidence.claim_id).in_(chunk)))
    rows = [row for cid in claim_ids for row in rows_by_claim[cid]]
    table = Evidence.__table__  # type: ignore[attr-defined]
    for lo in range(0, len(rows), 10000):
        session.execute(table.insert(), rows[lo : lo + 10000])
    return len(rows)


def articles_to_extract(session: Session, version: str) -> list[int]:
    """Articles never extracted, or whose automatic claims came from another extractor version."""
    has_claims = exists().where(Claim.article_id == Article.id, Claim.origin == "auto")
    stale = exists().where(
        Claim.article_id == Article.id, Claim.origin == "auto", Claim.extractor_version != version
    )
    stmt = select(Article.id).where(~has_claims | stale).order_by(col(Article.id))
    return [int(a) for a in session.exec(stmt)]
