"""Copies of a story: a syndicated copy's claims are linked to the original's, queued and
counted once, and the original's verdicts count for them (status, agreement, export)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from copies_fixture import write_desk
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.store.entities.claims import match_copies
from cpec_verify.store.queries.review_queue import QueueSpec, count_queue, progress
from cpec_verify.store.queries.status import claim_status


@pytest.fixture
def desk(run, tmp_path: Path):  # noqa: ANN001, ANN201
    result = run("import", str(write_desk(tmp_path)))
    assert result.exit_code == 0, result.stderr
    everything = json.loads(run("claims", "--format", "json", "--include-copies").stdout)
    return result, everything


def _by_article(claims: list[dict]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for c in claims:
        out.setdefault(c["article_id"], []).append(c)
    return out


def test_each_claim_of_the_copy_names_its_original(run, desk) -> None:  # noqa: ANN001
    result, everything = desk
    original, copy, other = (_by_article(everything)[a] for a in (1, 2, 3))
    assert len(copy) == len(original) == 5
    assert [c["copy_of"] for c in copy] == [o["id"] for o in original]  # "told" edit included
    assert all(c["copy_of"] is None and c["copies"] == [] for c in other)
    for o, c in zip(original, copy, strict=True):
        assert o["copy_of"] is None
        assert o["copies"] == [{"id": c["id"], "article_id": 2}]
    listed = json.loads(run("claims", "--format", "json").stdout)
    assert [c["id"] for c in listed] == [c["id"] for c in original + other]
    own = json.loads(run("claims", "--format", "json", "--article", "2").stdout)
    assert [c["id"] for c in own] == [c["id"] for c in copy]  # asked for: shown
    assert "5 of them in syndicated copies" in result.stdout


def test_queue_and_status_count_each_claim_once(run, desk, engine: Engine) -> None:  # noqa: ANN001
    _, everything = desk
    distinct = sum(1 for c in everything if c["copy_of"] is None)
    assert distinct == 8 and len(everything) == 13
    with Session(engine) as session:
        spec = QueueSpec(reviewer="ana")
        assert count_queue(session, spec) == distinct
        assert progress(session, spec).total == distinct
        assert count_queue(session, QueueSpec(reviewer="ana", filter="all")) == distinct
    status = json.loads(run("status", "--format", "json").stdout)
    assert (status["total"], status["copies"]) == (distinct, 5)
    assert status["counts"]["unreviewed"] == distinct
    assert "8 claim(s) (and 5 in syndicated copies" in run("status").stdout


def test_a_verdict_on_the_original_counts_for_its_copy(run, desk, engine: Engine) -> None:  # noqa: ANN001
    _, everything = desk
    first = everything[0]
    copy_id = first["copies"][0]["id"]
    for who in ("ana", "ben"):
        assert run("verdict", str(first["id"]), "unsourced", "--reviewer", who).exit_code == 0
    with Session(engine) as session:
        mine = claim_status(session, copy_id, min_reviewers=2)
        assert mine is not None and (mine.status, mine.final_label) == ("agreed", "unsourced")
        assert count_queue(session, QueueSpec(reviewer="ana")) == 7
    status = json.loads(run("status", "--format", "json").stdout)
    assert status["counts"]["agreed"] == 1  # once, not twice
    # a scripted verdict on the copy is recorded on the original, with a note
    res = run("verdict", str(copy_id), "unsourced", "--reviewer", "carla")
    assert res.exit_code == 0
    assert f"claim {copy_id} repeats claim {first['id']}" in res.stderr
    rows = json.loads(run("verdicts", "--format", "json").stdout)
    assert {r["claim_id"] for r in rows} == {first["id"]}
    agreement = json.loads(run("agreement", "--format", "json").stdout)
    assert (agreement["items"], agreement["ratings"]) == (1, 3)


def test_claimreview_lists_the_copy_as_a_further_appearance(run, desk) -> None:  # noqa: ANN001
    _, everything = desk
    first = everything[0]
    for who in ("ana", "ben"):
        run("verdict", str(first["id"]), "unsourced", "--reviewer", who)
    res = run(
        "export", "--format", "claimreview", "--publisher", "Desk",
        "--publisher-url", "https://desk.example/checks",
    )  # fmt: skip
    assert res.exit_code == 0, res.stderr
    reviews = json.loads(res.stdout)
    assert len(reviews) == 1  # the copy is not a second fact check
    urls = [a.get("url") for a in reviews[0]["itemReviewed"]["appearance"]]
    assert urls[:2] == [
        "https://www.harbour-ledger.example/terminal-cargo",
        "https://coastwire.example/2025/01/15/terminal",
    ]
    record = json.loads(run("export", "--format", "jsonl").stdout.splitlines()[0])
    assert [c["article"]["url"] for c in record["copies"]] == [urls[1]]


def test_matching_tolerates_an_edit_but_not_another_figure() -> None:
    said = "the finance minister said on tuesday that costs at the plant rose to 40 units in may."
    originals = [(1, said), (2, "the plant employs 300 people.")]
    copies = [
        (10, "the plant employs 300 people."),
        (11, said.replace("said on", "told reporters on")),
        (12, said.replace("40", "45")),
    ]
    assert match_copies(copies[:2], originals) == {10: 2, 11: 1}
    assert match_copies([copies[2]], originals) == {}
