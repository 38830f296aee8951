"""What a review session is about: database, reviewer, filter, guidelines."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from cpec_verify.review.model.guidelines import Guidelines


@dataclass(frozen=True)
class ReviewConfig:
    """Set once by the launcher; screens read it and never change it."""

    engine: Engine
    reviewer: str
    guidelines: Guidelines
    filter: str = "unreviewed"
    article_id: int | None = None
    show_others: bool = False  # leads only: checked in launch.prepare_review
    db_label: str = ""
