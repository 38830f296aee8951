"""``cpec-verify reviewers``: list everyone with verdict counts, register, grant lead, remove."""

from __future__ import annotations

import click
from rich.table import Table

from cpec_verify.cli.app import cell, db_option, engine_for, format_option, out, print_json
from cpec_verify.store.db import session_scope
from cpec_verify.store.entities.reviewers import (
    add_reviewer,
    check_name,
    remove_reviewer,
    reviewer_summaries,
    summary_record,
)
from cpec_verify.textsafe import terminal_safe


@click.group("reviewers", invoke_without_command=True)
@format_option("table", "json")
@db_option
@click.pass_context
def reviewers_group(ctx: click.Context, fmt: str, db: str | None) -> None:
    """List everyone with their verdict counts; "reviewers add NAME [--lead]" registers one.

    Names compare case-insensitively after Unicode (NFKC) normalisation: "Ana" and "ana"
    are one reviewer, shown as first spelled.  A name is registered on its first verdict.
    Leads adjudicate, see other reviewers' verdicts in blind mode and remove reviewers
    ("reviewers remove NAME --by LEAD").  While there is no lead, anyone may make the first
    one; after that granting lead needs --by LEAD.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is not None:
        return
    with session_scope(engine_for(db)) as session:
        people = reviewer_summaries(session)
    if fmt == "json":
        print_json([summary_record(p) for p in people])
        return
    table = Table(title=f"{len(people)} reviewer(s)", title_justify="left")
    for name, justify in (("name", "left"), ("role", "left"), ("verdicts", "right"),
                          ("since", "left")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for p in people:
        role = ("lead" if p.lead else "reviewer") if p.registered else "not registered"
        since = p.created_at[:10] if p.created_at else ""
        table.add_row(cell(p.name), role, str(p.verdicts), since)
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
@click.pass_context
def reviewers_add(
    ctx: click.Context, name: str, lead: bool, by: str | None, db: str | None
) -> None:
    """Register NAME as a reviewer, or with --lead make NAME a lead."""
    db = db or ctx.obj.get("db")
    with session_scope(engine_for(db, create=True)) as session:
        change = add_reviewer(session, name, lead=lead, by=by)
    if change.created:
        msg = f"added {change.name} as {'lead' if change.is_lead else 'reviewer'}"
    elif change.promoted:
        msg = f"{change.name} is now a lead"
    else:
        msg = f"{change.name} is already registered ({'lead' if change.is_lead else 'reviewer'})"
    if change.name != check_name(name):
        msg += f" (as first spelled: {change.name})"
    if change.bootstrap:
        msg += " (first lead; granting lead now needs --by LEAD)"
    out.print(msg, markup=False)


@reviewers_group.command("remove")
@click.argument("name")
@click.option("--by", "by", metavar="LEAD", required=True, help="The lead removing NAME.")
@db_option
@click.pass_context
def reviewers_remove(ctx: click.Context, name: str, by: str, db: str | None) -> None:
    """Unregister NAME (leads only); their verdicts stay in the history and still count."""
    db = db or ctx.obj.get("db")
    with session_scope(engine_for(db)) as session:
        removed = remove_reviewer(session, name, by=by)
    role = "lead" if removed.is_lead else "reviewer"
    out.print(f"removed {removed.name} ({role}); their verdicts are kept", markup=False)


@reviewers_group.command("token")
@click.argument("name")
@click.option(
    "--lead", is_flag=True, help="A lead's session (leads' screens; NAME must be a lead)."
)
@click.option(
    "--url",
    "base_url",
    metavar="URL",
    default="http://127.0.0.1:8765",
    show_default=True,
    help="Where `cpec-verify serve` is reached (behind a proxy: its https address).",
)
@db_option
@click.pass_context
def reviewers_token(
    ctx: click.Context, name: str, lead: bool, base_url: str, db: str | None
) -> None:
    """Print a sign-in URL for `cpec-verify serve`; it replaces NAME's earlier one.

    Only the token's hash is stored: the URL cannot be shown again, issue a new one instead.
    """
    from urllib.parse import urlsplit

    from cpec_verify.errors import UsageError
    from cpec_verify.store.entities.sign_in import issue_token

    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--url must be an http(s) address, not {base_url!r}")
    db = db or ctx.obj.get("db")
    with session_scope(engine_for(db, create=True)) as session:
        who, token = issue_token(session, name, lead=lead)
    role = "lead" if who.lead else "reviewer"
    click.echo(f"{base_url.rstrip('/')}/?token={token}")
    err = click.get_text_stream("stderr")
    err.write(f"sign-in URL for {terminal_safe(who.name)} ({role}); keep it private\n")


@reviewers_group.command("revoke")
@click.argument("name")
@db_option
@click.pass_context
def reviewers_revoke(ctx: click.Context, name: str, db: str | None) -> None:
    """Revoke NAME's sign-in URL: it and the cookies it set stop working."""
    from cpec_verify.store.entities.sign_in import revoke_tokens

    db = db or ctx.obj.get("db")
    with session_scope(engine_for(db)) as session:
        shown = revoke_tokens(session, name)
    out.print(f"revoked the sign-in URL of {shown}", markup=False)
