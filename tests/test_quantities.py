"""Tests for cpec_verify.claims.quantities: a table of news-style sentences plus fuzzing.

Every sentence below was written for this file; figures are illustrative, not sourced.
Each case lists the exact figures expected as (text, value, unit, qualifier[, high]).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpec_verify.claims.quantities import (
    Quantity,
    format_quantity,
    parse_quantities,
    same_dimension,
    values_agree,
)

B, M = 1e9, 1e6

MONEY = [
    ("China pledged $60 billion for the corridor.", [("$60 billion", 60 * B, "USD", None)]),
    ("The port upgrade costs $8.5bn.", [("$8.5bn", 8.5 * B, "USD", None)]),
    ("A loan of US$1.2 billion was signed.", [("US$1.2 billion", 1.2 * B, "USD", None)]),
    ("The budget set aside Rs 36 million.", [("Rs 36 million", 36 * M, "PKR", None)]),
    ("Officials spent Rs. 12.5bn on roads.", [("Rs. 12.5bn", 12.5 * B, "PKR", None)]),
    ("A grant of PKR 250 crore was approved.", [("PKR 250 crore", 2.5 * B, "PKR", None)]),
    ("The scheme needs Rs 4,500 crore.", [("Rs 4,500 crore", 4.5e10, "PKR", None)]),
    ("Each family gets Rs 2.5 lakh.", [("Rs 2.5 lakh", 2.5e5, "PKR", None)]),
    ("Losses reached rupees 40 arab.", [("rupees 40 arab", 40 * B, "PKR", None)]),
    ("The debt stands at 40 arab rupees.", [("40 arab rupees", 40 * B, "PKR", None)]),
    ("The bank lent RMB 10bn to the project.", [("RMB 10bn", 10 * B, "CNY", None)]),
    ("Beijing offered 10 billion yuan in credit.", [("10 billion yuan", 10 * B, "CNY", None)]),
    ("The contract was worth CNY 3m.", [("CNY 3m", 3 * M, "CNY", None)]),
    ("A fee of USD 1.5 million was paid.", [("USD 1.5 million", 1.5 * M, "USD", None)]),
    ("The consultant billed $129,000.", [("$129,000", 129000, "USD", None)]),
    (
        "The ministry released Rs 36 million ($129,000) for repairs.",
        [("Rs 36 million", 36 * M, "PKR", None), ("$129,000", 129000, "USD", None)],
    ),
    ("Trade could hit $2 trillion.", [("$2 trillion", 2e12, "USD", None)]),
    ("They raised Rs12bn from bonds.", [("Rs12bn", 12 * B, "PKR", None)]),
    ("Investors put in USD1.5m.", [("USD1.5m", 1.5 * M, "USD", None)]),
    ("The tender was for 5 million dollars.", [("5 million dollars", 5 * M, "USD", None)]),
    ("It raised 300 million US dollars.", [("300 million US dollars", 300 * M, "USD", None)]),
    ("Farmers lost 2 billion rupees.", [("2 billion rupees", 2 * B, "PKR", None)]),
    ("A $5b facility was announced.", [("$5b", 5 * B, "USD", None)]),
    ("The rig costs $129k.", [("$129k", 129e3, "USD", None)]),
    ("Savings of Rs 1.2 trillion are claimed.", [("Rs 1.2 trillion", 1.2e12, "PKR", None)]),
    ("Taxes brought in PKR 3.4 tn.", [("PKR 3.4 tn", 3.4e12, "PKR", None)]),
    ("Phase two needs $3 mn.", [("$3 mn", 3 * M, "USD", None)]),
    ("Circular debt hit Rs2.6tr.", [("Rs2.6tr", 2.6e12, "PKR", None)]),
    ("The grid cost €2bn.", [("€2bn", 2 * B, "EUR", None)]),
    ("Two billion dollars was promised.", [("Two billion dollars", 2 * B, "USD", None)]),
    ("The fund holds Rs 5 crores.", [("Rs 5 crores", 5e7, "PKR", None)]),
    ("Hospitals received $ 40 million.", [("$ 40 million", 40 * M, "USD", None)]),
    ("Revenue was US $ 7 billion last year.", [("US $ 7 billion", 7 * B, "USD", None)]),
    ("A $60-billion package was unveiled.", [("$60-billion", 60 * B, "USD", None)]),
    ("Drivers earn Rs 36 per kWh sold.", [("Rs 36", 36, "PKR", None)]),
]

NOT_MONEY = [
    (
        "A multibillion-dollar corridor links the two countries.",
        [],
    ),
    ("It was a multi-million dollar deal.", []),
    ("The billion-dollar question remains open.", []),
    ("Rumours of a billion-dollar bailout spread.", []),
    ("The scheme covers 12 districts.", [("12", 12, "count", None)]),
    ("Forty Arab states attended.", []),
]

POWER_LENGTH_AREA = [
    ("The plants will add 8,000 MW to the grid.", [("8,000 MW", 8000, "MW", None)]),
    ("A 1.2GW nuclear unit was opened.", [("1.2GW", 1200, "MW", None)]),
    ("Each turbine gives 660 kW.", [("660 kW", 0.66, "MW", None)]),
    ("Capacity reached 8,000 megawatts.", [("8,000 megawatts", 8000, "MW", None)]),
    ("The dam produces 300 mega watts.", [("300 mega watts", 300, "MW", None)]),
    ("Coal units made 5,000 MWs last year.", [("5,000 MWs", 5000, "MW", None)]),
    ("The 660-MW plant is idle.", [("660-MW", 660, "MW", None)]),
    ("Output was 2.5 gigawatts.", [("2.5 gigawatts", 2500, "MW", None)]),
    ("The line carried 12 GWh in May.", [("12 GWh", 12000, "MWh", None)]),
    ("The road runs 888 km through the hills.", [("888 km", 888, "km", None)]),
    ("It is 888 kilometres long.", [("888 kilometres", 888, "km", None)]),
    ("A spur of 120 kilometers was added.", [("120 kilometers", 120, "km", None)]),
    ("The 1,872-km railway will be rebuilt.", [("1,872-km", 1872, "km", None)]),
    ("The pipeline is 50 miles long.", [("50 miles", 80.4672, "km", None)]),
    ("A 300 metres tunnel was dug.", [("300 metres", 0.3, "km", None)]),
    ("A 100m-long bridge opened.", [("100m", 0.1, "km", None)]),
    ("The zone spans 12 square kilometres.", [("12 square kilometres", 12, "km2", None)]),
    ("The free zone covers 5 sq km.", [("5 sq km", 5, "km2", None)]),
    ("Its area is 10 km2.", [("10 km2", 10, "km2", None)]),
    ("The city gave 2,000 acres to the zone.", [("2,000 acres", 8.09372, "km2", None)]),
    ("Growers use 400 hectares for orchards.", [("400 hectares", 4, "km2", None)]),
    ("The port will ship 1.2 million tonnes.", [("1.2 million tonnes", 1.2e6, "t", None)]),
    ("Trains will run at 160 km per hour.", [("160 km per hour", 160, "km/h", None)]),
    ("It hit 45°C in the afternoon.", [("45°C", 45, "°C", None)]),
    ("Power was priced at 8.1 US cents.", [("8.1 US cents", 0.081, "USD", None)]),
    ("Tariffs of 5-7 cents were set.", [("5-7 cents", 0.05, "USD", None, 0.07)]),
    ("It shrank from 2 km to 300 m.", [("2 km", 2, "km", None), ("300 m", 0.3, "km", None)]),
]

PERCENT = [
    ("Work is 60% complete.", [("60%", 60, "%", None)]),
    ("Work is 60 per cent complete.", [("60 per cent", 60, "%", None)]),
    ("Work is 60 percent complete.", [("60 percent", 60, "%", None)]),
    ("Inflation rose to 24 pc in June.", [("24 pc", 24, "%", None)]),
    ("Exports grew 7 p.c. last year.", [("7 p.c.", 7, "%", None)]),
    ("The rate climbed 2 percentage points.", [("2 percentage points", 2, "pp", None)]),
    ("Growth slowed to 2.4%.", [("2.4%", 2.4, "%", None)]),
    ("Some 45% of the loans are commercial.", [("45%", 45, "%", "approx")]),
]

COUNTS = [
    ("The plan funds 10,000 PhD scholarships.", [("10,000", 1e4, "count", None)]),
    ("Some 800 companies applied.", [("800", 800, "count", "approx")]),
    ("Power reached 22,000 villages.", [("22,000", 22000, "count", None)]),
    ("The road serves 3 million people.", [("3 million", 3e6, "count", None)]),
    ("Two projects were cancelled.", [("Two", 2, "count", None)]),
    ("The project hired 2000 workers.", [("2000", 2000, "count", None)]),
    ("About ten thousand workers joined.", [("ten thousand", 1e4, "count", "approx")]),
    ("The floods displaced 5m people.", [("5m", 5e6, "count", None)]),
    ("Officials counted 1.5 lakh homes.", [("1.5 lakh", 1.5e5, "count", None)]),
    ("Nine special economic zones are planned.", [("Nine", 9, "count", None)]),
    ("The company runs 27 projects.", [("27", 27, "count", None)]),
    ("It is a 10-year plan.", [("10", 10, "years", None)]),
    ("The fleet has 45 buses.", [("45", 45, "count", None)]),
    ("Twenty-five engineers were trained.", [("Twenty-five", 25, "count", None)]),
    ("Two hundred and fifty families moved.", [("Two hundred and fifty", 250, "count", None)]),
    ("A million people signed up.", [("A million", 1e6, "count", None)]),
    ("He listed 4 reasons (see below).", [("4", 4, "count", None)]),
]

ORDINALS = [
    ("The 14th meeting of the committee ended.", [("14th", 14, "ordinal", None)]),
    ("The 2nd phase starts soon.", [("2nd", 2, "ordinal", None)]),
    ("This is the 21st century.", [("21st", 21, "ordinal", None)]),
    ("The third phase is delayed.", [("third", 3, "ordinal", None)]),
    ("It was their 3rd visit.", [("3rd", 3, "ordinal", None)]),
    ("The twenty-first session closed.", [("twenty-first", 21, "ordinal", None)]),
]

YEARS_DATES = [
    ("The line should open by 2030.", [("2030", 2030, "year", None)]),
    ("Work began in 2015.", [("2015", 2015, "year", None)]),
    ("In 2000 workers went on strike.", [("2000", 2000, "year", None)]),
    ("By 2030 projects will be finished.", [("2030", 2030, "year", None)]),
    ("The 2030 target was missed.", [("2030", 2030, "year", None)]),
    ("Talks were held on 17 November 2025.", [("17 November 2025", None, "date", None)]),
    ("The deal was signed November 17, 2025.", [("November 17, 2025", None, "date", None)]),
    ("The file is dated 2025-09-26.", [("2025-09-26", None, "date", None)]),
    ("The committee meets on July 2.", [("July 2", None, "date", None)]),
    ("The report came out in March 2024.", [("March 2024", None, "date", None)]),
    ("It ended on the 1st of July 2023.", [("1st of July 2023", None, "date", None)]),
    ("He arrived Nov. 3, 2021.", [("Nov. 3, 2021", None, "date", None)]),
    ("The budget for 2019-20 was cut.", [("2019-20", 2019, "year", None, 2020)]),
    ("Work ran from 2015 to 2020.", [("2015 to 2020", 2015, "year", None, 2020)]),
    ("Costs doubled in the 1990s.", [("1990s", 1990, "year", None, 1999)]),
    ("Growth slowed in FY2024.", [("FY2024", 2024, "year", None)]),
    ("The FY2023-24 plan was revised.", [("FY2023-24", 2023, "year", None, 2024)]),
    (
        "On 5 May 2024 the firm hired 300 staff.",
        [("5 May 2024", None, "date", None), ("300", 300, "count", None)],
    ),
]

RANGES = [
    ("Estimates range $25-30bn.", [("$25-30bn", 25 * B, "USD", None, 30 * B)]),
    ("It may cost $25–30 billion.", [("$25–30 billion", 25 * B, "USD", None, 30 * B)]),
    (
        "Growth of between 5 and 7 per cent is expected.",
        [("5 and 7 per cent", 5, "%", None, 7)],
    ),
    ("Growth of 5 to 7 percent is expected.", [("5 to 7 percent", 5, "%", None, 7)]),
    ("Units of from 200 to 300 MW are planned.", [("200 to 300 MW", 200, "MW", None, 300)]),
    ("Rates of 5-7% apply.", [("5-7%", 5, "%", None, 7)]),
    (
        "The loan is $25 billion to $30 billion.",
        [("$25 billion to $30 billion", 25 * B, "USD", None, 30 * B)],
    ),
    (
        "The fee is Rs 10-12 crore.",
        [("Rs 10-12 crore", 1e8, "PKR", None, 1.2e8)],
    ),
    ("About 200-300 MW is lost.", [("200-300 MW", 200, "MW", "approx", 300)]),
    ("Hire 500 to 700 engineers.", [("500 to 700", 500, "count", None, 700)]),
    (
        "Exports rose from 10% to 15% this year.",
        [("10%", 10, "%", None), ("15%", 15, "%", None)],
    ),
    ("A 50-50 joint venture was formed.", [("50", 50, "count", None), ("50", 50, "count", None)]),
    ("The 2025-2030 plan targets growth.", [("2025-2030", 2025, "year", None, 2030)]),
    ("Prices fell 30 to 20 percent.", [("30", 30, "count", None), ("20 percent", 20, "%", None)]),
]

QUALIFIERS = [
    ("China pledged about $60 billion.", [("$60 billion", 60 * B, "USD", "approx")]),
    ("Nearly 8,000 MW was added.", [("8,000 MW", 8000, "MW", "approx")]),
    ("It costs approximately $3bn.", [("$3bn", 3 * B, "USD", "approx")]),
    ("Roughly 40% of it is done.", [("40%", 40, "%", "approx")]),
    ("Almost $2 trillion flowed in.", [("$2 trillion", 2e12, "USD", "approx")]),
    ("An estimated $1bn was lost.", [("$1bn", 1 * B, "USD", "approx")]),
    ("It cost ~$60bn.", [("$60bn", 60 * B, "USD", "approx")]),
    ("More than 5,000 workers joined.", [("5,000", 5000, "count", "min")]),
    ("Over $25bn was invested.", [("$25bn", 25 * B, "USD", "min")]),
    ("At least 30 people died.", [("30", 30, "count", "min")]),
    ("Debt is above 70 per cent of GDP.", [("70 per cent", 70, "%", "min")]),
    ("Upwards of 1,000 trucks pass daily.", [("1,000", 1000, "count", "min")]),
    ("In excess of Rs 5bn was spent.", [("Rs 5bn", 5 * B, "PKR", "min")]),
    ("Up to 300 MW may be lost.", [("300 MW", 300, "MW", "max")]),
    ("Less than 10% is complete.", [("10%", 10, "%", "max")]),
    ("Under 50 km remain.", [("50 km", 50, "km", "max")]),
    ("Inflation stayed below 5 percent.", [("5 percent", 5, "%", "max")]),
    ("At most $2bn is available.", [("$2bn", 2 * B, "USD", "max")]),
    ("Fewer than 100 firms qualified.", [("100", 100, "count", "max")]),
    ("Around 3 million people benefit.", [("3 million", 3e6, "count", "approx")]),
    ("Turnover 5 was reported.", [("5", 5, "count", None)]),
]

PITFALLS = [
    ("The city now covers 12 districts.", [("12", 12, "count", None)]),
    ("Huawei will test 5G/6G networks.", []),
    ("The ML-1 railway is delayed.", []),
    ("COVID-19 slowed the work.", []),
    ("Section 26-A of the act applies.", []),
    ("Officials said 9/10 cases were closed.", []),
    ("Nine in ten firms agreed.", [("ten", 10, "count", None)]),
    ("Article 370 was discussed.", []),
    ("An A320 landed at Gwadar.", []),
    ("Version 1.2.3 was released.", []),
    ("The meeting starts at 10:30 today.", []),
    ("Output reached 8,000 MW.", [("8,000 MW", 8000, "MW", None)]),
    ("(The total was $60bn).", [("$60bn", 60 * B, "USD", None)]),
    ("One Belt One Road is the umbrella.", []),
    ("One of them resigned.", []),
    ("No one expected it.", []),
    ("", []),
    ("No figures at all here.", []),
    ("The CPEC-2 plan was discussed.", []),
    ("He shot a 3D film.", []),
]

CASES = MONEY + NOT_MONEY + POWER_LENGTH_AREA + PERCENT + COUNTS + ORDINALS + YEARS_DATES
CASES += RANGES + QUALIFIERS + PITFALLS


def _summary(q: Quantity, with_high: bool) -> tuple:
    base = (q.text, q.value, q.unit, q.qualifier)
    return (*base, q.high) if with_high else base


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_table(sentence: str, expected: list[tuple]) -> None:
    got = parse_quantities(sentence)
    assert [q.text for q in got] == [e[0] for e in expected]
    for q, exp in zip(got, expected, strict=True):
        assert q.text == sentence[q.start : q.end]
        text, value, unit, qualifier, *high = exp
        want_high = high[0] if high else None
        assert (q.unit, q.qualifier) == (unit, qualifier), q
        if value is None:
            assert q.value is None
        else:
            assert q.value == pytest.approx(value), q
        assert q.high == (pytest.approx(want_high) if want_high is not None else None), q


def test_case_count() -> None:
    assert len(CASES) >= 100


@pytest.mark.parametrize(
    ("sentence", "thing"),
    [
        ("The plan funds 10,000 PhD scholarships.", "phd scholarship"),
        ("Some 800 Chinese companies applied.", "chinese company"),
        ("Power reached 22,000 villages in the north.", "village"),
        ("The road serves 3 million people.", "people"),
        ("The 14th meeting of the JCC ended.", "meeting"),
        ("The 14th JCC meeting ended.", "jcc meeting"),
        ("The fleet has 45 buses.", "bus"),
        ("It is a 10-lane road.", "lane"),
        ("He listed 4 reasons (see below).", "reason"),
        ("The tally was 27.", None),
        ("Some 2,500 Pakistanis work at the port.", "pakistani"),
    ],
)
def test_thing(sentence: str, thing: str | None) -> None:
    (q,) = parse_quantities(sentence)
    assert q.thing == thing


def test_dimensions_and_iso() -> None:
    dims = [q.dimension for q in parse_quantities("$5bn, 60%, 8 MW, 9 km, 3 acres, 2nd, 2030.")]
    assert dims == ["money", "percent", "power", "length", "area", "ordinal", "year"]
    isos = [q.iso for q in parse_quantities("On 17 November 2025 and July 2 and March 2024.")]
    assert isos == ["2025-11-17", "--07-02", "2024-03"]


def test_to_dict_is_json_ready() -> None:
    (q,) = parse_quantities("About $25-30bn was pledged.")
    d = q.to_dict()
    assert set(d) == {
        "text",
        "start",
        "end",
        "value",
        "unit",
        "qualifier",
        "dimension",
        "high",
        "thing",
        "iso",
    }
    assert json.loads(json.dumps(d)) == d
    assert d["qualifier"] == "approx" and d["high"] == 30e9
    assert Quantity(**d) == q  # consumers rebuild stored quantities from these dicts


# --- format_quantity / same_dimension / values_agree ----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("China pledged $60 billion.", "$60bn"),
        ("It released Rs 36 million.", "Rs 36m"),
        ("The plants add 8,000 MW.", "8,000 MW"),
        ("The road is 888 km.", "888 km"),
        ("Work is 60 per cent done.", "60%"),
        ("Estimates range $25-30bn.", "$25–30bn"),
        ("More than $25bn arrived.", "≥ $25bn"),
        ("About $60bn arrived.", "~$60bn"),
        ("Up to 300 MW is lost.", "≤ 300 MW"),
        ("The consultant billed $129,000.", "$129,000"),
        ("Rs 4,500 crore was spent.", "Rs 45bn"),
        ("RMB 10bn was lent.", "RMB 10bn"),
        ("The road serves 3 million people.", "3m people"),
        ("Rates of 5-7% apply.", "5–7%"),
        ("The 14th meeting ended.", "14th meeting"),
        ("Talks were held on 17 November 2025.", "2025-11-17"),
        ("It opens by 2030.", "2030"),
        ("The 2019-20 budget was cut.", "2019–2020"),
        ("The port ships 175 billion tonnes.", "175bn t"),
        ("A 1.2GW unit opened.", "1,200 MW"),
    ],
)
def test_format_quantity(sentence: str, shown: str) -> None:
    (q,) = parse_quantities(sentence)
    assert format_quantity(q) == shown


def _one(sentence: str) -> Quantity:
    (q,) = parse_quantities(sentence)
    return q


def test_same_dimension() -> None:
    assert same_dimension(_one("$60bn"), _one("Rs 36 million"))
    assert same_dimension(_one("8,000 MW"), _one("1.2GW"))
    assert not same_dimension(_one("60%"), _one("$60bn"))
    assert not same_dimension(_one("by 2030"), _one("2,030 workers"))


def test_values_agree() -> None:
    assert values_agree(_one("$60 billion"), _one("$60bn"))
    assert values_agree(_one("about $60bn"), _one("$62bn"))  # 3.2% apart, qualifier ignored
    assert not values_agree(_one("$60bn"), _one("$62bn"), tolerance=0.01)
    assert not values_agree(_one("$60bn"), _one("$70bn"))
    assert not values_agree(_one("$60bn"), _one("RMB 60bn"))  # different currency
    assert not values_agree(_one("60%"), _one("60 MW"))
    assert values_agree(_one("8,000 MW"), _one("8 GW"))
    assert values_agree(_one("$25-30bn"), _one("$28bn"))
    assert values_agree(_one("$25-30bn"), _one("$29-35bn"))
    assert not values_agree(_one("$25-30bn"), _one("$40bn"))
    assert values_agree(_one("0%"), _one("0 per cent"))
    assert values_agree(_one("on 17 November 2025"), _one("on November 17, 2025"))
    assert not values_agree(_one("on 17 November 2025"), _one("on November 18, 2025"))


# --- fuzzing --------------------------------------------------------------------------------------

TOKENS = [
    "$",
    "US$",
    "USD",
    "Rs",
    "Rs.",
    "PKR",
    "rupees",
    "RMB",
    "yuan",
    "CNY",
    "€",
    "~",
    "-",
    "–",
    "to",
    "and",
    "between",
    "from",
    "about",
    "over",
    "up to",
    "more than",
    "60",
    "8,000",
    "1.2",
    "2030",
    "2019-20",
    "4,50,000",
    ".5",
    "bn",
    "billion",
    "m",
    "mn",
    "k",
    "b",
    "crore",
    "lakh",
    "arab",
    "MW",
    "GW",
    "kWh",
    "km",
    "-km",
    "sq km",
    "acres",
    "%",
    "per cent",
    "p.c.",
    "pc",
    "th",
    "st",
    "companies",
    "people",
    "November",
    "17",
    "July",
    "May",
    "one",
    "twenty-five",
    "thousand",
    "a",
    "hundred",
    "(",
    ")",
    ".",
    ",",
    "/",
    ":",
    "5G",
    "ML-1",
    "COVID-19",
    "\n",
    "multibillion-dollar",
    "dollars",
    "Section",
    "1990s",
    "third",
    "meeting",
]
_joiner = st.sampled_from(["", " ", " ", "  ", "-", ",", "\t"])
token_text = st.lists(st.tuples(st.sampled_from(TOKENS), _joiner), max_size=25).map(
    lambda parts: "".join(t + j for t, j in parts)
)


def _check_invariants(text: str) -> None:
    qs = parse_quantities(text)
    last_end = 0
    for q in qs:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start >= last_end
        last_end = q.end
        assert q.qualifier in (None, "approx", "min", "max")
        if q.high is not None and q.value is not None:
            assert q.value <= q.high
        format_quantity(q)
        json.dumps(q.to_dict())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_fuzz_arbitrary_text(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(token_text, st.tuples(st.text(max_size=20), token_text).map("".join)))
def test_fuzz_token_soup(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["$", "Rs ", "RMB ", "", "USD "]),
    st.floats(min_value=0.01, max_value=99999, allow_nan=False).map(lambda x: round(x, 2)),
    st.sampled_from(["", "bn", " billion", " million", "m", " crore"]),
)
def test_fuzz_money_roundtrip(prefix: str, number: float, scale: str) -> None:
    sentence = f"The bill came to {prefix}{number:,}{scale} in total."
    qs = parse_quantities(sentence)
    assert len(qs) == 1
    factor = {"": 1, "bn": 1e9, " billion": 1e9, " million": 1e6, "m": 1e6, " crore": 1e7}[scale]
    assert qs[0].value == pytest.approx(number * factor)
