"""``cpec-verify facts``: every figure about one thing, across outlets, in one row."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.table import Table

from cpec_verify.cli.app import cell, db_option, engine_for, format_option, out, print_json
from cpec_verify.store.db import session_scope
from cpec_verify.textsafe import terminal_safe

_STATUS_STYLE = {"conflicting": "bold red", "consistent": "green", "single-source": "dim"}


@click.command("facts")
@click.option(
    "--conflicting",
    is_flag=True,
    help="Only conflicting groups, largest spread and most sources first.",
)
@click.option(
    "--subject",
    default=None,
    metavar="TEXT",
    help="Only groups whose subject contains TEXT or names it another way.",
)
@format_option("table", "json", "markdown")
@db_option
def facts_command(conflicting: bool, subject: str | None, fmt: str, db: str | None) -> None:
    """Fact groups: each thing measured, its distinct values and how many sources state each.

    A group gathers every figure with the same dimension, the same measure ("cost", "length")
    and the same subject, spelt any way, from every article; a syndicated copy counts once.
    Status is consistent (one value), conflicting (two or more) or single-source; the spread
    is how far the values lie apart, in per cent of the smallest.
    """
    from cpec_verify.services.facts import fact_records

    with session_scope(engine_for(db)) as session:
        records = fact_records(session, conflicting=conflicting, subject=subject)
    if fmt == "json":
        print_json(records)
    elif fmt == "markdown":
        sys.stdout.write(terminal_safe(_markdown(records)))
    else:
        _table(records, conflicting)


def value_counts(record: dict[str, Any]) -> list[tuple[str, int]]:
    """Each distinct value as said, with how many sources state it, most stated first."""
    seen: dict[int, tuple[str, set[int]]] = {}
    for v in record["values"]:
        said, sources = seen.setdefault(v["position"], (v["said"], set()))
        sources.add(v["source"])
    return [(said, len(sources)) for _, (said, sources) in sorted(seen.items())]


def _values_line(record: dict[str, Any]) -> str:
    return "; ".join(f"{said} in {n} source{'s' * (n != 1)}" for said, n in value_counts(record))


def _spread(record: dict[str, Any]) -> str:
    spread = record["spread"]
    return "" if spread is None else f"{spread:g} %"


def _table(records: list[dict[str, Any]], conflicting: bool) -> None:
    if not records:
        out.print(cell("no conflicting fact groups" if conflicting else "no fact groups"))
        return
    table = Table(title=f"{len(records)} fact group(s)", title_justify="left", show_lines=True)
    table.add_column("id", justify="right")
    table.add_column("what", max_width=14, overflow="fold")
    table.add_column("subject", ratio=1, overflow="fold")
    table.add_column("values (sources)", ratio=2, overflow="fold")
    table.add_column("spread", justify="right")
    table.add_column("status")
    for r in records:
        table.add_row(
            str(r["id"]),
            cell(r["what"] or r["dimension"]),
            cell(r["subject"]),
            cell(_values_line(r)),
            _spread(r),
            cell(r["status"], style=_STATUS_STYLE.get(r["status"], "")),
        )
    out.print(table)


def _md(text: object) -> str:
    """A markdown table cell: pipes escaped, one line."""
    return " ".join(str("" if text is None else text).split()).replace("|", "\\|")


def _markdown(records: list[dict[str, Any]]) -> str:
    lines = [
        "| id | what | subject | values (sources) | spread | status |",
        "|---:|---|---|---|---:|---|",
    ]
    for r in records:
        cells = (r["id"], r["what"] or r["dimension"], r["subject"], _values_line(r))
        lines.append("| " + " | ".join(_md(c) for c in (*cells, _spread(r), r["status"])) + " |")
    return "\n".join(lines) + "\n"
