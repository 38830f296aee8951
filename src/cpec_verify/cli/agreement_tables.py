"""The ``agreement`` command's table view: the rows of ``stats.report`` as rich tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cpec_verify.stats.report import PER_LABEL_HEADER, kappa_matrix, per_label_rows, summary_rows


def render_table(result: Mapping[str, Any]) -> RenderableType:
    """Summary, Cohen's kappa matrix, per-label alphas and notes, for ``Console.print``.

    User-supplied names are wrapped in ``Text`` so '[' in a label is never read as markup.
    """
    parts: list[RenderableType] = []
    summary = Table(title="Reviewer agreement", show_header=False, title_justify="left")
    summary.add_column("Statistic", style="bold")
    summary.add_column("Value")
    for key, value in summary_rows(result):
        summary.add_row(key, Text(value))
    parts.append(summary)
    names, matrix = kappa_matrix(result)
    if len(names) >= 2:
        kappa = Table(title="Cohen's kappa by reviewer pair", title_justify="left")
        kappa.add_column("")
        for name in names:
            kappa.add_column(Text(name), justify="right")
        for name, row in zip(names, matrix, strict=True):
            kappa.add_row(Text(name), *row)
        parts.append(kappa)
    rows = per_label_rows(result)
    if rows:
        labels = Table(title="Per label", title_justify="left")
        for i, head in enumerate(PER_LABEL_HEADER):
            labels.add_column(head, justify="left" if i == 0 else "right")
        for row in rows:
            labels.add_row(*(Text(cell) for cell in row))
        parts.append(labels)
    notes = result.get("notes", [])
    if notes:
        parts.append(Text("Notes:", style="bold"))
        parts.extend(Text(f"- {note}", style="dim") for note in notes)
    return Group(*parts)
