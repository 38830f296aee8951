"""Repository functions for sources, articles, spans and removed lines.

Functions take a session and never commit: the caller decides the transaction,
so one imported file is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from cpec_verify.ingest import DuplicateIndex, ParsedArticle, fingerprint
from cpec_verify.store.models import Article, Claim, RemovedLine, Source, Span


@dataclass
class StoredArticle:
    """What one import added, for the run's summary."""

    article_id: int
    sentences: int
    duplicate_of: int | None
    similarity: float | None


def source_digests(session: Session) -> list[tuple[str, str]]:
    """``(path, sha256)`` of every imported input, oldest first."""
    return [(str(p), str(h)) for p, h in session.exec(select(Source.path, Source.sha256))]


def source_by_sha(session: Session, sha256: str) -> Source | None:
    return session.exec(select(Source).where(Source.sha256 == sha256)).first()


def add_source(
    session: Session,
    *,
    path: str,
    sha256: str,
    size: int,
    fmt: str,
    encoding: str,
    warnings: Sequence[str],
    name: str | None = None,
) -> Source:
    source = Source(
        path=path,
        name=name or path,
        sha256=sha256,
        size=size,
        format=fmt,
        encoding=encoding,
        warnings=list(warnings),
    )
    session.add(source)
    session.flush()
    return source


def add_article(
    session: Session, source: Source, parsed: ParsedArticle, dup_index: DuplicateIndex | None
) -> StoredArticle:
    """Store one parsed story with its spans; mark it a duplicate of an earlier one if it is."""
    fp = fingerprint(parsed.text)
    match = dup_index.find(parsed.text, fp) if dup_index is not None else None
    article = Article(
        source_id=source.id,  # type: ignore[arg-type]
        part=parsed.part,
        title=parsed.title,
        title_derived=parsed.title_derived,
        outlet=parsed.outlet,
        url=parsed.url,
        published=parsed.published,
        dateline=parsed.dateline,
        byline=parsed.byline,
        text=parsed.text,
        chars=len(parsed.text),
        sentence_count=len(parsed.sentences),
        duplicate_of=match[0] if match else None,
        similarity=round(match[1], 1) if match else None,
        fingerprint=fp,
    )
    session.add(article)
    session.flush()
    assert article.id is not None
    rows: list[dict[str, Any]] = [
        {
            "article_id": article.id,
            "kind": "paragraph",
            "paragraph": p.paragraph,
            "start": p.start,
            "end": p.end,
            "text": p.text,
        }
        for p in parsed.paragraphs
    ]
    rows += [
        {
            "article_id": article.id,
            "kind": "sentence",
            "paragraph": s.paragraph,
            "start": s.start,
            "end": s.end,
            "text": s.text,
        }
        for s in parsed.sentences
    ]
    if rows:
        session.bulk_insert_mappings(Span, rows)  # type: ignore[arg-type]
    if parsed.removed:
        session.bulk_insert_mappings(
            RemovedLine,  # type: ignore[arg-type]
            [
                {"article_id": article.id, "line": r.line, "text": r.text, "reason": r.reason}
                for r in parsed.removed
            ],
        )
    if dup_index is not None:
        dup_index.add(article.id, parsed.text, fp)
    return StoredArticle(
        article.id, len(parsed.sentences), article.duplicate_of, article.similarity
    )


def load_duplicate_index(session: Session, threshold: float = 90.0) -> DuplicateIndex:
    """Every stored article in id order, so the earliest copy is the one others point to."""
    index = DuplicateIndex(threshold=threshold)
    stmt = select(Article.id, Article.text, Article.fingerprint).order_by(col(Article.id))
    for article_id, text, fp in session.exec(stmt):
        index.add(article_id, text, list(fp) if fp else None)
    return index


def get_article(session: Session, article_id: int) -> Article | None:
    return session.get(Article, article_id)


def article_sentences(session: Session, article_id: int) -> list[Span]:
    stmt = (
        select(Span)
        .where(Span.article_id == article_id, Span.kind == "sentence")
        .order_by(col(Span.start))
    )
    return list(session.exec(stmt))


def article_paragraphs(session: Session, article_id: int) -> list[Span]:
    stmt = (
        select(Span)
        .where(Span.article_id == article_id, Span.kind == "paragraph")
        .order_by(col(Span.start))
    )
    return list(session.exec(stmt))


def removed_lines(session: Session, article_id: int) -> list[RemovedLine]:
    stmt = (
        select(RemovedLine)
        .where(RemovedLine.article_id == article_id)
        .order_by(col(RemovedLine.line), col(RemovedLine.id))
    )
    return list(session.exec(stmt))


def iter_articles(session: Session) -> Iterator[tuple[Article, Source]]:
    stmt = select(Article, Source).join(Source).order_by(col(Article.id))
    yield from session.exec(stmt)


def article_record(article: Article, source: Source) -> dict[str, Any]:
    """The JSON shape of an article in listings (field names are a contract)."""
    return {
        "id": article.id,
        "title": article.title,
        "title_derived": article.title_derived,
        "outlet": article.outlet,
        "url": article.url,
        "source": source.path,
        "source_name": source.name or source.path,
        "sha256": source.sha256,
        "size": source.size,
        "format": source.format,
        "encoding": source.encoding,
        "imported_at": source.imported_at.isoformat() + "Z",
        "published": article.published,
        "dateline": article.dateline,
        "byline": article.byline,
        "chars": article.chars,
        "sentences": article.sentence_count,
        "part": article.part,
        "duplicate_of": article.duplicate_of,
        "similarity": article.similarity,
    }


def count_articles(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Article)).one()


def parts_of_source(session: Session, source_id: int) -> list[Article]:
    stmt = select(Article).where(Article.source_id == source_id).order_by(col(Article.part))
    return list(session.exec(stmt))


def articles_without_claims(session: Session, source_ids: Sequence[int]) -> list[int]:
    """Articles of these sources that have no claim yet (extraction never ran on them)."""
    if not source_ids:
        return []
    has_claim = select(Claim.id).where(Claim.article_id == Article.id).exists()
    stmt = (
        select(Article.id)
        .where(col(Article.source_id).in_(list(source_ids)), ~has_claim)
        .order_by(col(Article.id))
    )
    return [int(i) for i in session.exec(stmt)]
