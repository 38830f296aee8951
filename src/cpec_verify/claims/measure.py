"""What a figure measures: its head (``what``), the named thing it belongs to (``subject``),
qualifiers that change its meaning (``scope``) and the time it is tied to (``when``).

Pure and rule-based, from the structure of the sentence around the figure rather than any topic
vocabulary: the noun phrase the figure modifies ("a $1.4bn loan", "the 27 km expressway"), the
phrase it completes ("the cost of the line is $X", "investment worth $X", "$X in actual
investment"), the verb it is the object of ("cost $X", "borrowed $X") and the capitalised names in
its clause.  The only word lists are English words for kinds of measure (cost, loan, length,
capacity...) and for scope (planned, actual, phase...), which hold for any topic.

Two figures are worth comparing only when their measures :func:`align`: same dimension (the
caller's job), compatible ``what`` and no clash of ``subject``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from rapidfuzz import fuzz

from cpec_verify.claims.quantities import Quantity

__all__ = [
    "Measure",
    "align",
    "measure_figures",
    "measures_in",
    "names_match",
    "same_subject",
    "same_what",
]


def _w(words: str) -> list[str]:
    """A word list written as one string (easier to read and extend than a list literal)."""
    return words.split()


# Kinds of measure: surface word (lower case) -> canonical head.  Verbs that take an amount as
# object ("cost $X", "borrowed $X") map to the noun of the thing measured.
_KINDS: dict[str, list[str]] = {
    "cost": _w(
        "cost costs costing costed price priced pricing value valued worth budget budgeted "
        "expense expenses expenditure spent spend spending spends outlay bill tag total "
        "totals totalled totaled totalling totaling amounting estimate"
    ),
    "investment": _w("investment investments invest invests invested investing"),
    "loan": _w(
        "loan loans credit credits borrow borrowed borrowing borrowings lend lent lending "
        "financing finance financed funding funded fund funds grant grants debt debts owed owe"
    ),
    "revenue": _w(
        "revenue revenues income earnings earned earn profit profits sales turnover "
        "receipts tax taxes"
    ),
    "length": _w("length long stretch stretches spanning spans distance km-long"),
    "capacity": _w(
        "capacity capacities generate generates generating generation output produce "
        "produces producing installed"
    ),
    "share": _w("stake stakes share shares owned owns controlled holding holds equity"),
    "fare": _w("fare fares toll tolls tariff tariffs ticket tickets fee fees charge charges"),
    "speed": _w("speed speeds"),
    "jobs": _w("jobs job employment employed employs hired workers"),
}
KIND_OF = {w: kind for kind, words in _KINDS.items() for w in words}
# which kinds can head a figure of each dimension (percent: a share of any of them)
_KINDS_FOR = {
    "money": frozenset({"cost", "investment", "loan", "revenue", "fare"}),
    "length": frozenset({"length"}),
    "power": frozenset({"capacity"}),
    "energy": frozenset({"capacity"}),
    "speed": frozenset({"speed"}),
    "count": frozenset({"jobs"}),
}
_DEFAULT_WHAT = {"length": "length", "power": "capacity", "speed": "speed", "area": "area"}

# Words that change what a figure means without changing what it measures.
_SCOPE_WORDS: dict[str, str] = {
    **dict.fromkeys(_w("committed pledged promised agreed signed"), "committed"),
    **dict.fromkeys(_w("planned proposed expected projected targeted target"), "planned"),
    **dict.fromkeys(_w("estimated estimate approximately roughly"), "estimated"),
    **dict.fromkeys(_w("revised renegotiated reduced increased raised new"), "revised"),
    **dict.fromkeys(_w("original initial initially originally earlier previous"), "original"),
    **dict.fromkeys(_w("final eventual eventually actual actually"), "actual"),
    **dict.fromkeys(_w("delivered disbursed received arrived released paid"), "delivered"),
    **dict.fromkeys(_w("completed finished built"), "completed"),
    **dict.fromkeys(_w("cumulative overall entire whole"), "total"),
    **dict.fromkeys(_w("annual annually yearly"), "per year"),
    "monthly": "per month",
    "daily": "per day",
}
_PHASE_RE = re.compile(
    r"\b(?P<w>phase|stage|section|tranche|segment)\s+(?P<n>[IVX]+\b|\d+\b|one|two|three|four)"
    r"|\b(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<w2>phase|stage|section|tranche)",
    re.IGNORECASE,
)
_ORDINALS = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth"}
_NUMBERED = {"1": "first", "i": "first", "one": "first", "2": "second", "ii": "second"}
_NUMBERED |= {"two": "second", "3": "third", "iii": "third", "three": "third"}
_NUMBERED |= {"4": "fourth", "iv": "fourth", "four": "fourth"}

_TOKEN_RE = re.compile(r"[^\W\d_][\w'’.-]*[\w]|[^\W\d_]|[,;:()\[\]—–]|\.(?=\s|$)")
_BOUNDARY = frozenset(",;:()[]—–.")
_FUNCTION = frozenset(
    _w(
        "of in for to by with from at on as and or but that which who whose whom while when "
        "where is are was were be been being will would has have had its their his her this "
        "these those than about around nearly almost over under up more less some only "
        "including into per after before since until during between against through"
    )
)
_DETERMINERS = frozenset(_w("a an the its their his her this that these those our your"))
_NOT_NAMES = frozenset(
    _w(
        "The A An This That These Those It Its They Their He She His Her We Our In On At For "
        "But And Or If As By With From Of To After Before Since Under Over About Some All "
        "Most Many One Two Three Four Five Six Seven Eight Nine Ten Mr Mrs Ms Dr Prof "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
        "April May June July August September October November December Phase Stage "
        "Section However Meanwhile Also Then There Here When While Although"
    )
)
_SEGMENT_MAX = 14  # words either side of a figure that can name its subject
_REACH = 240  # characters either side of a figure that can hold those words


@dataclass(frozen=True)
class Measure:
    """What one figure measures.  ``names`` are the words of a subject attached to the figure,
    ``weak`` those of a name elsewhere in its clause (lower-cased, for matching)."""

    what: str | None
    subject: str | None
    scope: tuple[str, ...] = ()
    when: str | None = None
    names: frozenset[str] = field(default=frozenset(), compare=False)
    weak: frozenset[str] = field(default=frozenset(), compare=False)
    explicit: bool = field(default=False, compare=False)  # ``what`` is written, not assumed
    restates: bool = field(default=False, compare=False)  # "(466 miles)" after "750 km"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: ``{what, subject, scope, when}`` (scope a list, possibly empty)."""
        return {
            "what": self.what,
            "subject": self.subject,
            "scope": list(self.scope),
            "when": self.when,
        }


