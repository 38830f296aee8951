"""SQLModel tables: the whole durable state of a cpec-verify database.

Every table change goes through an Alembic migration in ``store/migrations``;
``tests/test_store.py`` checks that the models and the migrated schema agree.
Verdicts and adjudications are append-only: history is never rewritten, the
latest row per reviewer (or per claim, for adjudications) counts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from cpec_verify.labels import LABELS as LABELS  # re-exported: defined once there
from cpec_verify.names import fold_name as fold_name
from cpec_verify.store.entities.verdict_rows import utcnow as utcnow


class Source(SQLModel, table=True):
    """One imported input (a file, a stdin read): the raw bytes' provenance."""

    __tablename__ = "source"

    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(sa_column=Column(Text, nullable=False))  # as given on the command line
    # what screens show: relative to the directory imported (never an absolute path)
    name: str | None = Field(default=None, sa_column=Column(Text))
    sha256: str = Field(index=True, unique=True, max_length=64)
    size: int
    format: str = Field(max_length=16)
    encoding: str = Field(default="utf-8", max_length=32)
    warnings: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    imported_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


class Article(SQLModel, table=True):
    """One story: a source holds one or more (``part`` numbers them)."""

    __tablename__ = "article"
    __table_args__ = (UniqueConstraint("source_id", "part"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    part: int = 1
    title: str | None = Field(default=None, sa_column=Column(Text))
    title_derived: bool = False  # no headline on the page: ``title`` is its first sentence
    outlet: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, sa_column=Column(Text))
    published: str | None = Field(default=None, max_length=32)
    dateline: str | None = Field(default=None, max_length=200)
    byline: str | None = Field(default=None, max_length=300)
    text: str = Field(sa_column=Column(Text, nullable=False))
    chars: int = 0
    sentence_count: int = 0
    duplicate_of: int | None = Field(
        default=None, foreign_key="article.id", index=True, ondelete="SET NULL"
    )
    similarity: float | None = None
    fingerprint: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


class RemovedLine(SQLModel, table=True):
    """A line cleaning dropped from an article, with the reason, for reviewers to audit."""

    __tablename__ = "removed_line"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    line: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(max_length=64)


class Span(SQLModel, table=True):
    """A paragraph or sentence: ``article.text[start:end] == text`` always."""

    __tablename__ = "span"
    __table_args__ = (Index("ix_span_article_kind_start", "article_id", "kind", "start"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    kind: str = Field(max_length=16)  # "paragraph" | "sentence"
    paragraph: int = 0
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))


class Claim(SQLModel, table=True):
    """A checkable statement inside one sentence (or a hand-picked quote)."""

    __tablename__ = "claim"
    __table_args__ = (
        Index("ix_claim_article_start", "article_id", "start", "end"),
        Index("ix_claim_orphaned_id", "orphaned", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    sentence_id: int | None = Field(
        default=None, foreign_key="span.id", index=True, ondelete="SET NULL"
    )
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    quantities: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    speaker: str | None = Field(default=None, max_length=300)
    score: float = 0.0
    score_reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    origin: str = Field(default="auto", max_length=16)  # "auto" | "manual"
    # the same claim in the original a syndicated copy repeats: reviewed there, counted once
    copy_of: int | None = Field(
        default=None, foreign_key="claim.id", index=True, ondelete="SET NULL"
    )
    extractor_version: str = Field(default="", max_length=32)
    orphaned: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


class Evidence(SQLModel, table=True):
    """One ranked evidence sentence for a claim, from another article."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_claim_rank", "claim_id", "rank"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", ondelete="CASCADE")
    span_id: int = Field(foreign_key="span.id", index=True, ondelete="CASCADE")
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    rank: int
    score: float
    relation: str = Field(max_length=16)  # "agrees" | "differs" | "related"
    reason: str = Field(sa_column=Column(Text, nullable=False))
    same_source: bool = False
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Reviewer(SQLModel, table=True):
    """A person who reviews; leads may adjudicate and see others' verdicts.

    ``Ana``, ``ana`` and ``ana`` with a zero-width space (refused) are one person: names
    compare by ``key``; verdicts store the registered spelling.
    """

    __tablename__ = "reviewer"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=200)  # first spelling, for display
    key: str = Field(  # NFKC, case-folded: what names compare by
        sa_column=Column(
            String(200),
            index=True,
            nullable=False,
            default=lambda ctx: fold_name(ctx.get_current_parameters()["name"]),
        ),
        default=None,
    )
    is_lead: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


class Verdict(SQLModel, table=True):
    """An append-only verdict; ``label`` None with ``retraction`` True undoes the previous one."""

    __tablename__ = "verdict"
    __table_args__ = (Index("ix_verdict_claim_reviewer_id", "claim_id", "reviewer", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", ondelete="CASCADE")
    reviewer: str = Field(max_length=200, index=True)
    label: str | None = Field(default=None, max_length=16)
    retraction: bool = False
    evidence: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(), index=True)


class Adjudication(SQLModel, table=True):
    """A lead's final label for a claim; append-only like verdicts."""

    __tablename__ = "adjudication"
    __table_args__ = (Index("ix_adjudication_claim_id", "claim_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", ondelete="CASCADE")
    lead: str = Field(max_length=200)
    label: str | None = Field(default=None, max_length=16)
    retraction: bool = False
    rationale: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


class FactGroup(SQLModel, table=True):
    """Every figure about one thing (dimension, what, subject) across articles; recomputed
    from the claims after each import and extraction (``services/facts.py``)."""

    __tablename__ = "fact_group"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    dimension: str = Field(max_length=16)
    what: str | None = Field(default=None, max_length=64)
    subject: str = Field(sa_column=Column(Text, nullable=False))
    unit: str = Field(max_length=16)
    status: str = Field(max_length=16, index=True)  # consistent | conflicting | single-source
    spread: float | None = None  # per cent of the smallest value
    sources: int = 0  # sources across all values, a syndicated story counted once
    value_count: int = 0


class FactValue(SQLModel, table=True):
    """One figure of one claim in a fact group; ``position`` numbers the group's distinct
    values (0 is the value most sources state), ``source`` is what counts once."""

    __tablename__ = "fact_value"
    __table_args__ = (Index("ix_fact_value_group_position", "group_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="fact_group.id", ondelete="CASCADE")
    position: int
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    source: int
    said: str = Field(sa_column=Column(Text, nullable=False))  # the value as a reader reads it
    quantity: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SignInToken(SQLModel, table=True):
    """A reviewer's browser sign-in (``cpec-verify serve``): only the token's SHA-256 is kept,
    so a copy of the database signs nobody in.  ``lead`` decides the session's role."""

    __tablename__ = "sign_in_token"

    id: int | None = Field(default=None, primary_key=True)
    reviewer_id: int = Field(foreign_key="reviewer.id", index=True, ondelete="CASCADE")
    token_sha256: str = Field(unique=True, index=True, max_length=64)
    lead: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime())


ALL_TABLES = (
    Source,
    Article,
    RemovedLine,
    Span,
    Claim,
    Evidence,
    Reviewer,
    Verdict,
    Adjudication,
    FactGroup,
    FactValue,
    SignInToken,
)
