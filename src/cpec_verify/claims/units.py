"""Vocabulary and lexical helpers for :mod:`cpec_verify.claims.quantities`.

Kept apart from the parser so the grammar (how tokens combine into figures) reads separately
from the vocabulary (which tokens exist and what they are worth).  Adding a unit, scale or
currency should mean adding one table row here, never touching the parser.  The small helpers
at the bottom are token-level rules (noun phrases, identifier boundaries, number display) that
need no knowledge of the grammar.
"""

from __future__ import annotations

import re

# --- currencies -----------------------------------------------------------------------------------
# Prefix forms written before the figure ("$60bn", "Rs. 12.5bn", "rupees 40 arab").  Order
# matters: longer forms first so "US$" wins over "$".  "Rs" is read as the Pakistani rupee and
# "¥" as the yuan because the corpus is about CPEC; both are documented guesses.
CURRENCY_PREFIXES: list[tuple[str, str]] = [
    (r"US[ \t]?\$", "USD"),
    (r"HK\$", "HKD"),
    (r"A\$", "AUD"),
    (r"C\$", "CAD"),
    (r"S\$", "SGD"),
    (r"\$", "USD"),
    (r"USD", "USD"),
    (r"(?:Rs|RS|rs)\.?", "PKR"),
    (r"PKR", "PKR"),
    (r"INR", "INR"),
    (r"[Rr]upees(?=[ \t])", "PKR"),
    (r"RMB", "CNY"),
    (r"CNY", "CNY"),
    (r"¥", "CNY"),
    (r"€", "EUR"),
    (r"EUR", "EUR"),
    (r"£", "GBP"),
    (r"GBP", "GBP"),
]

# Printable symbol for each canonical currency, used by format_quantity.
CURRENCY_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "PKR": "Rs ",
    "CNY": "RMB ",
    "EUR": "€",
    "GBP": "£",
    "INR": "INR ",
    "HKD": "HK$",
    "AUD": "A$",
    "CAD": "C$",
    "SGD": "S$",
}

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
    "b": 1e9,
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
SCALES_NEED_CURRENCY = frozenset({"b", "arab", "arabs", "kharab"})
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
    (r"pc|p\.c\.?", "%", "percent", 1.0),
    (r"(?i:kWh|kilowatt[ -]hours?)", "MWh", "energy", 1e-3),
    (r"(?i:MWh|megawatt[ -]hours?)", "MWh", "energy", 1.0),
    (r"(?i:GWh|gigawatt[ -]hours?)", "MWh", "energy", 1e3),
    (r"(?i:TWh|terawatt[ -]hours?)", "MWh", "energy", 1e6),
    (r"(?i:kWs?|kilo[ -]?watts?)", "MW", "power", 1e-3),
    (r"(?i:MWs?|mega[ -]?watts?)", "MW", "power", 1.0),
    (r"(?i:GWs?|giga[ -]?watts?)", "MW", "power", 1e3),
    (rf"(?i:sq\.?[ \t]?km|km2|km²|square[ \t]+(?:km|{_KM}))", "km2", "area", 1.0),
    (r"(?i:sq\.?[ \t]?mi(?:les?)?|square[ \t]+miles?)", "km2", "area", 2.589988),
    (r"(?i:square[ \t]+met(?:re|er)s?|sq\.?[ \t]?m|m2|m²)", "km2", "area", 1e-6),
    (r"(?i:acres?)", "km2", "area", 0.00404686),
    (r"(?i:hectares?)|ha", "km2", "area", 0.01),
    (r"(?i:kanals?)", "km2", "area", 0.000505857),
    (r"(?i:km/h|kmph|kph|km[ \t]+(?:per|an)[ \t]+hour)", "km/h", "speed", 1.0),
    (rf"(?i:{_KM}|kms?)", "km", "length", 1.0),
    (r"(?i:miles?)", "km", "length", 1.609344),
    (r"(?i:met(?:re|er)s?)", "km", "length", 1e-3),
    (r"m", "km", "length", 1e-3),
    (r"(?i:feet|ft)", "km", "length", 3.048e-4),
    (r"(?i:metric[ \t]+tons?|tonnes?|tons?)", "t", "mass", 1.0),
    (r"(?i:kg|kilograms?)", "t", "mass", 1e-3),
    (r"°[ \t]?C|(?i:degrees?[ \t]+(?:Celsius|centigrade))", "°C", "temperature", 1.0),
    (r"(?i:(?:US[ \t]+)?cents?)", "USD", "money", 0.01),
    (r"(?i:(?:US[ \t]+)?dollars?)", "USD", "money", 1.0),
    (r"(?i:(?:Pakistani[ \t]+)?rupees?)", "PKR", "money", 1.0),
    (r"(?i:(?:Chinese[ \t]+)?yuan|renminbi)", "CNY", "money", 1.0),
    (r"(?i:euros?)", "EUR", "money", 1.0),
    (r"USD|PKR|RMB|CNY|EUR|GBP", "", "money", 1.0),  # unit filled from the code itself
]
UNIT_RE = re.compile(
    r"(?P<sep>[ \t\u00a0]|-)?(?:"
    + "|".join(f"(?P<u{i}>{pat})" for i, (pat, *_rest) in enumerate(UNIT_TABLE))
    + r")(?![A-Za-z0-9])"
)
CODE_UNITS = {"USD": "USD", "PKR": "PKR", "RMB": "CNY", "CNY": "CNY", "EUR": "EUR", "GBP": "GBP"}
METRE_UNIT = "m"
# Adjectives after a glued "m" that show it means metres ("a 100m-long bridge").
METRE_HINT_RE = re.compile(r"[ -]?(?:long|high|wide|deep|tall)\b")

