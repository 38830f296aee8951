"""Fact groups: every figure about one thing, across articles, in one row.

Pure.  A fact is one dimension, one measured ``what`` and one ``subject`` (matched across
spellings, as :func:`~cpec_verify.claims.measure.names_match` does); ``scope`` and ``when`` stay
facets of each value rather than splitting the fact.  Values are distinct when
:func:`~cpec_verify.claims.figures.figures_agree` says they differ, so "about $60bn" and
"$61.2bn" are one value while 418 km and 414 km are two.  Each value counts its sources once:
a syndicated copy is the caller's ``source`` of its original, so a story run in ten outlets is
one source.

Grouping is deterministic (input order never matters) and near-linear: figures are blocked by
dimension, subject words are folded to one spelling per first letter, and each subject
joins the first, most frequent subject that contains it (no chains through a shared word).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from cpec_verify.claims.figures import figures_agree, say
from cpec_verify.claims.measure import SUBJECT_MATCH
from cpec_verify.claims.quantities import Quantity

__all__ = ["FactGroup", "FactItem", "FactValue", "group_facts", "quantity_of", "subject_words"]

CONSISTENT, CONFLICTING, SINGLE = "consistent", "conflicting", "single-source"
_NOT_FACTS = frozenset({"date", "year", "ordinal"})
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_JOINERS = frozenset({"of", "and", "the", "for", "de", "la", "al", "el", "s"})
_QUANTITY_FIELDS = tuple(f.name for f in fields(Quantity))


@dataclass(frozen=True)
class FactItem:
    """One figure of one claim, with where it was said.  ``source`` is what counts once: the
    article of the original story for a syndicated copy, else the claim's own article."""

    claim_id: int
    article_id: int
    source: int
    quantity: dict[str, Any]  # stored quantity JSON, with its ``measure``
    outlet: str | None = None
    published: str | None = None


@dataclass
class FactValue:
    """One distinct value of a fact and every figure stating it."""

    quantity: Quantity  # the first (most precise) figure stating it
    items: list[FactItem] = field(default_factory=list)

    @property
    def sources(self) -> int:
        return len({i.source for i in self.items})

    @property
    def said(self) -> str:
        return say(self.quantity)


@dataclass
class FactGroup:
    """Every value stated for one (dimension, what, subject)."""

    key: str
    dimension: str
    what: str | None
    subject: str
    unit: str
    status: str
    spread: float | None  # per cent of the smallest value; None when not comparable
    values: list[FactValue]

    @property
    def sources(self) -> int:
        return len({i.source for v in self.values for i in v.items})


def quantity_of(stored: dict[str, Any]) -> Quantity:
    """A stored quantity dict back as a :class:`Quantity` (its ``measure`` dropped)."""
    values: dict[str, Any] = {k: stored.get(k) for k in _QUANTITY_FIELDS}
    return Quantity(**values)


@lru_cache(maxsize=1 << 16)
def subject_words(subject: str) -> frozenset[str]:
    """The name words of a subject, lower-cased, with the initials of its runs of words
    ("the Orange Line" -> {orange, line, ol})."""
    words = [w.lower().replace("’", "'") for w in _WORD_RE.findall(subject)]
    kept = [w for w in words if w not in _JOINERS and not w.isdigit()]
    # a name also stands for its initials ("Standard Gauge Railway" is "SGR" elsewhere):
    # every run of two or more words adds its acronym
    acronyms = {
        "".join(w[0] for w in kept[i:j])
        for i in range(len(kept))
        for j in range(i + 2, min(len(kept), i + 6) + 1)
    }
    return frozenset(kept) | acronyms


def group_facts(items: Iterable[FactItem]) -> list[FactGroup]:
    """Fact groups of every figure that has a dimension and a ``subject``, ordered by key.

    Figures are blocked by dimension and clustered by subject; within one subject, figures
    that say what they measure split by it, and a figure that does not ("$60bn to the
    corridor") joins the measure most stated about that subject, as
    :func:`~cpec_verify.claims.measure.align` allows.  Figures without a subject belong to
    no fact."""
    blocks: dict[str, list[tuple[FactItem, frozenset[str]]]] = defaultdict(list)
    for item in items:
        q = item.quantity
        m = q.get("measure") or {}
        dim, subject = q.get("dimension"), m.get("subject")
        if dim in _NOT_FACTS or not dim or not subject or q.get("value") is None:
            continue
        words = subject_words(subject)
        if words:
            blocks[dim].append((item, words))
    canon = _canonical_words({w for block in blocks.values() for _, ws in block for w in ws})
    groups: list[FactGroup] = []
    for dim, block in blocks.items():
        keyed = [(item, frozenset(canon[w] for w in ws)) for item, ws in block]
        for subject_key, members in _cluster_subjects(keyed).items():
            for what, part in _by_what(members).items():
                groups.append(_group(dim, what, subject_key, part))
    groups.sort(key=lambda g: g.key)
    return groups


