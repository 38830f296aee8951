"""Claims and evidence against the store: extract, re-extract without losing verdicts, rank.

The one store-facing part of the claims stage.  It reads sentence spans, runs the pure
extractor and ranker, and writes claims and evidence; the caller commits.  Re-extraction keys
claims by ``(start, end, text)``: a claim that still matches keeps its id (and so its verdicts);
one that no longer matches is deleted when nobody reviewed it and kept as ``orphaned``
otherwise.  After an import only the new articles' claims and the old claims whose sentences
resemble the new sentences are re-ranked, so adding a file does not redo the corpus.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Text, cast, update
from sqlalchemy import select as sa_select  # typed for more columns than sqlmodel's select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from cpec_verify.claims.evidence import (
    DEFAULT_K,
    ClaimQuery,
    EvidenceHit,
    EvidenceIndex,
    EvidenceSentence,
    rank_evidence,
)
from cpec_verify.claims.extract import EXTRACTOR_VERSION, Candidate, Sentence, extract_claims
from cpec_verify.claims.quantities import Quantity
from cpec_verify.claims.stored import decoder
from cpec_verify.services.facts import recompute_facts
from cpec_verify.store.db import session_scope
from cpec_verify.store.entities import claims as repo
from cpec_verify.store.models import Article, Claim, Span

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; the CLI draws it as a bar."""


@dataclass
class ExtractReport:
    """What a run changed, for the command's summary."""

    articles: int = 0
    added: int = 0
    kept: int = 0
    removed: int = 0
    orphaned: list[int] = field(default_factory=list)
    ranked: int = 0
    links: int = 0
    copies: int = 0  # claims linked to the same claim in the original of a syndicated copy
    facts: int = 0  # fact groups after the run (every figure about one thing, regrouped)


def _quiet(_stage: str, _done: int, _total: int) -> None:
    return None


def _ids(values: Iterable[Any]) -> list[int]:
    """Primary keys read back: optional on the models (unset before insert), never None here."""
    return [int(v) for v in values if v is not None]


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector for bulk work that makes many small objects but no
    cycles (loading rows, ranking): each full collection walks everything already loaded, a
    second or more per 2,000 articles, and in forked workers it dirties every shared page."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- extraction -------------------------------------------------------------------------------


def _sentences_by_article(
    session: Session, article_ids: Sequence[int]
) -> dict[int, list[Sentence]]:
    out: dict[int, list[Sentence]] = {a: [] for a in article_ids}
    for chunk in repo.chunks(list(article_ids)):
        stmt = (
            sa_select(
                col(Span.article_id),
                col(Span.id),
                col(Span.start),
                col(Span.end),
                col(Span.text),
                col(Span.paragraph),
            )
            .where(col(Span.article_id).in_(chunk), col(Span.kind) == "sentence")
            .order_by(col(Span.article_id), col(Span.start))
        )
        for article_id, *rest in session.execute(stmt):
            out[article_id].append(Sentence(*rest))
    return out


def _row(article_id: int, c: Candidate) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "sentence_id": c.sentence_id,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "kinds": c.kinds,
        "quantities": c.quantities,
        "speaker": c.speaker,
        "score": c.score,
        "score_reason": c.reason,
        "origin": "auto",
        "extractor_version": EXTRACTOR_VERSION,
        "orphaned": False,
    }


def extract_articles(
    session: Session, article_ids: Sequence[int], progress: Progress = _quiet
) -> ExtractReport:
    """(Re-)extract candidate claims of these articles, keeping every claim a reviewer touched."""
    report = ExtractReport(articles=len(article_ids))
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    stale: list[int] = []
    step = 200
    pool = _pool() if len(article_ids) > step else None
    try:
        _extract_chunks(session, article_ids, step, pool, inserts, updates, stale, progress)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    reviewed = repo.reviewed_claim_ids(session, stale)
    report.orphaned = sorted(reviewed)
    gone = [cid for cid in stale if cid not in reviewed]
    repo.delete_claims(session, gone)
    for lo in range(0, len(updates), 5000):
        session.execute(update(Claim), updates[lo : lo + 5000])
    if report.orphaned:
        session.execute(
            update(Claim).where(col(Claim.id).in_(report.orphaned)).values(orphaned=True)
        )
    repo.insert_claims(session, inserts, want_ids=False)
    report.added, report.kept, report.removed = len(inserts), len(updates), len(gone)
    return report


def _pool() -> Any:
    """A forked worker pool for extraction (pure Python: one process per core), or None."""
    procs = os.cpu_count() or 1
    if procs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork").Pool(procs)


def _extract_many(articles: list[list[Sentence]], pool: Any) -> list[list[Candidate]]:
    if pool is None:
        return [extract_claims(s) for s in articles]
    return list(pool.map(extract_claims, articles, chunksize=10))


