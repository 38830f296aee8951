"""Do two figures in two sentences measure the same thing, and do they agree?

Pure.  Two figures are compared only when they measure the same thing: one dimension, measures
that align (:mod:`~cpec_verify.claims.measure`: what is measured and whose it is) and a shared
subject, the content words near them ("committed investment", "delivered ... in actual
investment").  So "$60bn here" and "$25bn there" about one corridor's investment are compared
even though the sentences differ, while a cable's cost and a port's cost are not.  Values agree
only when equal after normalisation (or within the rounding of a figure marked approximate);
the same amount in another currency is "currency differs"; nothing is ever converted.
"""

from __future__ import annotations

import math
import re
import weakref
from bisect import bisect_left
from collections.abc import Sequence
from contextlib import suppress
from functools import lru_cache
from typing import Any

from cpec_verify.claims.blocking import BlockIndex, positioned_tokens
from cpec_verify.claims.extract import is_figure
from cpec_verify.claims.measure import Measure, align, same_subject, same_what
from cpec_verify.claims.quantities import Quantity, format_quantity

__all__ = [
    "Measures",
    "Windows",
    "compare_figures",
    "dimension_mask",
    "figure_windows",
    "figures_agree",
    "say",
    "spell",
]

SUBJECT_TEXT_MIN = 30.0  # sentences this alike are about one subject whatever their figures
WHAT_TEXT_MIN = 10.0  # ... or this alike, when both figures say they measure the same thing
WINDOW = 10  # content words either side of a figure that say what it is about
MAX_RATIO = 5.0  # same-unit figures further apart than this measure different things
_QUALIFIER_WORDS = {"approx": "around", "min": "more than", "max": "up to"}

Windows = dict[tuple[int, int], frozenset[str]]
Measures = dict[tuple[int, int], Measure]


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
    here_measures: Measures | None = None,
    there_measures: Measures | None = None,
) -> list[dict[str, Any]]:
    """Figures here paired one-to-one with figures there that measure the same thing.

    A pair needs one dimension, measures that :func:`~cpec_verify.claims.measure.align` (a
    loan is not a cost, Karuma is not Bujagali) and a shared subject: two or more words around
    both figures, or sentences alike as a whole.  Equal figures pair first, so a figure that
    agrees is never also compared crosswise with another ("41 done and 17 under way" against
    the same sentence); the rest pair best-aligned first, in the order they are written.
    Relations: ``agrees`` (same value after normalisation, or an approximate figure the other
    rounds to), ``differs`` (same unit, another value), ``currency differs`` (the same amount
    in another currency).  Amounts in two currencies with different numbers are never compared.
    """
    by_dimension: dict[str, list[tuple[int, Quantity]]] = {}
    for e in there:
        if is_figure(e):
            slot = by_dimension.setdefault(e.dimension, [])
            slot.append((len(slot), e))
    if not by_dimension:
        return []
    weight = _weights(blocks)
    restated_here, restated_there = _restated(here_measures or {}), _restated(there_measures or {})
    loose = text_score >= SUBJECT_TEXT_MIN
    related = text_score >= WHAT_TEXT_MIN
    m_here, m_there = here_measures or {}, there_measures or {}
    seen: dict[str, int] = {}
    options: list[tuple[tuple, Quantity, Quantity, float, str, int, bool]] = []
    for q in here:
        others = by_dimension.get(q.dimension)
        if not others or not is_figure(q):
            continue
        q_index = seen[q.dimension] = seen.get(q.dimension, -1) + 1
        near = here_windows.get((q.start, q.end), _NONE)
        mq = m_here.get((q.start, q.end))
        for e_index, e in others:
            if q.dimension == "count" and not _same_thing(q, e):
                continue
            me = m_there.get((e.start, e.end))
            if mq is not None and me is not None and not align(mq, me):
                continue
            relation = _relation(q, e)
            if relation is None:
                continue
            near_e = there_windows.get((e.start, e.end), _NONE)
            shared = near & near_e
            named = mq is not None and me is not None and same_subject(mq, me)
            said = mq is not None and me is not None and same_what(mq, me)
            if not (len(shared) >= 2 or loose or named or (said and (shared or related))):
                continue
            subject = _subject(near, near_e, shared, weight)
            strong = named + said
            key = (
                _PRIORITY[relation] + (relation == "agrees" and _spread(q, e)),
                # equal figures pair first, a range holding a figure only after differences
                -strong,
                q_index != e_index,  # then in the order written
                -subject,
                _distance(q, e),
            )
            options.append((key, q, e, subject, relation, strong, q_index == e_index))
    options = [
        o
        for o in options
        # a conversion in brackets compares only with another conversion in brackets
        if ((o[1].start, o[1].end) in restated_here) == ((o[2].start, o[2].end) in restated_there)
    ]
    options.sort(key=lambda o: o[0])
    used_here: set[int] = set()
    used_there: set[int] = set()
    out: list[dict[str, Any]] = []
    for _key, q, e, subject, relation, strong, in_place in options:
        if id(q) in used_here or id(e) in used_there:
            continue
        used_here.add(id(q))
        used_there.add(id(e))
        pair = _pair(q, e, subject, relation)
        pair["align"] = strong  # 0-2: same subject named, same measure said
        pair["in_place"] = in_place
        pair["measure_here"] = m_here.get((q.start, q.end))
        pair["measure_there"] = m_there.get((e.start, e.end))
        out.append(pair)
    if any(p["relation"] == "agrees" for p in out):  # an agreement anchors the two sentences:
        # other differences then need a named subject, a said measure or the same position
        out = [p for p in out if p["relation"] == "agrees" or p["align"] or p.pop("in_place")]
    for p in out:
        p.pop("in_place", None)
    return out