class _Tok(NamedTuple):
    text: str
    start: int
    end: int
    low: str
    boundary: bool


def measures_in(
    text: str, quantities: Sequence[Quantity], offset: int = 0
) -> dict[tuple[int, int], Measure]:
    """The measure of every figure in ``text`` keyed by the figure's (start, end), where
    quantity offsets are ``offset`` ahead of ``text`` (article offsets for a sentence)."""
    figures = [q for q in quantities if q.dimension not in ("date", "year", "ordinal")]
    if not figures:
        return {}
    covered = bytearray(len(text) + 1)  # "US" of "US$6bn" is no name
    for q in quantities:
        lo, hi = max(0, q.start - offset), min(len(text), q.end - offset)
        if hi > lo:
            covered[lo:hi] = b"\x01" * (hi - lo)
    # only the words near some figure matter: long paragraphs are tokenised around figures
    spans: list[list[int]] = []
    for q in figures:
        lo, hi = max(0, q.start - offset - _REACH), min(len(text), q.end - offset + _REACH)
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    tokens = [
        _Tok(m[0], m.start(), m.end(), m[0].lower(), m[0] in _BOUNDARY)
        for lo, hi in spans
        for m in _TOKEN_RE.finditer(text, lo, hi)
        if not covered[m.start()]
    ]
    times = [q for q in quantities if q.dimension in ("date", "year") and q.iso]
    out = {(q.start, q.end): _measure(text, tokens, q, offset, times, quantities) for q in figures}
    for before, q in zip(figures, figures[1:], strict=False):
        gap = text[before.end - offset : q.start - offset]
        if q.dimension == before.dimension and _BRACKET_RE.fullmatch(gap):
            out[(q.start, q.end)] = replace(out[(q.start, q.end)], restates=True)
    return out


_BRACKET_RE = re.compile(
    r"\s*[(\[]\s*(?:(?:about|around|approximately|approx\.?|roughly|some|nearly|or|c\.|~|≈)\s*)?"
)


def measure_figures(text: str, quantities: Sequence[Quantity], offset: int = 0) -> list[dict]:
    """Quantity dicts with their ``measure`` added (dates, years and ordinals get none)."""
    found = measures_in(text, quantities, offset)
    out = []
    for q in quantities:
        d = q.to_dict()
        m = found.get((q.start, q.end))
        if m is not None:
            d["measure"] = m.to_dict()
        out.append(d)
    return out


