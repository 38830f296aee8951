"""Vocabulary and lexical helpers for :mod:`cpec_verify.claims.quantities`.

Kept apart from the parser so the grammar (how tokens combine into figures) reads separately
from the vocabulary (which tokens exist and what they are worth).  Adding a unit, scale or
currency should mean adding one table row here, never touching the parser.  The small helpers
at the bottom are token-level rules (noun phrases, identifier boundaries, number display) that
need no knowledge of the grammar.
"""

from __future__ import annotations

import re

from cpec_verify.claims import currencies as C

# --- currencies -----------------------------------------------------------------------------------
# The vocabulary lives in ``currencies``; prefixes ("$", "KSh", "RM", "USD") come before the
# figure, currency words ("U.S. dollars", "rupiah", "EUR") after it.
CURRENCY_PREFIXES = C.CURRENCY_PREFIXES
CURRENCY_SYMBOLS = C.CURRENCY_SYMBOLS

# --- scales ---------------------------------------------------------------------------------------
SCALES: dict[str, float] = {
    "k": 1e3,
    "thousand": 1e3,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "crore": 1e7,
    "crores": 1e7,
    "mil": 1e6,
    "cr": 1e7,
    "b": 1e9,
    "bil": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "billion": 1e9,
    "arab": 1e9,
    "arabs": 1e9,
    "kharab": 1e11,
    "tn": 1e12,
    "trn": 1e12,
    "tr": 1e12,
    "trillion": 1e12,
}
# "b" and "arab" (also an ordinary word: "40 Arab states") only count as scales next to a
# currency; bare "m"/"k" only when glued to the digits ("5m people", "10k") because a spaced
# "100 m" is far more often metres.
SCALES_NEED_CURRENCY = frozenset({"b", "arab", "arabs", "kharab", "cr"})
SCALES_NEED_GLUE = frozenset({"m", "k"})

SCALE_RE = re.compile(
    r"(?P<sep>[ \t\u00a0]|-)?(?P<scale>"
    + "|".join(sorted(SCALES, key=len, reverse=True))
    + r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)

# --- units written after the figure ---------------------------------------------------------------
# (regex, canonical unit, dimension, factor to the canonical unit).  Currency words after the
# number ("10 billion yuan") live here too, with dimension "money".
_KM = r"kilomet(?:re|er)s?"
UNIT_TABLE: list[tuple[str, str, str, float]] = [
    (r"%", "%", "percent", 1.0),
    (r"(?i:percentage[ \t]+points?)", "pp", "percent", 1.0),
    (r"(?i:per[ \t-]?cent)", "%", "percent", 1.0),
    (r"pc|pct|p\.c\.?", "%", "percent", 1.0),
    (r"(?i:kWh|kilowatt[ -]hours?)", "MWh", "energy", 1e-3),
    (r"(?i:MWh|megawatt[ -]hours?)", "MWh", "energy", 1.0),
    (r"(?i:GWh|gigawatt[ -]hours?)", "MWh", "energy", 1e3),
    (r"(?i:TWh|terawatt[ -]hours?)", "MWh", "energy", 1e6),
    (r"(?i:kWs?|kilo[ -]?watts?)", "MW", "power", 1e-3),
    (r"(?i:MW[pe]?s?|mega[ -]?watts?)", "MW", "power", 1.0),
    (r"(?i:GWs?|giga[ -]?watts?)", "MW", "power", 1e3),
    (rf"(?i:sq\.?[ \t]?km|km2|km²|square[ \t]+(?:km|{_KM}))", "km2", "area", 1.0),
    (r"(?i:sq\.?[ \t]?mi(?:les?)?|square[ \t]+miles?)", "km2", "area", 2.589988),
    (r"(?i:square[ \t]+met(?:re|er)s?|sq\.?[ \t]?m|m2|m²)", "km2", "area", 1e-6),
    (r"(?i:acres?)", "km2", "area", 0.00404686),
    (r"(?i:hectares?)|ha", "km2", "area", 0.01),
    (r"(?i:kanals?)", "km2", "area", 0.000505857),
    (r"(?i:km/h|kmph|kph|km[ \t]+(?:per|an)[ \t]+hour)", "km/h", "speed", 1.0),
    (r"mph|(?i:miles[ \t]+(?:per|an)[ \t]+hour)", "km/h", "speed", 1.609344),
    (r"(?i:square[ \t]+f(?:ee|oo)t|sq\.?[ \t]?ft\.?)", "km2", "area", 9.290304e-8),
    (rf"(?i:{_KM}|kms?)", "km", "length", 1.0),
    (r"(?i:miles?)|mi", "km", "length", 1.609344),
    (r"(?i:met(?:re|er)s?)", "km", "length", 1e-3),
    (r"m", "km", "length", 1e-3),
    (r"(?i:feet|ft)", "km", "length", 3.048e-4),
    (r"(?i:metric[ \t]+tons?|tonnes?|tons?)", "t", "mass", 1.0),
    (r"(?i:kg|kilograms?)", "t", "mass", 1e-3),
    (r"°[ \t]?C|(?i:degrees?[ \t]+(?:Celsius|centigrade))", "°C", "temperature", 1.0),
    (rf"(?i:(?:{C.US_WORD})?cents?)", "USD", "money", 0.01),
    *((pat, code, "money", 1.0) for pat, code in C.CURRENCY_WORDS),
]
UNIT_RE = re.compile(
    r"(?P<sep>[ \t\u00a0]|-)?(?:"
    + "|".join(f"(?P<u{i}>{pat})" for i, (pat, *_rest) in enumerate(UNIT_TABLE))
    + r")(?![A-Za-z0-9])"
)
METRE_UNIT = "m"
# Adjectives after a glued "m" that show it means metres ("a 100m-long bridge").
METRE_HINT_RE = re.compile(r"[ -]?(?:long|high|wide|deep|tall)\b")

