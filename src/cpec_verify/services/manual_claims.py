"""Hand-picked claims into the store: ``cpec-verify claims import FILE.yaml``.

Every entry is resolved (article found, quote found as an exact substring) before anything is
written, so a bad file adds nothing, and each error names the entry it is about.  New claims get
their evidence ranked in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session, col, select

from cpec_verify.claims.extract import analyse, score_claim
from cpec_verify.claims.manual import ClaimsFileError
from cpec_verify.services.claims import rank_claims
from cpec_verify.store.entities.claims import insert_claims
from cpec_verify.store.models import Article, Claim, Source, Span


@dataclass(frozen=True)
class Resolved:
    """One entry tied to its article and offsets."""

    entry: int
    article_id: int
    start: int
    end: int
    text: str
    speaker: str | None
    kinds: list[str] | None


@dataclass
class ManualReport:
    added: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)


def _articles_for(session: Session, entry: dict[str, Any]) -> list[Article]:
    if "article" in entry:
        article = session.get(Article, entry["article"])
        return [article] if article is not None else []
    wanted = str(entry["source"])
    stmt = (
        select(Article)
        .join(Source, col(Source.id) == Article.source_id)
        .where(
            (col(Source.path) == wanted)
            | col(Source.path).endswith("/" + wanted)
            | (col(Article.url) == wanted)
        )
        .order_by(col(Article.id))
    )
    found = list(session.exec(stmt))
    if "part" in entry:
        found = [a for a in found if a.part == entry["part"]]
    return found


def resolve(session: Session, entries: list[dict[str, Any]], name: str) -> list[Resolved]:
    """Tie each entry to one article and one occurrence of its quote, or fail naming it."""
    out: list[Resolved] = []
    for i, entry in enumerate(entries, 1):
        target = (
            f"article {entry['article']}" if "article" in entry else f"source {entry['source']!r}"
        )
        label = f"{name}: entry {i} ({target})"
        articles = _articles_for(session, entry)
        if not articles:
            raise ClaimsFileError(f"{label}: no such article in the database")
        quote = entry["quote"]
        holders = [a for a in articles if quote in a.text]
        if not holders:
            raise ClaimsFileError(f"{label}: quote not found in the article text: {quote[:80]!r}")
        if len(holders) > 1:
            parts = ", ".join(str(a.part) for a in holders)
            raise ClaimsFileError(
                f"{label}: quote found in several stories (parts {parts}); add 'part'"
            )
        article = holders[0]
        start, occurrence = -1, entry.get("occurrence", 1)
        for _ in range(occurrence):
            start = article.text.find(quote, start + 1)
            if start < 0:
                raise ClaimsFileError(f"{label}: quote occurs fewer than {occurrence} times")
        assert article.id is not None
        out.append(
            Resolved(
                i,
                article.id,
                start,
                start + len(quote),
                quote,
                entry.get("speaker"),
                entry.get("kinds"),
            )
        )
    return out


def add_manual_claims(session: Session, resolved: list[Resolved]) -> ManualReport:
    """Store the resolved claims (skipping ones already present); the caller commits."""
    report = ManualReport()
    rows: list[dict[str, Any]] = []
    for r in resolved:
        existing = session.exec(
            select(Claim.id).where(
                Claim.article_id == r.article_id,
                Claim.start == r.start,
                Claim.end == r.end,
                Claim.text == r.text,
            )
        ).first()
        if existing is not None:
            report.already.append(int(existing))
            continue
        info = analyse(r.text)
        speaker = r.speaker or info.speaker
        kinds = list(r.kinds) if r.kinds else (info.kinds or ["quote"])
        score, reason = score_claim(kinds, info.quantities, speaker, len(r.text.split()))
        shifted = [
            replace(q, start=q.start + r.start, end=q.end + r.start).to_dict()
            for q in info.quantities
        ]
        sentence = session.exec(
            select(Span.id).where(
                Span.article_id == r.article_id,
                Span.kind == "sentence",
                Span.start <= r.start,
                Span.end >= r.end,
            )
        ).first()
        rows.append(
            {
                "article_id": r.article_id,
                "sentence_id": sentence,
                "start": r.start,
                "end": r.end,
                "text": r.text,
                "kinds": kinds,
                "quantities": shifted,
                "speaker": speaker,
                "score": score,
                "score_reason": f"hand-picked; {reason}",
                "origin": "manual",
                "extractor_version": "",
                "orphaned": False,
            }
        )
    report.added = insert_claims(session, rows)
    return report


def import_manual_claims(
    session: Session, entries: list[dict[str, Any]], name: str
) -> tuple[ManualReport, int]:
    """Resolve and store the entries of a parsed claims file (``claims.manual``), then rank
    evidence for the claims added: (report, evidence links).  The caller commits."""
    report = add_manual_claims(session, resolve(session, entries, name))
    session.flush()
    links = rank_claims(session, report.added)[1] if report.added else 0
    return report, links
