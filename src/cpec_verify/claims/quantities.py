"""Find the figures in a news sentence so a fact-checker can compare them with a source.

Pure and dependency-free: ``parse_quantities(text)`` returns :class:`Quantity` objects with
normalised values ("$60 billion" -> 60e9 USD, "Rs 4,500 crore" -> 4.5e10 PKR, "1.2GW" -> 1200 MW).
No library handled the South Asian money scales (lakh/crore/arab) and news habits ("8.5bn",
"p.c.") well enough, so this is a small hand-written grammar over the tables in ``units``.

Rules worth knowing when reading results:

* ``text`` is the figure only: currency, number, scale and unit ("$60 billion", "200 to 300 MW").
  Qualifier words ("about", "more than") are reported in ``qualifier`` but are not in ``text``;
  nor are "between"/"from" of a range, nor the counted noun of a count (see ``thing``).
* A 4-digit integer 1900-2100 with no unit is a year, unless a plural noun directly follows it
  and none of in/by/since/until/from/of/to/... precedes it ("2000 workers" is a count, "by 2030
  projects" is a year).
* Ranges ("$25-30bn", "between 5 and 7 per cent", "from 200 to 300 MW") carry the low end in
  ``value`` and the high end in ``high``; scale, currency and unit are shared by both ends.
  "rose from 10% to 15%" is two figures (a change), not a range.
* Identifiers are skipped: "5G", "ML-1", "COVID-19", "Section 26-A", "9/10", "A320", "1.2.3".
* Short scales need context: "b" and "arab" only next to a currency ("40 Arab states" is not
  money); a bare "m"/"k" only glued to digits ("5m people" is 5 million, "100 m" and "100m-long"
  are metres).  "Rs" is read as PKR and "¥" as CNY; no currency conversion is ever done.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from cpec_verify.claims import units as U

__all__ = ["Quantity", "format_quantity", "parse_quantities", "same_dimension", "values_agree"]


@dataclass(frozen=True)
class Quantity:
    """One figure found in text; ``text == source[start:end]`` always holds."""

    text: str
    start: int
    end: int
    value: float | None
    unit: str
    qualifier: str | None
    dimension: str
    high: float | None = None
    thing: str | None = None
    iso: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready dict (all fields are str/int/float/None)."""
        return asdict(self)


@dataclass
class _Atom:
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


def parse_quantities(text: str) -> list[Quantity]:
    """Return every figure in ``text``, sorted by start and non-overlapping.

    Never raises on any ``str``; non-strings give an empty list.
    """
    if not isinstance(text, str) or not text:
        return []
    found: list[Quantity] = []
    taken = _Spans(len(text))
    for q in _dates(text):
        if taken.free(q.start, q.end):
            found.append(q)
            taken.take(q.start, q.end)
    atoms = [a for a in _atoms(text) if taken.free(a.start, a.end)]
    found.extend(_to_quantity(text, atom) for atom in _merge_ranges(text, atoms))
    found.sort(key=lambda q: (q.start, -q.end))
    out: list[Quantity] = []
    for q in found:
        if not out or q.start >= out[-1].end:
            out.append(q)
    return out


class _Spans:
    """Covered character positions: an overlap test costs the span length, not the span count."""

    def __init__(self, size: int) -> None:
        self._covered = bytearray(size)

    def free(self, start: int, end: int) -> bool:
        return self._covered.find(1, start, end) == -1

    def take(self, start: int, end: int) -> None:
        self._covered[start:end] = b"\x01" * (end - start)


# --- dates and years ------------------------------------------------------------------------------