def _extract_chunks(
    session: Session,
    article_ids: Sequence[int],
    step: int,
    pool: Any,
    inserts: list[dict[str, Any]],
    updates: list[dict[str, Any]],
    stale: list[int],
    progress: Progress,
) -> None:
    """Match fresh candidates against stored claims, ``step`` articles at a time."""
    for lo in range(0, len(article_ids), step):
        chunk = list(article_ids[lo : lo + step])
        sentences = _sentences_by_article(session, chunk)
        existing: dict[int, dict[tuple[int, int, str], tuple[int, str]]] = {a: {} for a in chunk}
        for cid, aid, start, end, text, origin in session.execute(
            sa_select(
                col(Claim.id),
                col(Claim.article_id),
                col(Claim.start),
                col(Claim.end),
                col(Claim.text),
                col(Claim.origin),
            ).where(col(Claim.article_id).in_(chunk))
        ):
            existing[aid][(start, end, text)] = (cid, origin)
        found = _extract_many([sentences[a] for a in chunk], pool)
        for article_id, cands in zip(chunk, found, strict=True):
            old = existing[article_id]
            for cand in cands:
                match = old.pop(cand.key, None)
                if match is None:
                    inserts.append(_row(article_id, cand))
                elif match[1] == "auto":
                    updates.append({**_row(article_id, cand), "id": match[0]})
            stale.extend(cid for cid, origin in old.values() if origin == "auto")
        progress("extracting", min(lo + step, len(article_ids)), len(article_ids))


# --- evidence ---------------------------------------------------------------------------------


def _groups(session: Session) -> dict[int, int]:
    """Article id -> the earliest article of its duplicate chain."""
    parent = {
        a: d for a, d in session.exec(select(Article.id, Article.duplicate_of)) if a is not None
    }
    roots: dict[int, int] = {}
    for article_id in parent:
        seen, node = {article_id}, article_id
        while parent.get(node) is not None and parent[node] not in seen:
            node = parent[node]  # type: ignore[assignment]
            seen.add(node)
        roots[article_id] = node
    return roots


def load_index(session: Session) -> EvidenceIndex:
    """Every sentence of every article, with the figures its current claims found in it."""
    with _bulk():
        figures: dict[int, dict[tuple[int, int], Quantity]] = {}
        decode = decoder()
        stmt = select(Claim.sentence_id, cast(Claim.quantities, Text)).where(
            col(Claim.orphaned).is_(False),
            col(Claim.sentence_id).is_not(None),
        )
        for sentence_id, raw in session.exec(stmt):
            if sentence_id is None:  # excluded by the query; tells the type checker
                continue
            slot = figures.setdefault(int(sentence_id), {})
            for q in decode(raw):
                key = (q.start, q.end)
                if key not in slot:  # the first claim's reading of a figure wins
                    slot[key] = q
        rows = session.execute(
            sa_select(
                col(Span.id), col(Span.article_id), col(Span.start), col(Span.end), col(Span.text)
            )
            .where(col(Span.kind) == "sentence")
            .order_by(col(Span.article_id), col(Span.start))
        )
        sentences: list[EvidenceSentence] = []
        for sid, aid, start, end, text in rows:
            found = figures.get(sid)
            quantities = tuple(found.values()) if found else ()
            sentences.append(EvidenceSentence(sid, aid, start, end, text, quantities))
        return EvidenceIndex(sentences, _groups(session))


def claim_queries(session: Session, claim_ids: Sequence[int] | None) -> list[ClaimQuery]:
    """These current claims (every one when None) as ranking queries, in id order."""
    base = sa_select(
        col(Claim.id),
        col(Claim.article_id),
        col(Claim.text),
        cast(Claim.quantities, Text),
        col(Claim.start),
    ).where(col(Claim.orphaned).is_(False))
    batches: Iterable[Any]
    if claim_ids is None:
        batches = [session.execute(base.order_by(col(Claim.id)))]
    else:
        batches = (
            session.execute(base.where(col(Claim.id).in_(chunk)).order_by(col(Claim.id)))
            for chunk in repo.chunks(sorted(set(claim_ids)))
        )
    decode = decoder()
    with _bulk():
        return [
            ClaimQuery(cid, aid, text, decode(raw), start)
            for rows in batches
            for cid, aid, text, raw, start in rows
        ]


def _evidence_row(claim_id: int, hit: EvidenceHit) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "span_id": hit.span_id,
        "article_id": hit.article_id,
        "rank": hit.rank,
        "score": hit.score,
        "relation": hit.relation,
        "reason": hit.reason,
        "same_source": hit.same_source,
        "details": hit.details,
    }


