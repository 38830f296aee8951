"""Pilot tests: every key path of the review screen, asserting what the database holds."""

from __future__ import annotations

import pytest
from review_fixtures import build_review_db, make_app, review_screen, settle, widget_text
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cpec_verify.review.model import queue as queue_module
from cpec_verify.review.screens.article import ArticleScreen
from cpec_verify.review.screens.dialogs import MissingCitationScreen, PromptScreen
from cpec_verify.review.screens.filter import FilterScreen
from cpec_verify.review.screens.help import HelpScreen
from cpec_verify.store.entities.verdicts import latest_verdict, verdict_history
from cpec_verify.store.models import Claim, Verdict


def history(engine: Engine, claim_id: int | None = None) -> list[Verdict]:
    with Session(engine) as session:
        return verdict_history(session, claim_id=claim_id)


def current(engine: Engine, claim_id: int, reviewer: str = "tester") -> Verdict | None:
    with Session(engine) as session:
        return latest_verdict(session, claim_id=claim_id, reviewer=reviewer)


def header(app: object) -> str:
    return widget_text(review_screen(app).query_one("#header"))


async def test_navigation_keys_move_through_the_queue(engine: Engine) -> None:
    db = build_review_db(engine)
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = review_screen(app)
        assert screen.detail is not None and screen.detail.claim_id == db.claim_ids[0]
        assert "1 / 6" in header(app)
        for key, expected in (
            ("j", 1),
            ("down", 2),
            ("k", 1),
            ("up", 0),
            ("G", 5),
            ("g", 0),
            ("end", 5),
            ("home", 0),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert screen.detail is not None
            assert screen.detail.claim_id == db.claim_ids[expected], key
        assert "1 / 6" in header(app)
        await pilot.press("k")  # already first: stays
        await settle(pilot)
        assert screen.detail.claim_id == db.claim_ids[0]
    assert history(engine) == []


async def test_label_with_citation_saves_and_moves_on(engine: Engine) -> None:
    db = build_review_db(engine)
    first = db.claim_ids[0]
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("1", "s")
        await settle(pilot)
        screen = review_screen(app)
        assert screen.detail is not None and screen.detail.claim_id == db.claim_ids[1]
        assert screen.book.status[first].startswith("saved as verdict #")
        assert "you 1 / 6 done" in header(app)
        status = widget_text(screen.query_one("#status"))
        assert f"saved: claim #{first} supported (cites evidence 1) as verdict #" in status
    row = current(engine, first)
    assert row is not None and row.label == "supported"
    assert row.evidence == [db.evidence_spans[first][0]]


@pytest.mark.parametrize(("key", "label"), [("c", "conflicting"), ("u", "unsourced")])
async def test_conflicting_and_unsourced_keys(engine: Engine, key: str, label: str) -> None:
    db = build_review_db(engine)
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("2", key)
        await settle(pilot)
    row = current(engine, db.claim_ids[0])
    assert row is not None and row.label == label
    assert row.evidence == [db.evidence_spans[db.claim_ids[0]][1]]


async def test_required_evidence_warns_before_saving(engine: Engine) -> None:
    db = build_review_db(engine)
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, MissingCitationScreen)
        await pilot.press("n")
        await settle(pilot)
        assert history(engine) == []
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, MissingCitationScreen)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("u")  # unsourced needs no citation: no warning
        await settle(pilot)
        assert not isinstance(app.screen, MissingCitationScreen)
    assert [(v.claim_id, v.label) for v in history(engine)] == [
        (db.claim_ids[0], "conflicting"),
        (db.claim_ids[1], "unsourced"),
    ]


async def test_citation_toggle_after_a_label_appends_a_new_verdict(engine: Engine) -> None:
    db = build_review_db(engine)
    first = db.claim_ids[0]
    spans = db.evidence_spans[first]
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("1", "c")
        await settle(pilot)
        await pilot.press("k", "2")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("9")  # no evidence 9: a warning, nothing written
        await settle(pilot)
    rows = history(engine, first)
    assert [(v.label, v.evidence) for v in rows] == [
        ("conflicting", [spans[0]]),
        ("conflicting", sorted(spans)),
        ("conflicting", [spans[1]]),
    ]