def _dates(text: str) -> list[Quantity]:
    """Calendar dates, fiscal years ("2019-20") and decades ("1990s"), found before numbers."""
    out: list[Quantity] = []
    has_year = U.YEAR_GATE_RE.search(text) is not None
    passes = [U.ISO_DATE_RE] if has_year else []
    if U.MONTH_GATE_RE.search(text):
        passes += U.DATE_RES
    for rx in passes:
        for m in rx.finditer(text):
            groups = m.groupdict()
            month = int(groups["mo"]) if groups.get("mo") else U.MONTHS[m["m"].rstrip(".")]
            day = int(groups["d"]) if groups.get("d") else None
            year = groups.get("y")
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            if day is None:
                iso = f"{year}-{month:02d}"
            else:
                iso = f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
            out.append(_q(text, m.start(), m.end(), None, "date", "date", iso=iso))
    years = [*U.FISCAL_YEAR_RE.finditer(text)] if has_year else []
    if "FY" in text:
        years += U.FY_RE.finditer(text)
    for m in years:
        low = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        high = None if m["yy"] is None else low // 100 * 100 + int(m["yy"])
        if high is None or high == low + 1:
            out.append(_year(text, m.start(), m.end(), low, high))
    for m in U.DECADE_RE.finditer(text) if has_year else ():
        out.append(_year(text, m.start(), m.end(), int(m["y"]), int(m["y"]) + 9))
    return out


def _year(text: str, start: int, end: int, low: float, high: float | None) -> Quantity:
    """Years carry ISO 8601 text too: "2030", or an interval "2019/2020" for ranges."""
    iso = f"{low:.0f}" if high is None else f"{low:.0f}/{high:.0f}"
    hi = None if high is None else float(high)
    return _q(text, start, end, float(low), "year", "year", high=hi, iso=iso)


def _q(
    text: str,
    start: int,
    end: int,
    value: float | None,
    unit: str,
    dim: str,
    high: float | None = None,
    iso: str | None = None,
) -> Quantity:
    return Quantity(text[start:end], start, end, value, unit, None, dim, high=high, iso=iso)


# --- numbers --------------------------------------------------------------------------------------


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in U.NUMBER_RE.finditer(text):
        atom = _digit_atom(text, m)
        if atom is not None:
            atoms.append(atom)
    taken = _Spans(len(text))
    for a in atoms:
        taken.take(a.start, a.end)
    last_end = 0
    for tok in U.WORD_TOKEN_RE.finditer(text):
        word, pos = tok[0].lower(), tok.start()
        if pos < last_end or not taken.free(pos, tok.end()):
            continue
        if word in U.NUMBER_WORD_STARTS and (m := U.WORD_NUMBER_RE.match(text, pos)):
            atom = _word_atom(text, m)
            if atom is not None and taken.free(atom.start, atom.end):
                atoms.append(atom)
                last_end = atom.end
                continue
        if word in U.ORDINAL_WORD_STARTS and (m := U.WORD_ORDINAL_RE.match(text, pos)):
            value = U.ORDINAL_WORDS[m["ord"].lower()]
            value += U.TENS_WORDS[m["tens"].lower()] if m["tens"] else 0
            thing = U.counted_noun(text, m.end())
            if thing and taken.free(m.start(), m.end()):
                atoms.append(_Atom(m.start(), m.end(), value, m.end(), ordinal=True, thing=thing))
                last_end = m.end()
    atoms.sort(key=lambda a: a.start)
    return atoms


def _digit_atom(text: str, m: re.Match[str]) -> _Atom | None:
    start, num_start, num_end = m.start(), m.start("num"), m.end("num")
    currency = None
    if m["cur"]:
        idx = next(int(k[1:]) for k, v in m.groupdict().items() if k[0] == "c" and k != "cur" and v)
        currency = U.CURRENCY_PREFIXES[idx][1]
    elif not U.left_ok(text, num_start):
        return None
    raw_text = m["num"]
    atom = _Atom(start, num_end, float(raw_text.replace(",", "")), num_end, currency=currency)
    atom.year_like = currency is None and len(raw_text) == 4 and 1900 <= atom.raw <= 2100
    if currency is None and (suf := U.ORD_SUFFIX_RE.match(text, num_end)) and "." not in raw_text:
        atom.ordinal, atom.end, atom.year_like = True, suf.end(), False
        atom.thing = U.counted_noun(text, atom.end)
        return atom
    if currency is None and U.label_before(text, start):
        return None
    _suffix(text, atom)
    if not _right_ok(text, atom):
        return None
    return atom


def _right_ok(text: str, atom: _Atom) -> bool:
    """Reject "5G", "9/10", "10:30", "26-A"; allow "10-year" by taking the word as the thing."""
    pos = atom.end
    if pos >= len(text):
        return True
    if atom.unit is None and atom.scale is None and (c := U.COMPOUND_RE.match(text, pos)):
        atom.thing = U.singular([c["w"]])
        return True
    return U.BAD_AFTER_RE.match(text, pos) is None


