"""Reading back what the claims stage stored: quantity dicts and evidence details.

Claims keep their figures as JSON lists of ``Quantity.to_dict()``; evidence links keep the
figures they compared in ``details``.  The store-facing workflow and the review panes both
decode them here, so a stored quantity means the same thing everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from cpec_verify.claims.quantities import (
    Quantity,
    format_quantity,
    parse_quantities,
    same_dimension,
    values_agree,
)

_QFIELDS = {f.name for f in fields(Quantity)}


def quantity(d: Mapping[str, Any]) -> Quantity:
    """A stored quantity dict as a :class:`Quantity`; keys it does not know are ignored."""
    if not isinstance(d, Mapping):
        raise TypeError(f"not a stored quantity: {type(d).__name__}")
    if d.keys() <= _QFIELDS:
        return Quantity(**d)  # written by Quantity.to_dict
    return Quantity(**{k: v for k, v in d.items() if k in _QFIELDS})  # plus "measure", ...


def quantities(raw: Iterable[Mapping[str, Any]] | None) -> list[Quantity]:
    """Every stored quantity dict that can still be read (one from an older, incompatible
    version is left out rather than failing the whole claim)."""
    out: list[Quantity] = []
    for item in raw or ():
        try:
            out.append(quantity(item))
        except TypeError:
            continue
    return out


def decoder() -> Callable[[Any], tuple[Quantity, ...]]:
    """Stored quantity lists (JSON text) to tuples of (frozen, shareable) quantities, each
    distinct text decoded once: syndicated copies store identical lists."""
    seen: dict[str, tuple[Quantity, ...]] = {}

    def decode(raw: Any) -> tuple[Quantity, ...]:
        if not isinstance(raw, str):  # None, or a driver that decoded the JSON itself
            return tuple(quantities(raw))
        found = seen.get(raw)
        if found is None:
            found = seen[raw] = tuple(quantities(json.loads(raw)))
        return found

    return decode


def differing_figures(
    details: Mapping[str, Any], claim: Sequence[Quantity], evidence_text: str
) -> str | None:
    """ "$60bn vs $25bn" for a ``differs`` link: the figures stored with the link first, else
    the first claim figure that the evidence sentence states differently."""
    for pair in details.get("figures") or ():  # as the ranking compared them
        if isinstance(pair, Mapping) and pair.get("relation") in ("differs", "currency differs"):
            return f"{pair.get('here')} vs {pair.get('there')}"
    for mine, theirs in (("claim_figure", "evidence_figure"), ("claim_value", "evidence_value")):
        if details.get(mine) and details.get(theirs):
            return f"{details[mine]} vs {details[theirs]}"
    found = parse_quantities(evidence_text)
    for q in claim:
        for e in found:
            if same_dimension(q, e) and not values_agree(q, e):
                return f"{format_quantity(q)} vs {format_quantity(e)}"
    return None