async def test_note_modal_pending_then_saved_with_label(engine: Engine) -> None:
    db = build_review_db(engine)
    first = db.claim_ids[0]
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"see [1]", "enter")
        await settle(pilot)
        assert history(engine) == []  # a note alone is pending, shown as not saved
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("k", "e")
        await pilot.pause()
        await pilot.press("escape")  # cancel leaves it alone
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+u", *"rechecked", "enter")
        await settle(pilot)
    assert [(v.label, v.note) for v in history(engine, first)] == [
        ("unsourced", "see [1]"),
        ("unsourced", "rechecked"),
    ]


async def test_undo_appends_a_retraction_and_keeps_history(engine: Engine) -> None:
    db = build_review_db(engine)
    first = db.claim_ids[0]
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert review_screen(app).detail.claim_id == db.claim_ids[1]  # type: ignore[union-attr]
        await pilot.press("z")  # undoes the last verdict given, going back to it
        await settle(pilot)
        assert review_screen(app).detail.claim_id == first  # type: ignore[union-attr]
        assert "you 0 / 6 done" in header(app)
        await pilot.press("z")  # nothing left to undo
        await settle(pilot)
    rows = history(engine, first)
    assert [(v.label, v.retraction) for v in rows] == [("unsourced", False), (None, True)]
    assert current(engine, first) is None


async def filter_queue(pilot: object, text: str | None = None, steps: int = 0) -> None:
    """Open the f dialog, move the status ``steps`` down, type ``text``, apply."""
    await pilot.press("f")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(pilot.app.screen, FilterScreen)  # type: ignore[attr-defined]
    for _ in range(steps):
        await pilot.press("down")  # type: ignore[attr-defined]
    if text is not None:
        await pilot.press("ctrl+u", *text)  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_filter_narrows_the_queue_by_text(engine: Engine) -> None:
    build_review_db(engine)
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = review_screen(app)
        await filter_queue(pilot, "$8.5")
        assert screen.queue.total == 1 and "$8.5" in screen.queue.rows[0].text
        assert "all containing '$8.5'" in header(app)
        await filter_queue(pilot, "100%_none")  # LIKE wildcards are literal
        assert screen.queue.total == 0 and screen.detail is None
        await filter_queue(pilot, "")  # empty: no text filter
        assert screen.queue.total == 6
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("down", "escape")  # cancel changes nothing
        await settle(pilot)
        assert screen.queue.spec.filter == "all" and screen.queue.total == 6


async def test_filter_dialog_changes_the_status_filter(engine: Engine) -> None:
    db = build_review_db(engine)
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        screen = review_screen(app)
        seen = []
        for _ in range(4):
            await filter_queue(pilot, steps=1)
            seen.append((screen.queue.spec.filter, screen.queue.total))
        assert seen == [("conflicts", 3), ("mine", 1), ("all", 6), ("unreviewed", 5)]
        assert current(engine, db.claim_ids[0]) is not None


async def test_paging_across_pages(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queue_module, "PAGE_SIZE", 4)
    db = build_review_db(engine, extra_claims=7)  # 13 claims, pages of 4
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = review_screen(app)
        for _ in range(5):
            await pilot.press("j")
            await settle(pilot)
        assert screen.queue.position == 6 and screen.queue.offset == 4
        await pilot.press("G")
        await settle(pilot)
        assert screen.queue.position == 13 and screen.detail.claim_id == db.claim_ids[-1]  # type: ignore[union-attr]
        for _ in range(2):
            await pilot.press("k")
            await settle(pilot)
        assert screen.queue.position == 11
        await pilot.press("g")
        await settle(pilot)
        assert screen.queue.position == 1 and len(screen.queue.rows) == 4