# Spelled-out numbers, ordinals and fractions live in ``number_words``.

# --- dates ----------------------------------------------------------------------------------------
MONTHS: dict[str, int] = {}
_MONTH_LIST = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
for _i, _name in enumerate(_MONTH_LIST, 1):
    MONTHS[_name] = _i
    MONTHS[_name[:3]] = _i
MONTHS["Sept"] = 9
_MON = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>[0-9]{4})"
_END = r"(?![A-Za-z0-9]|[,.][0-9])"
ISO_DATE_RE = re.compile(
    rf"(?<![\w/.-])(?P<y>[0-9]{{4}})-(?P<mo>[0-9]{{2}})-(?P<d>[0-9]{{2}}){_END}"
)
# Month-name patterns, most specific first (earlier ones win overlaps).
DATE_RES: list[re.Pattern[str]] = [
    re.compile(rf"(?<![\w])(?P<m>{_MON})[ \t]+{_DAY},?[ \t]+{_YEAR}{_END}"),
    re.compile(rf"(?<![\w.,/-]){_DAY}(?:[ \t]+of)?[ \t]+(?P<m>{_MON}),?[ \t]+{_YEAR}{_END}"),
    re.compile(rf"(?<![\w])(?P<m>{_MON})[ \t]+{_DAY}{_END}"),
    re.compile(rf"(?<![\w.,/-]){_DAY}(?:[ \t]+of)?[ \t]+(?P<m>{_MON}){_END}"),
    re.compile(rf"(?<![\w])(?P<m>{_MON}),?[ \t]+{_YEAR}{_END}"),
]
# Fiscal years such as "2019-20" or "2024/25": a year range whose high end is abbreviated.
FISCAL_YEAR_RE = re.compile(
    r"(?<![\w/.,-])(?P<y>(?:19|20)[0-9]{2})[-–—/](?P<yy>[0-9]{2})(?![\w%/-]|[,.][0-9])"
)
FY_RE = re.compile(
    r"(?<![\w])FY[ \t-]?(?P<y>(?:19|20)?[0-9]{2})(?:[-–/](?P<yy>[0-9]{2}))?(?![\w%/-]|[,.][0-9])"
)
# Cheap gates: skip the date passes for sentences that cannot contain one (most of them).
MONTH_GATE_RE = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
YEAR_GATE_RE = re.compile(r"(?:1[89]|20)[0-9]{2}")
DECADE_RE = re.compile(r"(?<![\w/.,-])(?P<y>(?:1[89]|20)[0-9]0)s(?![\w])")