def _suffix(text: str, atom: _Atom) -> None:
    """Attach a scale ("bn", "crore") and/or unit ("MW", "rupees") that follows the number."""
    pos = atom.num_end
    sm = U.SCALE_RE.match(text, pos)
    if sm is not None:
        um = U.UNIT_RE.match(text, sm.end())
        if _scale_ok(text, atom, sm, um):
            atom.scale, atom.end = U.SCALES[sm["scale"].lower()], sm.end()
            if um is not None:
                _apply_unit(text, atom, um)
            return
    um = U.UNIT_RE.match(text, pos)
    if um is not None:
        _apply_unit(text, atom, um)


def _scale_ok(text: str, atom: _Atom, sm: re.Match[str], um: re.Match[str] | None) -> bool:
    key = sm["scale"].lower()
    has_currency = atom.currency is not None or (um is not None and _unit_row(um)[2] == "money")
    if key in U.SCALES_NEED_CURRENCY and not has_currency:
        return False
    if key in U.SCALES_NEED_GLUE and not has_currency:
        if sm["sep"] is not None:
            return False
        if key == "m" and U.METRE_HINT_RE.match(text, sm.end()):
            return False
    return True


def _unit_row(um: re.Match[str]) -> tuple[str, str, str, float]:
    return U.UNIT_TABLE[int(um.lastgroup[1:])]  # type: ignore[index]


def _apply_unit(text: str, atom: _Atom, um: re.Match[str]) -> None:
    pat, unit, dim, factor = _unit_row(um)
    if pat == U.METRE_UNIT and atom.currency is None and atom.scale is None:
        if um["sep"] is None and not U.METRE_HINT_RE.match(text, um.end()):
            return
    elif pat == U.METRE_UNIT:
        return
    if dim == "money":
        if atom.currency is not None:
            return  # "$5 million dollars": keep the prefix, leave the word alone
        atom.currency = unit or U.CODE_UNITS[um[um.lastgroup]]  # type: ignore[index]
        atom.factor = factor  # "8.1 US cents" is 0.081 USD
    else:
        if atom.currency is not None:
            return  # "Rs 36 per kWh" style: the money wins, the unit is not ours
        atom.unit, atom.dim, atom.factor = unit, dim, factor
    atom.end = um.end()
    atom.year_like = False


def _word_atom(text: str, m: re.Match[str]) -> _Atom | None:
    """Spelled-out numbers ("ten thousand", "two billion dollars"); never emitted bare."""
    raw = U.word_value(m[0])
    if raw is None:
        return None
    if U.label_before(text, m.start()):
        return None
    if m[0].lower() == "one" and U.ONE_BLOCKERS_RE.search(text, max(0, m.start() - 8), m.start()):
        return None
    atom = _Atom(m.start(), m.end(), raw, m.end())
    _suffix(text, atom)
    if m[0].lower() in ("a", "an") and U.A_ADJECTIVE_RE.match(text, m.start()):
        return None  # "a billion-dollar deal" is an adjective, not an amount
    if atom.currency is None and atom.unit is None:
        atom.thing = U.counted_noun(text, atom.end)
        nxt = U.WORD_RE.match(text, atom.end)
        if atom.thing is None or (nxt is not None and nxt["w"][0].isupper()):
            return None  # "one of them", "One Belt One Road"
    return atom


# --- ranges ---------------------------------------------------------------------------------------


def _merge_ranges(text: str, atoms: list[_Atom]) -> list[_Atom]:
    out: list[_Atom] = []
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


