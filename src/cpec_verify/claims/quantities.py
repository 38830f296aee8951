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
  are metres).  Currencies are ISO codes however written (see ``currencies``); no currency
  conversion is ever done.
* Number words ("forty-four million dollars", "two and a half billion") are figures only with
  a unit, a currency or a counted noun; after "the/these/those" they point back to things
  already named ("the two sides") and are skipped.  "one-fifth of" is a 20 % share.
* Counts of time ("two weeks", "a 99-year lease") are ``duration`` figures in "weeks", "years".
* Typos and local notations are read as meant: "are1280 pylons", "412KM,2210 Pylons",
  "4,5 euros" (decimal comma), "612 004 318.40 euros" (spaced thousands, only with a unit).
* A unit or currency written once serves a list ("38 and 114 km", "Tk 81bn (8,100 crore)"),
  and a scale written on the second end serves the first ("$9.75 to $9.25bn").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from cpec_verify.claims import currencies as C
from cpec_verify.claims import number_words as W
from cpec_verify.claims import units as U
from cpec_verify.claims.atoms import Atom, merge_ranges

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
    found.extend(_to_quantity(text, atom) for atom in merge_ranges(text, atoms))
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


def _atoms(text: str) -> list[Atom]:
    atoms: list[Atom] = []
    spaced = _Spans(len(text))
    if U.SPACED_GATE_RE.search(text):
        for m in U.SPACED_NUMBER_RE.finditer(text):
            atom = _digit_atom(text, m)
            if atom is not None and (atom.currency or atom.unit or atom.scale):
                atoms.append(atom)
                spaced.take(atom.start, atom.end)
    for m in U.NUMBER_RE.finditer(text):
        if atoms and not spaced.free(m.start(), m.end()):
            continue
        atom = _digit_atom(text, m)
        if atom is not None:
            atoms.append(atom)
    taken = _Spans(len(text))
    for a in atoms:
        taken.take(a.start, a.end)
    last_end = 0
    for tok in W.START_RE.finditer(text):
        word, pos = tok[0].lower(), tok.start()
        if pos < last_end or not taken.free(pos, tok.end()):
            continue
        if word in W.NUMBER_WORD_STARTS:
            if (share := W.fraction(text, pos)) is not None:
                end, value = share
                atoms.append(Atom(pos, end, value, end, unit="%", dim="percent"))
                last_end = end
                continue
            if (found := W.scan(text, pos)) is not None:
                atom = _word_atom(text, pos, *found)
                if atom is not None and taken.free(atom.start, atom.end):
                    atoms.append(atom)
                    last_end = atom.end
                    continue
        if word in W.ORDINAL_WORD_STARTS and (m := W.WORD_ORDINAL_RE.match(text, pos)):
            value = W.ORDINAL_WORDS[m["ord"].lower()]
            value += W.TENS_WORDS[m["tens"].lower()] if m["tens"] else 0
            thing = U.counted_noun(text, m.end())
            if thing and taken.free(m.start(), m.end()):
                atoms.append(Atom(m.start(), m.end(), value, m.end(), ordinal=True, thing=thing))
                last_end = m.end()
    atoms.sort(key=lambda a: a.start)
    return atoms


def _digit_atom(text: str, m: re.Match[str]) -> Atom | None:
    start, num_start, num_end = m.start(), m.start("num"), m.end("num")
    raw_text = m["num"]
    if raw_text[0] == "." and num_start > 0 and text[num_start - 1].isalpha():
        start, num_start, raw_text = start + 1, num_start + 1, raw_text[1:]  # "Ksh.18 billion"
    currency, weak, glued = None, False, False
    if (before := U.currency_before(text, num_start)) is not None:
        start, currency, weak = before
    elif start != m.start() or not U.left_ok(text, num_start):
        if start != m.start() or not U.glued_word_before(text, num_start):
            return None
        glued = True  # "are1280 pylons": a typo, kept below only with a unit or a counted noun
    atom = Atom(start, num_end, U.to_number(raw_text), num_end, currency=currency)
    atom.year_like = currency is None and len(raw_text) == 4 and 1900 <= atom.raw <= 2100
    if currency is None and (suf := U.ORD_SUFFIX_RE.match(text, num_end)) and "." not in raw_text:
        atom.ordinal, atom.end, atom.year_like = True, suf.end(), False
        atom.thing = U.counted_noun(text, atom.end)
        return atom
    if currency is None and U.label_before(text, start):
        return None
    _suffix(text, atom)
    if weak and atom.scale is None and "," not in raw_text:
        return None  # "N95", "R2": a one-letter prefix needs "N612bn" or "R5,000"
    if U.DECIMAL_COMMA_RE.fullmatch(raw_text) and not (atom.currency or atom.unit or atom.scale):
        return None  # "5,6" without a unit is a list or an identifier, not 5.6
    if glued and not _glued_ok(text, atom, raw_text):
        return None
    if not _right_ok(text, atom):
        return None
    return atom