# --- numbers and the words around them ------------------------------------------------------------
# A currency written just before a number, searched backwards from the number's first digit.
CURRENCY_BEFORE_RE = re.compile(
    r"(?<![A-Za-z0-9$])(?:"
    + "|".join(f"(?P<c{i}>{pat})" for i, (pat, *_rest) in enumerate(CURRENCY_PREFIXES))
    + r")[ \t\u00a0]?$"
)
# Only a symbol, a capital, a dot or a few lowercase forms can end a currency prefix: a cheap
# test on the character before the number that skips the search for most numbers.
CURRENCY_TAIL_CHARS = frozenset("$€£¥￥₹₨₦₱₩₫฿₺₽₴₪৳¢₵.shkptRSABCDEFGHIJKLMNOPQRSTUVWXYZ")
NUM = (
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?"
    r"|[0-9]{1,3},[0-9]{1,2}(?![0-9])|[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
)
NUMBER_RE = re.compile(rf"(?P<num>{NUM})")
# "4,5 euros": a comma before one or two digits is a decimal comma (kept only with a unit).
DECIMAL_COMMA_RE = re.compile(r"[0-9]{1,3},[0-9]{1,2}")
# "612 004 318.40 euros": thousands grouped by spaces (kept only with a currency or unit).
_THIN = "[ \u00a0\u202f\u2009]"
SPACED_GATE_RE = re.compile(rf"[0-9]{_THIN}[0-9]{{3}}(?![0-9])")
SPACED_NUMBER_RE = re.compile(
    rf"(?<![0-9.,])(?P<num>[0-9]{{1,3}}(?:{_THIN}[0-9]{{3}})+"
    r"(?:[.,][0-9]{1,2})?)(?![0-9]|[.,][0-9])"
)
# A lowercase word glued to the digits by a typo: "are1280 pylons", "length613 km".
GLUED_WORD_RE = re.compile(r"(?:^|(?<=[\s(]))[a-z]{3,}$")
# After a unit or scale only letters and digits still glued on make it an identifier.
GLUED_AFTER_RE = re.compile(r"[A-Za-z0-9_]")
ORD_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z0-9])", re.IGNORECASE)
WORD_RE = re.compile(r"[ \t]+(?P<w>[A-Za-z]+(?:[-'’][A-Za-z]+)*)")
COMPOUND_RE = re.compile(r"-(?P<w>[a-z]+(?:-[a-z]+)*)(?![\w-])")
BAD_AFTER_RE = re.compile(r"[A-Za-z0-9_]|[/:][0-9]|[.,][0-9]|-[A-Z]|['’][A-Za-z]")
A_ADJECTIVE_RE = re.compile(r"an?[ \t]+[A-Za-z]+-", re.IGNORECASE)


