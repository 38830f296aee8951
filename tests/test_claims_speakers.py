"""Speakers: the subject of the reporting verb, resolved to the named person or body, or None.

One test per error class of issue 16 (item 5).  Every sentence was written for this file.
"""

from __future__ import annotations

import pytest

from cpec_verify.claims.extract import Sentence, extract_claims
from cpec_verify.claims.speakers import find_speaker


def _sentences(*texts: str) -> list[Sentence]:
    out, pos = [], 0
    for i, text in enumerate(texts):
        out.append(Sentence(i + 1, pos, pos + len(text), text, 0))
        pos += len(text) + 1
    return out


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Maria Okafor, who chairs the harbour board, said revenue doubled.", "Maria Okafor"),
        (
            "The Transport Minister, Omar Haddad, who opened the depot, said buses would follow.",
            "Omar Haddad",
        ),
        (
            "President Lise Varga, who toured the new terminal, said it was 60 per cent done.",
            "President Lise Varga",
        ),
    ],
)
def test_a_relative_clause_is_not_the_speaker(sentence: str, speaker: str) -> None:
    assert find_speaker(sentence) == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Tomas Ruiz, the agency's finance director, said the loan was repaid.", "Tomas Ruiz"),
        ("Lena Park, a shipping analyst, told reporters the fees were too high.", "Lena Park"),
        ("Ines Moreau, spokesperson for the grid operator, said supply was stable.", "Ines Moreau"),
        ("However, local traders said prices rose.", "local traders"),
        ("In a statement, the regulator said tariffs would stay flat.", "the regulator"),
    ],
)
def test_an_apposition_resolves_to_the_name(sentence: str, speaker: str) -> None:
    assert find_speaker(sentence) == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "The scheme covered clinics and schools, with pledged funds estimated at about $3 billion.",
        "The tunnel was finished early, with the lining alone estimated at a hefty $90 million.",
        "The ferry left at the stated time.",
        "The dam cost an estimated $2 billion to build.",
        "The viaduct is said to be the longest in the region.",
        "It was revealed that the tender had been rigged.",
        "The canal's yearly capacity added to 4 million tonnes last year.",
        "The terminal will open according to the revised schedule.",
    ],
)
def test_participles_adjectives_and_passives_credit_no_one(sentence: str) -> None:
    assert find_speaker(sentence) is None


def test_trailing_auxiliaries_and_dates_leave_the_subject() -> None:
    assert find_speaker("The city council has said fares will rise.") == "The city council"
    assert find_speaker("Planning chief Dara Quinn in March said the plan was final.") == (
        "Planning chief Dara Quinn"
    )


def test_an_inverted_speaker_after_a_clause() -> None:
    sentence = (
        "Fares will double next year and that is a problem, said commuter leader Ivan Petrov."
    )
    assert find_speaker(sentence) == "commuter leader Ivan Petrov"


def test_a_passive_agent_is_the_speaker() -> None:
    sentence = "The works ran two years late, as noted by the National Audit Office."
    assert find_speaker(sentence) == "the National Audit Office"


def test_a_pronoun_inside_a_clause_is_not_resolved_to_an_earlier_name() -> None:
    claims = extract_claims(
        _sentences(
            "The appeals court said the two activists were free to go.",
            "Prosecutors had charged Ana Lima and Rui Costa over 14 posts that they said spread panic.",
        )
    )
    assert claims[0].speaker == "The appeals court"
    assert claims[1].speaker is None


def test_he_and_she_resolve_only_when_no_one_else_is_named_first() -> None:
    claims = extract_claims(
        _sentences(
            "Jane Roe, the port's director, said cargo rose 12 per cent.",
            "She said the 4 new cranes arrived in May.",
            "After Anna Berg won the vote, she said 300 jobs were safe.",
            "It said 20 berths would be dredged.",
        )
    )
    assert [c.speaker for c in claims] == ["Jane Roe", "Jane Roe", None, None]


def test_a_plain_statement_has_no_speaker() -> None:
    claims = extract_claims(
        _sentences("The line links two ports, with planned spending estimated at $4 billion.")
    )
    assert claims[0].speaker is None
    assert "attribution" not in claims[0].kinds
