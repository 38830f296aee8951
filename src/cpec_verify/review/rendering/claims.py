"""Rich ``Text`` builders for the review panes.

Article and evidence text is untrusted: it only ever enters a ``Text`` as plain
characters (never through markup), so ``[1]`` or ``[bold]x[/]`` shows as typed, and
its control characters are made visible (``safe_text``) before any widget draws it.
Styles are applied by offsets.  Pure functions: tested without an app.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from cpec_verify.claims.quantities import Quantity, parse_quantities
from cpec_verify.claims.stored import differing_figures, quantities
from cpec_verify.store.queries.review_detail import (
    ArticleInfo,
    ArticleSpanView,
    ClaimDetail,
    EvidenceItem,
    MyVerdict,
)
from cpec_verify.store.queries.review_queue import QueueRow, QueueSpec
from cpec_verify.textsafe import is_terminal_safe, terminal_safe

if TYPE_CHECKING:
    from cpec_verify.review.model.queue import ClaimQueue

BADGES = {
    "agrees": ("agrees", "bold black on green"),
    "differs": ("differs", "bold white on red"),
    "related": ("related", "black on grey70"),
}
LABEL_STYLE = {"supported": "green", "conflicting": "red", "unsourced": "yellow"}
LABEL_MARK = {"supported": "S", "conflicting": "C", "unsourced": "U"}


def safe_text(text: Text) -> Text:
    """``text`` with control characters and bidi controls made visible; styles keep their
    offsets (the replacement is one code point for one)."""
    if is_terminal_safe(text.plain):
        return text
    safe = text.copy()
    safe.plain = terminal_safe(text.plain)
    return safe


def fmt_int(n: int) -> str:
    return f"{n:,}"


def meta_text(info: ArticleInfo) -> Text:
    """Title on one line, then outlet / date / source."""
    text = Text()
    # a derived title (the first sentence) is not the outlet's headline: not shown in bold
    text.append(info.title or info.file or "(untitled)", style="" if info.title_derived else "bold")
    parts = [p for p in (info.outlet, info.published, info.source) if p]
    text.append(f"  #{info.id}\n", style="dim")
    text.append(" · ".join(parts) if parts else "(no outlet, date or source)", style="italic")
    return text


def claim_figures(detail: ClaimDetail) -> list[Quantity]:
    """The claim's stored figures, or parsed from its text when none were stored."""
    stored = quantities(detail.quantities)
    return stored or parse_quantities(detail.text)


def _figure_ranges(region: str, figures: Sequence[str]) -> list[tuple[int, int]]:
    """Where each figure's text occurs in ``region``, searched left to right."""
    found: list[tuple[int, int]] = []
    pos = 0
    for fig in figures:
        if not fig:
            continue
        at = region.find(fig, pos)
        if at == -1:
            at = region.find(fig)
        if at != -1:
            found.append((at, at + len(fig)))
            pos = at + len(fig)
    return found


def article_text(
    detail: ClaimDetail, figures: Sequence[Quantity] | None = None, search: str = ""
) -> Text:
    """The article window: claim span highlighted, its figures (``claim_figures``) emphasised,
    and each occurrence of the ``search`` text (any case) marked."""
    text = Text(detail.window, no_wrap=False)
    lo = max(0, detail.start - detail.window_start)
    hi = min(len(detail.window), detail.end - detail.window_start)
    if detail.window_start > 0:
        text = Text("… ", style="dim") + text
        lo, hi = lo + 2, hi + 2
    if hi > lo:
        text.stylize("on #2a3b55", lo, hi)
        region = text.plain[lo:hi]
        figures = claim_figures(detail) if figures is None else figures
        for a, b in _figure_ranges(region, [q.text for q in figures]):
            text.stylize("bold underline yellow", lo + a, lo + b)
    if search:
        folded, needle = text.plain.casefold(), search.casefold()
        if len(folded) == len(text.plain):  # case folding kept the offsets
            at = folded.find(needle)
            while at != -1 and needle:
                text.stylize("reverse", at, at + len(needle))
                at = folded.find(needle, at + len(needle))
    return text


