"""Evidence ranking: relations, reasons, same-source flags; pure units and the demo corpus."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cpec_verify.claims.evidence import (
    ClaimQuery,
    EvidenceIndex,
    EvidenceSentence,
    rank_evidence,
)
from cpec_verify.claims.quantities import parse_quantities


def sentence(span_id: int, article_id: int, text: str) -> EvidenceSentence:
    return EvidenceSentence(span_id, article_id, 0, len(text), text, tuple(parse_quantities(text)))


def claim(claim_id: int, article_id: int, text: str) -> ClaimQuery:
    return ClaimQuery(claim_id, article_id, text, tuple(parse_quantities(text)), 0)


CORPUS = [
    sentence(1, 1, "The corridor carries committed investment of around $60 billion since 2015."),
    sentence(2, 2, "Since 2015 the corridor has delivered more than $25 billion in investment."),
    sentence(3, 3, "The railway upgrade will cost Rs 1.9 trillion, the railway ministry said."),
    sentence(4, 4, "The $6.7 billion railway upgrade will cost less, the railway board said."),
    sentence(5, 5, "The corridor carries committed investment of around $60 billion since 2015."),
    sentence(6, 6, "Cricket officials suspended two players from the league on Monday."),
    sentence(7, 7, "Fibre now reaches 20,000 villages across the rural districts, officials said."),
    sentence(8, 8, "Fibre links more than 22,000 villages across rural districts, officials said."),
]


@pytest.fixture
def index() -> EvidenceIndex:
    return EvidenceIndex(CORPUS, groups={5: 1})  # article 5 is a syndicated copy of 1


def best(index: EvidenceIndex, q: ClaimQuery) -> list[Any]:
    return rank_evidence(index, [q], k=5, workers=1)[q.claim_id]


def test_different_figure_same_subject_differs_with_both_figures_in_the_reason(
    index: EvidenceIndex,
) -> None:
    hits = best(index, claim(10, 1, CORPUS[0].text))
    assert hits[0].article_id == 2
    assert hits[0].relation == "differs"
    assert hits[0].reason == (
        "around $60bn here vs more than $25bn there (−58%); committed here vs delivered there"
    )


def test_amounts_in_two_currencies_are_never_converted_or_called_differs(
    index: EvidenceIndex,
) -> None:
    hits = best(index, claim(11, 3, CORPUS[2].text))
    top = hits[0]
    assert top.article_id == 4
    assert top.relation == "related"
    assert "Rs" not in top.reason and "$" not in top.reason


def test_the_same_amount_in_another_currency_is_currency_differs() -> None:
    here = sentence(1, 1, "The harbour crane contract was signed for Rs 450 million last week.")
    there = sentence(2, 2, "The harbour crane contract was signed for $450 million last week.")
    top = best(EvidenceIndex([here, there]), claim(9, 1, here.text))[0]
    assert top.relation == "differs"
    assert top.reason == "currency differs: Rs 450m here vs $450m there"


def test_counts_of_the_same_thing_compare(index: EvidenceIndex) -> None:
    top = best(index, claim(12, 8, CORPUS[7].text))[0]
    assert (top.article_id, top.relation) == (7, "differs")
    assert top.reason == "more than 22,000 villages here vs 20,000 villages there (−9.1%)"


def test_syndicated_copy_is_flagged_and_ranked_after_independent_evidence(
    index: EvidenceIndex,
) -> None:
    hits = best(index, claim(13, 1, CORPUS[0].text))
    copies = [h for h in hits if h.same_source]
    assert [h.article_id for h in copies] == [5]
    assert hits[-1].same_source and hits[-1].relation == "agrees"
    assert "syndicated copy" in hits[-1].reason
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_never_from_the_claims_own_article(index: EvidenceIndex) -> None:
    for q in (claim(20 + s.span_id, s.article_id, s.text) for s in CORPUS):
        assert all(h.article_id != q.article_id for h in best(index, q))


def test_scores_are_0_to_100_and_best_first(index: EvidenceIndex) -> None:
    hits = best(index, claim(14, 2, CORPUS[1].text))
    independent = [h.score for h in hits if not h.same_source]
    assert independent == sorted(independent, reverse=True)
    assert all(0 <= h.score <= 100 for h in hits)


def test_unrelated_figures_do_not_differ(index: EvidenceIndex) -> None:
    hits = best(index, claim(15, 6, CORPUS[5].text))
    assert all(h.relation != "differs" for h in hits)


# --- the bundled demo corpus ------------------------------------------------------------------


@pytest.fixture
def demo_claims(run: Any) -> list[dict[str, Any]]:
    result = run("demo", "--no-review")
    assert result.exit_code == 0, result.stderr
    listed = run("claims", "--format", "json", "--include-copies")
    assert listed.exit_code == 0, listed.stderr
    return json.loads(listed.stdout)


def _find(claims: list[dict[str, Any]], needle: str) -> list[dict[str, Any]]:
    return [c for c in claims if needle in c["text"]]


def test_demo_committed_and_delivered_are_in_each_others_top_three(
    demo_claims: list[dict[str, Any]],
) -> None:
    committed = _find(demo_claims, "committed investment of around $60 billion")
    delivered = _find(demo_claims, "has delivered more than $25 billion")
    assert committed and len(delivered) == 1
    original = min(committed, key=lambda c: c["article_id"])
    top3 = {e["article_id"]: e for e in original["evidence"][:3]}
    there = top3[delivered[0]["article_id"]]
    assert there["relation"] == "differs"
    assert "$60bn here vs more than $25bn there" in there["reason"]
    back = {e["article_id"]: e for e in delivered[0]["evidence"][:3]}[original["article_id"]]
    assert back["relation"] == "differs"
    assert back["start"] == original["start"] and back["text"] == original["text"]


def test_demo_rupees_against_dollars_is_not_a_conflict(demo_claims: list[dict[str, Any]]) -> None:
    rupees = _find(demo_claims, "Rs 1.9 trillion")[0]
    dollars = [e for e in rupees["evidence"] if "$6.7 billion" in e["text"]]
    assert all(e["relation"] != "differs" for e in dollars)


def test_demo_syndicated_duplicate_is_same_source(demo_claims: list[dict[str, Any]]) -> None:
    copies = _find(demo_claims, "committed investment of around $60 billion")
    assert len(copies) == 2
    a, b = sorted(copies, key=lambda c: c["article_id"])
    same = [e for e in a["evidence"] if e["same_source"]]
    assert same and same[0]["article_id"] == b["article_id"]
    assert not any(e["same_source"] for e in _find(demo_claims, "has delivered")[0]["evidence"])


def test_demo_evidence_never_points_into_its_own_article(
    demo_claims: list[dict[str, Any]],
) -> None:
    assert sum(len(c["evidence"]) for c in demo_claims) > 0
    for c in demo_claims:
        assert len(c["evidence"]) <= 5
        assert all(e["article_id"] != c["article_id"] for e in c["evidence"])
        assert (
            set(c["evidence"][0])
            >= {
                "span_id",
                "article_id",
                "start",
                "end",
                "text",
                "score",
                "relation",
                "reason",
                "same_source",
            }
            if c["evidence"]
            else True
        )
