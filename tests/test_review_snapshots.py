"""Snapshots of the review screen (plain ``def``: the plugin owns the event loop)."""

from __future__ import annotations

from review_fixtures import build_review_db, make_app, settle
from sqlalchemy.engine import Engine


def test_main_screen_80x24(engine: Engine, snap_compare) -> None:  # noqa: ANN001
    build_review_db(engine)
    assert snap_compare(make_app(engine, filter="all"), terminal_size=(80, 24), run_before=settle)


def test_main_screen_60x15(engine: Engine, snap_compare) -> None:  # noqa: ANN001
    """Stacked: the claim over the evidence tab, one-line claim header, fitted footer."""
    build_review_db(engine)
    assert snap_compare(make_app(engine, filter="all"), terminal_size=(60, 15), run_before=settle)


def test_queue_tab_60x15(engine: Engine, snap_compare) -> None:  # noqa: ANN001
    build_review_db(engine)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await settle(pilot)
        await pilot.press("t", "j")
        await settle(pilot)

    assert snap_compare(
        make_app(engine, filter="all"), terminal_size=(60, 15), run_before=run_before
    )


def test_main_screen_200x50(engine: Engine, snap_compare) -> None:  # noqa: ANN001
    build_review_db(engine)
    assert snap_compare(make_app(engine, filter="all"), terminal_size=(200, 50), run_before=settle)


def test_feedback_and_search_80x24(engine: Engine, snap_compare) -> None:  # noqa: ANN001
    """After a verdict the status line says what was saved; the search bar under it."""
    build_review_db(engine)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await settle(pilot)
        await pilot.press("2", "c")
        await settle(pilot)
        await pilot.press("slash", *"billion", "enter")
        await settle(pilot)

    assert snap_compare(
        make_app(engine, filter="all"), terminal_size=(80, 24), run_before=run_before
    )


def test_main_screen_wide(engine: Engine, snap_compare) -> None:  # noqa: ANN001
    build_review_db(engine)
    assert snap_compare(make_app(engine, filter="all"), terminal_size=(160, 48), run_before=settle)


def test_saved_verdict_and_markup_article(engine: Engine, snap_compare) -> None:  # noqa: ANN001
    """A saved verdict with a citation, then the article whose text looks like markup."""
    build_review_db(engine)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await settle(pilot)
        await pilot.press("1", "c", "j", "j", "j")
        await settle(pilot)

    assert snap_compare(
        make_app(engine, filter="all"), terminal_size=(120, 32), run_before=run_before
    )


def test_help_screen(engine: Engine, snap_compare) -> None:  # noqa: ANN001
    build_review_db(engine)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(engine), terminal_size=(100, 40), run_before=run_before)


def test_empty_database(engine: Engine, snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(make_app(engine), terminal_size=(80, 24), run_before=settle)
