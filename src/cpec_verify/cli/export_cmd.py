"""``cpec-verify export`` and ``cpec-verify import-export``: verified claim sets out and back in.

Records stream from the database to ``--out`` through ``output_file.open_output``: a
regular file is replaced atomically once every record is written (a failed export never
leaves half a file), devices, FIFOs and ``-`` (stdout, the default) are written directly.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from cpec_verify import __version__
from cpec_verify.cli.app import (
    cli,
    db_option,
    engine_for,
    err,
    format_option,
    out,
    print_json,
    terminal_guard,
)
from cpec_verify.cli.status_cmd import min_reviewers_option
from cpec_verify.errors import UsageError
from cpec_verify.export.claimreview import Publisher
from cpec_verify.export.formats import FORMATS
from cpec_verify.export.reader import read_records
from cpec_verify.export.records import build_record
from cpec_verify.export.schema import validate_record
from cpec_verify.output_file import open_output
from cpec_verify.store.db import session_scope
from cpec_verify.store.export_query import iter_export_rows
from cpec_verify.store.import_export import load_records
from cpec_verify.store.status import FINAL_STATUSES, check_min_reviewers, check_statuses


@cli.command("export")
@format_option(*FORMATS, default="jsonl")
@click.option(
    "--status",
    "status",
    default=",".join(FINAL_STATUSES),
    show_default=True,
    metavar="LIST",
    help="Comma-separated claim statuses to export.",
)
@click.option(
    "--out",
    "out_path",
    default="-",
    show_default=True,
    metavar="PATH|-",
    help="Output file (replaced atomically; a symlink's target is replaced; devices and "
    "FIFOs are written directly); - for stdout.",
)
@click.option(
    "--validate", is_flag=True, help="Check every record against schemas/export-record.schema.json."
)
@click.option(
    "--publisher",
    envvar="CPEC_VERIFY_PUBLISHER",
    metavar="NAME",
    help="Fact-checking organisation for claimreview [env CPEC_VERIFY_PUBLISHER].",
)
@click.option(
    "--publisher-url",
    envvar="CPEC_VERIFY_PUBLISHER_URL",
    metavar="URL",
    help="Its URL, also the base of each review's url [env CPEC_VERIFY_PUBLISHER_URL].",
)
@min_reviewers_option
@db_option
def export_command(
    fmt: str,
    status: str,
    out_path: str,
    validate: bool,
    publisher: str | None,
    publisher_url: str | None,
    min_reviewers: int,
    db: str | None,
) -> None:
    """Export verified claims: final label, evidence with provenance, verdicts, agreement."""
    spec = FORMATS[fmt]
    statuses = check_statuses(status.split(","))
    check_min_reviewers(min_reviewers)
    if spec.needs_final_label and set(statuses) - set(FINAL_STATUSES):
        raise UsageError(f"{fmt} needs a final label; use --status agreed,adjudicated")
    pub = None
    if spec.needs_publisher:
        if not (publisher or "").strip():
            raise UsageError(f"{fmt} needs --publisher NAME (or CPEC_VERIFY_PUBLISHER)")
        pub = Publisher((publisher or "").strip(), (publisher_url or "").strip() or None)
    engine = engine_for(db)
    # Everything alive now (imported modules) never becomes garbage: keep the collector
    # from re-scanning it on every full pass while records stream (~20-40% of export time).
    gc.freeze()
    try:
        with session_scope(engine) as session, open_output(out_path) as stream:
            rows = iter_export_rows(
                session,
                statuses=statuses,
                min_reviewers=min_reviewers,
                with_article_text=spec.needs_article_text,
            )

            def records() -> Iterator[dict]:
                for n, row in enumerate(rows, 1):
                    record = build_record(row, tool_version=__version__)
                    if validate:
                        validate_record(record, f"record {n} (claim {row['claim_id']})")
                    yield record

            count = spec.write(
                records(), terminal_guard(stream, json=fmt not in ("csv", "yaml")), pub
            )
    finally:
        gc.unfreeze()
    where = "stdout" if out_path == "-" else out_path
    err.print(f"exported {count} claim(s) as {fmt} to {where}", markup=False, highlight=False)


@cli.command("import-export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@format_option("text", "json")
@db_option
def import_export_command(file: str, fmt: str, db: str | None) -> None:
    """Load a JSONL export ("export --format jsonl") into this database.

    Claims already present at the same offsets are skipped; articles this database
    lacks are rebuilt from the exported sentences.  Unknown schema versions are refused.
    """
    name = "<stdin>" if file == "-" else file
    stream = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
    try:
        with session_scope(engine_for(db)) as session:
            summary = load_records(
                session, read_records(stream, name), origin=f"export:{Path(name).name}"
            )
    finally:
        if stream is not sys.stdin:
            stream.close()
    if fmt == "json":
        print_json(vars(summary))
        return
    out.print(
        f"loaded {summary.loaded} claim(s) ({summary.verdicts} verdicts, "
        f"{summary.adjudications} adjudications, {summary.articles_created} new articles); "
        f"skipped {summary.skipped} already present",
        markup=False,
    )
