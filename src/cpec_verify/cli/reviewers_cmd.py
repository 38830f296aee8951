"""``cpec-verify reviewers``: list reviewers and leads, register them, grant lead."""

from __future__ import annotations

import click
from rich.table import Table

from cpec_verify.cli.app import cell, cli, db_option, engine_for, format_option, out, print_json
from cpec_verify.store.db import session_scope
from cpec_verify.store.reviewers import add_reviewer, list_reviewers, reviewer_record


@cli.group("reviewers", invoke_without_command=True)
@format_option("table", "json")
@db_option
@click.pass_context
def reviewers_group(ctx: click.Context, fmt: str, db: str | None) -> None:
    """List reviewers and leads; "reviewers add NAME [--lead]" registers one.

    Leads adjudicate, see other reviewers' verdicts in blind mode and delete.  While
    there is no lead, anyone may make the first one; after that granting lead needs
    --by LEAD.
    """
    if ctx.invoked_subcommand is not None:
        return
    with session_scope(engine_for(db)) as session:
        records = [reviewer_record(r) for r in list_reviewers(session)]
    if fmt == "json":
        print_json(records)
        return
    table = Table(title=f"{len(records)} reviewer(s)", title_justify="left")
    for name in ("name", "role", "since"):
        table.add_column(name)
    for r in records:
        table.add_row(cell(r["name"]), "lead" if r["lead"] else "reviewer", r["created_at"][:10])
    out.print(table)


@reviewers_group.command("add")
@click.argument("name")
@click.option("--lead", is_flag=True, help="Grant lead (adjudicate, see others, delete).")
@click.option(
    "--by",
    "by",
    metavar="LEAD",
    default=None,
    help="The lead granting it (not needed for the very first lead).",
)
@db_option
def reviewers_add(name: str, lead: bool, by: str | None, db: str | None) -> None:
    """Register NAME as a reviewer, or with --lead make NAME a lead."""
    with session_scope(engine_for(db)) as session:
        change = add_reviewer(session, name, lead=lead, by=by)
    if change.created:
        msg = f"added {change.name} as {'lead' if change.is_lead else 'reviewer'}"
    elif change.promoted:
        msg = f"{change.name} is now a lead"
    else:
        msg = f"{change.name} is already registered ({'lead' if change.is_lead else 'reviewer'})"
    if change.bootstrap:
        msg += " (first lead; granting lead now needs --by LEAD)"
    out.print(msg, markup=False)
