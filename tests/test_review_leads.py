"""Pilot tests of the leads' screens: agreement (``a``) and adjudication (``A``).

Each test builds the review fixture, adds verdicts by three reviewers and registers a lead
through ``store.reviewers``; assertions read the widgets and the database.
"""

from __future__ import annotations

import pytest
from review_fixtures import (
    FIXED,
    ReviewDB,
    build_review_db,
    make_app,
    review_screen,
    settle,
    wait_until,
    widget_text,
)
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable

from cpec_verify.review.rendering.leads import dispute_claim_text
from cpec_verify.review.screens import adjudicate as adjudicate_module
from cpec_verify.review.screens.adjudicate import AdjudicateScreen
from cpec_verify.review.screens.agreement import AgreementScreen
from cpec_verify.review.screens.dialogs import PromptScreen
from cpec_verify.stats.agreement import compute_agreement
from cpec_verify.store.entities.adjudications import dispute_view
from cpec_verify.store.entities.reviewers import add_reviewer
from cpec_verify.store.models import Adjudication, Verdict
from cpec_verify.store.queries.agreement_query import latest_label_arrays

MARKUP_NOTE = "[bold]x[/] and [/x"


def seed(engine: Engine) -> ReviewDB:
    """Claims 0 and 2 disputed, 1 and 3 agreed; lead ``lea``, plain reviewer ``tester``."""
    db = build_review_db(engine)
    c = db.claim_ids
    rows = [
        (c[0], "alice", "supported", [db.evidence_spans[c[0]][0]], None),
        (c[0], "bob", "conflicting", [db.evidence_spans[c[0]][1]], MARKUP_NOTE),
        (c[1], "alice", "supported", [], None),
        (c[1], "bob", "supported", [], None),
        (c[2], "alice", "unsourced", [], None),
        (c[2], "bob", "conflicting", [], "roads differ"),
        (c[2], "carol", "conflicting", [], None),
        (c[3], "alice", "conflicting", [], None),
        (c[3], "carol", "conflicting", [], None),
    ]
    with Session(engine) as session:
        for claim_id, reviewer, label, evidence, note in rows:
            session.add(
                Verdict(
                    claim_id=claim_id,
                    reviewer=reviewer,
                    label=label,
                    evidence=evidence,
                    note=note,
                    created_at=FIXED,
                )
            )
        add_reviewer(session, "lea", lead=True)
        add_reviewer(session, "tester")
        session.commit()
    return db


def num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def notifications(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


def adjudications(engine: Engine) -> list[Adjudication]:
    with Session(engine) as session:
        return list(session.exec(select(Adjudication).order_by(col(Adjudication.id))))


# -- agreement ----------------------------------------------------------------------------------


async def test_agreement_screen_shows_the_figures_for_a_lead(engine: Engine) -> None:
    seed(engine)
    with Session(engine) as session:
        expected = compute_agreement(latest_label_arrays(session))
    app = make_app(engine, reviewer="lea")
    async with app.run_test(size=(120, 48)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, AgreementScreen) and app.screen.result is not None,
            "the agreement figures",
        )
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        assert screen.result == expected
        summary = widget_text(screen.query_one("#agreement-summary"))
        assert f"{expected['krippendorff_alpha']:.3f}" in summary
        assert num(expected["fleiss_kappa"]) in summary  # n/a here: raters per item vary
        assert f"{100 * expected['percent_agreement']:.1f}%" in summary
        assert "Items" in summary and "Reviewers" in summary and "Ratings" in summary
        kappa = screen.query_one("#agreement-kappa", DataTable)
        assert kappa.row_count == 3  # alice, bob, carol
        pair = next(p for p in expected["cohen_kappa"] if {p["a"], p["b"]} == {"alice", "bob"})
        cell = kappa.get_cell_at(Coordinate(0, 2)).plain  # row alice, column bob
        assert cell == f"{num(pair['kappa'])} (n={pair['n']})"
        labels = screen.query_one("#agreement-labels", DataTable)
        assert labels.row_count == len(expected["per_label"])
        assert expected["notes"]  # why Fleiss is n/a
        notes = widget_text(screen.query_one("#agreement-notes"))
        assert all(note[:40] in notes.replace("\n", " ") for note in expected["notes"])
        # r recomputes from the database: a new verdict changes the ratings count
        with Session(engine) as session:
            session.add(
                Verdict(
                    claim_id=seed_claim(session),
                    reviewer="dan",
                    label="supported",
                    evidence=[],
                    created_at=FIXED,
                )
            )
            session.commit()
        await pilot.press("r")
        await wait_until(
            pilot,
            lambda: (
                screen.result is not None and screen.result["ratings"] == expected["ratings"] + 1
            ),
            "recompute",
        )
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AgreementScreen)


def seed_claim(session: Session) -> int:
    return session.exec(select(Verdict.claim_id)).first()  # type: ignore[return-value]


@pytest.mark.parametrize(("key", "screen"), [("a", AgreementScreen), ("A", AdjudicateScreen)])
async def test_leads_screen_refused_for_a_non_lead(engine: Engine, key: str, screen: type) -> None:
    seed(engine)
    app = make_app(engine, reviewer="tester")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press(key)
        await wait_until(
            pilot,
            lambda: (
                not isinstance(app.screen, screen)
                and any("not a lead" in m for m in notifications(app))
            ),
            "refusal",
        )
        assert any(m.startswith("tester is not a lead") for m in notifications(app))
        assert app.is_running  # refused, not crashed
        await pilot.press("c")  # back on the review screen: keys are the reviewer's again
        await pilot.pause()
    assert adjudications(engine) == []