def _try_range(text: str, a: _Atom, b: _Atom) -> _Atom | None:
    sep = U.RANGE_SEP_RE.fullmatch(text, a.end, b.start)
    if sep is None or a.ordinal or b.ordinal or a.high is not None:
        return None
    word = sep[0].strip()
    if word == "and" and not U.BETWEEN_RE.search(text, max(0, a.start - 12), a.start):
        return None
    if U.CHANGE_BEFORE_FROM_RE.search(text, max(0, a.start - 30), a.start):
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
    high = b.raw * scale
    if low >= high:  # "50-50" is a split, "2-1" a score
        return None
    factor = b.factor if b.unit or b.currency else a.factor
    return _Atom(
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


# --- classification -------------------------------------------------------------------------------


def _to_quantity(text: str, a: _Atom) -> Quantity:
    value = a.raw * (a.scale or 1.0) * a.factor
    high = None if a.high is None else a.high * a.factor
    thing: str | None = None
    if a.ordinal:
        unit = dim = "ordinal"
        thing = a.thing
    elif a.currency is not None:
        unit, dim = a.currency, "money"
    elif a.unit is not None:
        unit, dim = a.unit, a.dim or "count"
    else:
        thing = a.thing if a.thing is not None else U.counted_noun(text, a.end)
        if a.year_like and (a.high is not None or not _count_not_year(text, a, thing)):
            return _year(text, a.start, a.end, value, high)
        unit, dim = "count", "count"
    q = Quantity(
        text[a.start : a.end], a.start, a.end, value, unit, None, dim, high=high, thing=thing
    )
    qual = U.QUALIFIER_RE.search(text, max(0, a.start - 24), a.start)
    if qual is not None and dim not in ("year", "date", "ordinal"):
        q = replace(q, qualifier=qual.lastgroup)
    return q


def _count_not_year(text: str, a: _Atom, thing: str | None) -> bool:
    """ "2000 workers" is a count; "by 2030 projects" and a lone "2030" are years."""
    nxt = U.WORD_RE.match(text, a.end)
    if thing is None or nxt is None or not U.is_plural(nxt["w"]):
        return False
    return U.YEAR_PREPOSITION_RE.search(text, max(0, a.start - 10), a.start) is None


# --- comparison and display -----------------------------------------------------------------------


def same_dimension(a: Quantity, b: Quantity) -> bool:
    """Both measure the same kind of thing (money vs money, even in different currencies)."""
    return a.dimension == b.dimension


def values_agree(a: Quantity, b: Quantity, tolerance: float = 0.05) -> bool:
    """Same unit and dimension, and values within ``tolerance`` (relative); ranges may overlap.

    Qualifiers are ignored: "about $60bn" agrees with "$61bn".  Dates compare by ISO string.
    """
    if a.unit != b.unit or a.dimension != b.dimension:
        return False
    if a.value is None or b.value is None:
        return a.iso is not None and a.iso == b.iso
    a_lo, a_hi = a.value, a.value if a.high is None else a.high
    b_lo, b_hi = b.value, b.value if b.high is None else b.high
    slack = tolerance * max(abs(a_lo), abs(a_hi), abs(b_lo), abs(b_hi))
    return a_lo <= b_hi + slack and b_lo <= a_hi + slack


def format_quantity(q: Quantity, *, qualified: bool = True) -> str:
    """Short reviewer-facing form: "$60bn", "Rs 36m", "8,000 MW", "~$60bn", "≥ $25bn".

    ``qualified=False`` leaves the qualifier sign out, for callers that word it themselves.
    """
    if q.dimension == "date":
        return q.iso or q.text
    if q.value is None:
        return q.text
    if q.dimension == "year":
        return f"{q.value:.0f}" + ("" if q.high is None else f"–{q.high:.0f}")
    if q.dimension == "ordinal":
        return q.text + (f" {q.thing}" if q.thing else "")
    if q.dimension == "money":
        body = U.CURRENCY_SYMBOLS.get(q.unit, q.unit + " ") + U.fmt_compact(q.value, q.high)
    elif q.dimension == "count":
        body = U.fmt_compact(q.value, q.high) + (f" {q.thing}" if q.thing else "")
    elif max(abs(q.value), abs(q.high or 0)) >= 1e6:
        body = f"{U.fmt_compact(q.value, q.high)} {q.unit}"
    elif q.unit == "%":
        body = U.fmt_span(q.value, q.high) + "%"
    else:
        body = f"{U.fmt_span(q.value, q.high)} {q.unit}"
    if qualified and q.qualifier:
        return _QUALIFIER_SIGNS.get(q.qualifier, "") + body
    return body


_QUALIFIER_SIGNS = {"approx": "~", "min": "≥ ", "max": "≤ "}
