"""``cpec-verify adjudicate``: a lead settles a claim's final label, or confirms agreed ones."""

from __future__ import annotations

import click

from cpec_verify.cli.app import db_option, engine_for, format_option, out, print_json
from cpec_verify.cli.status_cmd import min_reviewers_option
from cpec_verify.errors import UsageError
from cpec_verify.store.db import session_scope
from cpec_verify.store.entities.adjudications import (
    accept_agreed,
    add_adjudication,
    adjudication_record,
    retract_adjudication,
)
from cpec_verify.store.queries.status import check_min_reviewers


@click.command("adjudicate")
@click.argument("claim_id", type=int, required=False)
@click.argument("label", required=False)
@click.option("--by", "by", metavar="LEAD", required=True, help="The lead deciding.")
@click.option(
    "--rationale",
    metavar="TEXT",
    default=None,
    help="Why this label is final (required for one claim).",
)
@click.option(
    "--accept-agreed",
    "accept_all",
    is_flag=True,
    help="Confirm every agreed claim with its unanimous label.",
)
@click.option("--retract", is_flag=True, help="Withdraw the claim's current adjudication.")
@min_reviewers_option
@format_option("text", "json")
@db_option
def adjudicate_command(
    claim_id: int | None,
    label: str | None,
    by: str,
    rationale: str | None,
    accept_all: bool,
    retract: bool,
    min_reviewers: int,
    fmt: str,
    db: str | None,
) -> None:
    """Set the final LABEL of CLAIM_ID (leads only); history is kept like verdicts.

    \b
    cpec-verify adjudicate 42 supported --by ana --rationale "two outlets confirm"
    cpec-verify adjudicate --accept-agreed --by ana
    cpec-verify adjudicate 42 --retract --by ana --rationale "wrong claim"
    """
    check_min_reviewers(min_reviewers)
    if accept_all:
        if claim_id is not None or label is not None or retract:
            raise UsageError("--accept-agreed takes no CLAIM_ID, LABEL or --retract")
        with session_scope(engine_for(db)) as session:
            n = accept_agreed(
                session,
                lead=by,
                min_reviewers=min_reviewers,
                rationale=(rationale or "").strip() or None,
            )
        if fmt == "json":
            print_json({"accepted": n, "lead": by.strip()})
        else:
            out.print(f"accepted {n} agreed claim(s) as final", markup=False)
        return
    if claim_id is None:
        raise UsageError("give CLAIM_ID and LABEL, or --accept-agreed")
    with session_scope(engine_for(db)) as session:
        if retract:
            if label is not None:
                raise UsageError("--retract takes no LABEL")
            row = retract_adjudication(
                session, claim_id=claim_id, lead=by, rationale=rationale or ""
            )
            if row is None:
                raise UsageError(f"claim {claim_id} has no adjudication to retract")
        else:
            if label is None:
                raise UsageError("give the final LABEL after CLAIM_ID")
            row = add_adjudication(
                session, claim_id=claim_id, lead=by, label=label, rationale=rationale or ""
            )
        record = adjudication_record(row)
    if fmt == "json":
        print_json(record)
    elif retract:
        out.print(f"claim {claim_id}: adjudication retracted by {record['lead']}", markup=False)
    else:
        out.print(f"claim {claim_id}: final label {label} by {record['lead']}", markup=False)