def _measure(
    text: str,
    tokens: list[_Tok],
    q: Quantity,
    offset: int,
    times: Sequence[Quantity],
    all_q: Sequence[Quantity],
) -> Measure:
    start, end = q.start - offset, q.end - offset
    cut = bisect_left(tokens, start, key=lambda t: t.start)
    before = tokens[max(0, cut - 2 * _SEGMENT_MAX) : cut]
    after = tokens[cut : cut + 2 * _SEGMENT_MAX]
    left = _segment(before[::-1])[::-1]
    right = _segment(after)
    what = _what(q, left, right)
    attached, clause = _subjects(left, right)
    shown = attached or clause
    subject = text[shown[0].start : shown[-1].end] if shown else None
    names = frozenset(_key(t.text) for t in attached)
    weak = frozenset(_key(t.text) for t in clause)
    lo = left[0].start if left else start  # the figure's clause
    hi = right[-1].end if right else end
    if len(right) < len(after):  # the clause ends at a boundary: take all up to it
        hi = after[len(right)].start
    elif not after:
        hi = len(text)
    scope = _scope(text, left, right, lo, hi)
    when = _when(times, lo + offset, hi + offset, start + offset, end + offset)
    explicit = what is not None and what != _DEFAULT_WHAT.get(q.dimension)
    return Measure(what, subject, scope, when, names, weak, explicit)


def _segment(toks: list[_Tok]) -> list[_Tok]:
    """Tokens up to the first clause boundary (or ``_SEGMENT_MAX`` words), nearest first."""
    out: list[_Tok] = []
    for t in toks:
        if t.boundary or len(out) >= _SEGMENT_MAX:
            break
        out.append(t)
    return out


def _what(q: Quantity, left: list[_Tok], right: list[_Tok]) -> str | None:
    """The head the figure measures: a kind-of-measure word attached to it, the counted noun,
    or the noun it modifies or is "of"."""
    allowed = _KINDS_FOR.get(q.dimension)

    def kind_of(word: str) -> str | None:
        kind = KIND_OF.get(word)
        return kind if kind is not None and (allowed is None or kind in allowed) else None

    # "$X loan", "$X in actual investment", "$19bn in the form of loans"
    for t in right[:5]:
        w = t.low
        if (kind := kind_of(w)) is not None and w not in _LINKS:
            return kind
        if w in _FUNCTION and w not in ("of", "in"):
            break
    if q.dimension == "count" and q.thing:
        return q.thing.split()[-1]
    # "cost of $X", "costs about $X", "two loan agreements worth $X", "the cost ... has risen
    # to $X": back over modifiers, at most two other words, or into the subject of a copula
    fallback = None
    content, copula = 0, False
    for t in reversed(left[-12:]):
        w = t.low
        kind = kind_of(w)
        if kind is not None:
            if w not in _LINKS:
                return kind
            fallback = fallback or kind
        elif w in _COPULA:
            copula = True
        elif w not in _MODIFIERS:
            content += 1
            if content > (6 if copula else 2):
                break
    if fallback:
        return fallback
    if q.dimension == "percent":
        head = _noun_after_of(right)
        if head:
            return head
    return _DEFAULT_WHAT.get(q.dimension)


_LINKS = frozenset(_w("worth valued value totalling totaling amounting totals totalled total"))
_MODIFIERS = _DETERMINERS | frozenset(
    _w(
        "about around nearly almost roughly approximately some over under more less than up "
        "to at least most of estimated additional extra further another only just whopping "
        "hefty mere staggering reported a an by from"
    )
)
_COPULA = frozenset(
    _w(
        "is was are were be been being will would has have had reached stands stood rose "
        "risen rises jumped fell increased grew climbed ballooned blew out hit became "
        "become remains remained reach put set"
    )
)


def _noun_after_of(right: list[_Tok]) -> str | None:
    if not right or right[0].low != "of":
        return None
    last = None
    for t in right[1:6]:
        if t.low in _FUNCTION and last is not None:
            break
        if t.low not in _DETERMINERS and t.low not in _FUNCTION:
            last = t.low
    return last


