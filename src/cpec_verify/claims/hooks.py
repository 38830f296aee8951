"""Work that follows an import: claim extraction and evidence for the new articles.

The claims stage plugs in here so ``import`` and ``demo`` need not know its details.  The CLI
sets :data:`reporter` to draw a progress bar; without it the work runs silently.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from sqlalchemy.engine import Engine

from cpec_verify.services.claims import ExtractReport, Progress

reporter: Callable[[], AbstractContextManager[Progress | None]] = lambda: nullcontext(None)  # noqa: E731
"""Makes the progress callback for one run (the CLI installs a rich bar on stderr)."""


def after_import(engine: Engine, article_ids: list[int]) -> ExtractReport:
    """Extract candidate claims and rank evidence for ``article_ids`` in one transaction."""
    if not article_ids:
        return ExtractReport()
    from cpec_verify.services.claims import process_articles
    from cpec_verify.store.db import session_scope

    with reporter() as progress, session_scope(engine) as session:
        if progress is None:
            return process_articles(session, article_ids)
        return process_articles(session, article_ids, progress)
