"""``cpec-verify agreement``: reviewer agreement from the database or a ratings file.

A shell over ``services.agreement`` (which the benchmark times too): options in, the result
as a table, JSON or Markdown out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.console import Group
from rich.table import Table
from rich.text import Text

from cpec_verify.cli.agreement_tables import render_table
from cpec_verify.cli.app import (
    db_option,
    engine_for,
    format_option,
    out,
    print_json,
    write_text,
)
from cpec_verify.errors import UsageError
from cpec_verify.input_file import DEFAULT_MAX_BYTES
from cpec_verify.services.agreement import agreement_result, ratings_from_db, ratings_from_file
from cpec_verify.stats.ratings import LEVELS
from cpec_verify.stats.report import render_markdown
from cpec_verify.store.db import session_scope

TABLE_ROWS = 100  # disagreements shown by the table view


def parse_reviewers(value: str | None) -> list[str] | None:
    """``a, b,c`` -> ``['a', 'b', 'c']``; None when the option was not given."""
    if value is None:
        return None
    names = list(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    if not names:
        raise UsageError("--reviewers needs at least one name (comma-separated)")
    return names


def _disagreement_rows(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    names: list[str] = result["reviewer_names"]
    header = ["item", *names, "majority"]
    rows = [
        [d["item"], *(d["ratings"].get(n, "") for n in names), d["majority"] or "(tie)"]
        for d in result["disagreements"]
    ]
    return header, rows


def _disagreement_table(result: dict[str, Any]) -> Group:
    """The worst items only: rich lays out a 100k-row table for minutes, and nobody reads it."""
    header, rows = _disagreement_rows(result)
    table = Table(title=f"{len(rows)} item(s) to adjudicate, worst first", title_justify="left")
    for name in header:
        table.add_column(Text(name))
    for row in rows[:TABLE_ROWS]:
        table.add_row(*(Text(cell) for cell in row))
    more = len(rows) - TABLE_ROWS
    tail = f"... {more} more; --format json or markdown lists them all" if more > 0 else ""
    return Group(table, Text(tail, style="dim")) if tail else Group(table)


def _disagreement_markdown(result: dict[str, Any]) -> str:
    def cells(values: list[str]) -> str:
        escaped = (v.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ") for v in values)
        return "| " + " | ".join(escaped) + " |"

    header, rows = _disagreement_rows(result)
    lines = ["", f"### Disagreements ({len(rows)}, worst first)", ""]
    lines += [cells(header), "| " + " | ".join(":--" for _ in header) + " |"]
    lines += [cells(row) for row in rows]
    return "\n".join(lines) + "\n"


@click.command("agreement")
@click.option(
    "--input", "input_path", type=click.Path(path_type=Path), default=None, metavar="FILE",
    help="Ratings file instead of the database: item,reviewer,label as CSV, JSON or JSONL; "
    "verdicts --format csv|json output is read as it is (claim_id is the item).",
)  # fmt: skip
@click.option(
    "--level", type=click.Choice(LEVELS), default="nominal", show_default=True,
    help="Level of measurement for Krippendorff's alpha; numeric levels need numeric labels.",
)  # fmt: skip
@click.option("--reviewers", default=None, metavar="A,B,...", help="Only these reviewers.")
@click.option("--article", "article_id", type=int, default=None, help="Only this article's claims.")
@click.option(
    "--bootstrap", type=click.IntRange(min=0), default=0, metavar="N",
    help="Bootstrap replicates for a 95% confidence interval of alpha.",
)  # fmt: skip
@click.option("--seed", type=int, default=None, help="Bootstrap seed [default 0 with --bootstrap].")
@click.option("--disagreements", is_flag=True, help="List the items whose ratings differ.")
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
    help="Refuse an --input file larger than this.",
)  # fmt: skip
@format_option("table", "json", "markdown")
@db_option
def agreement_command(
    input_path: Path | None,
    level: str,
    reviewers: str | None,
    article_id: int | None,
    bootstrap: int,
    seed: int | None,
    disagreements: bool,
    max_bytes: int,
    fmt: str,
    db: str | None,
) -> None:
    """Measure reviewer agreement: percent agreement, Cohen's and Fleiss' kappa, alpha.

    By default reads the latest verdict of each reviewer on each claim (items are claim
    ids); --input reads long-format ratings from a file instead.
    """
    names = parse_reviewers(reviewers)
    if input_path is not None:
        if article_id is not None:
            raise UsageError("--article selects database claims; it cannot be used with --input")
        enc = ratings_from_file(input_path, level=level, reviewers=names, max_bytes=max_bytes)
    else:
        if level != "nominal":
            raise UsageError(
                f"verdict labels are categories, so the database allows only --level nominal; "
                f"--level {level} needs numeric labels from --input"
            )
        with session_scope(engine_for(db)) as session:
            enc = ratings_from_db(session, article_id=article_id, reviewers=names)
    if bootstrap and seed is None:
        seed = 0  # reproducible by default: the same command prints the same interval
    result = agreement_result(
        enc, level=level, bootstrap=bootstrap, seed=seed, disagreements=disagreements
    )
    if input_path is None and not len(enc):
        where = f" on article {article_id}'s claims" if article_id is not None else ""
        result["notes"].insert(0, f"no current verdicts in the database{where}")
    if fmt == "json":
        print_json(result)
    elif fmt == "markdown":
        text = render_markdown(result)
        if disagreements:
            text += _disagreement_markdown(result)
        write_text(text)
    else:
        out.print(render_table(result))
        if disagreements:
            out.print(_disagreement_table(result))
