"""Do two figures in two sentences measure the same thing, and do they agree?

Pure.  The subject of a figure is the content words near it ("committed investment", "delivered
... in actual investment"), so "$60bn here" and "$25bn there" about the corridor's investment
are compared even though the sentences differ.  Same unit: values agree within ``TOLERANCE``
or differ; money in two currencies is "unit differs" and is never converted.
"""

from __future__ import annotations

import math
import weakref
from bisect import bisect_left
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from cpec_verify.claims.blocking import BlockIndex, positioned_tokens
from cpec_verify.claims.extract import is_figure
from cpec_verify.claims.quantities import Quantity, format_quantity, values_agree

__all__ = ["Windows", "compare_figures", "dimension_mask", "figure_windows", "say", "spell"]

TOLERANCE = 0.05  # relative: "about $60bn" and "$61bn" agree, "22,000" and "20,000" do not
SUBJECT_TEXT_MIN = 30.0  # sentences this alike are about one subject whatever their figures
WINDOW = 10  # content words either side of a figure that say what it is about
MAX_RATIO = 5.0  # same-unit figures further apart than this measure different things
_QUALIFIER_WORDS = {"approx": "around", "min": "more than", "max": "up to"}

Windows = dict[tuple[int, int], frozenset[str]]


_BITS = {
    "money": 1,
    "percent": 2,
    "power": 4,
    "energy": 8,
    "length": 16,
    "area": 32,
    "mass": 64,
    "count": 128,
}


def dimension_mask(quantities: Sequence[Quantity]) -> int:
    """One bit per figure dimension: two texts can only relate by figures if masks overlap."""
    mask = 0
    for q in quantities:
        if is_figure(q):
            mask |= _BITS.get(q.dimension, 0)
    return mask


def figure_windows(text: str, quantities: Sequence[Quantity], offset: int) -> Windows:
    """For each figure, the content words within ``WINDOW`` words of it: its subject."""
    figures = [q for q in quantities if is_figure(q)]
    if not figures:
        return {}
    spans = [(q.start - offset, q.end - offset) for q in figures]
    words: list[tuple[int, str]] = []
    for p, w in positioned_tokens(text):
        for s, e in spans:
            if s <= p < e:
                break
        else:
            words.append((p, w))
    dated = [
        (q.start - offset, f"@{q.iso}")
        for q in quantities
        if q.iso and q.dimension in ("year", "date")
    ]
    if dated:  # "launched in 2015" and "began in 2015" share a subject word: the year
        words = sorted(words + dated)
    # words are in offset order, so each window is a slice either side of a bisection
    starts = [p for p, _ in words]
    out: Windows = {}
    for q, (s, e) in zip(figures, spans, strict=True):
        lo, hi = bisect_left(starts, s), bisect_left(starts, e)
        out[(q.start, q.end)] = frozenset(
            [w for _, w in words[max(0, lo - WINDOW) : lo]]
            + [w for _, w in words[hi : hi + WINDOW]]
        )
    return out


def compare_figures(
    here: Sequence[Quantity],
    there: Sequence[Quantity],
    here_windows: Windows,
    there_windows: Windows,
    blocks: BlockIndex,
    text_score: float = 0.0,
) -> list[dict[str, Any]]:
    """For each figure here, the figure there about the same subject, and how they relate.

    Two figures share a subject when they count the same thing, when two or more of the words
    around them match, or when the sentences as a whole are alike.  Same unit: agree within
    ``TOLERANCE`` or differ (if within ``MAX_RATIO`` of each other); money in two currencies
    is "unit differs" and never converted.
    """
    by_dimension: dict[str, list[Quantity]] = {}
    for e in there:
        if is_figure(e):
            by_dimension.setdefault(e.dimension, []).append(e)
    out: list[dict[str, Any]] = []
    if not by_dimension:
        return out
    weight = _weights(blocks)
    loose = text_score >= SUBJECT_TEXT_MIN
    for q in here:
        others = by_dimension.get(q.dimension)
        if not others or not is_figure(q):
            continue
        near = here_windows.get((q.start, q.end), _NONE)
        scored = []
        for e in others:
            if q.dimension == "count" and not _same_thing(q, e):
                continue
            near_e = there_windows.get((e.start, e.end), _NONE)
            shared = near & near_e
            if len(shared) >= 2 or loose:  # only then is the overlap worth weighing
                scored.append((e, _subject(near, near_e, shared, weight)))
        if not scored:
            continue
        agreeing = [(e, s) for e, s in scored if values_agree(q, e, TOLERANCE)]
        same_unit = [(e, s) for e, s in scored if e.unit == q.unit and _distance(q, e) <= _LOG_MAX]
        if agreeing:
            out.append(_pair(q, *max(agreeing, key=lambda p: p[1]), "agrees"))
        elif same_unit:
            out.append(_pair(q, *min(same_unit, key=lambda p: _distance(q, p[0])), "differs"))
        elif q.dimension == "money" and (money := [p for p in scored if p[0].unit != q.unit]):
            out.append(_pair(q, *max(money, key=lambda p: p[1]), "unit differs"))
    return out


