"""Pilot tests of the review screen's key handling: repeated verdict keys, the missing-citation
dialog's digits, feedback that stays, undo as a history, search that jumps, layout by size."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from review_fixtures import (
    add_fixed_verdict,
    build_review_db,
    make_app,
    review_screen,
    settle,
    widget_text,
)
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.review.app import ReviewApp
from cpec_verify.review.screens.dialogs import MissingCitationScreen, PromptScreen
from cpec_verify.store.entities.verdicts import latest_verdict, verdict_history
from cpec_verify.store.models import Claim, Verdict


def history(engine: Engine, claim_id: int | None = None) -> list[Verdict]:
    with Session(engine) as session:
        return verdict_history(session, claim_id=claim_id)


def status(app: ReviewApp) -> str:
    """The status line's words, its (up to two) rows joined."""
    return " ".join(widget_text(review_screen(app).query_one("#status")).split())


def shown(app: ReviewApp) -> int | None:
    return review_screen(app).shown_id


@contextmanager
def writes_held(app: ReviewApp) -> Iterator[threading.Event]:
    """Hold the writer thread, so keys land before any commit (and before the screen moves)."""
    gate = threading.Event()
    app.writer._pool.submit(gate.wait)
    try:
        yield gate
    finally:
        gate.set()


async def test_repeated_verdict_key_acts_once_until_the_screen_moves(engine: Engine) -> None:
    db = build_review_db(engine)
    first, second = db.claim_ids[:2]
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        with writes_held(app) as gate:
            await pilot.press("u", "u", "u", "u", "u", "c")
            assert app.writer.pending == 1
            assert f"ignored: conflicting on claim #{first}, a verdict was just given" in status(
                app
            )
            gate.set()
        await settle(pilot)
        assert shown(app) == second
        await pilot.press("u")  # the screen moved: the key acts again, once
        await settle(pilot)
    assert [(v.claim_id, v.label) for v in history(engine)] == [
        (first, "unsourced"),
        (second, "unsourced"),
    ]


async def test_a_citation_or_going_back_frees_the_verdict_key(engine: Engine) -> None:
    """On the last claim the screen cannot move on: citing evidence lets a new verdict in."""
    db = build_review_db(engine)
    last = db.claim_ids[-1]
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("G", "u")
        await settle(pilot)
        assert shown(app) == last
        await pilot.press("u")
        await settle(pilot)
        assert "ignored" in status(app)
        await pilot.press("1", "s")
        await settle(pilot)
    assert [v.label for v in history(engine, last)] == ["unsourced", "unsourced", "supported"]


async def test_missing_citation_dialog_digits_cite_and_save(engine: Engine) -> None:
    db = build_review_db(engine)
    first = db.claim_ids[0]
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MissingCitationScreen)
        choices = [widget_text(w) for w in dialog.query(".dialog-choice")]
        assert choices[0].startswith("1  differs  The programme has delivered")
        assert choices[1].startswith("2  related  Deals worth $8.5 billion")
        await pilot.press("9")  # no evidence 9: the dialog stays, nothing written
        await pilot.pause()
        assert app.screen is dialog and history(engine) == []
        await pilot.press("2")
        await settle(pilot)
        assert not isinstance(app.screen, MissingCitationScreen)
        assert shown(app) == db.claim_ids[1]
        assert f"saved: claim #{first} supported (cites evidence 2) as verdict #" in status(app)
    [row] = history(engine)
    assert (row.claim_id, row.label, row.evidence) == (
        first,
        "supported",
        [db.evidence_spans[first][1]],
    )


async def test_feedback_stays_and_names_evidence_and_verdicts(engine: Engine) -> None:
    db = build_review_db(engine)
    first = db.claim_ids[0]
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("1", "2", "c")
        await settle(pilot)
        [row] = history(engine)
        assert shown(app) == db.claim_ids[1]  # moved on, and the line still says what was saved
        expected = f"saved: claim #{first} conflicting (cites evidence 1, 2) as verdict #{row.id}"
        assert expected in status(app)
        await pilot.press("j", "j")
        await settle(pilot)
        assert expected in status(app)  # moving does not wipe it
        await pilot.press("g")
        await settle(pilot)
        head = widget_text(review_screen(app).query_one("#claim-head"))
        assert f"cites evidence 1, 2 · saved as verdict #{row.id}" in " ".join(head.split())
        assert "#2 ·" not in head


