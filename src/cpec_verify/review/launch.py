"""Start the review screen from the command line (``review`` and ``demo`` commands)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from cpec_verify.errors import UsageError
from cpec_verify.review.model.guidelines import load_guidelines
from cpec_verify.review.model.reviewer import resolve_reviewer
from cpec_verify.store.db import get_engine
from cpec_verify.store.entities.reviewers import require_lead, resolve_name
from cpec_verify.store.models import Article
from cpec_verify.store.queries.review_queue import QueueSpec

if TYPE_CHECKING:
    from cpec_verify.review.app import ReviewApp


def prepare_review(
    db: str | None,
    reviewer: str | None = None,
    *,
    filter: str = "unreviewed",  # noqa: A002  the CLI option's name
    article: int | None = None,
    guidelines: str | Path | None = None,
    show_others: bool = False,
    on_register: Callable[[str], None] | None = None,
) -> ReviewApp:
    """Check everything a user can get wrong, then build the app (not started).

    Errors (bad filter, unknown article, malformed guidelines) are raised before the
    terminal switches to the full-screen app, so they print as one ``error:`` line.
    ``on_register`` is told when the reviewer's name is new to the database.
    """
    name = resolve_reviewer(reviewer)
    QueueSpec(name, filter)  # validates the filter name
    rules = load_guidelines(guidelines)
    engine = get_engine(db, create=False)  # review reads: a typo must not create a database
    with Session(engine) as session:
        if article is not None and session.get(Article, article) is None:
            raise UsageError(f"no article with id {article}")
        resolved = resolve_name(session, name)  # "Ana" and "ana" review as one person
        name = resolved.name
        if show_others:
            require_lead(session, name)  # blind review: only leads see others' verdicts
        session.commit()
    if resolved.registered and on_register is not None:
        on_register(name)
    from cpec_verify.review.app import make_review_app  # Textual loads only when needed

    return make_review_app(
        engine,
        name,
        filter=filter,
        article_id=article,
        guidelines=rules,
        show_others=show_others,
    )


def run_app(app: ReviewApp) -> None:
    """Run until the user quits; queued verdict writes finish before returning."""
    try:
        app.run()
    finally:
        app.writer.close()


def run_review(
    db: str | None,
    reviewer: str | None = None,
    *,
    filter: str = "unreviewed",  # noqa: A002  the CLI option's name
    article: int | None = None,
    guidelines: str | Path | None = None,
    show_others: bool = False,
    on_register: Callable[[str], None] | None = None,
) -> None:
    """Prepare and run the review screen (``demo`` calls this after building its database)."""
    run_app(
        prepare_review(
            db,
            reviewer,
            filter=filter,
            article=article,
            guidelines=guidelines,
            show_others=show_others,
            on_register=on_register,
        )
    )