def evidence_choice(n: int, item: EvidenceItem) -> Text:
    """One line for the missing-citation dialog: rank, relation, the sentence."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{n} ", style="bold")
    label, style = BADGES.get(item.relation, (item.relation, "reverse"))
    text.append(f" {label} ", style=style)
    text.append(" ")
    text.append(" ".join(item.text.split()))
    return safe_text(text)


def figures_pair(item: EvidenceItem, claim: Sequence[Quantity]) -> str | None:
    """ "$60bn vs $25bn" for a ``differs`` link, as the claims stage compares them."""
    return differing_figures(item.details, claim, item.text)


def evidence_prompt(
    n: int, item: EvidenceItem, claim: Sequence[Quantity], cited: bool, width: int = 0
) -> Text:
    """One evidence entry: number, cite mark, badges, figures, sentence, article."""
    text = Text()
    text.append(f"{n} " if n <= 9 else "  ", style="bold")
    text.append("[x] " if cited else "[ ] ", style="bold green" if cited else "dim")
    label, style = BADGES.get(item.relation, (item.relation, "reverse"))
    text.append(f" {label} ", style=style)
    if item.same_source:
        text.append(" ")
        text.append(" same source ", style="black on yellow")
    if item.relation == "differs":
        pair = figures_pair(item, claim)
        if pair:
            text.append("  ")
            text.append(pair, style="bold")
    text.append(f"  {item.score:.2f}\n", style="dim")
    text.append(item.text)
    text.append(f"\n— {evidence_source(item.article)}", style="dim")
    return text


def evidence_ranks(span_ids: Sequence[int], evidence: Sequence[EvidenceItem]) -> str:
    """ "evidence 1, 3" for cited span ids (a span no longer ranked shows as "span N")."""
    ranks = {e.span_id: i for i, e in enumerate(evidence, 1)}
    known = sorted(ranks[s] for s in span_ids if s in ranks)
    parts = [", ".join(str(r) for r in known)] if known else []
    parts += [f"span {s}" for s in span_ids if s not in ranks]
    if not parts:
        return ""
    return ("evidence " if known else "") + ", ".join(parts)


def evidence_source(info: ArticleInfo) -> str:
    """Where an evidence sentence comes from: title (outlet or file · date), no empty parts."""
    where = " · ".join(p for p in (info.outlet or info.file, info.published) if p)
    if info.title and where:
        return f"{info.title} ({where})"
    return info.title or where or f"article #{info.id}"


def verdict_line(
    mine: MyVerdict, status: str, evidence: Sequence[EvidenceItem], pending: bool
) -> Text:
    """This reviewer's verdict on the claim and whether it is saved."""
    text = Text("verdict: ", style="bold")
    if mine.label:
        text.append(mine.label, style=f"bold {LABEL_STYLE.get(mine.label, '')}")
    else:
        text.append("none", style="dim")
    if mine.evidence:
        text.append(f" · cites {evidence_ranks(mine.evidence, evidence)}")
    if mine.note:
        text.append(" · note: ")
        text.append(mine.note, style="italic")
    if pending:
        text.append(" · not saved (press s/c/u)", style="yellow")
    elif status:
        text.append(f" · {status}", style="green" if status.startswith("saved") else "yellow")
    return text


def queue_prompt(row: QueueRow, label: str | None) -> Text:
    """A queue line: id, this reviewer's label mark, start of the claim text."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{row.claim_id:>6} ", style="dim")
    mark = LABEL_MARK.get(label or "", "·")
    text.append(f"{mark} ", style=f"bold {LABEL_STYLE.get(label or '', 'dim')}")
    text.append(" ".join(row.text.split()))
    return text


def article_span_text(view: ArticleSpanView) -> Text:
    """A whole evidence article with its sentence highlighted."""
    text = meta_text(view.article)
    text.append("\n\n")
    body = Text(view.text)
    body.stylize("bold on #2a3b55", view.start, view.end)
    return safe_text(text + body)


def claim_meta(detail: ClaimDetail, *, short: bool = False) -> Text:
    """Article header, claim id and kinds, and (leads only) other reviewers' labels;
    ``short`` (few rows): the claim id, title, outlet and date on one line."""
    if short:
        info = detail.article
        text = Text(f"claim #{detail.claim_id}", style="bold")
        text.append(" · ", style="dim")
        text.append(info.title or info.file or "(untitled)", style="bold")
        for part in (info.outlet, info.published):
            if part:
                text.append(" · ", style="dim")
                text.append(part, style="italic")
    else:
        text = meta_text(detail.article)
        text.append(f"\nclaim #{detail.claim_id}", style="bold")
    if detail.kinds and not short:
        text.append(" · " + ", ".join(detail.kinds), style="dim")
    if detail.speaker:
        text.append(" · speaker: ")
        text.append(detail.speaker)
    for reviewer, label in detail.others:
        text.append(f"\n{reviewer}: ", style="magenta")
        text.append(label or "—")
    return text


def header_text(
    q: ClaimQueue, reviewer: str, db_label: str, *, show_others: bool, loading: bool
) -> Text:
    """Position and totals, filter, this reviewer's progress, who and which database."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("claim ", style="dim")
    text.append(f"{fmt_int(q.position)} / {fmt_int(q.total)}", style="bold")
    text.append(f" {q.spec.filter}", style="cyan")
    if q.spec.search:
        text.append(" containing ", style="dim")
        text.append(repr(q.spec.search))
    text.append(" │ ", style="dim")
    text.append(f"you {fmt_int(q.progress.reviewed)} / {fmt_int(q.progress.total)} done")
    text.append(" │ ", style="dim")
    text.append(reviewer, style="bold")
    if show_others:
        text.append(" (sees others)", style="magenta")
    text.append(" │ ", style="dim")
    text.append(db_label)
    if loading:
        text.append(" │ loading…", style="yellow")
    return text


def empty_text(spec: QueueSpec, claim_id: int | None) -> Text:
    """What to do when there is no claim to show."""
    what = f"No claims match the filter '{spec.filter}'"
    if claim_id is not None:
        what = f"Claim #{claim_id} no longer exists (re-extracted or deleted)"
    if spec.search:
        what += f" containing {spec.search!r}"
    if spec.article_id is not None:
        what += f" in article #{spec.article_id}"
    hint = (
        "\n\nPress f to change the filter, q to quit."
        "\nNo claims at all? Import articles first: cpec-verify import FILE..."
    )
    return Text.assemble((what + ".", "bold"), hint)


def line_of(text: str, offset: int, width: int) -> int:
    """Roughly which wrapped line (1-based) holds ``offset``: enough to scroll it into view."""
    lines = 0
    for para in text[:offset].split("\n"):
        lines += max(1, math.ceil(len(para) / max(1, width)))
    return lines