async def test_undo_walks_back_note_citation_and_verdict(engine: Engine) -> None:
    db = build_review_db(engine)
    first = db.claim_ids[0]
    s1, s2 = db.evidence_spans[first]
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("c", "1")  # dialog: cite evidence 1 and save
        await settle(pilot)
        await pilot.press("k", "2", "e")  # back; cite evidence 2; a note
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"check", "enter")
        await settle(pilot)
        await pilot.press("j")  # undo works from anywhere: it goes back to the claim
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert shown(app) == first
        assert f"undone: note on claim #{first}: verdict #" in status(app)
        assert "restores conflicting (cites evidence 1, 2)" in status(app)
        await pilot.press("z")
        await settle(pilot)
        assert f"undone: cited evidence 2 on claim #{first}" in status(app)
        await pilot.press("z")
        await settle(pilot)
        assert f"undone: verdict conflicting on claim #{first}: retracted by verdict #" in status(
            app
        )
        await pilot.press("z")
        await settle(pilot)
        assert "nothing to undo" in status(app)
    rows = history(engine, first)
    assert [(v.label, v.evidence, v.note, v.retraction) for v in rows] == [
        ("conflicting", [s1], None, False),
        ("conflicting", sorted([s1, s2]), None, False),
        ("conflicting", sorted([s1, s2]), "check", False),
        ("conflicting", sorted([s1, s2]), None, False),  # the note undone
        ("conflicting", [s1], None, False),  # the citation undone
        (None, [], f"retracts verdict #{rows[4].id}", True),  # the verdict undone
    ]


async def test_undo_goes_back_across_claims_in_reverse_order(engine: Engine) -> None:
    db = build_review_db(engine)
    first, second = db.claim_ids[:2]
    add_fixed_verdict(engine, second, "tester", "unsourced")  # from an earlier session
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("1", "c")  # changes the earlier verdict on the second claim, twice
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert shown(app) == second
        assert "restores unsourced (cites evidence 1)" in status(app)
        await pilot.press("z")
        await settle(pilot)
        assert status(app).endswith("restores unsourced")
        await pilot.press("z")
        await settle(pilot)
        assert shown(app) == first
    with Session(engine) as session:
        assert latest_verdict(session, claim_id=first, reviewer="tester") is None
        restored = latest_verdict(session, claim_id=second, reviewer="tester")
    assert restored is not None and restored.label == "unsourced"
    assert len(history(engine)) == 7  # nothing deleted: 1 earlier, 3 given, 3 undone


async def test_undo_of_a_pending_citation_writes_nothing(engine: Engine) -> None:
    db = build_review_db(engine)
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("1", "2", "z")
        await settle(pilot)
        screen = review_screen(app)
        assert "it was not saved: nothing written" in status(app)
        state, pending = screen.book.state(db.claim_ids[0], screen.detail.mine)  # type: ignore[union-attr]
        assert pending and state.evidence == (db.evidence_spans[db.claim_ids[0]][0],)
    assert history(engine) == []


async def test_search_jumps_between_matches_and_leaves_the_queue(engine: Engine) -> None:
    db = build_review_db(engine)
    ids = db.claim_ids  # "000" is in the second ("8,000 MW") and the sixth ("22,000")
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = review_screen(app)
        await pilot.press("slash", *"000", "enter")
        await settle(pilot)
        assert shown(app) == ids[1]
        bar = widget_text(screen.query_one("#search-hint"))
        assert "match 1 of 2" in bar
        await pilot.press("n")
        await settle(pilot)
        assert shown(app) == ids[5] and "match 2 of 2" in widget_text(
            screen.query_one("#search-hint")
        )
        await pilot.press("n")  # past the end: wraps
        await settle(pilot)
        assert shown(app) == ids[1] and "wrapped" in widget_text(screen.query_one("#search-hint"))
        await pilot.press("N")
        await settle(pilot)
        assert shown(app) == ids[5]
        assert screen.queue.total == 6 and screen.queue.spec.search is None
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.query_one("#search").display
        await pilot.press("n")  # closed: no search to repeat
        await settle(pilot)
        assert shown(app) == ids[5] and "no search" in status(app)
        await pilot.press("slash")  # opens empty, not with the last query
        await pilot.pause()
        assert screen.query_one("#search-input").value == ""  # type: ignore[attr-defined]
        await pilot.press(*"no such words", "enter")
        await settle(pilot)
        assert shown(app) == ids[5]
        assert "no claim in the queue matches" in widget_text(screen.query_one("#search-hint"))


async def test_a_failed_verdict_is_said_and_leaves_nothing_to_undo(engine: Engine) -> None:
    db = build_review_db(engine)
    first = db.claim_ids[0]
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        with Session(engine) as session:  # the claim goes away under the reviewer
            session.exec(delete(Claim).where(Claim.id == first))  # type: ignore[call-overload]
            session.commit()
        await pilot.press("u")
        await settle(pilot)
        assert f"NOT saved: claim #{first} unsourced" in status(app)
        await pilot.press("z")
        await settle(pilot)
        assert "nothing to undo" in status(app)
    assert history(engine) == []