# --- context words --------------------------------------------------------------------------------
QUALIFIER_RE = re.compile(
    r"(?<![\w])(?:"
    r"(?P<approx>about|around|nearly|approximately|approx\.?|roughly|some|almost|circa|"
    r"close[ \t]+to|an[ \t]+estimated|estimated|~)"
    r"|(?P<min>more[ \t]+than|over|at[ \t]+least|above|upwards[ \t]+of|in[ \t]+excess[ \t]+of|"
    r"no[ \t]+less[ \t]+than|not[ \t]+less[ \t]+than|exceeding|>|≥|>=)"
    r"|(?P<max>up[ \t]+to|less[ \t]+than|under|below|at[ \t]+most|fewer[ \t]+than|"
    r"no[ \t]+more[ \t]+than|not[ \t]+more[ \t]+than|as[ \t]+(?:many|much)[ \t]+as|<|≤|<=)"
    r")[ \t\u00a0]*$",
    re.IGNORECASE,
)
# A 4-digit figure after one of these is a year even when a plural noun follows
# ("by 2030 projects will ..."); otherwise "2000 workers" is a count.
YEAR_PREPOSITION_RE = re.compile(
    r"(?<![\w])(?:in|by|since|until|till|from|of|to|before|after|during|through|between|"
    r"year|FY)[ \t]+$",
    re.IGNORECASE,
)
BETWEEN_RE = re.compile(r"(?<![\w])between[ \t]+$", re.IGNORECASE)
# Figures listed with the unit written once ("38 and 114 km", "5, 6 and 7 per cent").
LIST_SEP_RE = re.compile(r",[ \t]*|[ \t]+(?:and|or)[ \t]+|,[ \t]*(?:and|or)[ \t]+")
# An amount restated in brackets or after "or", sharing the currency ("Tk 5bn (500 crore)").
RESTATE_SEP_RE = re.compile(r"[ \t]*\([ \t]*|,?[ \t]+or[ \t]+|[ \t]*[/=][ \t]*")
RANGE_SEP_RE = re.compile(r"[ \t]?[-–—][ \t]?|[ \t]+(?:to|and)[ \t]+|-to-")
# "rose from 10% to 15%" is a change between two figures, not a range.
CHANGE_BEFORE_FROM_RE = re.compile(
    r"(?<![\w])(?:rose|risen|rise|rises|rising|increased?|increasing|grew|grown|grow|fell|fallen|"
    r"fall|declined?|dropped|jumped|climbed|surged|soared|reduced|cut|raised|slipped|plunged|"
    r"expanded|shrank|up|down|went|revised|changed|moved)[ \t]+from[ \t]+$",
    re.IGNORECASE,
)
# Labels whose following number is an identifier, not an amount ("Section 26", "Article 370").
LABEL_RE = re.compile(
    r"(?<![\w])(?:Section|Article|Clause|Chapter|Rule|Schedule|Annex|Annexure|Para|Paragraph|"
    r"Table|Figure|Fig\.|No\.|Nos\.|Page|Item|Phase|Line|Block|Zone|Sector|Route|Platform|"
    r"Model|Version|Stage|Tier|Gate|Unit|Level|Grade|Category|Chapter|Vol\.|Volume|Flight|Room|"
    r"Episode|Season|Channel|Terminal|Berth|Pier|Exit|Highway|Interstate|Bus)[ \t]*$"
)
# Spelled-out counts after these point back to things already named ("the two sides").
DEFINITE_BEFORE_RE = re.compile(r"(?<![\w])(?:the|these|those)[ \t]+$", re.I)
# Counted nouns that make a figure a duration, with the unit reported for it.
TIME_UNITS = {
    w: w + "s" for w in ("second", "minute", "hour", "day", "week", "month", "year", "decade")
} | {"century": "centuries"}
ONE_BLOCKERS_RE = re.compile(r"(?<![\w])(?:no|any|every|each|which|this|that|the)[ \t]+$", re.I)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "each",
        "every",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "to",
        "with",
        "into",
        "onto",
        "under",
        "over",
        "across",
        "between",
        "during",
        "since",
        "until",
        "through",
        "per",
        "about",
        "against",
        "among",
        "after",
        "before",
        "within",
        "without",
        "via",
        "along",
        "around",
        "near",
        "than",
        "as",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "if",
        "while",
        "whereas",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "it",
        "they",
        "we",
        "he",
        "she",
        "you",
        "i",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "where",
        "when",
        "more",
        "less",
        "fewer",
        "most",
        "other",
        "another",
        "also",
        "only",
        "already",
        "now",
        "then",
        "still",
        "respectively",
        "alone",
        "ago",
        "later",
        "earlier",
        "not",
        "no",
        "such",
        "same",
    ]
)
IRREGULAR_PLURALS = frozenset(
    [
        "people",
        "children",
        "men",
        "women",
        "staff",
        "personnel",
        "police",
        "cattle",
        "livestock",
        "sheep",
        "fish",
        "youth",
        "feet",
        "teeth",
        "mice",
        "data",
        "media",
        "criteria",
    ]
)
IRREGULAR_SINGULARS: dict[str, str] = {
    "buses": "bus",
    "gases": "gas",
    "crises": "crisis",
    "analyses": "analysis",
    "indices": "index",
    "series": "series",
    "species": "species",
}


# --- lexical helpers ------------------------------------------------------------------------------


