"""``cpec-verify status``: how many claims are unreviewed, in review, disputed, agreed, final."""

from __future__ import annotations

import click
from rich.table import Table

from cpec_verify.cli.app import F, cell, db_option, engine_for, format_option, out, print_json
from cpec_verify.store.db import session_scope
from cpec_verify.store.queries.status import (
    DEFAULT_MIN_REVIEWERS,
    STATUSES,
    check_min_reviewers,
    status_summary,
)


def min_reviewers_option(func: F) -> F:
    """``--min-reviewers``, shared by status, adjudicate and export."""
    return click.option(
        "--min-reviewers",
        type=int,
        default=DEFAULT_MIN_REVIEWERS,
        show_default=True,
        help="Reviewers needed before unanimous verdicts count as agreed.",
    )(func)


@click.command("status")
@format_option("table", "json")
@min_reviewers_option
@db_option
def status_command(fmt: str, min_reviewers: int, db: str | None) -> None:
    """Count claims per status, overall and per article.

    Each claim counts once: the claims of a syndicated copy take their original's verdicts
    and are counted with it.
    """
    check_min_reviewers(min_reviewers)
    with session_scope(engine_for(db)) as session:
        summary = status_summary(session, min_reviewers=min_reviewers)
    if fmt == "json":
        print_json(summary)
        return
    copies = (
        f" (and {summary['copies']} in syndicated copies, counted with their originals)"
        if summary["copies"]
        else ""
    )
    table = Table(
        title=f"{summary['total']} claim(s){copies}, agreed needs {min_reviewers} reviewer(s)",
        title_justify="left",
    )
    table.add_column("article", justify="right")
    table.add_column("title", max_width=40, overflow="ellipsis", no_wrap=True)
    for status in STATUSES:
        table.add_column(status.replace("_", " "), justify="right")
    table.add_column("total", justify="right")
    for a in summary["articles"]:
        table.add_row(
            str(a["article_id"]),
            cell(a["title"]),
            *(str(a["counts"][s]) for s in STATUSES),
            str(a["total"]),
        )
    table.add_section()
    table.add_row(
        "",
        "all",
        *(str(summary["counts"][s]) for s in STATUSES),
        str(summary["total"]),
        style="bold",
    )
    out.print(table)