async def test_agreement_on_an_empty_database_explains_the_nulls(engine: Engine) -> None:
    with Session(engine) as session:
        add_reviewer(session, "lea", lead=True)
        session.commit()
    app = make_app(engine, reviewer="lea")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("a")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, AgreementScreen) and app.screen.result is not None,
            "the agreement figures",
        )
        notes = widget_text(app.screen.query_one("#agreement-notes"))
        assert "no current verdicts in the database" in notes
        assert "n/a" in widget_text(app.screen.query_one("#agreement-summary"))


async def test_palette_lists_the_leads_screens(engine: Engine) -> None:
    seed(engine)
    app = make_app(engine, reviewer="lea")
    async with app.run_test() as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(review_screen(app))}
        assert {"Reviewer agreement", "Adjudicate disputed claims"} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Adjudicate disputed")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, AdjudicateScreen) and app.screen.view is not None,
            "the adjudication screen",
        )


# -- adjudication -------------------------------------------------------------------------------


def test_dispute_text_highlights_exactly_the_claim(engine: Engine) -> None:
    db = seed(engine)
    with Session(engine) as session:
        view = dispute_view(session, db.claim_ids[2], lead="lea", min_reviewers=2)
    text = dispute_claim_text(view)
    marked = [text.plain[s.start : s.end] for s in text.spans if s.style == "on #2a3b55"]
    assert marked == [view.claim["text"]]


async def open_adjudication(pilot: Pilot) -> AdjudicateScreen:
    await settle(pilot)
    await pilot.press("A")
    app = pilot.app
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, AdjudicateScreen) and app.screen.view is not None,
        "a disputed claim",
    )
    screen = app.screen
    assert isinstance(screen, AdjudicateScreen)
    return screen


async def test_adjudicate_shows_the_dispute_and_saves_label_and_rationale(
    engine: Engine,
) -> None:
    db = seed(engine)
    c = db.claim_ids
    app = make_app(engine, reviewer="lea")
    async with app.run_test(size=(140, 48)) as pilot:
        screen = await open_adjudication(pilot)
        assert [r.claim_id for r in screen.rows] == [c[0], c[2]]
        claim = " ".join(widget_text(screen.query_one("#adj-claim")).split())  # unwrapped
        assert "Corridor investment reaches $60 billion" in claim  # the article's title
        assert "committed investment stands at around $60 billion" in claim
        verdicts = widget_text(screen.query_one("#adj-verdicts"))
        assert "alice" in verdicts and "bob" in verdicts
        assert "supported" in verdicts and "conflicting" in verdicts
        assert "“The programme has" in verdicts  # alice's cited evidence (wrapped column)
        assert "“Deals worth $8.5" in verdicts  # bob's
        assert "[bold]x[/]" in verdicts  # the note, literally
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"monitor: [1] delivered, not committed", "enter")
        await wait_until(
            pilot,
            lambda: (
                not screen.saving
                and screen.status.startswith("saved")
                and "Adjudications" in widget_text(screen.query_one("#adj-history"))
            ),
            "the saved adjudication",
        )
        assert "monitor: [1] delivered" in widget_text(screen.query_one("#adj-history"))
    rows = adjudications(engine)
    assert [(a.claim_id, a.lead, a.label, a.rationale, a.retraction) for a in rows] == [
        (c[0], "lea", "conflicting", "monitor: [1] delivered, not committed", False)
    ]


async def test_adjudicate_refuses_an_empty_rationale(engine: Engine) -> None:
    seed(engine)
    app = make_app(engine, reviewer="lea")
    async with app.run_test() as pilot:
        screen = await open_adjudication(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")  # empty
        await wait_until(
            pilot,
            lambda: any("rationale is required" in m for m in notifications(app)),
            "the refusal",
        )
        await pilot.press("u")
        await pilot.pause()
        await pilot.press(*"   ", "enter")  # blank
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"changed my mind", "escape")  # cancelled
        await wait_until(pilot, lambda: app.screen is screen, "the prompt to close")
        assert not screen.saving and screen.status == ""
    assert adjudications(engine) == []


async def test_adjudicate_moves_between_disputed_claims_across_pages(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(adjudicate_module, "PAGE_SIZE", 1)
    db = seed(engine)
    c = db.claim_ids
    app = make_app(engine, reviewer="lea")
    async with app.run_test() as pilot:
        screen = await open_adjudication(pilot)
        assert screen.view is not None and screen.view.claim["id"] == c[0]
        for key, expected in (("j", c[2]), ("k", c[0]), ("j", c[2])):
            await pilot.press(key)
            await wait_until(
                pilot,
                lambda e=expected: screen.view is not None and screen.view.claim["id"] == e,
                f"claim {expected}",
            )
        assert "roads differ" in widget_text(screen.query_one("#adj-verdicts"))
        assert "carol" in widget_text(screen.query_one("#adj-verdicts"))
        await pilot.press("j")  # past the last: one more (empty) page read, then it stays
        await wait_until(
            pilot, lambda: not screen.loading_page and screen.view is not None, "the empty page"
        )
        assert screen.view.claim["id"] == c[2] and len(screen.rows) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AdjudicateScreen)


async def test_adjudicate_with_nothing_disputed_says_so(engine: Engine) -> None:
    build_review_db(engine)
    with Session(engine) as session:
        add_reviewer(session, "lea", lead=True)
        session.commit()
    app = make_app(engine, reviewer="lea")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("A")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, AdjudicateScreen) and not app.screen.loading_page,
            "the empty list",
        )
        screen = app.screen
        assert "No disputed claims" in widget_text(screen.query_one("#adj-claim"))
        await pilot.press("c", "j")  # nothing to label or move to: a bell, no prompt
        await pilot.pause()
        assert app.screen is screen
    assert adjudications(engine) == []
