"""Measure-aware evidence: one test per error class seen on real reporting.

Every sentence here is written for the test.  Each asserts the relation a reviewer sees and the
reason that explains it.
"""

from __future__ import annotations

from typing import Any

from cpec_verify.claims.evidence import (
    ClaimQuery,
    EvidenceIndex,
    EvidenceSentence,
    rank_evidence,
)
from cpec_verify.claims.measure import measures_in
from cpec_verify.claims.quantities import parse_quantities


def _index(*texts: str) -> EvidenceIndex:
    """One sentence per article, article ids from 1."""
    return EvidenceIndex(
        [
            EvidenceSentence(i, i, 0, len(t), t, tuple(parse_quantities(t)))
            for i, t in enumerate(texts, start=1)
        ]
    )


def _hits(index: EvidenceIndex, article: int) -> list[Any]:
    s = index.sentences[article - 1]
    q = ClaimQuery(100 + article, s.article_id, s.text, s.quantities, 0)
    return rank_evidence(index, [q], k=5, workers=1)[q.claim_id]


def _about(hits: list[Any], article: int) -> Any:
    return next(h for h in hits if h.article_id == article)


def test_two_close_lengths_are_two_figures_not_the_same_one() -> None:
    index = _index(
        "Engineers finished the 610 km coastal freight line ahead of the monsoon season.",
        "The coastal freight line, a 614-kilometre route, was finished before the monsoon.",
    )
    hit = _about(_hits(index, 1), 2)
    assert hit.relation == "differs"
    assert hit.reason.startswith("610 km here vs 614 km there (+0.7%)")
    assert "same figure" not in hit.reason


def test_an_approximate_figure_agrees_with_what_rounds_to_it_and_says_so() -> None:
    index = _index(
        "The harbour dredging contract is worth about $60 billion over two decades, it said.",
        "The harbour dredging contract is worth $61.2 billion over two decades, it said.",
    )
    hit = _about(_hits(index, 1), 2)
    assert hit.relation == "agrees"
    assert hit.reason.startswith("agrees within rounding: around $60bn here, $61.2bn there")


def test_costs_of_two_named_projects_are_not_compared() -> None:
    index = _index(
        "The Varne undersea cable cost $31 million, the project's operator said on Monday.",
        "The Ostrava container port cost $190 million, the project's operator said on Monday.",
    )
    hits = _hits(index, 1)
    assert all(h.relation != "differs" for h in hits)
    assert all("$31m" not in h.reason for h in hits)


def test_a_list_of_plants_is_not_compared_crosswise_with_another_plant() -> None:
    index = _index(
        "The grid now draws on the 1,100 MW Larkin plant, the 660 MW Esker plant and the "
        "300 MW Pell plant, the regulator said.",
        "The 660 MW Esker plant began feeding the grid in March, the regulator said.",
    )
    hit = _about(_hits(index, 2), 1)
    assert hit.relation == "agrees"
    assert hit.reason.startswith("same figure: 660 MW")
    assert "1,100" not in hit.reason and "300 MW" not in hit.reason


def test_near_identical_statements_pair_figures_in_place_never_crosswise() -> None:
    text = "Officials said 41 projects were completed and 17 were under way in the valley."
    index = _index(text, text.replace("valley.", "valley this year."))
    hit = _about(_hits(index, 1), 2)
    assert hit.relation == "agrees"
    assert "17 projects here vs 41" not in hit.reason
    assert "differs" not in hit.reason


def test_amounts_of_unrelated_projects_in_two_currencies_are_not_a_conflict() -> None:
    index = _index(
        "The Varne undersea cable cost $31m to lay, the utility's annual report said.",
        "The Ostrava ring road cost Rs 20bn to build, the utility's annual report said.",
    )
    hits = _hits(index, 1)
    assert all(h.relation != "differs" for h in hits)
    assert all("unit differs" not in h.reason and "Rs" not in h.reason for h in hits)


def test_the_same_amount_in_the_wrong_currency_is_currency_differs() -> None:
    index = _index(
        "The Varne undersea cable cost $31 million, the utility's annual report said.",
        "The Varne undersea cable cost Rs 31 million, the utility's annual report said.",
    )
    hit = _about(_hits(index, 1), 2)
    assert hit.relation == "differs"
    assert hit.reason.startswith("currency differs: $31m here vs Rs 31m there")


