"""One input (bytes plus a name) into the store, as one transaction.

Reading files, progress and messages belong to the CLI; this module decides what a
file adds: nothing when its bytes were imported before, otherwise a source row and
one article per story, each with its spans and removed lines.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlmodel import Session

from cpec_verify.ingest import DuplicateIndex, IngestError, parse_document
from cpec_verify.store.articles import StoredArticle, add_article, add_source, source_by_sha


@dataclass
class ImportOutcome:
    """What happened to one input; ``skipped`` holds the reason when nothing was added."""

    name: str
    articles: list[StoredArticle] = field(default_factory=list)
    stories_split: int = 0
    skipped: str | None = None
    already: bool = False
    warnings: list[str] = field(default_factory=list)
    line_errors: list[str] = field(default_factory=list)
    source_id: int | None = None


def import_bytes(
    session: Session,
    raw: bytes,
    *,
    name: str,
    fmt: str = "auto",
    strict: bool = False,
    dup_index: DuplicateIndex | None = None,
) -> ImportOutcome:
    """Parse and store one input; the caller commits (or rolls back) the session."""
    outcome = ImportOutcome(name=name)
    sha = hashlib.sha256(raw).hexdigest()
    existing = source_by_sha(session, sha)
    if existing is not None:
        outcome.skipped = f"already imported as source #{existing.id} ({existing.path})"
        outcome.already = True
        outcome.source_id = existing.id
        return outcome
    try:
        parsed = parse_document(raw, name=name, fmt=fmt)
    except IngestError as exc:
        outcome.skipped = str(exc)
        return outcome
    outcome.warnings = list(parsed.warnings)
    outcome.line_errors = list(parsed.errors)
    if parsed.errors and strict:
        outcome.skipped = f"{len(parsed.errors)} malformed line(s) and --strict is set"
        return outcome
    if not parsed.articles:
        outcome.skipped = "no article text found"
        return outcome
    source = add_source(
        session,
        path=name,
        sha256=sha,
        size=len(raw),
        fmt=parsed.format,
        encoding=parsed.encoding,
        warnings=parsed.warnings,
    )
    outcome.source_id = source.id
    outcome.stories_split = parsed.stories_split
    for article in parsed.articles:
        outcome.articles.append(add_article(session, source, article, dup_index))
    return outcome
