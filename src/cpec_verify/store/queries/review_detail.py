"""Everything the review screen shows for one claim, read in one short session.

Plain frozen dataclasses come out, so a worker thread can hand them to the UI
thread without any SQLModel object crossing threads.  Only this reviewer's
verdict is read unless ``show_others`` is set (reviews are blind by default).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from cpec_verify.store.entities.verdicts import latest_verdicts
from cpec_verify.store.models import Article, Claim, Evidence, Source, Span, Verdict

WINDOW_BEFORE = 600
WINDOW_AFTER = 1800


@dataclass(frozen=True)
class ArticleInfo:
    """An article's header fields (all untrusted text)."""

    id: int
    title: str | None
    outlet: str | None
    published: str | None
    source: str | None  # the URL, else the file name relative to where it was imported from
    title_derived: bool = False
    file: str | None = None  # the source file's display name


@dataclass(frozen=True)
class EvidenceItem:
    """One ranked evidence sentence, with the article it comes from."""

    rank: int
    span_id: int
    relation: str
    same_source: bool
    score: float
    reason: str
    details: dict[str, Any]
    text: str
    article: ArticleInfo


@dataclass(frozen=True)
class MyVerdict:
    """A reviewer's current verdict, as the screen keeps it."""

    label: str | None
    evidence: tuple[int, ...] = ()
    note: str | None = None
    verdict_id: int | None = None


@dataclass(frozen=True)
class ClaimDetail:
    """The claim, its article window, ranked evidence and the verdicts this reviewer may see."""

    claim_id: int
    text: str
    kinds: tuple[str, ...]
    quantities: tuple[dict[str, Any], ...]
    speaker: str | None
    article: ArticleInfo
    window: str  # article.text[window_start:window_start + len(window)]
    window_start: int
    start: int  # claim offsets in the article
    end: int
    evidence: tuple[EvidenceItem, ...]
    mine: MyVerdict
    others: tuple[tuple[str, str], ...] = field(default=())  # (reviewer, label), leads only


@dataclass(frozen=True)
class ArticleSpanView:
    """An article opened at one sentence (the evidence drill-down)."""

    article: ArticleInfo
    text: str
    start: int
    end: int


def _info(article: Article, source: Source | None) -> ArticleInfo:
    assert article.id is not None
    name = (source.name or source.path) if source else None
    return ArticleInfo(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        source=article.url or name,
        title_derived=article.title_derived,
        file=name,
    )


def _window(text: str, start: int, end: int) -> tuple[int, str]:
    """Text around the claim: from its paragraph (or the one before, when the claim opens
    its paragraph) so the claim is near the top of a small pane, cut at paragraph breaks."""
    lo = max(0, start - WINDOW_BEFORE)
    brk = text.rfind("\n\n", lo, start)
    if brk != -1 and start - (brk + 2) < 80:  # the claim opens its paragraph
        prev = text.rfind("\n\n", lo, brk)
        if prev != -1:
            brk = prev
        elif lo == 0:
            brk = -1  # the previous paragraph is the article's first
    if brk != -1:
        lo = brk + 2
    hi = min(len(text), end + WINDOW_AFTER)
    if hi < len(text):
        brk = text.rfind("\n\n", end, hi)
        hi = brk if brk != -1 else hi
    return lo, text[lo:hi]


_ARTICLE_COLS = (
    Article.id,
    Article.title,
    Article.outlet,
    Article.published,
    Article.url,
    Source.path,
    Source.name,
    Article.title_derived,
)


def _info_row(row: Any) -> ArticleInfo:
    aid, title, outlet, published, url, path, name, derived = row
    file = name or path
    return ArticleInfo(
        id=aid,
        title=title,
        outlet=outlet,
        published=published,
        source=url or file,
        title_derived=bool(derived),
        file=file,
    )


def claim_detail(
    session: Session, claim_id: int, *, reviewer: str, show_others: bool = False
) -> ClaimDetail | None:
    """One claim ready to review (three column queries, no ORM objects: this runs per key)."""
    head = session.exec(
        select(
            Claim.text,
            Claim.kinds,
            Claim.quantities,
            Claim.speaker,
            Claim.start,
            Claim.end,
            Article.text,
            *_ARTICLE_COLS,
        )
        .join(Article, col(Article.id) == Claim.article_id)
        .join(Source, col(Source.id) == Article.source_id, isouter=True)
        .where(Claim.id == claim_id)
    ).first()
    if head is None:
        return None
    text, kinds, quantities, speaker, start, end, article_text = head[:7]
    rows = session.exec(
        select(
            Evidence.rank,
            Evidence.span_id,
            Evidence.relation,
            Evidence.same_source,
            Evidence.score,
            Evidence.reason,
            Evidence.details,
            Span.text,
            *_ARTICLE_COLS,
        )
        .join(Span, col(Span.id) == Evidence.span_id)
        .join(Article, col(Article.id) == Evidence.article_id)
        .join(Source, col(Source.id) == Article.source_id, isouter=True)
        .where(Evidence.claim_id == claim_id)
        .order_by(col(Evidence.rank), col(Evidence.id))
    )
    evidence = tuple(
        EvidenceItem(
            rank=r[0],
            span_id=r[1],
            relation=r[2],
            same_source=bool(r[3]),
            score=float(r[4]),
            reason=r[5],
            details=dict(r[6] or {}),
            text=r[7],
            article=_info_row(r[8:]),
        )
        for r in rows
    )
    mine_row = session.exec(
        select(Verdict.id, Verdict.label, Verdict.evidence, Verdict.note, Verdict.retraction)
        .where(Verdict.claim_id == claim_id, Verdict.reviewer == reviewer)
        .order_by(col(Verdict.id).desc())
        .limit(1)
    ).first()
    mine = MyVerdict(None)
    if mine_row is not None and not mine_row[4]:
        mine = MyVerdict(mine_row[1], tuple(mine_row[2] or ()), mine_row[3], mine_row[0])
    others: tuple[tuple[str, str], ...] = ()
    if show_others:
        others = tuple(
            (v.reviewer, v.label or "")
            for v in latest_verdicts(session, claim_ids=[claim_id])
            if v.reviewer != reviewer
        )
    lo, window = _window(article_text, start, end)
    return ClaimDetail(
        claim_id=claim_id,
        text=text,
        kinds=tuple(kinds or ()),
        quantities=tuple(quantities or ()),
        speaker=speaker,
        article=_info_row(head[7:]),
        window=window,
        window_start=lo,
        start=start,
        end=end,
        evidence=evidence,
        mine=mine,
        others=others,
    )


def article_at_span(session: Session, span_id: int) -> ArticleSpanView | None:
    """The whole article holding ``span_id``, with that sentence's offsets."""
    span = session.get(Span, span_id)
    if span is None:
        return None
    article = session.get(Article, span.article_id)
    assert article is not None
    source = session.get(Source, article.source_id)
    return ArticleSpanView(_info(article, source), article.text, span.start, span.end)
