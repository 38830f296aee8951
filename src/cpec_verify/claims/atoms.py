"""Figures in the making: a number with what was found glued to it, and how neighbours combine.

:mod:`cpec_verify.claims.quantities` reads each number into an :class:`Atom`; this module joins
neighbouring atoms before they become quantities: "$2-3bn" is one range, "$9.75 to $9.25bn"
shares the scale written once, "38 and 114 km" shares the unit, "Tk 81bn (8,100 crore)" keeps
the currency for the restated amount, and "rose from 3 to 4 per cent" stays two figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpec_verify.claims import units as U

__all__ = ["Atom", "merge_ranges"]


@dataclass
class Atom:
    """A number with whatever currency, scale and unit were found glued to it."""

    start: int
    end: int
    raw: float
    num_end: int  # end of the bare number, before scale/unit (where counted nouns start)
    currency: str | None = None
    scale: float | None = None
    unit: str | None = None
    dim: str | None = None
    factor: float = 1.0
    year_like: bool = False
    ordinal: bool = False
    high: float | None = None
    thing: str | None = None


def merge_ranges(text: str, atoms: list[Atom]) -> list[Atom]:
    _share_in_lists(text, atoms)
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms) and (merged := _try_range(text, a, atoms[i + 1])) is not None:
            out.append(merged)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _bare(a: Atom) -> bool:
    return not (a.currency or a.unit or a.scale or a.thing or a.ordinal or a.year_like)


def _share_in_lists(text: str, atoms: list[Atom]) -> None:
    """Give listed figures the unit or currency written once.

    "38 and 114 km" is two lengths; "5, 6 and 7 per cent" three shares; "Tk 81.4 billion
    (8,140 crore)" and "$2bn, or 1.5 billion" give the bracketed or restated amount the
    currency of the one before it.
    """
    for i in range(len(atoms) - 1, 0, -1):
        a, b = atoms[i - 1], atoms[i]
        gap = text[a.end : b.start]
        restated = b.currency is None and b.unit is None and b.scale is not None and a.currency
        if restated and U.RESTATE_SEP_RE.fullmatch(gap):
            b.currency = a.currency
            continue
        if _bare(a) and b.unit and b.dim != "money" and U.LIST_SEP_RE.fullmatch(gap):
            a.unit, a.dim, a.factor = b.unit, b.dim, b.factor


def _try_range(text: str, a: Atom, b: Atom) -> Atom | None:
    sep = U.RANGE_SEP_RE.fullmatch(text, a.end, b.start)
    if sep is None or a.ordinal or b.ordinal or a.high is not None:
        return None
    word = sep[0].strip()
    if word == "and" and not U.BETWEEN_RE.search(text, max(0, a.start - 12), a.start):
        return None
    if (
        a.scale is None
        and b.scale is not None
        and not a.year_like
        and a.currency in (None, b.currency)
        and a.unit in (None, b.unit)
    ):
        a.scale = b.scale  # "$9.75 to $9.25bn", "from $3 to $4bn": the scale is shared
    if U.CHANGE_BEFORE_FROM_RE.search(text, max(0, a.start - 30), a.start):
        if _bare(a) and b.unit is not None:  # "rose from 3 to 4 per cent": both are shares
            a.unit, a.dim, a.factor = b.unit, b.dim, b.factor
        return None
    if a.currency and b.currency and a.currency != b.currency:
        return None
    if (b.currency and a.unit) or (a.unit and b.unit and (a.unit, a.factor) != (b.unit, b.factor)):
        return None
    if a.scale is not None and b.scale is None:
        return None
    if a.year_like != b.year_like and (b.year_like or a.unit or a.currency):
        return None
    if a.thing is not None and word == "-":
        return None  # "10-year-5" style compounds are not ranges
    scale = b.scale or 1.0
    low = a.raw * (a.scale or scale)
    if a.currency is None and a.unit is None and a.scale is not None and b.scale is not None:
        low = a.raw * scale
    high = b.raw * scale
    if low >= high:  # "50-50" is a split, "2-1" a score
        return None
    factor = b.factor if b.unit or b.currency else a.factor
    return Atom(
        a.start,
        b.end,
        low,
        b.num_end,
        currency=a.currency or b.currency,
        scale=None,
        unit=b.unit or a.unit,
        dim=b.dim or a.dim,
        factor=factor,
        year_like=a.year_like and b.year_like,
        high=high,
        thing=b.thing,
    )
