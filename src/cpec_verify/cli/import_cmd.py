"""``cpec-verify import``: files, directories and stdin into the store, one transaction each."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import SQLAlchemyError

from cpec_verify.cli.app import cli, db_args, db_option, engine_for, err, out, warn
from cpec_verify.errors import UsageError
from cpec_verify.services.claims import ExtractReport
from cpec_verify.services.importing import ImportOutcome, import_bytes
from cpec_verify.store.articles import articles_without_claims, load_duplicate_index
from cpec_verify.store.db import session_scope, translate_db_error

FORMATS = ("auto", "txt", "md", "html", "jsonl")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DIRECTORY_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson"}


@dataclass
class Input:
    """One thing to import: a path, or stdin (``path`` None)."""

    name: str
    path: Path | None


@dataclass
class ImportSummary:
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
    extracted: ExtractReport | None = None  # None: claims were not proposed (--no-extract)

    def add(self, outcome: ImportOutcome) -> None:
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


def collect_inputs(paths: tuple[str, ...], summary: ImportSummary) -> list[Input]:
    """Expand directories recursively (sorted, hidden files left out); keep order otherwise."""
    inputs: list[Input] = []
    for raw in paths:
        if raw == "-":
            inputs.append(Input("<stdin>", None))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            for p in found:
                if p.suffix.lower() in DIRECTORY_SUFFIXES:
                    inputs.append(Input(str(p), p))
                else:
                    summary.skipped.append(
                        (str(p), f"unsupported file type '{p.suffix or p.name}'")
                    )
        elif path.exists():
            inputs.append(Input(str(path), path))
        else:
            summary.skipped.append((str(path), "no such file or directory"))
    return inputs


def read_input(item: Input, max_bytes: int) -> bytes:
    """The raw bytes, refusing anything over the limit before reading it all."""
    if item.path is None:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        size = item.path.stat().st_size
        if size > max_bytes:
            raise ValueError(f"file is {size:,} bytes, over the --max-bytes limit of {max_bytes:,}")
        with open(item.path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"input is over the --max-bytes limit of {max_bytes:,} bytes")
    return data


def run_import(
    db: str | None,
    paths: tuple[str, ...],
    *,
    fmt: str = "auto",
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    show_progress: bool = True,
) -> ImportSummary:
    """Import every input; shared by ``import`` and ``demo``."""
    summary = ImportSummary()
    inputs = collect_inputs(paths, summary)
    summary.files = len(inputs) + len(summary.skipped)
    engine = engine_for(db)
    with session_scope(engine) as session:
        dup_index = load_duplicate_index(session)
    progress = Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[name]}", markup=False),
        console=err,
        transient=True,
        disable=not show_progress or len(inputs) < 2 or not err.is_terminal,
    )
    with progress:
        task = progress.add_task("import", total=len(inputs), name="")
        for item in inputs:
            progress.update(task, name=item.name[-60:])
            summary.add(_import_one(engine, item, fmt, strict, max_bytes, dup_index))
            progress.advance(task)
    return summary


def _import_one(engine, item: Input, fmt, strict, max_bytes, dup_index) -> ImportOutcome:  # noqa: ANN001
    try:
        raw = read_input(item, max_bytes)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return ImportOutcome(name=item.name, skipped=reason)
    try:
        with session_scope(engine) as session:
            outcome = import_bytes(
                session, raw, name=item.name, fmt=fmt, strict=strict, dup_index=dup_index
            )
            if outcome.skipped:
                session.rollback()
    except SQLAlchemyError as exc:
        raise translate_db_error(exc, str(engine.url)) from exc
    for message in outcome.warnings:
        warn(f"{item.name}: {message}")
    for message in outcome.line_errors:
        err.print(f"error: {message}", markup=False, highlight=False)
    return outcome


def print_summary(summary: ImportSummary, db: str | None = None) -> None:
    """What the import added: articles, stories split, duplicates, claims and evidence links."""
    out.print(
        f"imported {summary.articles} article(s) from {summary.imported_files} file(s): "
        f"{summary.stories_split} extra stor{'y' if summary.stories_split == 1 else 'ies'} split, "
        f"{summary.duplicates} duplicate(s), {summary.sentences} sentence(s)",
        markup=False,
    )
    report = summary.extracted
    if report is None:
        if summary.articles:
            out.print(
                f"no claims proposed (--no-extract); later: cpec-verify extract{db_args(db)}",
                markup=False,
            )
    elif report.articles:
        copies = f" ({report.copies} of them in syndicated copies)" if report.copies else ""
        out.print(
            f"proposed {report.added} candidate claim(s){copies} "
            f"and {report.links} evidence link(s)",
            markup=False,
        )
    if summary.already:
        out.print(
            f"{summary.already} file(s) already imported: nothing added for them", markup=False
        )
    if summary.skipped:
        reasons = Counter(reason for _, reason in summary.skipped)
        out.print(f"{len(summary.skipped)} file(s) skipped:", markup=False)
        for reason, n in reasons.most_common():
            out.print(f"  {n} x {reason}", markup=False)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Input format; auto decides by extension, then by content.",
)
@click.option("--strict", is_flag=True, help="Refuse a JSONL file with any malformed line.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs larger than this.",
)
@click.option("--no-extract", is_flag=True, help="Do not propose claims and evidence afterwards.")
@db_option
def import_command(
    paths: tuple[str, ...],
    fmt: str,
    strict: bool,
    max_bytes: int,
    no_extract: bool,
    db: str | None,
) -> int:
    """Import articles from files, directories (recursively) and - (stdin).

    Plain text and Markdown as copied from news pages, HTML pages and JSONL (one
    article a line: text required; title, url, outlet, published optional).
    Re-importing the same bytes adds nothing.
    """
    if paths.count("-") > 1:
        raise UsageError("stdin (-) can be given only once")
    summary = run_import(db, paths, fmt=fmt, strict=strict, max_bytes=max_bytes)
    for name, reason in summary.skipped:
        err.print(f"error: {name}: {reason}", markup=False, highlight=False)
    if not no_extract:
        # an import killed before its extraction step left stored articles without claims
        with session_scope(engine_for(db)) as session:
            pending = articles_without_claims(session, summary.already_sources)
        summary.extracted = ExtractReport()
        if summary.article_ids or pending:
            summary.extracted = after_import(db, summary.article_ids + pending)
    print_summary(summary, db)
    failed = bool(summary.skipped)
    if failed and (summary.articles == 0 and summary.already == 0 or strict):
        return 1
    return 0


def after_import(db: str | None, article_ids: list[int]) -> ExtractReport:
    """Stages that run on newly imported articles (claims and evidence, when present)."""
    from cpec_verify.claims import hooks

    return hooks.after_import(engine_for(db), article_ids)
