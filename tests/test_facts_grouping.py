"""Fact groups from figures in sentences written for these tests (pure core, no database)."""

from __future__ import annotations

import random

from cpec_verify.claims.facts import FactItem, group_facts
from cpec_verify.claims.measure import measure_figures
from cpec_verify.claims.quantities import parse_quantities


def items(*sentences: str, sources: list[int] | None = None) -> list[FactItem]:
    """One article per sentence (its own source unless ``sources`` says otherwise)."""
    out = []
    for n, text in enumerate(sentences):
        source = sources[n] if sources else n + 1
        for q in measure_figures(text, parse_quantities(text)):
            out.append(FactItem(claim_id=n + 1, article_id=n + 1, source=source, quantity=q))
    return out


def only(groups, subject_word: str):
    found = [g for g in groups if subject_word.lower() in g.subject.lower()]
    assert len(found) == 1, [(g.key, g.subject) for g in groups]
    return found[0]


def test_one_fact_across_outlets_with_the_outlier_apart():
    groups = group_facts(
        items(
            "The Harbour Bridge will cost $31 million, officials said.",
            "Officials said the Harbour Bridge would cost $31m.",
            "The cost of the Harbour Bridge is $29 million.",
        )
    )
    g = only(groups, "Harbour")
    assert (g.dimension, g.what, g.unit) == ("money", "cost", "USD")
    assert g.status == "conflicting"
    assert [(v.quantity.value, v.sources) for v in g.values] == [(31e6, 2), (29e6, 1)]
    assert g.spread == round(100 * 2 / 29, 1)


def test_subject_spelt_two_ways_is_one_fact():
    groups = group_facts(
        items(
            "The Harbour Bridge will cost $31 million.",
            "The Harbor Bridge will cost $31 million.",
        )
    )
    g = only(groups, "bridge")
    assert g.status == "consistent"
    assert g.values[0].sources == 2


def test_percent_written_two_ways_is_one_consistent_value():
    g = only(
        group_facts(
            items("Turnout in Westvale was 60 percent.", "Turnout in Westvale reached 60 per cent.")
        ),
        "Westvale",
    )
    assert g.status == "consistent" and len(g.values) == 1 and g.spread == 0.0


def test_copies_of_a_story_count_once():
    text = "The Harbour Bridge will cost $31 million."
    g = only(group_facts(items(text, text, sources=[1, 1])), "Harbour")
    assert g.status == "single-source"
    assert g.values[0].sources == 1 and len(g.values[0].items) == 2


def test_approximate_figure_agrees_with_what_rounds_to_it():
    g = only(
        group_facts(
            items(
                "The Eastline Railway will cost about $60 billion.",
                "The Eastline Railway will cost $61.2 billion.",
            )
        ),
        "Eastline",
    )
    assert g.status == "consistent" and len(g.values) == 1


def test_other_currency_is_another_value_not_a_conversion():
    g = only(
        group_facts(
            items(
                "The Harbour Bridge will cost $31 million.",
                "The Harbour Bridge will cost $31 million, the minister said.",
                "The Harbour Bridge will cost PKR 31 million.",
            )
        ),
        "Harbour",
    )
    assert g.unit == "USD" and g.status == "conflicting"
    assert sorted(v.quantity.unit for v in g.values) == ["PKR", "USD"]


def test_different_things_and_different_measures_stay_apart():
    groups = group_facts(
        items(
            "The Harbour Bridge will cost $31 million.",
            "The Northfield Dam will cost $31 million.",
            "The Northfield Dam will generate 600 MW.",
        )
    )
    keys = {(g.dimension, g.what, g.subject) for g in groups}
    assert ("money", "cost", "Harbour Bridge") in keys
    assert ("money", "cost", "Northfield Dam") in keys
    assert ("power", "capacity", "Northfield Dam") in keys
    assert all(g.status == "single-source" for g in groups)


def test_a_shorter_name_joins_the_longer_one_without_chaining_unrelated_names():
    groups = group_facts(
        items(
            "The Lahore Orange Line will cost $1.6 billion.",
            "The Lahore Orange Line will cost $1.6 billion, its builder said.",
            "The Orange Line will cost $1.6 billion.",
            "The Lahore Ring Road will cost $0.4 billion.",
        )
    )
    line = only(groups, "Orange")
    assert line.values[0].sources == 3
    assert only(groups, "Ring").values[0].sources == 1


def test_scope_and_when_stay_facets_not_separate_facts():
    g = only(
        group_facts(
            items(
                "The Delta Corridor has committed investment of $60 billion.",
                "The Delta Corridor has received $25 billion in actual investment.",
            )
        ),
        "Delta",
    )
    assert g.status == "conflicting"
    scopes = {tuple(i.quantity["measure"]["scope"]) for v in g.values for i in v.items}
    assert len(scopes) == 2


def test_grouping_does_not_depend_on_input_order():
    found = items(
        "The Harbour Bridge will cost $31 million.",
        "The Harbor Bridge cost $29 million.",
        "The Northfield Dam will generate 600 MW.",
        "The Northfield Dam generates 650 MW.",
        "Turnout in Westvale was 60 percent.",
    )

    def shape(groups):
        return [
            (g.key, g.status, g.spread, [(v.quantity.value, v.sources) for v in g.values])
            for g in groups
        ]

    expected = shape(group_facts(found))
    for seed in range(5):
        shuffled = found[:]
        random.Random(seed).shuffle(shuffled)
        assert shape(group_facts(shuffled)) == expected


def test_figures_without_a_subject_or_with_dates_belong_to_no_fact():
    assert group_facts(items("It rose by 12 percent in 2019.", "It then fell 3 percent.")) == []


def test_a_name_and_its_initials_are_one_subject():
    g = only(
        group_facts(
            items(
                "The Westmoor Light Railway will cost $2.1 billion.",
                "The WLR will cost $2.4 billion, the auditor said.",
            )
        ),
        "W",
    )
    assert g.status == "conflicting" and len(g.values) == 2
