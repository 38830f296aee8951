"""Human views of an agreement result dict: the rows every view shows, and Markdown.

The front ends draw the rows as tables (``cli.agreement_tables``, the leads' screen).  All
read only the JSON-level dict (see ``schemas/agreement.schema.json``), so a result saved
as JSON renders the same as a fresh one. Pairwise Cohen's kappas are shown as a symmetric
reviewer x reviewer matrix, the layout leads scan for one outlying reviewer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

NA = "n/a"


def _num(value: float | None, digits: int = 3) -> str:
    return NA if value is None else f"{value:.{digits}f}"


def _alpha_text(result: Mapping[str, Any]) -> str:
    text = _num(result.get("krippendorff_alpha"))
    ci = result.get("alpha_ci")
    if ci:
        text += f" (95% CI {ci[0]:.3f} to {ci[1]:.3f}, {result.get('bootstrap', 0)} resamples)"
    return text


def summary_rows(result: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(statistic, value) pairs shared by the table and Markdown views."""
    pa = result.get("percent_agreement")
    return [
        ("Level", str(result.get("level", "nominal"))),
        ("Items", f"{result['items']} ({result.get('pairable_items', 0)} rated twice or more)"),
        ("Reviewers", str(result["reviewers"])),
        ("Ratings", str(result["ratings"])),
        ("Labels", ", ".join(result["labels"]) or NA),
        ("Percent agreement", NA if pa is None else f"{100 * pa:.1f}%"),
        ("Fleiss' kappa", _num(result.get("fleiss_kappa"))),
        ("Krippendorff's alpha", _alpha_text(result)),
    ]


def kappa_matrix(result: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Reviewer names and the symmetric matrix of 'kappa (n)' cells; the diagonal is '-'."""
    names: list[str] = list(result.get("reviewer_names", []))
    cells = {}
    for pair in result.get("cohen_kappa", []):
        text = f"{_num(pair['kappa'])} (n={pair['n']})"
        cells[pair["a"], pair["b"]] = cells[pair["b"], pair["a"]] = text
    matrix = [[("-" if a == b else cells.get((a, b), NA)) for b in names] for a in names]
    return names, matrix


def per_label_rows(result: Mapping[str, Any]) -> list[list[str]]:
    """(label, ratings, in items rated twice, alpha) per label, as text."""
    return [
        [row["label"], str(row["count"]), str(row["pairable"]), _num(row["alpha"])]
        for row in result.get("per_label", [])
    ]


PER_LABEL_HEADER = ["Label", "Ratings", "In items rated twice", "Alpha (one vs rest)"]


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: int = 1) -> list[str]:
    """GitHub-flavoured table; columns from index ``right`` on are right-aligned."""
    align = [":--" if i < right else "--:" for i in range(len(header))]
    lines = ["| " + " | ".join(_md_escape(h) for h in header) + " |"]
    lines.append("| " + " | ".join(align) + " |")
    lines.extend("| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows)
    return lines


def render_markdown(result: Mapping[str, Any]) -> str:
    """The same content as the CLI's table view, as Markdown for reports and pull requests."""
    lines = ["## Reviewer agreement", ""]
    lines += _md_table(["Statistic", "Value"], summary_rows(result), right=2)
    names, matrix = kappa_matrix(result)
    if len(names) >= 2:
        lines += ["", "### Cohen's kappa by reviewer pair", ""]
        lines += _md_table(["", *names], [[n, *row] for n, row in zip(names, matrix, strict=True)])
    rows = per_label_rows(result)
    if rows:
        lines += ["", "### Per label", ""]
        lines += _md_table(PER_LABEL_HEADER, rows)
    notes = result.get("notes", [])
    if notes:
        lines += ["", "### Notes", ""]
        lines += [f"- {_md_escape(note)}" for note in notes]
    return "\n".join(lines) + "\n"