def _by_what(
    members: list[tuple[FactItem, frozenset[str]]],
) -> dict[str | None, list[tuple[FactItem, frozenset[str]]]]:
    whats = Counter(item.quantity["measure"].get("what") for item, _ in members)
    said = [w for w in whats if w is not None]
    default = min(said, key=lambda w: (-whats[w], w)) if said else None
    out: dict[str | None, list[tuple[FactItem, frozenset[str]]]] = defaultdict(list)
    for item, ws in members:
        out[item.quantity["measure"].get("what") or default].append((item, ws))
    return out


def _canonical_words(words: set[str]) -> dict[str, str]:
    """Each word mapped to one spelling of it: words alike enough to be one name spelt two
    ways ("russey"/"russei") share the first of them in sorted order.  Compared only within
    one first letter, against the spellings kept so far: near-linear in the vocabulary."""
    out: dict[str, str] = {}
    by_letter: dict[str, list[str]] = defaultdict(list)
    for w in sorted(words):
        kept = by_letter[w[0]]
        best = None
        if len(w) >= 4 and kept:
            best = process.extractOne(
                w, kept, scorer=fuzz.ratio, score_cutoff=SUBJECT_MATCH, processor=None
            )
        if best is not None and len(best[0]) >= 4:
            out[w] = best[0]
        else:
            out[w] = w
            kept.append(w)
    return out


def _cluster_subjects(
    keyed: Sequence[tuple[FactItem, frozenset[str]]],
) -> dict[frozenset[str], list[tuple[FactItem, frozenset[str]]]]:
    """Figures of one block by subject.  Subjects are taken most stated (then most words)
    first; each joins the first leader whose words hold all of its own, or whose words it
    holds ("CPEC" joins "CPEC"; "Orange Line" joins "Lahore Orange Line").  Leaders are
    found through a word index, so the cost follows the shared words, not the block squared."""
    counts = Counter(words for _, words in keyed)
    order = sorted(counts, key=lambda ws: (-counts[ws], -len(ws), sorted(ws)))
    leader_of: dict[frozenset[str], frozenset[str]] = {}
    by_word: dict[str, list[frozenset[str]]] = defaultdict(list)
    for ws in order:
        seen: set[frozenset[str]] = set()
        for w in sorted(ws):
            for lead in by_word[w]:
                if lead in seen:
                    continue
                seen.add(lead)
                if ws <= lead or lead <= ws:
                    leader_of[ws] = lead
                    break
            if ws in leader_of:
                break
        if ws not in leader_of:
            leader_of[ws] = ws
            for w in ws:
                by_word[w].append(ws)
    out: dict[frozenset[str], list[tuple[FactItem, frozenset[str]]]] = defaultdict(list)
    for item, ws in keyed:
        out[leader_of[ws]].append((item, ws))
    return out


def _group(
    dim: str,
    what: str | None,
    subject_key: frozenset[str],
    members: list[tuple[FactItem, frozenset]],
) -> FactGroup:
    spellings = Counter(item.quantity["measure"]["subject"] for item, _ in members)
    subject = min(spellings, key=lambda s: (-spellings[s], s))
    values = _values([item for item, _ in members])
    units = Counter(v.quantity.unit for v in values for _ in v.items)
    unit = min(units, key=lambda u: (-units[u], u))
    sources = {i.source for v in values for i in v.items}
    status = SINGLE if len(sources) < 2 else CONSISTENT if len(values) == 1 else CONFLICTING
    return FactGroup(
        key=f"{dim}|{what or '-'}|{' '.join(sorted(subject_key))}",
        dimension=dim,
        what=what,
        subject=subject,
        unit=unit,
        status=status,
        spread=_spread(values, unit),
        values=values,
    )


def _values(items: list[FactItem]) -> list[FactValue]:
    """Distinct values, most sources first: each figure joins the first value it agrees with,
    figures taken by unit, then value, then exact figures before approximate ones."""

    def order(pair: tuple[FactItem, Quantity]) -> tuple:
        item, q = pair
        return (q.unit, q.value, q.high or 0.0, q.qualifier or "", q.text, item.claim_id)

    pairs = sorted(((i, quantity_of(i.quantity)) for i in items), key=order)
    values: list[FactValue] = []
    same: dict[tuple, FactValue] = {}  # a figure equal to one placed goes where it went
    for item, q in pairs:
        key = (q.unit, q.value, q.high)
        placed = same.get(key)
        if placed is None:
            for v in values:
                if figures_agree(v.quantity, q):
                    placed = v
                    break
            else:
                placed = FactValue(q, [])
                values.append(placed)
            same[key] = placed
        placed.items.append(item)
    values.sort(key=lambda v: (-v.sources, -len(v.items), v.quantity.unit, v.quantity.value))
    return values


def _spread(values: Sequence[FactValue], unit: str) -> float | None:
    """How far apart the values in the fact's main unit are: (largest - smallest) in per cent
    of the smallest; 0 for one value, None when the smallest is zero or below."""
    nums = [x for v in values if v.quantity.unit == unit for x in _ends(v.quantity)]
    if not nums:
        return None
    low, high = min(nums), max(nums)
    if len(values) == 1 or high == low:
        return 0.0
    if low <= 0:
        return None
    spread = 100.0 * (high - low) / low
    return round(spread, 1) if math.isfinite(spread) else None


def _ends(q: Quantity) -> list[float]:
    if q.value is None:
        return []
    return [q.value] if q.high is None else [q.value, q.high]
