"""The review application: one main screen, a verdict writer, commands from the action table."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from sqlalchemy.engine import Engine
from textual.app import App, SystemCommand
from textual.screen import Screen

from cpec_verify.review.actions import REVIEW_ACTIONS
from cpec_verify.review.model.config import ReviewConfig
from cpec_verify.review.model.guidelines import Guidelines, load_guidelines
from cpec_verify.review.model.writer import VerdictWriter
from cpec_verify.review.screens.review import ReviewScreen
from cpec_verify.store.db import describe

GEN0_THRESHOLD = 2000  # allocations between young collections (Python's default: 700)


class ReviewApp(App[None]):
    """Hosts :class:`ReviewScreen`; other screens (help, agreement...) are pushed over it."""

    CSS_PATH = "review.tcss"
    TITLE = "cpec-verify review"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, config: ReviewConfig) -> None:
        super().__init__()
        self.config = config
        self.writer = VerdictWriter(config.engine, config.reviewer)
        self._frozen = False
        self._threshold: tuple[int, int, int] | None = None

    def get_default_screen(self) -> Screen:
        return ReviewScreen(self.config, self.writer)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The review actions in the palette, from the same table as the bindings."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, ReviewScreen):
            for spec in REVIEW_ACTIONS:
                if spec.palette and spec.id != "quit":
                    discover = not spec.id.startswith("cite-") or spec.id == "cite-1"
                    yield SystemCommand(
                        spec.title, spec.help, partial(screen.run_action, spec.action), discover
                    )

    def on_review_screen_claim_shown(self) -> None:
        """Once the first claim is up, move start-up objects out of the collector's way:
        full collections over Textual's many objects were the slow tail of key presses.
        Each frame also leaves a few hundred cyclic strips (Textual's caches); a larger
        first generation lets more die young, so full collections (20-40 ms at 160x48 on
        a slow machine) come about every 100 claims rather than every 30."""
        if not self._frozen:
            self._frozen = True
            gc.collect()
            gc.freeze()
            self._threshold = gc.get_threshold()
            gc.set_threshold(GEN0_THRESHOLD, *self._threshold[1:])

    def on_unmount(self) -> None:
        self.writer.close()
        if self._threshold is not None:
            gc.set_threshold(*self._threshold)


def db_label(engine: Engine) -> str:
    """The database's file name (SQLite) or its password-free URL."""
    name = describe(str(engine.url))
    return Path(name).name if engine.dialect.name == "sqlite" else name


def make_review_app(
    engine: Engine,
    reviewer: str,
    *,
    filter: str = "unreviewed",  # noqa: A002  the CLI option's name
    article_id: int | None = None,
    guidelines: Guidelines | None = None,
    show_others: bool = False,
) -> ReviewApp:
    """Build the app (the launcher, tests and the bench all come through here)."""
    config = ReviewConfig(
        engine=engine,
        reviewer=reviewer,
        guidelines=guidelines or load_guidelines(),
        filter=filter,
        article_id=article_id,
        show_others=show_others,
        db_label=db_label(engine),
    )
    return ReviewApp(config)
