"""The adjudication screen's text: the article's source, context cut at words, whole headers."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from review_fixtures import build_review_db
from rich.console import Console
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cpec_verify.review.rendering.leads import (
    CONTEXT_AFTER,
    CONTEXT_BEFORE,
    context_bounds,
    dispute_claim_text,
    verdicts_table,
)
from cpec_verify.store.entities.adjudications import DisputeView, dispute_view
from cpec_verify.store.entities.reviewers import add_reviewer
from cpec_verify.store.models import Source, Verdict

WORDS = ["the", "corridor", "committed", "investment", "stands", "around", "billion", "minister"]
CLAIM = "Officials said 888 km of motorways were completed."


def body_around(
    claim: str, words_before: int, words_after: int, sep: str = " "
) -> tuple[str, int, int]:
    """Filler words, the claim, filler words, joined by ``sep``; the claim's offsets."""
    before = sep.join(WORDS[i % len(WORDS)] for i in range(words_before))
    after = sep.join(WORDS[(i * 3) % len(WORDS)] for i in range(words_after))
    body = f"{before}{sep}{claim}{sep}{after}"
    start = len(before) + len(sep)
    return body, start, start + len(claim)


def view(article: dict[str, Any], body: str, start: int, end: int) -> DisputeView:
    return DisputeView(
        claim={"id": 7, "text": body[start:end], "start": start, "end": end, "speaker": None},
        article={"id": 3, "title": "A title", "outlet": None, "published": None, **article}
        | {"text": body},
        status="disputed",
        verdicts=[
            {
                "reviewer": "alexandra-longname",
                "label": "conflicting",
                "cited": [],
                "note": "a note",
            },
            {"reviewer": "bo", "label": "supported", "cited": [], "note": None},
        ],
        history=[],
    )


def test_the_source_file_shows_when_there_is_no_url() -> None:
    body, start, end = body_around(CLAIM, 5, 5)
    text = dispute_claim_text(
        view({"url": None, "source": "desk/2025/story.html"}, body, start, end)
    )
    assert "desk/2025/story.html" in text.plain and "no outlet, date or source" not in text.plain
    with_url = view({"url": "https://example.org/a", "source": "a.html"}, body, start, end)
    assert "https://example.org/a" in dispute_claim_text(with_url).plain


def test_context_starts_and_ends_on_whole_words() -> None:
    body, start, end = body_around(CLAIM, 80, 160)  # longer than the window both ways
    text = dispute_claim_text(view({"url": None}, body, start, end)).plain
    shown = text[text.index("… ") + 2 : text.rindex(" …")]
    words = set(WORDS)
    assert shown.split()[0] in words and shown.split()[-1].strip(".") in words
    assert CLAIM in shown


@given(
    before=st.integers(0, 120),
    after=st.integers(0, 200),
    glue=st.sampled_from([" ", "\n\n", "  "]),
)
def test_context_bounds_never_split_a_word(before: int, after: int, glue: str) -> None:
    body, start, end = body_around(CLAIM, before, after, glue)
    lo, hi = context_bounds(body, start, end)
    assert 0 <= lo <= start and end <= hi <= len(body)
    assert lo == 0 or lo == start or body[lo - 1].isspace()
    assert hi == len(body) or hi == end or body[hi].isspace()
    assert start - lo <= CONTEXT_BEFORE and hi - end <= CONTEXT_AFTER


def test_verdict_table_headers_are_whole_when_narrow() -> None:
    body, start, end = body_around(CLAIM, 5, 5)
    table = verdicts_table(view({"url": None}, body, start, end))
    for width in (56, 70, 120):  # a 60-column terminal leaves the table 56
        console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(table)
        header = next(line for line in console.export_text().splitlines() if line.strip())
        for name in ("reviewer", "label", "evidence", "note"):
            assert name in header, (width, header)


def test_dispute_view_names_the_file_as_imported_not_its_absolute_path(engine: Engine) -> None:
    db = build_review_db(engine)
    claim = db.claim_ids[4]  # in the fixture's second article, which has no URL
    with Session(engine) as session:
        source = session.exec(select(Source).where(Source.path == "fixture/1.txt")).one()
        source.path, source.name = "/home/someone/desk/fixture/1.txt", "fixture/1.txt"
        for reviewer, label in (("ana", "supported"), ("bo", "unsourced")):
            session.add(Verdict(claim_id=claim, reviewer=reviewer, label=label, evidence=[]))
        add_reviewer(session, "lea", lead=True)
        session.commit()
        dispute = dispute_view(session, claim, lead="lea", min_reviewers=2)
    shown = dispute_claim_text(dispute).plain
    assert "fixture/1.txt" in shown and "/home/someone" not in shown
