"""Work that follows an import: claim extraction and evidence for the new articles.

The claims stage plugs in here so ``import`` and ``demo`` need not know its details.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine


def after_import(engine: Engine, article_ids: list[int]) -> None:
    """Extract candidate claims and rank evidence for ``article_ids`` (claims stage)."""
    del engine, article_ids  # the claims stage (issue 4) fills this in
