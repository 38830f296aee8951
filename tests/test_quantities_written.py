"""How reporters write figures: number words, currency notations, glued tokens, ranges, lists.

One test per error class of issue 16 (item 4).  Every sentence was written for this file; the
figures and places are invented.  Each case lists (text, value, unit[, high]) per figure.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpec_verify.claims.quantities import parse_quantities

B, M = 1e9, 1e6


def _check(sentence: str, expected: list[tuple]) -> None:
    got = parse_quantities(sentence)
    assert [q.text for q in got] == [e[0] for e in expected], got
    for q, (text, value, unit, *high) in zip(got, expected, strict=True):
        assert q.text == sentence[q.start : q.end] == text
        assert q.unit == unit, q
        assert q.value == pytest.approx(value), q
        assert q.high == (pytest.approx(high[0]) if high else None), q


NUMBER_WORDS = [
    (
        "The bridge cost forty-four million dollars.",
        [("forty-four million dollars", 44 * M, "USD")],
    ),
    (
        "Lenders put up one hundred sixty three billion rupees.",
        [("one hundred sixty three billion rupees", 163 * B, "PKR")],
    ),
    (
        "A further two and a half billion euros is due.",
        [("two and a half billion euros", 2.5 * B, "EUR")],
    ),
    ("Some three hundred and twelve families moved.", [("three hundred and twelve", 312, "count")]),
    ("Eighty percent of the stations are open.", [("Eighty percent", 80, "%")]),
    (
        "The town gained seven clinics and eleven schools.",
        [("seven", 7, "count"), ("eleven", 11, "count")],
    ),
    ("A thousand volunteers joined.", [("A thousand", 1000, "count")]),
    ("It received a million dollars in grants.", [("a million dollars", 1 * M, "USD")]),
    ("Two-fifths of the budget went to roads.", [("Two-fifths", 40, "%")]),
    ("Fees rose by one-third in May.", [("one-third", 100 / 3, "%")]),
    ("The fund lost a quarter of its value.", [("a quarter", 25, "%")]),
]
NOT_NUMBERS = [
    "One of the engineers resigned.",
    "The two leaders met on Friday.",
    "Those three ministers spoke later.",
    "Work on Stage Two begins soon.",
    "It was a billion-dollar gamble.",
    "No one was hurt.",
    "It lasted a quarter of a century.",
    "Only one-third of a mile was paved.",
    "Passengers boarded Flight 22 at Gate 9.",
]


@pytest.mark.parametrize(("sentence", "expected"), NUMBER_WORDS)
def test_number_words(sentence: str, expected: list[tuple]) -> None:
    _check(sentence, expected)


@pytest.mark.parametrize("sentence", NOT_NUMBERS)
def test_words_that_are_not_figures(sentence: str) -> None:
    assert [q for q in parse_quantities(sentence) if q.dimension != "date"] == []


CURRENCY_AFTER = [
    ("The grant was 12 Million US $ in all.", [("12 Million US $", 12 * M, "USD")]),
    ("It is a 2.4 billion dollar hospital.", [("2.4 billion dollar", 2.4 * B, "USD")]),
    ("They paid 610 million U.S. dollars for it.", [("610 million U.S. dollars", 610 * M, "USD")]),
    ("A 3-billion-U.S.-dollar dam opened.", [("3-billion-U.S.-dollar", 3 * B, "USD")]),
    ("The 7.25-billion-EUR tunnel opened.", [("7.25-billion-EUR", 7.25 * B, "EUR")]),
    ("Aid reached 96.5 million euros.", [("96.5 million euros", 96.5 * M, "EUR")]),
    ("Fares rose to 120 Kenyan shillings.", [("120 Kenyan shillings", 120, "KES")]),
    ("The loan is 40 trillion rupiah.", [("40 trillion rupiah", 40e12, "IDR")]),
    ("Costs hit 9.1 billion ringgit.", [("9.1 billion ringgit", 9.1 * B, "MYR")]),
    ("The firm booked 300 million Indian rupees.", [("300 million Indian rupees", 300 * M, "INR")]),
    ("It raised 45bn JPY abroad.", [("45bn JPY", 45 * B, "JPY")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CURRENCY_AFTER)
def test_currency_after_the_number(sentence: str, expected: list[tuple]) -> None:
    _check(sentence, expected)


CURRENCY_BEFORE = [
    ("The line cost $US 6.2bn to build.", [("$US 6.2bn", 6.2 * B, "USD")]),
    ("A USD$3.3 billion facility was agreed.", [("USD$3.3 billion", 3.3 * B, "USD")]),
    ("Tolls are KSh 450 per trip.", [("KSh 450", 450, "KES")]),
    ("The county spent Sh212 billion.", [("Sh212 billion", 212 * B, "KES")]),
    ("The dam cost Shs 3.1 trillion.", [("Shs 3.1 trillion", 3.1e12, "UGX")]),
    ("The bypass is now RM31bil.", [("RM31bil", 31 * B, "MYR")]),
    ("The budget is Tk12,345 crore.", [("Tk12,345 crore", 12345e7, "BDT")]),
    (
        "The road cost N612bn, or ₦9,000 per metre.",
        [("N612bn", 612 * B, "NGN"), ("₦9,000", 9000, "NGN")],
    ),
    ("The airport cost Rp 19 trillion.", [("Rp 19 trillion", 19e12, "IDR")]),
    ("A credit of MXN 800 million was granted.", [("MXN 800 million", 800 * M, "MXN")]),
    ("The plant got R4,500 per household.", [("R4,500", 4500, "ZAR")]),
    ("Staff wore N95 masks on the R2 route.", []),
    ("The loan pays USD 3-month SOFR plus a margin.", []),
    (
        "The tower cost Dh2.5 billion, or Bt21 billion.",
        [("Dh2.5 billion", 2.5 * B, "AED"), ("Bt21 billion", 21 * B, "THB")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CURRENCY_BEFORE)
def test_currency_codes_and_local_notations(sentence: str, expected: list[tuple]) -> None:
    _check(sentence, expected)


GLUED = [
    ("The grid has 412KM,2210 Pylons so far.", [("412KM", 412, "km"), ("2210", 2210, "count")]),
    ("There are1280 pylons on it.", [("1280", 1280, "count")]),
    ("Route length613 km in all.", [("613 km", 613, "km")]),
    (
        "It cost $512million and adds 900MW.",
        [("$512million", 512 * M, "USD"), ("900MW", 900, "MW")],
    ),
    ("The 88km-East Ridge road opened.", [("88km", 88, "km")]),
    ("The covid19 wave and mp3 files.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), GLUED)
def test_glued_tokens(sentence: str, expected: list[tuple]) -> None:
    _check(sentence, expected)


def test_counted_nouns_of_number_words() -> None:
    (q,) = parse_quantities("The region will host six special industrial parks.")
    assert (q.value, q.unit, q.thing) == (6, "count", "special industrial park")


RANGES = [
    ("The pier will cost $2–3bn.", [("$2–3bn", 2 * B, "USD", 3 * B)]),
    ("Between 15-25% of trips are late.", [("15-25%", 15, "%", 25)]),
    ("Bids of between $4.1 to $4.6bn came in.", [("$4.1 to $4.6bn", 4.1 * B, "USD", 4.6 * B)]),
    (
        "Tenders of $9.75 to $9.25bn were filed.",
        [("$9.75", 9.75 * B, "USD"), ("$9.25bn", 9.25 * B, "USD")],
    ),
    ("Its share rose from 12 to 18 per cent.", [("12", 12, "%"), ("18 per cent", 18, "%")]),
]


@pytest.mark.parametrize(("sentence", "expected"), RANGES)
def test_ranges_keep_both_ends(sentence: str, expected: list[tuple]) -> None:
    _check(sentence, expected)


@pytest.mark.parametrize(
    "sentence",
    ["Growth was 6 per cent.", "Growth was 6 percent.", "Growth was 6pc.", "Growth was 6 p.c."],
)
def test_percent_spellings(sentence: str) -> None:
    (q,) = parse_quantities(sentence)
    assert (q.value, q.unit, q.dimension) == (6, "%", "percent")


NOTATIONS = [
    ("A ticket is 4,5 euros.", [("4,5 euros", 4.5, "EUR")]),
    ("It lent 1,75 million euros.", [("1,75 million euros", 1.75 * M, "EUR")]),
    ("The tender was 612 004 318.40 euros.", [("612 004 318.40 euros", 612004318.4, "EUR")]),
    ("Seats 5,6 and 7 were empty.", [("7", 7, "count")]),
    ("In 2015 200 people moved.", [("2015", 2015, "year"), ("200", 200, "count")]),
]


@pytest.mark.parametrize(("sentence", "expected"), NOTATIONS)
def test_decimal_comma_and_spaced_thousands(sentence: str, expected: list[tuple]) -> None:
    _check(sentence, expected)


CRORE_AND_RESTATED = [
    (
        "The loan is Tk 81.4 billion (8,140 crore).",
        [("Tk 81.4 billion", 81.4 * B, "BDT"), ("8,140 crore", 81.4 * B, "BDT")],
    ),
    ("It cost Rs 920 crore.", [("Rs 920 crore", 920e7, "PKR")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CRORE_AND_RESTATED)
def test_crore_and_restated_amounts(sentence: str, expected: list[tuple]) -> None:
    _check(sentence, expected)


def test_listed_figures_share_the_unit() -> None:
    _check("Viaducts of 38 and 114 kilometres.", [("38", 38, "km"), ("114 kilometres", 114, "km")])
    _check("Rates of 3, 4 and 9 per cent.", [("3", 3, "%"), ("4", 4, "%"), ("9 per cent", 9, "%")])


def test_durations_are_not_counts() -> None:
    got = parse_quantities("Talks took three weeks; the lease runs 45 years.")
    assert [(q.value, q.unit, q.dimension) for q in got] == [
        (3, "weeks", "duration"),
        (45, "years", "duration"),
    ]


FRAGMENTS = [
    "$US ",
    "KSh",
    "Sh",
    "RM",
    "Tk",
    "N",
    "R",
    "Rp ",
    "₦",
    "USD",
    " EUR",
    " euros",
    " U.S. dollars",
    " crore",
    "bil",
    "bn",
    " billion",
    " million",
    "KM",
    ",",
    " ",
    "-",
    "–",
    " to ",
    " and ",
    "are",
    "thirty-one",
    " hundred",
    " and a half",
    "one-fifth of",
    "the two",
    " per cent",
    "pc",
    "%",
    "0",
    "7",
    "12",
    "1,500",
    "3,5",
    "890 535",
    ".75",
    "(",
    ")",
    " towers",
    " weeks",
]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join))
def test_offsets_hold_on_any_mix_of_notations(text: str) -> None:
    found = parse_quantities(text)
    last = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert q.text == text[q.start : q.end]
        assert q.start >= last
        last = q.end
        assert q.high is None or q.value is None or q.high >= q.value


def test_a_dot_after_a_currency_abbreviation_is_not_a_decimal_point() -> None:
    _check("Losses of Ksh.25 billion a year.", [("Ksh.25 billion", 25 * B, "KES")])
    _check("The v.25 release shipped.", [])


_ONES = [
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
]
_ONES += ["fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _spell_below_1000(n: int, hyphen: bool) -> str:
    words = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
        if n:
            words.append("and")
    if n >= 20:
        tens, ones = _TENS[n // 10], n % 10
        words.append(tens if not ones else tens + ("-" if hyphen else " ") + _ONES[ones])
    elif n or not words:
        words.append(_ONES[n])
    return " ".join(words)


@settings(max_examples=300)
@given(st.integers(min_value=2, max_value=999_999), st.booleans())
def test_spelled_numbers_read_back_to_their_value(n: int, hyphen: bool) -> None:
    high, low = divmod(n, 1000)
    spelled = _spell_below_1000(low, hyphen) if not high else _spell_below_1000(high, hyphen)
    if high:
        spelled += " thousand" + (f" {_spell_below_1000(low, hyphen)}" if low else "")
    sentence = f"The fund trained {spelled} nurses."
    (q,) = parse_quantities(sentence)
    assert (q.text, q.value, q.thing) == (spelled, n, "nurse")
