"""Rich ``Text`` builders for the leads' screens (agreement, adjudication).

Everything shown here is untrusted (claims, articles, notes, reviewer and label names), so it
enters a ``Text`` only as plain characters and styles are applied by offset: ``[bold]x[/]``
in a note shows as typed, and every builder returns it through ``safe_text`` (control
characters made visible).  The agreement figures are formatted by ``stats.report`` so the
screen and ``cpec-verify agreement`` print the same numbers.  Pure functions: no app needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from cpec_verify.review.rendering.claims import LABEL_STYLE, safe_text
from cpec_verify.stats.report import kappa_matrix, summary_rows
from cpec_verify.stats.report import per_label_rows as label_rows
from cpec_verify.store.entities.adjudications import DisputeView
from cpec_verify.store.queries.status import ClaimStatus

CONTEXT_BEFORE = 240  # article characters around a disputed claim: little before, so the
CONTEXT_AFTER = 600  # claim stays near the top of a short pane


# -- agreement ----------------------------------------------------------------------------------


def agreement_summary(result: Mapping[str, Any]) -> Text:
    """One aligned line per statistic (items, reviewers, ratings, kappa, alpha...)."""
    rows = summary_rows(result)
    width = max(len(key) for key, _ in rows)
    text = Text()
    for i, (key, value) in enumerate(rows):
        if i:
            text.append("\n")
        text.append(key.ljust(width + 2), style="bold")
        text.append(value)
    return safe_text(text)


def kappa_rows(result: Mapping[str, Any]) -> tuple[list[Text], list[list[Text]]]:
    """Column headers and rows of the reviewer x reviewer Cohen's kappa matrix."""
    names, matrix = kappa_matrix(result)
    header = [Text(""), *(safe_text(Text(n)) for n in names)]
    rows = [
        [safe_text(Text(name, style="bold")), *(Text(cell, justify="right") for cell in row)]
        for name, row in zip(names, matrix, strict=True)
    ]
    return header, rows


PER_LABEL_HEADER = ("label", "ratings", "in items rated twice", "alpha (one vs rest)")


def per_label_rows(result: Mapping[str, Any]) -> list[list[Text]]:
    """Label, its ratings, how many sit in pairable items, and its one-vs-rest alpha."""
    return [
        [
            safe_text(Text(label, style=LABEL_STYLE.get(label, ""))),
            *(Text(cell, justify="right") for cell in cells),
        ]
        for label, *cells in label_rows(result)
    ]


def agreement_notes(result: Mapping[str, Any]) -> Text:
    """Why a figure is n/a (too few items, one label only...); empty when nothing to say."""
    notes: Sequence[str] = result.get("notes", [])
    if not notes:
        return Text("")
    text = Text("Notes\n", style="bold")
    text.append("\n".join(f"- {n}" for n in notes), style="dim")
    return safe_text(text)


# -- adjudication -------------------------------------------------------------------------------


def label_text(label: str | None) -> Text:
    if label is None:
        return Text("(retracted)", style="dim")
    return safe_text(Text(label, style=f"bold {LABEL_STYLE.get(label, '')}".strip()))


def dispute_header(
    rows: Sequence[ClaimStatus], index: int, more: bool, lead: str, status: str
) -> Text:
    """Where the lead is in the disputed list, who they are, and the last save's outcome."""
    text = Text()
    if rows:
        total = f"{len(rows)}{'+' if more else ''}"
        text.append(f"disputed {index + 1} / {total}", style="bold")
        text.append(f"  claim #{rows[index].claim_id}")
    else:
        text.append("no disputed claims", style="bold")
    text.append(f"  · lead {lead}")
    if status:
        text.append(f"  · {status}", style="italic")
    return safe_text(text)


def dispute_claim_text(view: DisputeView) -> Text:
    """Article header, then the claim highlighted inside a window of its article."""
    art, claim = view.article, view.claim
    text = Text()
    text.append(art.get("title") or "(untitled)", style="bold")
    text.append(f"  #{art['id']}\n", style="dim")
    source = art.get("url") or art.get("source")
    parts = [p for p in (art.get("outlet"), art.get("published"), source) if p]
    text.append(" · ".join(parts) if parts else "(no outlet, date or source)", style="italic")
    text.append(f"\nclaim #{claim['id']} · status {view.status}", style="dim")
    if claim.get("speaker"):
        text.append(f" · speaker {claim['speaker']}", style="dim")
    text.append("\n\n")
    body: str = art.get("text") or ""
    start, end = int(claim["start"]), int(claim["end"])
    lo, hi = context_bounds(body, start, end)
    if lo > 0:
        text.append("… ", style="dim")
    offset = len(text)
    text.append(body[lo:hi])
    if hi < len(body):
        text.append(" …", style="dim")
    text.stylize("on #2a3b55", offset + start - lo, offset + end - lo)
    return safe_text(text)


def context_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """A window of ``body`` around ``[start, end)`` that begins and ends on word boundaries
    (a paragraph start when one is near), never inside the claim."""
    lo = max(0, start - CONTEXT_BEFORE)
    if lo > 0:
        para = body.rfind("\n\n", lo, start)
        if para != -1:
            lo = para + 2
        elif not body[lo - 1].isspace():
            space = next((i for i in range(lo, start) if body[i].isspace()), start)
            lo = space
        while lo < start and body[lo].isspace():
            lo += 1
    hi = min(len(body), end + CONTEXT_AFTER)
    if hi < len(body) and not body[hi].isspace():
        hi = max(end, next((i for i in range(hi, end, -1) if body[i - 1].isspace()), end))
        while hi > end and body[hi - 1].isspace():
            hi -= 1
    return lo, hi


def _cited_text(cited: Sequence[Mapping[str, Any]]) -> Text:
    if not cited:
        return Text("(none)", style="dim")
    text = Text()
    for i, c in enumerate(cited):
        if i:
            text.append("\n")
        text.append(f"“{c['text']}”")
        source = " · ".join(p for p in (c.get("outlet"), c.get("title")) if p)
        text.append(f"\n  {source} #{c['article_id']}", style="dim")
    return safe_text(text)


def verdicts_table(view: DisputeView) -> Table:
    """Each reviewer's current label, cited evidence and note, side by side."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=False, padding=(0, 1))
    # the two short columns keep their headers whole: names fold, labels are short
    table.add_column("reviewer", min_width=len("reviewer"), overflow="fold")
    table.add_column("label", no_wrap=True, min_width=len("conflicting"))
    table.add_column("evidence", ratio=3, min_width=len("evidence"))
    table.add_column("note", ratio=2, min_width=len("note"))
    for v in view.verdicts:
        note = v.get("note")
        table.add_row(
            safe_text(Text(v["reviewer"])),
            label_text(v["label"]),
            _cited_text(v.get("cited", [])),
            safe_text(Text(note)) if note else Text("—", style="dim"),
        )
    return table


def history_text(view: DisputeView) -> Text:
    """Adjudications of this claim, oldest first (a new one supersedes, history stays)."""
    if not view.history:
        return Text("not adjudicated yet · s/c/u picks the final label", style="dim")
    text = Text("Adjudications\n", style="bold")
    for i, h in enumerate(view.history):
        if i:
            text.append("\n")
        text.append(
            f"adjudication #{h['id']} {h['created_at'][:16].replace('T', ' ')} ", style="dim"
        )
        text.append(h["lead"])
        text.append(": ")
        text.append_text(label_text(h["label"]))
        text.append(f" — {h['rationale']}")
    return safe_text(text)