def _subjects(left: list[_Tok], right: list[_Tok]) -> tuple[list[_Tok], list[_Tok]]:
    """(attached, clause) names of the figure.  Attached: a capitalised run in the noun phrase
    the figure modifies ("the 27 km Nairobi Expressway"), a possessive right before it
    ("Uganda's $500m plant") or an "of" phrase before it ("the cost of the Bar line is $X").
    Clause: the nearest capitalised run elsewhere in its clause, weaker evidence."""
    runs = _name_runs(right[:6], first_only=True)
    if runs and right.index(runs[0][0]) <= 1:
        return runs[0], []
    near = [t for t in left[-3:] if t.low not in _DETERMINERS]
    if near and near[-1].text[:1].isupper() and near[-1].text.endswith(("'s", "’s")):
        run = _name_runs(left)[-1:]
        return (run[0] if run else [near[-1]]), []
    for i in range(len(left) - 2, -1, -1):
        if left[i].low == "of":
            runs = _name_runs(left[i + 1 :], first_only=True)
            if runs:
                return runs[0], []
    runs = _name_runs(left) or _name_runs(right)
    if not runs:
        return [], []
    return [], runs[-1] if _name_runs(left) else runs[0]


def _name_runs(toks: list[_Tok], first_only: bool = False) -> list[list[_Tok]]:
    """Runs of capitalised words (names), joined by "-", "of" or "and" inside a name."""
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for t in toks:
        upper = t.text.isupper() and len(t.text) >= 2 and t.text.isalpha()
        if upper or (t.text[:1].isupper() and t.text not in _NOT_NAMES and not t.text.isupper()):
            cur.append(t)
            continue
        if cur:
            runs.append(cur)
            cur = []
            if first_only:
                break
        if first_only and (t.boundary or (t.low in _FUNCTION and t.low not in _DETERMINERS)):
            break
    if cur:
        runs.append(cur)
    return runs


def _scope(text: str, left: list[_Tok], right: list[_Tok], lo: int, hi: int) -> tuple:
    """Scope words near the figure, and the phase or stage its clause names."""
    found: list[str] = []
    for t in (*left[-10:], *right[:8]):
        s = _SCOPE_WORDS.get(t.low)
        if s is not None and s not in found:
            found.append(s)
    for m in _PHASE_RE.finditer(text, lo, hi):
        if m["w"]:
            n = m["n"].lower()
            label = f"{m['w'].lower()} {_NUMBERED.get(n, n)}"
        else:
            o = m["o"].lower()
            label = f"{m['w2'].lower()} {_ORDINALS.get(o, o)}"
        label = _phase_label(label)
        if label not in found:
            found.append(label)
    return tuple(found)


def _phase_label(label: str) -> str:
    """ "phase second" (from "Phase 2") and "second phase" read the same way: "phase 2"."""
    word, _, n = label.partition(" ")
    number = {"first": "1", "second": "2", "third": "3", "fourth": "4"}.get(n, n)
    return f"{word} {number}"


def _when(times: Sequence[Quantity], lo: int, hi: int, start: int, end: int) -> str | None:
    """The year or date in the figure's clause (``lo``-``hi``), nearest first."""
    near = [t for t in times if lo <= t.start and t.end <= hi]
    if not near:
        return None
    best = min(near, key=lambda t: min(abs(t.start - end), abs(start - t.end)))
    return best.iso


def _key(word: str) -> str:
    return word.lower().strip(".'’-")


SUBJECT_MATCH = 85.0  # rapidfuzz ratio at which two name words are one name spelt two ways


def names_match(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two subjects name the same thing: a shared name word, or one spelt a little
    differently ("Russey"/"Russei", "Me'eso"/"Miesso")."""
    if a & b:
        return True
    return any(
        len(x) >= 4 and len(y) >= 4 and fuzz.ratio(x, y) >= SUBJECT_MATCH for x in a for y in b
    )


_PARTS = ("phase ", "stage ", "section ", "tranche ", "segment ")


def align(a: Measure, b: Measure) -> bool:
    """Can two figures of one dimension be about the same thing?  Not when both say what
    they measure and it differs (a loan is not a cost), nor when both name a different phase or
    section, nor when both name their subject and the names share nothing."""
    if a.explicit and b.explicit and a.what != b.what:
        return False
    parts_a = {s for s in a.scope if s.startswith(_PARTS)}
    parts_b = {s for s in b.scope if s.startswith(_PARTS)}
    if parts_a and parts_b and not parts_a & parts_b:
        return False  # phase 1's cost is not phase 2's
    return not (a.names and b.names and not names_match(a.names, b.names))


def same_what(a: Measure, b: Measure) -> bool:
    """Both figures say what they measure, and it is the same ("investment", "loan")."""
    return a.explicit and b.explicit and a.what == b.what


def same_subject(a: Measure, b: Measure) -> bool:
    """Positive evidence that two figures belong to one named thing."""
    x, y = a.names | a.weak, b.names | b.weak
    return bool(x and y and names_match(x, y))