# --- number words ---------------------------------------------------------------------------------
_SMALL_LIST = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS_LIST = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SMALL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_SMALL_LIST)}
TENS_WORDS: dict[str, int] = {w: 10 * i for i, w in enumerate(_TENS_LIST, 2)}
_SMALL = "|".join(sorted(SMALL_WORDS, key=len, reverse=True))
_TENS = "|".join(TENS_WORDS)
_WORD = rf"(?:(?:{_TENS})(?:-(?:{_SMALL}))?|{_SMALL})\b"
WORD_NUMBER_RE = re.compile(
    r"(?<![\w-])(?:an?(?=[ \t]+(?:hundred|thousand|million|billion|trillion|lakh|crore)\b)|"
    + _WORD
    + r")(?:[ \t-]hundred\b)?(?:[ \t]+(?:and[ \t]+)?"
    + _WORD
    + r")?(?:[ \t-]thousand\b)?",
    re.IGNORECASE,
)

WORD_TOKEN_RE = re.compile(r"[A-Za-z]+")
_ORD_SMALL = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
ORDINAL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ORD_SMALL, 1)}
_ORD_TENS = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
]
ORDINAL_WORDS.update({w: 10 * i for i, w in enumerate(_ORD_TENS, 2)})
ORDINAL_WORDS["hundredth"] = 100
# First words that can open a spelled-out number or ordinal (gates the costlier patterns).
NUMBER_WORD_STARTS = frozenset({"a", "an", *SMALL_WORDS, *TENS_WORDS})
ORDINAL_WORD_STARTS = frozenset({*ORDINAL_WORDS, *TENS_WORDS})
WORD_ORDINAL_RE = re.compile(
    rf"(?<![\w-])(?:(?P<tens>{_TENS})-)?(?P<ord>"
    + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)

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
CURRENCY_RE = re.compile(
    r"(?<![A-Za-z0-9$])(?:"
    + "|".join(f"(?P<c{i}>{pat})" for i, (pat, _code) in enumerate(CURRENCY_PREFIXES))
    + r")[ \t\u00a0]?(?=[0-9.])"
)
NUM = (
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?"
    r"|[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
)
NUMBER_RE = re.compile(rf"(?P<cur>{CURRENCY_RE.pattern})?(?P<num>{NUM})")
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
    r"Model|Version|Stage|Tier|Gate|Unit|Level|Grade|Category|Chapter|Vol\.|Volume)[ \t]*$"
)
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


def word_value(words: str) -> float | None:
    """Value of a spelled-out number ("two hundred and fifty"), None if a word is unknown."""
    total, current = 0, 0
    for w in re.split(r"[ \t-]+", words.lower()):
        if w in ("a", "an"):
            current = 1
        elif w in SMALL_WORDS:
            current += SMALL_WORDS[w]
        elif w in TENS_WORDS:
            current += TENS_WORDS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w == "thousand":
            total, current = total + max(current, 1) * 1000, 0
        elif w != "and":
            return None
    return float(total + current)


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