def _glued_ok(text: str, atom: Atom, raw_text: str) -> bool:
    """Keep "length613 km" and "are1280 pylons"; drop "covid19", "mp3", "tab2"."""
    if atom.unit is not None or atom.currency is not None:
        return True
    if len(raw_text) < 3 or "." in raw_text:
        return False
    nxt = U.WORD_RE.match(text, atom.end)
    return nxt is not None and U.is_plural(nxt["w"])


def _right_ok(text: str, atom: Atom) -> bool:
    """Reject "5G", "9/10", "10:30", "26-A"; allow "10-year" by taking the word as the thing."""
    pos = atom.end
    if pos >= len(text):
        return True
    if pos > atom.num_end:  # "412KM,2210 Pylons", "130km-Long Road": the unit ends the figure
        return U.GLUED_AFTER_RE.match(text, pos) is None
    if atom.unit is None and atom.scale is None and (c := U.COMPOUND_RE.match(text, pos)):
        if atom.currency is not None:
            return False  # "USD 6-month rate": the code names a rate, not an amount
        atom.thing = U.singular([c["w"]])
        return True
    return U.BAD_AFTER_RE.match(text, pos) is None


def _suffix(text: str, atom: Atom) -> None:
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


def _scale_ok(text: str, atom: Atom, sm: re.Match[str], um: re.Match[str] | None) -> bool:
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


def _apply_unit(text: str, atom: Atom, um: re.Match[str]) -> None:
    pat, unit, dim, factor = _unit_row(um)
    if pat == U.METRE_UNIT and atom.currency is None and atom.scale is None:
        if um["sep"] is None and not U.METRE_HINT_RE.match(text, um.end()):
            return
    elif pat == U.METRE_UNIT:
        return
    if dim == "money":
        if atom.currency is not None:
            return  # "$5 million dollars": keep the prefix, leave the word alone
        atom.currency = unit or C.code_of(um[um.lastgroup].strip(" \t-"))  # type: ignore[index]
        atom.factor = factor  # "8.1 US cents" is 0.081 USD
    else:
        if atom.currency is not None:
            return  # "Rs 36 per kWh" style: the money wins, the unit is not ours
        atom.unit, atom.dim, atom.factor = unit, dim, factor
    atom.end = um.end()
    atom.year_like = False


def _word_atom(text: str, start: int, end: int, raw: float) -> Atom | None:
    """Spelled-out numbers ("ten thousand", "two billion dollars"); never emitted bare."""
    if U.label_before(text, start):
        return None
    words = text[start:end].lower()
    if words == "one" and U.ONE_BLOCKERS_RE.search(text, max(0, start - 8), start):
        return None
    atom = Atom(start, end, raw, end)
    _suffix(text, atom)
    if words in ("a", "an") and U.A_ADJECTIVE_RE.match(text, start):
        return None  # "a billion-dollar deal" is an adjective, not an amount
    if atom.currency is None and atom.unit is None:
        if atom.scale is None and U.DEFINITE_BEFORE_RE.search(text, max(0, start - 8), start):
            return None  # "the two sides", "these three": a reference back, not a figure
        atom.thing = U.counted_noun(text, atom.end)
        nxt = U.WORD_RE.match(text, atom.end)
        if atom.thing is None or (nxt is not None and nxt["w"][0].isupper()):
            return None  # "one of them", "One Belt One Road"
    return atom


# --- classification -------------------------------------------------------------------------------


def _to_quantity(text: str, a: Atom) -> Quantity:
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
        if thing in U.TIME_UNITS:  # "two weeks", "a 99-year lease": a duration, not a count
            unit, dim, thing = U.TIME_UNITS[thing], "duration", None
    q = Quantity(
        text[a.start : a.end], a.start, a.end, value, unit, None, dim, high=high, thing=thing
    )
    qual = U.QUALIFIER_RE.search(text, max(0, a.start - 24), a.start)
    if qual is not None and dim not in ("year", "date", "ordinal"):
        q = replace(q, qualifier=qual.lastgroup)
    return q


def _count_not_year(text: str, a: Atom, thing: str | None) -> bool:
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