def rank_claims(
    session: Session,
    claim_ids: Sequence[int] | None = None,
    *,
    index: EvidenceIndex | None = None,
    k: int = DEFAULT_K,
    progress: Progress = _quiet,
) -> tuple[int, int]:
    """Rank and store evidence for these claims (all current ones when None): (claims, links)."""
    index = index or load_index(session)
    queries = claim_queries(session, claim_ids)
    with _bulk():  # ranking makes no cycles either; forked workers inherit the pause
        ranked = rank_parallel(index, queries, k, progress)
        rows = {cid: [_evidence_row(cid, h) for h in hits] for cid, hits in ranked.items()}
        return len(rows), repo.replace_evidence(session, rows)


_SHARED: tuple[EvidenceIndex, list[ClaimQuery], int] | None = None
_BATCH = 4000


def rank_parallel(
    index: EvidenceIndex, queries: list[ClaimQuery], k: int, progress: Progress
) -> dict[int, list[EvidenceHit]]:
    """Rank batches of claims in forked worker processes, one per core.

    Relation checks and reasons are Python, so threads would not help; fork shares the index
    with the workers without copying or pickling it.  Small runs stay in this process.
    """
    global _SHARED
    spans = [(lo, min(lo + _BATCH, len(queries))) for lo in range(0, len(queries), _BATCH)]
    _SHARED = (index, queries, k)  # set before the pool forks, so the workers inherit it
    pool = _pool() if len(spans) > 1 else None
    if pool is None:
        _SHARED = None
        return rank_evidence(
            index, queries, k=k, progress=lambda done, total: progress("evidence", done, total)
        )
    out: dict[int, list[EvidenceHit]] = {}
    try:
        for hi, part in pool.imap(_rank_span, spans):
            out.update(part)
            progress("evidence", hi, len(queries))
    finally:
        _SHARED = None
        pool.close()
        pool.join()
    return out


def _rank_span(span: tuple[int, int]) -> tuple[int, dict[int, list[EvidenceHit]]]:
    """One batch in a worker: the index and claims come from the parent through fork."""
    assert _SHARED is not None
    index, queries, k = _SHARED
    lo, hi = span
    return hi, rank_evidence(index, queries[lo:hi], k=k, workers=1, batch=_BATCH)


def affected_claims(
    session: Session, index: EvidenceIndex, article_ids: Iterable[int]
) -> list[int]:
    """Claims elsewhere whose sentences resemble the sentences of ``article_ids``."""
    new = set(article_ids)
    rows = [i for i, s in enumerate(index.sentences) if s.article_id in new]
    spans = index.neighbours(rows)
    found: list[int] = []
    for chunk in repo.chunks(sorted(spans)):
        stmt = select(Claim.id).where(
            col(Claim.sentence_id).in_(chunk),
            col(Claim.orphaned).is_(False),
        )
        found.extend(_ids(session.exec(stmt)))
    return found


def process_articles(
    session: Session,
    article_ids: Sequence[int],
    progress: Progress = _quiet,
    *,
    k: int = DEFAULT_K,
) -> ExtractReport:
    """Extract claims of these articles, then rank evidence for them and for the old claims
    the new sentences may now serve."""
    report = extract_articles(session, article_ids, progress)
    session.flush()
    report.copies = repo.link_copies(session, article_ids)
    index = load_index(session)
    new = set(article_ids)
    current = col(Claim.orphaned).is_(False)
    targets = [
        cid
        for chunk in repo.chunks(sorted(new))
        for cid in _ids(
            session.exec(select(Claim.id).where(col(Claim.article_id).in_(chunk), current))
        )
    ]
    if len(new) < len({s.article_id for s in index.sentences}):
        targets += affected_claims(session, index, new)
    report.ranked, report.links = rank_claims(session, targets, index=index, k=k, progress=progress)
    session.flush()
    report.facts = recompute_facts(session)
    return report


def extract_all(
    session: Session, progress: Progress = _quiet, *, k: int = DEFAULT_K
) -> ExtractReport:
    """Re-extract every article and re-rank evidence for every current claim."""
    article_ids = _ids(session.exec(select(Article.id).order_by(col(Article.id))))
    report = extract_articles(session, article_ids, progress)
    session.flush()
    report.copies = repo.link_copies(session)
    report.ranked, report.links = rank_claims(session, None, k=k, progress=progress)
    session.flush()
    report.facts = recompute_facts(session)
    return report


def extract_pending(session: Session, progress: Progress = _quiet) -> ExtractReport:
    """Articles never extracted, or extracted by an older extractor version."""
    pending = repo.articles_to_extract(session, EXTRACTOR_VERSION)
    if not pending:
        return ExtractReport()
    return process_articles(session, pending, progress)


def after_import(
    engine: Engine, article_ids: list[int], progress: Progress = _quiet
) -> ExtractReport:
    """Extract candidate claims and rank evidence for newly imported articles, one transaction."""
    if not article_ids:
        return ExtractReport()
    with session_scope(engine) as session:
        return process_articles(session, article_ids, progress)
