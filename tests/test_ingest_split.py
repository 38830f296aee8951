"""Sentence and paragraph splitting: exact sentence lists for news pitfalls, offset invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpec_verify.ingest import split_article, split_sentences

CASES: list[tuple[str, str, list[str]]] = [
    ("plain", "The port opened. Trade rose.", ["The port opened.", "Trade rose."]),
    ("question", "Will it work? Officials think so.", ["Will it work?", "Officials think so."]),
    ("exclaim", "It worked! Trade doubled.", ["It worked!", "Trade doubled."]),
    ("rs", "The plan costs Rs. 12.5bn in total.", ["The plan costs Rs. 12.5bn in total."]),
    ("rs_name", "He paid Rs. Five hundred.", ["He paid Rs. Five hundred."]),
    ("mr", "Mr. Khan said it was done.", ["Mr. Khan said it was done."]),
    ("dr", "Dr. Aslam opened the lab. It cost $3m.", ["Dr. Aslam opened the lab.", "It cost $3m."]),
    ("no_number", "He lives at No. 10 in the city.", ["He lives at No. 10 in the city."]),
    ("lowercase_no", "He said no. The talks ended.", ["He said no.", "The talks ended."]),
    ("us_mid", "The U.S. Treasury objected.", ["The U.S. Treasury objected."]),
    (
        "us_end",
        "Talks were held in the U.S. The next round is in Beijing.",
        ["Talks were held in the U.S.", "The next round is in Beijing."],
    ),
    (
        "pc_lower",
        "Growth was 2.5 p.c. higher than last year.",
        ["Growth was 2.5 p.c. higher than last year."],
    ),
    (
        "pc_end",
        "Inflation fell to 6 p.c. The bank held rates.",
        ["Inflation fell to 6 p.c.", "The bank held rates."],
    ),
    (
        "ltd_end",
        "The contract went to Habib Ltd. The value was not disclosed.",
        ["The contract went to Habib Ltd.", "The value was not disclosed."],
    ),
    (
        "co_ltd",
        "Engro Fertilizer Co. Ltd. signed the deal.",
        ["Engro Fertilizer Co. Ltd. signed the deal."],
    ),
    ("co_lower", "The Steel Co. and the mill merged.", ["The Steel Co. and the mill merged."]),
    ("govt", "The Sindh Govt. approved the plan.", ["The Sindh Govt. approved the plan."]),
    ("approx", "It carries approx. 1,200 tonnes.", ["It carries approx. 1,200 tonnes."]),
    ("pm_lower", "The train left at 4 p.m. on Sunday.", ["The train left at 4 p.m. on Sunday."]),
    (
        "pm_end",
        "The train left at 4 p.m. The next one is due at dawn.",
        ["The train left at 4 p.m.", "The next one is due at dawn."],
    ),
    (
        "etc_lower",
        "Fruit, textiles etc. and rice were loaded.",
        ["Fruit, textiles etc. and rice were loaded."],
    ),
    (
        "etc_end",
        "They sell fruit, rice etc. The trade is growing.",
        ["They sell fruit, rice etc.", "The trade is growing."],
    ),
    (
        "etc_number",
        "Fruit, rice etc. 40 containers in all.",
        ["Fruit, rice etc. 40 containers in all."],
    ),
    (
        "decimal_money",
        "It costs $8.5bn. Work starts soon.",
        ["It costs $8.5bn.", "Work starts soon."],
    ),
    ("decimal_pct", "Output rose 2.5 per cent in May.", ["Output rose 2.5 per cent in May."]),
    ("initials", "A. B. Khan chaired the meeting.", ["A. B. Khan chaired the meeting."]),
    (
        "initial_mid",
        "The report by Sara J. Malik was released.",
        ["The report by Sara J. Malik was released."],
    ),
    (
        "quote_end",
        "“We are on track,” he said. Traders agreed.",
        ["“We are on track,” he said.", "Traders agreed."],
    ),
    (
        "quote_inside_period",
        "He said: “Peace is key.” The talks resumed.",
        ["He said: “Peace is key.”", "The talks resumed."],
    ),
    (
        "quote_question",
        "“Is it over?” he asked. Nobody replied.",
        ["“Is it over?” he asked.", "Nobody replied."],
    ),
    (
        "straight_quotes",
        'He said "it is done." Then he left.',
        ['He said "it is done."', "Then he left."],
    ),
    (
        "next_opens_quote",
        "The minister spoke. “We will finish,” she said.",
        ["The minister spoke.", "“We will finish,” she said."],
    ),
    (
        "ellipsis_lower",
        "The talks were ... inconclusive, he said.",
        ["The talks were ... inconclusive, he said."],
    ),
    ("ellipsis_unicode", "Wait… and see, he said.", ["Wait… and see, he said."]),
    (
        "ellipsis_end",
        "The talks stalled... Then came the deal.",
        ["The talks stalled...", "Then came the deal."],
    ),
    (
        "bullets",
        "  • First point here\n  • Second point. With detail.",
        ["First point here", "Second point.", "With detail."],
    ),
    (
        "heading",
        "Trade Talks Resume\n\nThe talks resumed in May.",
        ["Trade Talks Resume", "The talks resumed in May."],
    ),
    (
        "dateline_line",
        "ISLAMABAD:\nThe cabinet met on Monday.",
        ["ISLAMABAD:", "The cabinet met on Monday."],
    ),
    (
        "dateline_glued",
        "ISLAMABAD: The cabinet met. It approved the budget.",
        ["ISLAMABAD: The cabinet met.", "It approved the budget."],
    ),
    (
        "list_marker",
        "1. The first step is funding.\n2. The second is land.",
        ["1. The first step is funding.", "2. The second is land."],
    ),
    (
        "list_marker_inline",
        "Steps: 1. Fund it. 2. Build it.",
        ["Steps: 1. Fund it.", "2. Build it."],
    ),
    (
        "year_start",
        "It opened in 2015. 800 firms joined.",
        ["It opened in 2015.", "800 firms joined."],
    ),
    (
        "brackets",
        "The deal (signed in May.) holds. Trade rose.",
        ["The deal (signed in May.) holds.", "Trade rose."],
    ),
    (
        "wrapped",
        "The minister said the plan\nwould be ready by June. It was.",
        ["The minister said the plan\nwould be ready by June.", "It was."],
    ),
    ("lone_marker_line", "1.\nThe first step is funding.", ["1.\nThe first step is funding."]),
    ("lone_bullet_line", "•\nFreight will double.", ["Freight will double."]),
    ("no_terminal", "A headline without a stop", ["A headline without a stop"]),
    (
        "month_abbr",
        "The deal was signed on Sept. 26 in Beijing.",
        ["The deal was signed on Sept. 26 in Beijing."],
    ),
    ("eg", "Crops, e.g. Wheat and rice, were hit.", ["Crops, e.g. Wheat and rice, were hit."]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_split_cases(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_offset_shifts_pairs() -> None:
    text = "One. Two."
    assert split_sentences(text, offset=10) == [(10, 14), (15, 19)]


def test_split_article_paragraph_indices() -> None:
    text = "Title Line Here\n\nFirst para. Still first.\n\n• Bullet\nNext para."
    paragraphs, sentences = split_article(text)
    assert [p.text for p in paragraphs] == [
        "Title Line Here",
        "First para. Still first.",
        "• Bullet",
        "Next para.",
    ]
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("Title Line Here", 0),
        ("First para.", 1),
        ("Still first.", 1),
        ("Bullet", 2),
        ("Next para.", 3),
    ]


def _check_spans(text: str) -> None:
    paragraphs, sentences = split_article(text)
    for spans in (paragraphs, sentences):
        last_end = 0
        for span in spans:
            assert span.text == text[span.start : span.end]
            assert span.start >= last_end and span.end > span.start
            assert span.text.strip() == span.text and span.text.strip()
            last_end = span.end
    for sentence in sentences:
        para = paragraphs[sentence.paragraph]
        assert para.start <= sentence.start and sentence.end <= para.end
    assert [(s.start, s.end) for s in sentences] == split_sentences(text)


WEIRD = st.lists(
    st.sampled_from(
        list("ab A.?!…\"'“”‘’()[]•-–—:;,0123456789\n\n\r\t\u00a0\u2028\u200b\x0bé漢🙂")
        + ["Mr.", "Rs.", "U.S.", "p.m.", "etc.", "1.", "...", "\n\n", "  • "]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), WEIRD))
def test_offsets_invariant_on_arbitrary_text(text: str) -> None:
    _check_spans(text)


WORDS = ["Pakistan", "China", "the", "port", "Rs.", "12.5bn", "Mr.", "Khan", "said", "U.S.", "p.m.",
         "etc.", "“Peace", "is", "key,”", "he", "$8.5bn", "A.", "B.", "Ltd.", "rose", "2.5", "per",
         "cent"]  # fmt: skip
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(
    lambda ws: " ".join(ws) + st_end(ws)
)


def st_end(words: list[str]) -> str:
    return "" if words[-1].endswith((".", "”")) else "."


NEWS = st.lists(
    st.tuples(
        st.sampled_from(["", "  • ", "ISLAMABAD: "]), st.lists(SENTENCE, min_size=1, max_size=4)
    ),
    min_size=1,
    max_size=8,
).map(lambda paras: "\n\n".join(prefix + " ".join(sents) for prefix, sents in paras))


@settings(max_examples=200, deadline=None)
@given(NEWS)
def test_offsets_invariant_on_news_like_text(text: str) -> None:
    _check_spans(text)
    _, sentences = split_article(text)
    assert sentences