_LOG_MAX = math.log(MAX_RATIO)
_NONE: frozenset[str] = frozenset()


def _subject(
    near_a: frozenset[str], near_b: frozenset[str], shared: frozenset[str], weight: _Weights
) -> float:
    """IDF-weighted Dice overlap (0-100) of the words around two figures.

    Sums run over the same sets in the same order as a plain per-pair dict would, so the
    floating-point result is the same to the last bit.
    """
    shared_weight = sum(map(weight.__getitem__, shared))
    total = sum(map(weight.__getitem__, near_a | near_b)) + shared_weight
    return 200.0 * shared_weight / total if total else 0.0


class _Weights(dict[str, float]):
    """IDF weight of each word of one :class:`BlockIndex` (1 for words it lacks), looked up
    once per word rather than once per figure pair: numpy scalar indexing is slow."""

    def __init__(self, blocks: BlockIndex) -> None:
        super().__init__()
        self.vocab, self.idf = blocks.vocab, blocks.idf

    def __missing__(self, word: str) -> float:
        token = self.vocab.get(word)
        found = self[word] = 1.0 if token is None else float(self.idf[token])
        return found


_cached: tuple[weakref.ref[BlockIndex], _Weights] | None = None


def _weights(blocks: BlockIndex) -> _Weights:
    """The weights of ``blocks``, kept while it lives (one index at a time is the rule)."""
    global _cached
    if _cached is not None and _cached[0]() is blocks:
        return _cached[1]
    weights = _Weights(blocks)
    with suppress(TypeError):  # no weak references to ``blocks``: weights last for this call
        _cached = (weakref.ref(blocks), weights)
    return weights


_DURATIONS = frozenset({"year", "month", "week", "day", "hour", "minute", "decade", "time"})


def _same_thing(a: Quantity, b: Quantity) -> bool:
    """Counts compare only when they count the same thing ("villages" and "villages"); spans
    of time ("three years", "14 days") say too little about their subject to compare."""
    if not (a.thing and b.thing):
        return False
    head = a.thing.split()[-1]
    return head == b.thing.split()[-1] and head not in _DURATIONS


def _distance(a: Quantity, b: Quantity) -> float:
    if not a.value or not b.value or a.value <= 0 or b.value <= 0:
        return math.inf
    return abs(math.log(a.value / b.value))


def _pair(here: Quantity, there: Quantity, subject: float, relation: str) -> dict[str, Any]:
    return {
        "here": here,
        "there": there,
        "dimension": here.dimension,
        "relation": relation,
        "subject": round(subject, 1),
    }


def spell(pair: dict[str, Any]) -> dict[str, Any]:
    """A compared pair ready for JSON and reasons: figures written as a reviewer reads them."""
    return {**pair, "here": say(pair["here"]), "there": say(pair["there"])}


def say(q: Quantity) -> str:
    """A figure as a reviewer reads it: "around $60bn", "more than 22,000 villages"."""
    body = format_quantity(q, qualified=False)
    if q.dimension == "count" and q.thing and q.value != 1 and body.endswith(q.thing):
        body += "es" if q.thing.endswith(("s", "x", "ch", "sh")) else "s"
    word = _QUALIFIER_WORDS.get(q.qualifier or "")
    return f"{word} {body}" if word else body
