"""A small review database built straight from the models (no claim extractor needed).

Three fictional articles, split by hand into sentences; claims point at sentences,
evidence at sentences of other articles.  One article carries markup-looking
text (``[1]``, ``[bold]...[/bold]``, ``[link=...]``) that must render literally.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from cpec_verify.claims.quantities import parse_quantities
from cpec_verify.review.app import ReviewApp, make_review_app
from cpec_verify.review.screens.review import ReviewScreen
from cpec_verify.store.models import Article, Claim, Evidence, Source, Span, Verdict

FIXED = datetime(2025, 11, 20, 9, 0, 0)

ARTICLES: list[dict[str, object]] = [
    {
        "title": "Corridor investment reaches $60 billion, minister says",
        "outlet": "Indus Ledger",
        "published": "2025-11-18",
        "url": "https://example.org/ledger/corridor",
        "paragraphs": [
            [
                "ISLAMABAD: The corridor's committed investment stands at around $60 billion, "
                "the planning minister said on Monday.",
                "The first phase added 8,000 MW of generation capacity.",
            ],
            [
                "Officials said 888 km of motorways were completed.",
                "A conference signed deals worth $8.5bn.",
            ],
        ],
    },
    {
        "title": "Monitor: delivered funds lag pledges [1]",
        "outlet": "Silk Route Monitor",
        "published": "2025-09-26",
        "url": None,
        "paragraphs": [
            [
                "The programme has delivered more than $25 billion so far.",
                "Its power projects total 5,320 megawatts, a report [1] said.",
            ],
            [
                "A post read [bold]No more promises[/bold] and linked [link=https://x.test]here[/link].",
                "Roads of 810 kilometres were opened.",
            ],
        ],
    },
    {
        "title": "Digital villages",
        "outlet": "Harbour Times",
        "published": "2025-10-02",
        "url": "https://example.org/harbour/villages",
        "paragraphs": [
            [
                "Fibre now links more than 22,000 villages.",
                "Deals worth $8.5 billion were signed at the conference.",
            ],
        ],
    },
]

# (article index, sentence index) -> evidence [(article, sentence, relation, same_source)]
CLAIMS: list[tuple[tuple[int, int], list[tuple[int, int, str, bool]]]] = [
    ((0, 0), [(1, 0, "differs", False), (2, 1, "related", False)]),
    ((0, 1), [(1, 1, "differs", False)]),
    ((0, 2), [(1, 3, "differs", False)]),
    ((0, 3), [(2, 1, "agrees", False), (1, 0, "related", True)]),
    ((1, 2), []),
    ((2, 0), [(0, 0, "related", False)]),
]


@dataclass
class ReviewDB:
    """Ids of what :func:`build_review_db` inserted."""

    article_ids: list[int] = field(default_factory=list)
    sentence_ids: list[list[int]] = field(default_factory=list)
    claim_ids: list[int] = field(default_factory=list)
    evidence_spans: dict[int, list[int]] = field(default_factory=dict)  # claim -> cited spans


def _article(session: Session, n: int, spec: dict[str, object]) -> tuple[int, list[Span]]:
    source = Source(
        path=f"fixture/{n}.txt", sha256=f"{n:064x}", size=1, format="txt", imported_at=FIXED
    )
    session.add(source)
    session.flush()
    paragraphs: list[list[str]] = spec["paragraphs"]  # type: ignore[assignment]
    text = "\n\n".join(" ".join(p) for p in paragraphs)
    article = Article(
        source_id=source.id or 0,
        title=spec["title"],
        outlet=spec["outlet"],  # type: ignore[arg-type]
        published=spec["published"],
        url=spec["url"],
        text=text,
        chars=len(text),  # type: ignore[arg-type]
        created_at=FIXED,
    )
    session.add(article)
    session.flush()
    spans: list[Span] = []
    pos = 0
    for p_no, para in enumerate(paragraphs):
        for sentence in para:
            start = text.index(sentence, pos)
            span = Span(
                article_id=article.id or 0,
                kind="sentence",
                paragraph=p_no,
                start=start,
                end=start + len(sentence),
                text=sentence,
            )
            session.add(span)
            spans.append(span)
            pos = start + len(sentence)
    article.sentence_count = len(spans)
    session.flush()
    return article.id or 0, spans


def build_review_db(engine: Engine, *, extra_claims: int = 0) -> ReviewDB:
    """Insert the fixture; ``extra_claims`` adds plain claims on article 3 for paging tests."""
    out = ReviewDB()
    with Session(engine) as session:
        spans: list[list[Span]] = []
        for n, spec in enumerate(ARTICLES):
            aid, sents = _article(session, n, spec)
            out.article_ids.append(aid)
            spans.append(sents)
        out.sentence_ids = [[s.id or 0 for s in sents] for sents in spans]
        for (a, s), links in [*CLAIMS, *[((2, 0), [])] * extra_claims]:
            sent = spans[a][s]
            claim = Claim(
                article_id=out.article_ids[a],
                sentence_id=sent.id,
                start=sent.start,
                end=sent.end,
                text=sent.text,
                kinds=["figure"],
                quantities=[q.to_dict() for q in parse_quantities(sent.text)],
                score=0.9,
                score_reason="fixture",
                created_at=FIXED,
            )
            session.add(claim)
            session.flush()
            cid = claim.id or 0
            out.claim_ids.append(cid)
            out.evidence_spans[cid] = []
            for rank, (ea, es, relation, same) in enumerate(links, 1):
                ev = spans[ea][es]
                session.add(
                    Evidence(
                        claim_id=cid,
                        span_id=ev.id or 0,
                        article_id=out.article_ids[ea],
                        rank=rank,
                        score=round(1 - rank / 10, 2),
                        relation=relation,
                        reason="fixture",
                        same_source=same,
                    )
                )
                out.evidence_spans[cid].append(ev.id or 0)
        session.commit()
    return out


def add_fixed_verdict(
    engine: Engine,
    claim_id: int,
    reviewer: str,
    label: str | None,
    evidence: list[int] | None = None,
) -> None:
    """A verdict row with a fixed timestamp (for tests of others' verdicts and CLI output)."""
    with Session(engine) as session:
        session.add(
            Verdict(
                claim_id=claim_id,
                reviewer=reviewer,
                label=label,
                retraction=label is None,
                evidence=evidence or [],
                created_at=FIXED,
            )
        )
        session.commit()


def widget_text(widget: Widget) -> str:
    """What the widget draws, line by line (rich tables included), as plain text."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text.rstrip() for strip in lines)


def review_screen(app: object) -> ReviewScreen:
    """The app's main review screen (whatever is pushed over it)."""
    screen = app.screen_stack[0]  # type: ignore[attr-defined]
    assert isinstance(screen, ReviewScreen)
    return screen


def make_app(engine: Engine, reviewer: str = "tester", **kwargs: object) -> ReviewApp:
    return make_review_app(engine, reviewer, **kwargs)  # type: ignore[arg-type]


async def wait_until(pilot: Pilot, cond: Callable[[], bool], what: str) -> None:
    """The one polling helper: let workers finish and messages land until ``cond`` holds
    (no fixed sleeps); fails naming ``what`` after a few seconds."""
    for _ in range(400):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if cond():
            return
        await pilot.pause(0.005)
    raise AssertionError(f"timed out waiting for {what}")


async def settle(pilot: Pilot) -> None:
    """Wait until pages, the current claim and every verdict write have landed."""
    app = pilot.app

    def settled() -> bool:
        screen = review_screen(app)
        current = screen.queue.current
        shown = screen.shown_id == (current.claim_id if current else None)
        return bool(
            app.writer.pending == 0  # type: ignore[attr-defined]
            and not screen.loading_page
            and screen.queue.loaded
            and shown
        )

    await wait_until(pilot, settled, "the review screen to settle")
