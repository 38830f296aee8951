"""``cpec-verify verdict``, ``verdicts`` and ``verdicts import``: verdicts for scripts and pipelines."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from cpec_verify.cli.app import cli, db_option, engine_for, format_option, out, print_json
from cpec_verify.review.reviewer import resolve_reviewer
from cpec_verify.store.db import session_scope
from cpec_verify.store.models import LABELS
from cpec_verify.store.verdict_io import csv_text, import_verdicts, read_verdict_file, record
from cpec_verify.store.verdicts import (
    add_verdict,
    check_citations,
    latest_verdicts,
    verdict_history,
)


@cli.command("verdict")
@click.argument("claim_id", type=int)
@click.argument("label", type=click.Choice(LABELS))
@click.option(
    "--reviewer",
    default=None,
    metavar="NAME",
    help="Reviewer name [env CPEC_VERIFY_REVIEWER; default: login name].",
)
@click.option(
    "--evidence",
    "evidence",
    type=int,
    multiple=True,
    metavar="SPAN_ID",
    help="Cite this evidence span (repeat for several).",
)
@click.option("--note", default=None, metavar="TEXT", help="A note for the lead.")
@db_option
def verdict_command(
    claim_id: int,
    label: str,
    reviewer: str | None,
    evidence: tuple[int, ...],
    note: str | None,
    db: str | None,
) -> None:
    """Append a verdict on CLAIM_ID (the scripted equivalent of s/c/u on the review screen)."""
    name = resolve_reviewer(reviewer)
    with session_scope(engine_for(db)) as session:
        row = add_verdict(
            session, claim_id=claim_id, reviewer=name, label=label, evidence=evidence, note=note
        )
        check_citations(session, claim_id, row.evidence)
        verdict_id = row.id
    cited = f" citing {', '.join(map(str, sorted(set(evidence))))}" if evidence else ""
    out.print(f"verdict #{verdict_id}: claim {claim_id} {label} by {name}{cited}", markup=False)


@cli.group("verdicts", invoke_without_command=True)
@format_option("table", "json", "csv")
@click.option("--history", is_flag=True, help="Every row, retractions included, oldest first.")
@click.option("--reviewer", default=None, metavar="NAME", help="Only this reviewer's verdicts.")
@db_option
@click.pass_context
def verdicts_group(
    ctx: click.Context, fmt: str, history: bool, reviewer: str | None, db: str | None
) -> None:
    """List current verdicts (the latest per claim and reviewer), or import them."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is not None:
        return
    with session_scope(engine_for(db)) as session:
        if history:
            rows = verdict_history(session, reviewer=reviewer)
        else:
            rows = latest_verdicts(session, reviewers=[reviewer] if reviewer else None)
        records = [record(v, history=history) for v in rows]
    if fmt == "json":
        print_json(records)
    elif fmt == "csv":
        sys.stdout.write(csv_text(records, history=history))
    else:
        _table(records, history)


def _table(records: list[dict], history: bool) -> None:
    table = Table(title=f"{len(records)} verdict(s)", title_justify="left")
    cols = ["claim", "reviewer", "label", "evidence", "note", "created_at"]
    if history:
        cols.insert(0, "id")
    for name in cols:
        table.add_column(name, overflow="fold", max_width=48 if name == "note" else None)
    for r in records:
        label = r["label"] or ("(retraction)" if r.get("retraction") else "")
        cells = [
            r["claim_id"],
            r["reviewer"],
            label,
            " ".join(map(str, r["evidence"])),
            r["note"] or "",
            r["created_at"],
        ]
        if history:
            cells.insert(0, r["id"])
        table.add_row(*(Text(str(c)) for c in cells))
    out.print(table)


@verdicts_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.pass_context
def verdicts_import(ctx: click.Context, file: Path, db: str | None) -> None:
    """Append verdicts from FILE.csv or FILE.jsonl, all or nothing (errors name the line)."""
    records = read_verdict_file(file)
    with session_scope(engine_for(db or ctx.obj.get("db"))) as session:
        count = import_verdicts(session, records, str(file))
    out.print(f"imported {count} verdict(s) from {file}", markup=False)
