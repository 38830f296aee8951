"""Repository functions for claims and their evidence.

Functions take a session and never commit.  Listings page by claim id (``after_id``) so the
review screen and ``claims --format jsonl`` can walk a large table without OFFSET scans, and
evidence for a page is fetched in one query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, bindparam, cast, delete, exists, func, insert, update
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
    include_copies: bool = False  # claims repeated from an original by a syndicated copy


def chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterator[list[int]]:
    for lo in range(0, len(ids), size):
        yield list(ids[lo : lo + size])


def _filtered(stmt: Any, filters: ClaimFilters) -> Any:
    if not filters.include_copies:
        stmt = stmt.where(col(Claim.copy_of).is_(None))
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


def claim_record(
    claim: Claim,
    evidence: Iterable[tuple[Evidence, Span]],
    copies: Sequence[tuple[int, int]] = (),
) -> dict[str, Any]:
    """The JSON shape of a claim with its evidence, best first (field names are a contract).

    ``copy_of`` names the original a syndicated copy repeats; an original lists its
    ``copies`` as ``{"id", "article_id"}``.
    """
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
        "copy_of": claim.copy_of,
        "copies": [{"id": cid, "article_id": aid} for cid, aid in copies],
        "evidence": [evidence_record(ev, span) for ev, span in evidence],
    }


def copies_of(session: Session, claim_ids: Sequence[int]) -> dict[int, list[tuple[int, int]]]:
    """``(copy claim id, its article id)`` for each original, in id order."""
    out: dict[int, list[tuple[int, int]]] = {cid: [] for cid in claim_ids}
    for chunk in chunks(list(claim_ids)):
        stmt = (
            select(Claim.copy_of, Claim.id, Claim.article_id)
            .where(col(Claim.copy_of).in_(chunk))
            .order_by(col(Claim.id))
        )
        for original, cid, aid in session.exec(stmt):
            out[int(original)].append((int(cid), int(aid)))
    return out


def original_of(session: Session, claim_id: int) -> int | None:
    """The original a copy repeats, or None for an original (or an unknown id)."""
    return session.exec(select(Claim.copy_of).where(Claim.id == claim_id)).first()


def originals_of(session: Session, claim_ids: Iterable[int]) -> dict[int, int]:
    """``{copy id: original id}`` for those of ``claim_ids`` that are copies."""
    out: dict[int, int] = {}
    for chunk in chunks(sorted(set(claim_ids))):
        stmt = select(Claim.id, Claim.copy_of).where(
            col(Claim.id).in_(chunk), col(Claim.copy_of).is_not(None)
        )
        out.update({int(cid): int(orig) for cid, orig in session.exec(stmt)})
    return out


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _roots(session: Session) -> dict[int, int]:
    """Each duplicate article's first original (a copy of a copy points to the first)."""
    dups = {
        int(a): int(d)
        for a, d in session.exec(
            select(Article.id, Article.duplicate_of).where(col(Article.duplicate_of).is_not(None))
        )
    }
    roots: dict[int, int] = {}
    for article, original in dups.items():
        seen = {article}
        while original in dups and original not in seen:
            seen.add(original)
            original = dups[original]
        roots[article] = original
    return roots


COPY_SIMILARITY = 90.0  # a wire copy's edit ("told" -> "said to") keeps the claim the same


def match_copies(
    copies: Sequence[tuple[int, str]], originals: Sequence[tuple[int, str]]
) -> dict[int, int]:
    """``{copy claim: original claim}`` by normalised text: equal first, then near-equal.

    Each original takes at most one copy claim; near-equal means a rapidfuzz ratio of at
    least ``COPY_SIMILARITY``, so an edited word still links while another figure does not.
    """
    from rapidfuzz import fuzz

    free = dict(originals)
    by_text: dict[str, int] = {}
    for oid, text in originals:
        by_text.setdefault(text, oid)
    out: dict[int, int] = {}
    for cid, text in copies:
        oid = by_text.get(text)
        if oid is not None and oid in free:
            out[cid] = oid
            del free[oid]
    for cid, text in copies:
        if cid in out or not free:
            continue
        best = max(free, key=lambda oid: fuzz.ratio(text, free[oid]))
        if fuzz.ratio(text, free[best]) >= COPY_SIMILARITY and _same_figures(text, free[best]):
            out[cid] = best
            del free[best]
    return out


_DIGITS = re.compile(r"\d[\d.,]*")


def _same_figures(a: str, b: str) -> bool:
    """Near-equal claims are the same claim only if they state the same numbers."""
    return _DIGITS.findall(a) == _DIGITS.findall(b)


def link_copies(session: Session, article_ids: Sequence[int] | None = None) -> int:
    """Link each claim of a syndicated copy to the same claim (same text) in its original.

    Runs after (re-)extraction of ``article_ids`` (None: every article); copies of those
    articles and copies among them are relinked.  Returns the claims now marked as copies.
    """
    roots = _roots(session)
    wanted = set(article_ids) if article_ids is not None else None
    pairs = {
        copy: original
        for copy, original in roots.items()
        if wanted is None or copy in wanted or original in wanted
    }
    if wanted is not None:  # an article no longer a duplicate: its claims are originals again
        for chunk in chunks(sorted(wanted - set(roots))):
            table = Claim.__table__  # type: ignore[attr-defined]
            session.execute(
                update(table)
                .where(table.c.article_id.in_(chunk), table.c.copy_of.is_not(None))
                .values(copy_of=None)
            )
    linked = 0
    current = col(Claim.orphaned).is_(False)
    table = Claim.__table__  # type: ignore[attr-defined]
    for copy, original in sorted(pairs.items()):
        originals = [
            (int(cid), _norm(text))
            for cid, text in session.exec(
                select(Claim.id, Claim.text)
                .where(Claim.article_id == original, current)
                .order_by(col(Claim.id))
            )
        ]
        rows = session.exec(
            select(Claim.id, Claim.text, Claim.copy_of)
            .where(Claim.article_id == copy, current)
            .order_by(col(Claim.id))
        ).all()
        match = match_copies([(int(c), _norm(t)) for c, t, _ in rows], originals)
        changes = [
            {"cid": int(cid), "orig": match.get(int(cid))}
            for cid, _, was in rows
            if match.get(int(cid)) != was
        ]
        linked += len(match)
        if changes:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("cid"))
                .values(copy_of=bindparam("orig")),
                changes,
            )
    return linked


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
