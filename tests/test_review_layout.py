"""The review screen at the edges: the claim always in view, the queue wider when there is
room, a footer that is never cut."""

from __future__ import annotations

import pytest
from review_fixtures import build_review_db, make_app, review_screen, settle, widget_text
from sqlalchemy.engine import Engine
from textual.widgets._footer import FooterKey

from cpec_verify.review.app import ReviewApp

CLAIM_START = "ISLAMABAD: The corridor's committed investment"


def footer_keys(app: ReviewApp) -> list[FooterKey]:
    return list(review_screen(app).query(FooterKey))


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (100, 18), (200, 15)])
async def test_small_terminals_keep_the_claim_in_view(
    engine: Engine, size: tuple[int, int]
) -> None:
    build_review_db(engine)
    app = make_app(engine, filter="all")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        assert screen.has_class("-compact")
        body = screen.query_one("#claim-body")
        assert body.region.height >= 3 and body.region.width >= size[0] - 4
        assert CLAIM_START in widget_text(body)
        evidence, queue = screen.query_one("#evidence"), screen.query_one("#queue")
        assert evidence.display and not queue.display
        assert evidence.region.y > body.region.y  # stacked: the claim on top
        await pilot.press("t")  # the lower pane is a tab: evidence <-> queue
        await settle(pilot)
        assert queue.display and not evidence.display
        assert queue.region.y > body.region.y
        assert CLAIM_START in widget_text(body)
        await pilot.press("j")
        await settle(pilot)
        assert "The first phase added 8,000 MW" in widget_text(body)
        await pilot.press("t")
        await settle(pilot)
        assert evidence.display and not queue.display


async def test_wide_terminals_widen_the_queue(engine: Engine) -> None:
    build_review_db(engine)
    widths = {}
    for size in ((120, 40), (200, 50)):
        app = make_app(engine, filter="all")
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = review_screen(app)
            assert not screen.has_class("-compact")
            widths[size[0]] = screen.query_one("#queue").region.width
            await pilot.press("t")  # nothing to switch: panes sit side by side
            await settle(pilot)
            assert screen.query_one("#evidence").display and screen.query_one("#queue").display
    assert widths[120] == 38 and widths[200] >= 48


@pytest.mark.parametrize("width", [60, 80, 100, 200])
async def test_footer_fits_and_keeps_the_verdict_keys(engine: Engine, width: int) -> None:
    build_review_db(engine)
    app = make_app(engine, filter="all")
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        keys = footer_keys(app)
        assert keys and all(k.region.right <= width for k in keys)
        shown = {k.key for k in keys}
        assert {"s", "c", "u", "1", "question_mark"} <= shown
        if width >= 80:
            assert {"z", "slash"} <= shown
        if width >= 200:
            assert {"f", "q", "e"} <= shown
