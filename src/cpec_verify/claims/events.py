"""Differences beyond figures: one event on two dates, one meeting with two ordinals, one body
under two names.

Pure.  These are checked only between sentences that already make the same statement or anchor
on the same numbered thing, because dates, ordinals and names differ all the time between
sentences about different events:

* ``date differs``: two full dates in sentences alike as a whole (the same event, dated twice);
* ``ordinal differs``: "14th meeting" and "13th meeting", the same counted noun, in sentences
  alike as a whole;
* ``name differs``: two names of three or more words that begin and end alike and differ in one
  inner word ("Joint Cooperation Committee", "Joint Coordination Committee"), in sentences that
  share an ordinal or figure (the same numbered body or event).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from cpec_verify.claims.quantities import Quantity

__all__ = ["EVENT_RELATIONS", "event_differences"]

EVENT_RELATIONS = frozenset({"date differs", "ordinal differs", "name differs"})

SAME_EVENT_MIN = 40.0  # text score at which two sentences describe one event
ANCHORED_MIN = 20.0  # ... and below which even a shared ordinal does not make them one
_NAME_RE = re.compile(r"(?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+(?:of\s+|and\s+|for\s+)?(?:[A-Z][a-z]+))+")


def event_differences(
    here_text: str,
    here: Sequence[Quantity],
    there_text: str,
    there: Sequence[Quantity],
    text_score: float,
) -> list[dict[str, Any]]:
    """Dates, ordinals and names that differ between two sentences about one event."""
    out: list[dict[str, Any]] = []
    if text_score < ANCHORED_MIN:  # too unlike to be about one event at all (and cheap)
        return out
    alike = text_score >= SAME_EVENT_MIN
    if alike:
        out += _dates(here, there) + _ordinals(here, there)
    if _anchored(here, there):
        out += _names(here_text, there_text)
    return out


def _pair(kind: str, here: str, there: str) -> dict[str, Any]:
    return {"relation": f"{kind} differs", "here": here, "there": there}


def _dates(here: Sequence[Quantity], there: Sequence[Quantity]) -> list[dict[str, Any]]:
    full = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    a = [q for q in here if q.dimension == "date" and q.iso and full.match(q.iso)]
    b = [q for q in there if q.dimension == "date" and q.iso and full.match(q.iso)]
    if len(a) != 1 or len(b) != 1 or a[0].iso == b[0].iso:
        return []  # several dates: which belongs to the event cannot be told
    return [_pair("date", a[0].text, b[0].text)]


def _ordinals(here: Sequence[Quantity], there: Sequence[Quantity]) -> list[dict[str, Any]]:
    out = []
    for a in here:
        if a.dimension != "ordinal" or not a.thing:
            continue
        same = [b for b in there if b.dimension == "ordinal" and b.thing == a.thing]
        if same and all(b.value != a.value for b in same):
            out.append(_pair("ordinal", f"{a.text} {a.thing}", f"{same[0].text} {a.thing}"))
    return out


def _anchored(here: Sequence[Quantity], there: Sequence[Quantity]) -> bool:
    """Both sentences hold one ordinal or figure value: the same numbered event or body."""
    values = {(q.dimension, q.value) for q in here if q.value is not None}
    return any((q.dimension, q.value) in values for q in there if q.value is not None)


def _names(here_text: str, there_text: str) -> list[dict[str, Any]]:
    out = []
    theirs = [m[0] for m in _NAME_RE.finditer(there_text)]
    for m in _NAME_RE.finditer(here_text):
        a = m[0].split()
        if len(a) < 3 or m[0] in theirs:
            continue
        for name in theirs:
            b = name.split()
            if len(b) != len(a) or a[0] != b[0] or a[-1] != b[-1]:
                continue
            differ = [i for i in range(len(a)) if a[i].lower() != b[i].lower()]
            if len(differ) == 1:
                out.append(_pair("name", m[0], name))
                break
    return out
