"""``cpec-verify import``: files, directories and stdin into the store, one transaction each."""

from __future__ import annotations

from collections import Counter

import click
from sqlalchemy.engine import Engine

from cpec_verify.cli.app import db_args, db_option, engine_for, err, out, warn
from cpec_verify.cli.progress import file_bar, stage_bars
from cpec_verify.errors import UsageError
from cpec_verify.services.claims import ExtractReport, after_import
from cpec_verify.services.importing import (
    DEFAULT_MAX_BYTES,
    FORMATS,
    ImportSummary,
    articles_to_extract,
    run_import,
)


def import_files(
    engine: Engine,
    paths: tuple[str, ...],
    *,
    fmt: str = "auto",
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportSummary:
    """Run the import with a bar over the files, then print its warnings and line errors."""
    with file_bar() as progress:
        summary = run_import(
            engine, paths, fmt=fmt, strict=strict, max_bytes=max_bytes, progress=progress
        )
    for level, message in summary.notes:
        if level == "warning":
            warn(message)
        else:
            err.print(f"error: {message}", markup=False, highlight=False)
    return summary


def extract_claims(engine: Engine, article_ids: list[int]) -> ExtractReport:
    """Claims and evidence for freshly imported articles, with a bar per stage."""
    if not article_ids:
        return ExtractReport()
    with stage_bars() as progress:
        return after_import(engine, article_ids, progress)


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


@click.command("import")
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
    engine = engine_for(db, create=True)
    summary = import_files(engine, paths, fmt=fmt, strict=strict, max_bytes=max_bytes)
    # the run went on past a bad file: warnings; nothing could be imported at all: errors
    went_on = bool(summary.imported_files or summary.already)
    for name, reason in summary.skipped:
        if went_on:
            warn(f"{name}: skipped: {reason}")
        else:
            err.print(f"error: {name}: {reason}", markup=False, highlight=False)
    if not no_extract:
        summary.extracted = extract_claims(engine, articles_to_extract(engine, summary))
    print_summary(summary, db)
    failed = bool(summary.skipped)
    if failed and (summary.articles == 0 and summary.already == 0 or strict):
        return 1
    return 0