def test_british_and_american_spellings_retrieve_each_other() -> None:
    index = _index(
        "The fibre backbone reaches 9,000 villages in the northern districts.",
        "Its fiber backbone reached 9,400 villages across northern districts by June.",
        "Rainfall in the southern hills was the lowest in a decade, the weather office said.",
    )
    hit = _about(_hits(index, 1), 2)
    assert hit.relation == "differs"
    assert hit.reason.startswith("9,000 villages here vs 9,400 villages there")


def test_a_claim_with_nothing_relevant_gets_no_evidence() -> None:
    index = _index(
        "A district judge on Friday jailed two bloggers for three years over their posts.",
        "The port authority said both cranes would be delivered before the winter.",
        "Farmers in the delta said both harvests were hit by the late floods.",
    )
    assert _hits(index, 1) == []


def test_reasons_quote_shared_words_as_written() -> None:
    index = _index(
        "Planners proposed widening the Kestrel highway through the mountain passes.",
        "The widening of the Kestrel highway that planners proposed faces mountain delays.",
    )
    hit = _about(_hits(index, 1), 2)
    words = hit.reason.removeprefix("same subject (").split(")")[0].split(", ")
    for word in words:
        assert word in index.sentences[0].text or word in index.sentences[1].text


def test_scope_and_time_differences_are_named_in_the_reason() -> None:
    index = _index(
        "Committed investment in the Kestrel corridor reached $60 billion in 2019.",
        "Delivered investment in the Kestrel corridor reached $25 billion in 2023.",
    )
    hit = _about(_hits(index, 1), 2)
    assert hit.relation == "differs"
    assert "committed here vs delivered there" in hit.reason
    assert "2019 here vs 2023 there" in hit.reason


def test_measure_reads_what_subject_scope_and_when_from_the_sentence() -> None:
    text = "In 2021 the bank approved a $1.4 billion loan for phase two of the Kestrel line."
    quantities = parse_quantities(text)
    loan = next(q for q in quantities if q.dimension == "money")
    m = measures_in(text, quantities)[(loan.start, loan.end)]
    assert m.what == "loan"
    assert "phase 2" in m.scope
    assert m.when == "2021"
    length = "The 27 km Kestrel Expressway opened to traffic."
    q = next(q for q in parse_quantities(length) if q.dimension == "length")
    assert measures_in(length, [q])[(q.start, q.end)].subject == "Kestrel Expressway"


def test_a_bracketed_conversion_is_not_compared_with_a_main_figure() -> None:
    index = _index(
        "The Kestrel line runs for 750 km (466 miles) across the plateau, engineers said.",
        "The Kestrel line runs for 750 km across the plateau and 300 km of desert, engineers said.",
    )
    hit = _about(_hits(index, 1), 2)
    assert hit.relation == "agrees"
    assert "miles" not in hit.reason


def test_one_numbered_body_under_two_names_is_name_differs() -> None:
    index = _index(
        "Delegates gathered for the 9th Regional Transit Council session in the port city.",
        "The 9th session of the Regional Transport Council opened in the port city on Monday.",
    )
    hit = _about(_hits(index, 1), 2)
    assert hit.relation == "differs"
    assert "name differs: Regional Transit Council here vs Regional Transport Council there" in (
        hit.reason
    )


def test_one_event_on_two_dates_is_date_differs() -> None:
    index = _index(
        "The ministers signed the river treaty in Vienna on 4 May 2021, officials said.",
        "The ministers signed the river treaty in Vienna on 14 May 2021, officials said.",
    )
    hit = _about(_hits(index, 1), 2)
    assert hit.relation == "differs"
    assert hit.reason == "date differs: 4 May 2021 here vs 14 May 2021 there"


def test_two_phases_of_one_project_are_different_quantities() -> None:
    index = _index(
        "Phase 1 of the Kestrel railway cost $3.8 billion, the transport ministry said.",
        "Phase 2 of the Kestrel railway will cost $1.5 billion, the transport ministry said.",
    )
    hits = _hits(index, 1)
    assert all(h.relation != "differs" for h in hits)
    assert all("$3.8bn here" not in h.reason for h in hits)
