"""The one-line reason a reviewer reads beside each piece of evidence.

Pure: compared figure pairs (already spelt as written, see :func:`~cpec_verify.claims.figures.spell`)
in, a sentence out.  Differences come first with both figures, the gap in per cent and any scope
or time that differs ("around $60bn here vs more than $25bn there (-58%); committed here vs
delivered there"); agreements say whether the figures are equal or agree within rounding;
otherwise the shared words, as written, that make the sentence related.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cpec_verify.claims.events import EVENT_RELATIONS

__all__ = ["write_reason"]


def write_reason(
    pairs: Sequence[dict[str, Any]], relation: str, shared: Sequence[str], same_source: bool
) -> str:
    """The reason for one hit: its pairs, or the shared words of a related sentence."""
    differ = [p for p in pairs if p["relation"] == "differs"]
    currency = [p for p in pairs if p["relation"] == "currency differs"]
    agree = [p for p in pairs if p["relation"] == "agrees"]
    events = [p for p in pairs if p["relation"] in EVENT_RELATIONS]
    if differ or currency or events:
        reason = "; ".join(
            [_differs(p) for p in differ]
            + [_currency(p) for p in currency]
            + [f"{p['relation']}: {p['here']} here vs {p['there']} there" for p in events]
        )
    elif agree:
        reason = "; ".join(_agrees(p) for p in agree)
    elif relation == "agrees":
        reason = "same statement in near-identical words"
    else:
        reason = (f"same subject ({', '.join(shared)})" if shared else "same subject") + (
            ", no comparable figure"
        )
    if same_source:
        reason += "; from a syndicated copy of this article, not independent"
    return reason


def _differs(pair: dict[str, Any]) -> str:
    """ "$60bn here vs more than $25bn there (-58%); committed here vs delivered there"."""
    text = f"{pair['here']} here vs {pair['there']} there"
    if "gap" in pair:
        gap = pair["gap"]
        text += f" ({'+' if gap > 0 else '−' if gap < 0 else ''}{_percent(abs(gap))})"
    return text + _facets(pair)


def _currency(pair: dict[str, Any]) -> str:
    return f"currency differs: {pair['here']} here vs {pair['there']} there" + _facets(pair)


def _agrees(pair: dict[str, Any]) -> str:
    if pair["here"] == pair["there"]:
        return f"same figure: {pair['here']}" + _facets(pair)
    if pair.get("exact"):
        return f"same figure: {pair['here']} here, {pair['there']} there" + _facets(pair)
    return f"agrees within rounding: {pair['here']} here, {pair['there']} there" + _facets(pair)


def _percent(x: float) -> str:
    return f"{x:.0f}%" if x >= 10 else f"{x:.1f}%".replace(".0%", "%")


def _facets(pair: dict[str, Any]) -> str:
    """Scope and time that differ between the two figures: why two outlets may both be right."""
    a, b = pair.get("measure_here") or {}, pair.get("measure_there") or {}
    out = []
    scope_a, scope_b = set(a.get("scope") or ()), set(b.get("scope") or ())
    if scope_a != scope_b and (scope_a or scope_b):
        here = ", ".join(s for s in a.get("scope") or () if s not in scope_b) or "unqualified"
        there = ", ".join(s for s in b.get("scope") or () if s not in scope_a) or "unqualified"
        out.append(f"{here} here vs {there} there")
    if a.get("when") and b.get("when") and a["when"] != b["when"]:
        out.append(f"{a['when']} here vs {b['when']} there")
    return "".join(f"; {x}" for x in out)
