"""Spelled-out numbers, ordinals and fractions for :mod:`cpec_verify.claims.quantities`.

Why our own: text2num, word2number and number-parser each read 13-14 of 18 news phrasings,
miss "one hundred sixty three" or "two and a half", and number-parser turns "One of the" into
"1 of the".  This scanner reads a run of number words ("thirty-one", "one hundred sixty three",
"two thousand five hundred", "two and a half"); the scale after it ("billion", "crore") and the
unit are the parser's job, exactly as for digits.
"""

from __future__ import annotations

import re

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
# Scale words that may follow "a"/"an" ("a hundred", "a million dollars").
_A_SCALES = r"hundred|thousand|million|billion|trillion|lakh|crore"
_A_FRACTIONS = r"half|third|quarter|fourth|fifth|sixth|eighth|tenth"

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
ORDINAL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ORD_SMALL, 1)}
ORDINAL_WORDS.update({w: 10 * i for i, w in enumerate(_ORD_TENS, 2)})
ORDINAL_WORDS["hundredth"] = 100

# First words that can open a spelled-out number or ordinal (gates the costlier scans).
NUMBER_WORD_STARTS = frozenset({"a", "an", *SMALL_WORDS, *TENS_WORDS})
ORDINAL_WORD_STARTS = frozenset({*ORDINAL_WORDS, *TENS_WORDS})

_TENS = "|".join(TENS_WORDS)
WORD_ORDINAL_RE = re.compile(
    rf"(?<![\w-])(?:(?P<tens>{_TENS})-)?(?P<ord>"
    + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)

# Fractions read as shares: "one-fifth", "two thirds of", "a quarter of"; never "of a" ("a
# quarter of a century", "one-third of a mile" are not shares of something).
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "eighth": 8,
    "eighths": 8,
    "tenth": 10,
    "tenths": 10,
}
_DEN = "|".join(sorted(_DENOMINATORS, key=len, reverse=True))
FRACTION_RE = re.compile(
    r"(?<![\w-])(?:(?P<num>one|two|three|four|five|six|seven|nine)(?P<sep>[ \t-])|(?P<a>an?)[ \t]+)"
    rf"(?P<den>{_DEN})(?![\w-])",
    re.IGNORECASE,
)
_OF_RE = re.compile(r"[ \t]+of[ \t]+(?P<a>an?\b)?", re.IGNORECASE)

# Where a spelled-out number or ordinal may start: the parser only looks at these words.
START_RE = re.compile(
    rf"(?<![A-Za-z])(?:an?(?=[ \t]+(?:{_A_SCALES}|{_A_FRACTIONS})\b)|(?:"
    + "|".join(
        sorted((NUMBER_WORD_STARTS | ORDINAL_WORD_STARTS) - {"a", "an"}, key=len, reverse=True)
    )
    + r"))(?![A-Za-z])",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(r"([ \t]+|-)?([A-Za-z]+)")
_AND_RE = re.compile(r"[ \t]+(?:(a[ \t]+half)\b|([A-Za-z]+))", re.IGNORECASE)
_A_RE = re.compile(rf"(?<![\w-])an?(?=[ \t]+(?:{_A_SCALES})\b)", re.IGNORECASE)


def scan(text: str, pos: int) -> tuple[int, float] | None:
    """Read the number words starting at ``pos``: (end, value), or None if there are none.

    Stops before a word that does not continue the number, so "two weeks" ends after "two" and
    "one hundred sixty three billion" ends before "billion".  "and" is only read between parts
    ("two hundred and fifty", "two and a half").
    """
    if pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in "-_"):
        return None
    first = _A_RE.match(text, pos)
    total, current, end, seen = 0, 0, pos, False
    last = ""  # the kind of the last word read: a, small, teen, tens, hundred, thousand
    if first is not None:
        current, end, seen, last = 1, first.end(), True, "a"
    i = end
    while True:
        m = _TOKEN_RE.match(text, i)
        if m is None:
            break
        sep, word = m[1] or "", m[2].lower()
        if not seen and sep:
            break
        if seen and not sep:
            break  # glued letters: "twentyfold"
        if word == "and" and seen and sep.strip() == "":
            nxt = _and_continuation(text, m.end(), last)
            if nxt is None:
                break
            half, after = nxt
            if half:
                return after, total + current + 0.5
            i = m.end()
            continue
        if word in SMALL_WORDS and last not in ("small", "teen"):
            if last == "tens" and SMALL_WORDS[word] >= 10:
                break
            current += SMALL_WORDS[word]
            last = "small" if SMALL_WORDS[word] < 10 else "teen"
        elif word in TENS_WORDS and last not in ("small", "teen", "tens"):
            current += TENS_WORDS[word]
            last = "tens"
        elif word == "hundred" and seen and last not in ("hundred", "thousand"):
            current, last = max(current, 1) * 100, "hundred"
        elif word == "thousand" and seen and last != "thousand" and total == 0:
            total, current, last = max(current, 1) * 1000, 0, "thousand"
        else:
            break
        seen, end, i = True, m.end(), m.end()
    if not seen:
        return None
    return end, float(total + current)


def _and_continuation(text: str, pos: int, last: str) -> tuple[bool, int] | None:
    """After "and": (True, end) for "and a half", (False, pos) for "and fifty"; else None."""
    m = _AND_RE.match(text, pos)
    if m is None:
        return None
    if m[1]:
        return (True, m.end()) if last in ("small", "teen", "tens") else None
    word = m[2].lower()
    if last in ("hundred", "thousand") and (word in SMALL_WORDS or word in TENS_WORDS):
        return False, pos
    return None


def fraction(text: str, pos: int) -> tuple[int, float] | None:
    """A share written as a fraction at ``pos``: (end, per cent), e.g. "one-fifth" -> 20.0.

    "one-fifth" stands alone; "two thirds" and "a quarter" need "of" after them; none counts
    before "of a" ("a quarter of a century").
    """
    m = FRACTION_RE.match(text, pos)
    if m is None:
        return None
    of = _OF_RE.match(text, m.end())
    if (of is not None and of["a"]) or (m["sep"] != "-" and of is None):
        return None
    num = 1 if m["a"] else SMALL_WORDS[m["num"].lower()]
    return m.end(), 100.0 * num / _DENOMINATORS[m["den"].lower()]
