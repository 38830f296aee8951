"""Candidate claim extraction: kinds, speakers, scores and exact offsets (pure, no database)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cpec_verify.claims.extract import (
    EXTRACTOR_VERSION,
    Sentence,
    analyse,
    extract_claims,
    find_speaker,
)

_BREAK = re.compile(r"(?<!Mr\.)(?<!Rs\.)(?<=[.!?”])\s+(?=[A-Z“—])|\n(?=—)")


def sentences_of(text: str) -> list[Sentence]:
    """Split a test article into sentences (paragraph = blank-line block) with exact offsets."""
    out: list[Sentence] = []
    for p, para in enumerate(re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)):
        pos = 0
        bounds = [m.span() for m in _BREAK.finditer(para[0])] + [(len(para[0]), len(para[0]))]
        for i, (cut, nxt) in enumerate(bounds):
            body = para[0][pos:cut].strip()
            if body:
                start = (
                    para.start() + pos + (len(para[0][pos:cut]) - len(para[0][pos:cut].lstrip()))
                )
                out.append(Sentence(p * 100 + i + 1, start, start + len(body), body, p))
            pos = nxt
    return out


ARTICLE = (
    "The corridor carries committed investment of around $60 billion, the ministry said.\n\n"
    "Officials met in Beijing for the 14th session on July 2.\n\n"
    "“The first phase kept the lights on. The second has to create jobs,” a senior delegate "
    "said.\n\n"
    "According to Mr. Tariq Hussain, an additional secretary, Rs. 48 billion was set aside. "
    "He said the talks would continue.\n\n"
    "China and Pakistan signed a digital talent agreement.\n\n"
    "Club given 14 days to appeal; regional tournament to start on schedule as planned.\n\n"
    "The weather was pleasant and the hall was full.\n"
)


def test_every_claim_is_an_exact_slice_of_the_article() -> None:
    claims = extract_claims(sentences_of(ARTICLE))
    assert claims
    for claim in claims:
        assert ARTICLE[claim.start : claim.end] == claim.text
        for q in claim.quantities:
            assert ARTICLE[q["start"] : q["end"]] == q["text"]


def test_kinds_cover_figures_dates_ordinals_quotes_attribution_and_agreements() -> None:
    by_text = {c.text[:20]: c for c in extract_claims(sentences_of(ARTICLE))}
    assert by_text["The corridor carries"].kinds == ["figure", "attribution"]
    assert by_text["Officials met in Bei"].kinds == ["date", "ordinal"]
    assert "quote" in by_text["“The first phase kep"].kinds
    assert "agreement" in by_text["China and Pakistan s"].kinds
    assert not any(t.startswith("The weather") for t in by_text)


def test_score_reason_names_the_main_feature() -> None:
    claim = next(c for c in extract_claims(sentences_of(ARTICLE)) if "$60 billion" in c.text)
    assert claim.reason == "money figure with attribution"
    assert 0 < claim.score <= 100


def test_speakers_from_said_according_to_and_pronouns() -> None:
    claims = {c.text[:15]: c for c in extract_claims(sentences_of(ARTICLE))}
    assert claims["The corridor ca"].speaker == "the ministry"
    assert claims["According to Mr"].speaker == "Mr. Tariq Hussain"
    assert claims["He said the tal"].speaker == "Mr. Tariq Hussain"  # pronoun resolved


def test_a_quote_running_over_two_sentences_gets_its_speaker_on_both() -> None:
    claims = [
        c for c in extract_claims(sentences_of(ARTICLE)) if "phase" in c.text or "second" in c.text
    ]
    assert [c.speaker for c in claims] == ["a senior delegate", "a senior delegate"]
    assert all("quote" in c.kinds for c in claims)


def test_semicolons_split_clauses_and_only_checkable_ones_become_claims() -> None:
    claims = [c for c in extract_claims(sentences_of(ARTICLE)) if c.text.startswith("Club")]
    assert [c.text for c in claims] == ["Club given 14 days to appeal"]


def test_speaker_patterns() -> None:
    assert find_speaker("“Ships follow cargo,” said Shahid Rind, who heads the chamber.") == (
        "Shahid Rind"
    )
    assert find_speaker("Amélie Laurent, a Paris-based economist, told a webinar on Thursday.") == (
        "Amélie Laurent"
    )
    assert find_speaker("“We compete on cost,” a Faisalabad yarn exporter told the Review.") == (
        "a Faisalabad yarn exporter"
    )
    assert find_speaker(
        "The port handled 1.1 million tonnes, according to the Port Authority."
    ) == ("the Port Authority")
    assert find_speaker("The weather was pleasant.") is None


def test_dash_credit_line_names_the_speaker_of_the_quote_before() -> None:
    text = "“Gwadar has waited ten years for a train, just lay the track.”\n— @makran_freight"
    claims = extract_claims(sentences_of(text))
    assert claims[0].speaker == "@makran_freight"
    assert all(not c.text.startswith("—") for c in claims)


def test_one_of_one_member_is_not_a_figure() -> None:
    assert (
        "figure" not in analyse("“Commitments are not cheques,” one committee member said.").kinds
    )


def test_version_is_set() -> None:
    assert EXTRACTOR_VERSION


words = st.sampled_from(
    [
        "the",
        "corridor",
        "$60 billion",
        "said",
        "“",
        "”",
        "according to",
        "Mr.",
        "2015",
        ";",
        "signed",
        "8,000 MW",
        "first",
        "officials",
        "he",
        "—",
        "[bold]",
        "Rs 1.9 trillion",
        ",",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(words, min_size=1, max_size=25), min_size=1, max_size=6))
def test_offsets_stay_in_bounds_for_any_text(paragraphs: list[list[str]]) -> None:
    text = "\n\n".join(" ".join(p) + "." for p in paragraphs)
    for claim in extract_claims(sentences_of(text)):
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        assert claim.kinds and 0 <= claim.score <= 100


def test_references_durations_and_stage_names_are_not_figures() -> None:
    for sentence in (
        "The two delegations met again on the border.",
        "Phase Two of the canal is still unfunded.",
        "Repairs took two weeks and the ferry resumed.",
    ):
        assert "figure" not in analyse(sentence).kinds, sentence
    assert "figure" in analyse("The canal employs two hundred divers.").kinds
    assert "date" in analyse("The lease runs for 60 years.").kinds
