"""The import workflow: files, directories and stdin into the store, one transaction per input.

``import_bytes`` decides what one input adds: nothing when its bytes were imported before,
otherwise a source row and one article per story, each with its spans and removed lines.
``run_import`` walks the inputs and returns an :class:`ImportSummary` whose ``notes`` carry the
warnings and line errors in input order; the front end prints them and draws ``progress``.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from cpec_verify import input_file
from cpec_verify.ingest import DuplicateIndex, IngestError, parse_document
from cpec_verify.services.claims import ExtractReport
from cpec_verify.store.db import session_scope, translate_db_error
from cpec_verify.store.entities.articles import (
    StoredArticle,
    add_article,
    add_source,
    articles_without_claims,
    load_duplicate_index,
    source_by_sha,
)

FORMATS = ("auto", "txt", "md", "html", "jsonl")
DEFAULT_MAX_BYTES = input_file.DEFAULT_MAX_BYTES
DIRECTORY_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson"}

FileProgress = Callable[[str, int, int], None]
"""Called as ``progress(name, done, total)`` before each input and once at the end."""


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
    display_name: str | None = None,
) -> ImportOutcome:
    """Parse and store one input; the caller commits (or rolls back) the session.

    ``display_name`` is what screens show for the file (relative to the directory imported).
    """
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
        name=display_name or name,
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


@dataclass
class Input:
    """One thing to import: a path, or stdin (``path`` None)."""

    name: str
    path: Path | None
    display: str = ""  # relative to the directory imported, or the file's own name


@dataclass
class ImportSummary:
    """What a run added and skipped; ``notes`` are ``(level, message)`` pairs in input order,
    level ``"warning"`` or ``"error"`` (a malformed line that was left out)."""

    files: int = 0
    imported_files: int = 0
    articles: int = 0
    stories_split: int = 0
    duplicates: int = 0
    sentences: int = 0
    already: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    already_sources: list[int] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    extracted: ExtractReport | None = None  # None: claims were not proposed (--no-extract)

    def add(self, outcome: ImportOutcome) -> None:
        self.notes += [("warning", f"{outcome.name}: {m}") for m in outcome.warnings]
        self.notes += [("error", m) for m in outcome.line_errors]
        if outcome.already:
            self.already += 1
            if outcome.source_id is not None:
                self.already_sources.append(outcome.source_id)
        elif outcome.skipped:
            self.skipped.append((outcome.name, outcome.skipped))
        else:
            self.imported_files += 1
        self.stories_split += outcome.stories_split
        for stored in outcome.articles:
            self.articles += 1
            self.sentences += stored.sentences
            self.duplicates += stored.duplicate_of is not None
            self.article_ids.append(stored.article_id)


def display_name(path: Path | str) -> str:
    """A path as text that can be stored and printed: a file name that is not UTF-8 (bytes
    the file system allows) keeps its bad bytes as ``\\xNN`` instead of failing the run."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _not_regular(path: Path) -> str | None:
    """Why ``path`` cannot be imported as a file (FIFO, device, socket), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device or socket"
    return f"{kind}, not a regular file (pipe it to - for stdin)"


def collect_inputs(paths: tuple[str, ...], summary: ImportSummary) -> list[Input]:
    """Expand directories recursively (sorted, hidden files left out); keep order otherwise.

    Only regular files are read: a FIFO or device among the inputs is skipped with a reason
    (reading one would block the run forever); stdin is given as ``-``.
    """
    inputs: list[Input] = []
    for raw in paths:
        if raw == "-":
            inputs.append(Input("<stdin>", None, "<stdin>"))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if not p.is_dir()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            for p in found:
                name = display_name(p)
                if (why := _not_regular(p)) is not None:
                    summary.skipped.append((name, why))
                elif p.suffix.lower() in DIRECTORY_SUFFIXES:
                    shown = (Path(path.resolve().name or ".") / p.relative_to(path)).as_posix()
                    inputs.append(Input(name, p, display_name(shown)))
                else:
                    summary.skipped.append((name, f"unsupported file type '{p.suffix or p.name}'"))
        elif path.exists():
            why = _not_regular(path)
            if why is None:
                shown = path.name if path.is_absolute() or ".." in path.parts else path.as_posix()
                inputs.append(Input(display_name(path), path, display_name(shown)))
            else:
                summary.skipped.append((display_name(path), why))
        else:
            summary.skipped.append((display_name(path), "no such file or directory"))
    return inputs


def read_input(item: Input, max_bytes: int, stdin: BinaryIO | None = None) -> bytes:
    """The raw bytes, refusing anything over the limit before reading it all."""
    if item.path is None:
        data = (stdin or sys.stdin.buffer).read(max_bytes + 1)
        if len(data) > max_bytes:
            raise ValueError(f"input is over the --max-bytes limit of {max_bytes:,} bytes")
        return data
    try:
        return input_file.read_limited(item.path, max_bytes)
    except (input_file.NotRegularFile, input_file.TooLarge) as exc:  # the summary names it
        raise ValueError(exc.reason) from None


def _quiet(_name: str, _done: int, _total: int) -> None:
    return None


def run_import(
    engine: Engine,
    paths: tuple[str, ...],
    *,
    fmt: str = "auto",
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: FileProgress = _quiet,
    stdin: BinaryIO | None = None,
) -> ImportSummary:
    """Import every input, each in its own transaction; shared by ``import`` and ``demo``."""
    summary = ImportSummary()
    inputs = collect_inputs(paths, summary)
    summary.files = len(inputs) + len(summary.skipped)
    with session_scope(engine) as session:
        dup_index = load_duplicate_index(session)
    for done, item in enumerate(inputs):
        progress(item.name, done, len(inputs))
        summary.add(_import_one(engine, item, fmt, strict, max_bytes, dup_index, stdin))
    progress("", len(inputs), len(inputs))
    return summary


def _import_one(
    engine: Engine,
    item: Input,
    fmt: str,
    strict: bool,
    max_bytes: int,
    dup_index: DuplicateIndex,
    stdin: BinaryIO | None,
) -> ImportOutcome:
    """One input in its own transaction.  Anything wrong with the input skips it with a
    reason and the run goes on; only the database failing stops the run."""
    try:
        raw = read_input(item, max_bytes, stdin)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return ImportOutcome(name=item.name, skipped=reason)
    try:
        with session_scope(engine) as session:
            outcome = import_bytes(
                session,
                raw,
                name=item.name,
                fmt=fmt,
                strict=strict,
                dup_index=dup_index,
                display_name=item.display or item.name,
            )
            if outcome.skipped:
                session.rollback()
    except SQLAlchemyError as exc:
        raise translate_db_error(exc, str(engine.url)) from exc
    except Exception as exc:  # noqa: BLE001
        # a parser's limit or bug on this one file: rolled back, reported, the run goes on
        return ImportOutcome(name=item.name, skipped=f"cannot import: {type(exc).__name__}: {exc}")
    return outcome


def articles_to_extract(engine: Engine, summary: ImportSummary) -> list[int]:
    """The run's new articles, plus those of re-imported files that an import killed before its
    extraction step left without claims."""
    with session_scope(engine) as session:
        pending = articles_without_claims(session, summary.already_sources)
    return summary.article_ids + pending