def counted_noun(text: str, pos: int) -> str | None:
    """The counted noun after a figure: up to 3 words, cut after the first plural."""
    words: list[str] = []
    while len(words) < 3:
        m = WORD_RE.match(text, pos)
        if m is None or m["w"].lower() in STOPWORDS:
            break
        words.append(m["w"])
        pos = m.end()
    if not words:
        return None
    for i, w in enumerate(words):
        if is_plural(w):
            return singular(words[: i + 1])
    first = words[0]
    if len(words) > 1 and (first.isupper() or first[0].isupper()) and words[1].islower():
        return singular(words[:2])
    return singular(words[:1])


def is_plural(word: str) -> bool:
    """Crude English plural test; good enough to find where a counted noun phrase ends."""
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "sis", "ous"))


def singular(words: list[str]) -> str:
    """Lower-case the phrase and singularise its last word ("PhD scholarships")."""
    *head, last = [w.lower() for w in words]
    if last in IRREGULAR_SINGULARS:
        last = IRREGULAR_SINGULARS[last]
    elif is_plural(last) and last not in IRREGULAR_PLURALS:
        if last.endswith("ies"):
            last = last[:-3] + "y"
        elif last.endswith(("sses", "ches", "shes", "xes", "zes")):
            last = last[:-2]
        else:
            last = last[:-1]
    return " ".join([*head, last])


def label_before(text: str, pos: int) -> bool:
    """True when an identifier label ("Section", "Article") directly precedes ``pos``."""
    return LABEL_RE.search(text, max(0, pos - 14), pos) is not None


def currency_before(text: str, pos: int) -> tuple[int, str, bool] | None:
    """A currency prefix ending at ``pos``: (its start, ISO code, needs a scale), else None."""
    if pos == 0:
        return None
    prev = text[pos - 1]
    if prev in " \t\u00a0" and pos >= 2:
        prev = text[pos - 2]
    if prev not in CURRENCY_TAIL_CHARS:
        return None
    m = CURRENCY_BEFORE_RE.search(text, max(0, pos - 12), pos)
    if m is None:
        return None
    key = m.lastgroup
    _pat, code, weak = CURRENCY_PREFIXES[int(key[1:])]  # type: ignore[index]
    return m.start(), code or C.code_of(m[key].strip(" \t\u00a0")), weak


def to_number(raw: str) -> float:
    """Value of digits as written: "1,500", "8,140.5", "4,5" (decimal comma), "612 004 318.40"."""
    if DECIMAL_COMMA_RE.fullmatch(raw):
        return float(raw.replace(",", "."))
    if _THIN_RE.search(raw):  # spaced thousands: a comma can only be the decimal mark
        return float(_THIN_RE.sub("", raw).replace(",", "."))
    return float(raw.replace(",", ""))


_THIN_RE = re.compile(_THIN)


def glued_word_before(text: str, pos: int) -> bool:
    """A lowercase word of 3+ letters runs straight into the digits at ``pos`` ("are1280")."""
    return GLUED_WORD_RE.search(text, max(0, pos - 24), pos) is not None


def left_ok(text: str, pos: int) -> bool:
    """Reject numbers that are part of an identifier: "A320", "ML-1", "9/10", "1.2.3", "5,6"."""
    if pos == 0:
        return True
    prev = text[pos - 1]
    before = text[pos - 2] if pos >= 2 else " "
    if prev.isalnum() or prev in "_/$#@&":
        return False
    if prev in ".,:" and before.isdigit():
        return False
    return not (prev == "-" and (before.isalpha() or before in "_/"))


COMPACT = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))
_INFINITIES = (float("inf"), float("-inf"))


def fmt_number(x: float) -> str:
    """ "8,000", "8.5", "0.667": thousands separators, at most 3 decimals."""
    if x != x or x in _INFINITIES:
        return str(x)
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def fmt_compact(lo: float, hi: float | None) -> str:
    """ "25–30bn" style: both ends share the scale chosen from the larger end."""
    top = abs(hi if hi is not None else lo)
    div, suffix = 1.0, ""
    for d, s in COMPACT:  # a loop, not next() over a generator: this runs per shown figure
        if top >= d:
            div, suffix = d, s
            break
    return fmt_span(lo / div, None if hi is None else hi / div) + suffix


def fmt_span(lo: float, hi: float | None) -> str:
    """ "8,000" or "200–300": a single value or a range with an en dash."""
    return fmt_number(lo) if hi is None else f"{fmt_number(lo)}–{fmt_number(hi)}"