def _restated(measures: Measures) -> set[tuple[int, int]]:
    """Figures that restate the one before them in brackets ("750 km (466 miles)", "$4bn
    (£3bn)"): a conversion, not a second claim, so never compared on their own."""
    return {key for key, m in measures.items() if m.restates}


_PRIORITY = {"agrees": 0, "differs": 1, "currency differs": 1}


def _spread(q: Quantity, e: Quantity) -> int:
    """2 when a range only holds the other figure (weaker than equality and than a difference
    between two single figures), else 0."""
    return 2 if (q.high is None) != (e.high is None) else 0


def _relation(q: Quantity, e: Quantity) -> str | None:
    if e.unit == q.unit:
        if figures_agree(q, e):
            return "agrees"
        return "differs" if _distance(q, e) <= _LOG_MAX else None
    if q.dimension == "money" and _same_number(q, e):
        return "currency differs"
    return None


def figures_agree(a: Quantity, b: Quantity) -> bool:
    """Same unit and the same value after normalisation; a range holds the other figure; or
    one figure is marked approximate ("about $60bn") and the other rounds to it ($61.2bn).
    Never a tolerance: 418 km and 414 km are two different figures."""
    if a.unit != b.unit or a.dimension != b.dimension or a.value is None or b.value is None:
        return False
    if a.high is not None or b.high is not None:
        a_hi = a.value if a.high is None else a.high
        b_hi = b.value if b.high is None else b.high
        return a.value <= b_hi * (1 + _EXACT) and b.value <= a_hi * (1 + _EXACT)
    if math.isclose(a.value, b.value, rel_tol=_EXACT):
        return True
    gap = abs(a.value - b.value)
    return any(
        (rough.qualifier == "approx" or converted(rough))
        and gap < precision(rough) / 2
        and gap <= APPROX_SHARE * abs(value)
        for rough, value in ((a, a.value), (b, b.value))
    )


@lru_cache(maxsize=1 << 16)
def converted(q: Quantity) -> bool:
    """The figure was written in another unit (miles, GW as MW...) and converted, so its
    value is only as exact as the number written: "260 miles" is 418.4 km give or take 0.8."""
    m = _DIGITS_RE.search(q.text)
    if m is None or not q.value:
        return False
    number = float(m[0].replace(",", ""))
    if not number:
        return False
    power = math.log10(abs(q.value / number))
    return abs(power - round(power)) > 1e-9


_EXACT = 1e-6
APPROX_SHARE = 0.1  # "about X" covers what rounds to X, and never more than 10 % either way
_DIGITS_RE = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


@lru_cache(maxsize=1 << 16)
def precision(q: Quantity) -> float:
    """The step of the last digit written: 10bn for "$60bn", 10m for "$1.12bn", 1 for "472"."""
    value = q.value or 0.0
    m = _DIGITS_RE.search(q.text)
    if m is None:  # number words: one significant figure
        return 10 ** math.floor(math.log10(abs(value))) if value else 0.0
    digits = m[0].replace(",", "")
    number = float(digits)
    if not number:
        return 0.0
    scale = value / number
    if "." in digits:
        step = 10.0 ** -len(digits.split(".")[1])
    else:
        stripped = digits.rstrip("0")
        step = 10.0 ** (len(digits) - len(stripped))
    return step * scale


def _same_number(a: Quantity, b: Quantity) -> bool:
    return (
        a.value is not None
        and b.value is not None
        and math.isclose(a.value, b.value, rel_tol=_EXACT)
        and (a.high is None) == (b.high is None)
    )


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
    """A compared pair ready for JSON and reasons: figures written as a reviewer reads them,
    each side's measure, and for ``differs`` the gap in per cent of the figure here."""
    out = {**pair, "here": say(pair["here"]), "there": say(pair["there"])}
    for side in ("measure_here", "measure_there"):
        m = pair.get(side)
        out[side] = m.to_dict() if m is not None else None
    here, there = pair["here"], pair["there"]
    out["exact"] = _same_number(here, there)
    if pair["relation"] == "differs" and here.value and there.value is not None:
        out["gap"] = round(100.0 * (there.value - here.value) / abs(here.value), 1)
    return out


def say(q: Quantity) -> str:
    """A figure as a reviewer reads it: "around $60bn", "more than 22,000 villages"."""
    if converted(q):  # as written, with the converted value: "260 miles (≈ 418.4 km)"
        word = _QUALIFIER_WORDS.get(q.qualifier or "")
        return f"{word + ' ' if word else ''}{q.text} (≈ {q.value:,.4g} {q.unit})"
    body = format_quantity(q, qualified=False)
    if q.dimension == "count" and q.thing and q.value != 1 and body.endswith(q.thing):
        body += "es" if q.thing.endswith(("s", "x", "ch", "sh")) else "s"
    word = _QUALIFIER_WORDS.get(q.qualifier or "")
    return f"{word} {body}" if word else body
