"""The Line API panes paint what the reviewer needs after each key, at both snapshot sizes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from review_fixtures import build_review_db, make_app, review_screen, settle, widget_text
from rich.style import Style
from sqlalchemy.engine import Engine
from textual import events
from textual.geometry import Region
from textual.widget import Widget

CLAIM_BG = Style.parse("on #2a3b55").bgcolor


def painted(widget: Widget, keep: Callable[[Style], bool]) -> str:
    """The characters the widget draws in styles that ``keep`` accepts (lines joined by " ")."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return " ".join(
        "".join(seg.text for seg in strip if seg.style is not None and keep(seg.style))
        for strip in lines
    )


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_next_claim_paints_its_span_figures_and_badges(
    engine: Engine, size: tuple[int, int]
) -> None:
    build_review_db(engine)
    app = make_app(engine, filter="all")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        screen = review_screen(app)
        body, evidence = screen.query_one("#claim-body"), screen.query_one("#evidence")
        highlighted = painted(body, lambda s: s.bgcolor == CLAIM_BG)
        assert words(highlighted) == "The first phase added 8,000 MW of generation capacity."
        assert "8,000 MW" in painted(body, lambda s: bool(s.underline))
        head = widget_text(screen.query_one("#claim-head"))
        assert "Corridor investment reaches $60 billion" in head and "claim #2" in head
        assert "2 / 6" in widget_text(screen.query_one("#header"))
        shown = widget_text(evidence)
        assert "differs" in shown and "8,000 MW vs" in shown and "5,320" in shown
        badge = painted(evidence, lambda s: bool(s.bold) and s.bgcolor is not None)
        assert "differs" in badge

        await pilot.press("j", "j")  # claim 4: an agreeing source and one from the same outlet
        await settle(pilot)
        shown = words(widget_text(evidence))
        assert "agrees" in shown and "related" in shown and "same source" in shown
        assert "claim #4" in widget_text(screen.query_one("#claim-head"))


async def test_markup_looking_text_is_painted_as_typed(engine: Engine) -> None:
    build_review_db(engine)
    app = make_app(engine, filter="all")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press(*"jjjj")
        await settle(pilot)
        screen = review_screen(app)
        body = words(widget_text(screen.query_one("#claim-body")))
        assert "A post read [bold]No more promises[/bold] and linked" in body
        assert "[link=https://x.test]here[/link]" in body
        assert "[1]" in widget_text(screen.query_one("#claim-head"))


async def test_the_panes_scroll_with_the_mouse(engine: Engine) -> None:
    build_review_db(engine)
    app = make_app(engine, filter="all")
    async with app.run_test(size=(60, 15)) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        for pane in (screen.query_one("#claim-body"), screen.query_one("#evidence")):
            assert pane.max_scroll_y > 0, pane.id  # more text than fits
            before = pane.scroll_y
            x, y = pane.region.x + 2, pane.region.y + 1
            for _ in range(3):
                app.post_message(
                    events.MouseScrollDown(
                        None, x, y, 0, 1, 0, False, False, False, screen_x=x, screen_y=y
                    )
                )
                await pilot.pause()
            assert pane.scroll_y > before, pane.id
            assert screen.detail is not None and screen.detail.claim_id == screen.shown_id