async def test_enter_opens_evidence_article_at_the_sentence(engine: Engine) -> None:
    db = build_review_db(engine)
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        view = app.screen._view
        assert view.article.id == db.article_ids[2]
        assert view.text[view.start : view.end].startswith("Deals worth $8.5 billion")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ArticleScreen)


async def test_help_and_quit(engine: Engine) -> None:
    build_review_db(engine)
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_mouse_clicks_pick_claims_and_evidence(engine: Engine) -> None:
    db = build_review_db(engine)
    app = make_app(engine, filter="all")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        await pilot.click("#queue", offset=(10, 3))  # third row of a one-line-per-row list
        await settle(pilot)
        assert screen.detail is not None and screen.detail.claim_id == db.claim_ids[2]
        await pilot.click("#queue", offset=(10, 1))
        await settle(pilot)
        await pilot.click("#evidence", offset=(10, 8))  # the second entry
        await settle(pilot)
        assert screen.selected == 1
        await pilot.click("Footer", offset=(3, 0))  # "s supported"
        await pilot.pause()
        assert isinstance(app.screen, MissingCitationScreen)


async def test_blind_by_default_and_show_others(engine: Engine) -> None:
    from review_fixtures import add_fixed_verdict

    db = build_review_db(engine)
    add_fixed_verdict(engine, db.claim_ids[4], "alice", "supported")
    add_fixed_verdict(engine, db.claim_ids[4], "bob", "unsourced")
    for show, expect in ((False, ()), (True, (("alice", "supported"), ("bob", "unsourced")))):
        app = make_app(engine, filter="conflicts", show_others=show)
        async with app.run_test() as pilot:
            await settle(pilot)
            screen = review_screen(app)
            ids = [r.claim_id for r in screen.queue.rows]
            assert (db.claim_ids[4] in ids) is show  # disagreement counts only for leads
            await pilot.press("G")
            await settle(pilot)
            assert screen.detail is not None and screen.detail.others == expect
            assert ("alice" in widget_text(screen.query_one("#claim-head"))) is show


async def test_markup_in_article_text_renders_literally(engine: Engine) -> None:
    db = build_review_db(engine)
    app = make_app(engine, filter="all")
    async with app.run_test() as pilot:
        await settle(pilot)
        for _ in range(4):
            await pilot.press("j")
        await settle(pilot)
        screen = review_screen(app)
        assert screen.detail is not None and screen.detail.claim_id == db.claim_ids[4]
        shown = widget_text(screen.query_one("#claim-body"))
        assert "[bold]No more promises[/bold]" in shown
        assert "[link=https://x.test]here[/link]" in shown
        assert "[1]" in widget_text(screen.query_one("#claim-head"))
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"[/x", "enter")  # markup-looking note, echoed back on screen
        await settle(pilot)
        assert "[/x" in widget_text(screen.query_one("#claim-head"))


async def test_failed_write_is_reported_not_shown_as_saved(engine: Engine) -> None:
    db = build_review_db(engine)
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        with Session(engine) as session:
            session.exec(delete(Claim).where(Claim.id == db.claim_ids[0]))  # type: ignore[call-overload]
            session.commit()
        await pilot.press("u")
        await settle(pilot)
        screen = review_screen(app)
        assert screen.book.status[db.claim_ids[0]].startswith("NOT saved")
    with Session(engine) as session:
        assert list(session.exec(select(Verdict))) == []


async def test_command_palette_lists_review_actions(engine: Engine) -> None:
    build_review_db(engine)
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(review_screen(app))}
        assert {"Mark supported", "Undo last action", "Search claims", "Filter queue"} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Mark unsourced")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
    assert [v.label for v in history(engine)] == ["unsourced"]


async def test_empty_database_shows_a_hint(engine: Engine) -> None:
    app = make_app(engine)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = review_screen(app)
        assert screen.queue.total == 0
        assert "No claims match" in widget_text(screen.query_one("#claim-head"))
        await pilot.press("s", "j", "1", "e", "z", "enter", "G")
        await settle(pilot)
    assert history(engine) == []
