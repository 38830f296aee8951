"""Reviewers and leads: the bootstrap rule, ``require_lead`` and the ``reviewers`` command."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.errors import UsageError
from cpec_verify.store.entities.reviewers import add_reviewer, is_lead, require_lead


def test_first_lead_needs_no_grantor_then_granting_needs_a_lead(engine: Engine) -> None:
    with Session(engine) as s:
        first = add_reviewer(s, "  lea ", lead=True)
        assert (first.name, first.is_lead, first.bootstrap) == ("lea", True, True)
        with pytest.raises(UsageError, match="granting lead needs an existing lead"):
            add_reviewer(s, "ana", lead=True)
        with pytest.raises(UsageError, match="ben is not a lead"):
            add_reviewer(s, "ana", lead=True, by="ben")
        promoted = add_reviewer(s, "ana", lead=True, by="lea")
        assert promoted.promoted and not promoted.bootstrap
        assert is_lead(s, "ana")


def test_plain_reviewers_register_freely_and_idempotently(engine: Engine) -> None:
    with Session(engine) as s:
        add_reviewer(s, "lea", lead=True)
        assert add_reviewer(s, "ben").created
        again = add_reviewer(s, "ben")
        assert not again.created and not again.is_lead


def test_require_lead_message_says_how_to_grant(engine: Engine) -> None:
    with Session(engine) as s:
        with pytest.raises(UsageError, match="no lead yet"):
            require_lead(s, "ana")
        add_reviewer(s, "lea", lead=True)
        add_reviewer(s, "ana")
        with pytest.raises(UsageError) as info:
            require_lead(s, "ana")
        assert str(info.value).startswith(
            "ana is not a lead; a lead can grant it with: cpec-verify reviewers add ana --lead"
        )
        assert require_lead(s, "lea").name == "lea"


def test_empty_name_is_refused(engine: Engine) -> None:
    with Session(engine) as s, pytest.raises(UsageError, match="empty"):
        add_reviewer(s, "   ")


def test_reviewers_command(run) -> None:
    assert run("reviewers", "add", "lea", "--lead").exit_code == 0
    denied = run("reviewers", "add", "ana", "--lead")
    assert denied.exit_code == 2 and denied.stderr.startswith("error: granting lead")
    assert "Traceback" not in denied.stderr
    assert run("reviewers", "add", "ana", "--lead", "--by", "lea").exit_code == 0
    assert run("reviewers", "add", "[red]ben").exit_code == 0
    listed = run("reviewers", "--format", "json")
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert [(r["name"], r["lead"]) for r in rows] == [
        ("[red]ben", False),
        ("ana", True),
        ("lea", True),
    ]
    table = run("reviewers")
    assert "[red]ben" in table.stdout  # printed as text, not markup


def test_one_name_one_reviewer(engine: Engine, run) -> None:  # noqa: ANN001
    from review_fixtures import build_review_db

    db = build_review_db(engine)
    a, b = db.claim_ids[:2]
    first = run("verdict", str(a), "unsourced", "--reviewer", "Ana")
    assert first.exit_code == 0
    assert first.stderr.startswith("note: Ana is new here and is now registered")
    for spelling in ("ana", "  ANA ", "\uff21\uff4e\uff41"):  # fullwidth letters: NFKC "Ana"
        res = run("verdict", str(b), "unsourced", "--reviewer", spelling)
        assert res.exit_code == 0, res.stderr
        assert "by Ana" in res.stdout and "registered" not in res.stderr
    run("verdict", str(a), "unsourced", "--reviewer", "ben")
    rows = json.loads(run("verdicts", "--history", "--format", "json").stdout)
    assert [r["reviewer"] for r in rows] == ["Ana"] * 4 + ["ben"]
    agreement = json.loads(run("agreement", "--format", "json").stdout)
    assert agreement["reviewer_names"] == ["Ana", "ben"]
    people = json.loads(run("reviewers", "--format", "json").stdout)
    assert [(p["name"], p["verdicts"], p["registered"]) for p in people] == [
        ("Ana", 2, True),
        ("ben", 1, True),
    ]
    assert run("verdicts", "--reviewer", "ANA", "--format", "json").stdout.count('"Ana"') == 2


def test_invisible_control_and_bidi_names_are_refused(engine: Engine, run) -> None:  # noqa: ANN001
    from review_fixtures import build_review_db

    db = build_review_db(engine)
    cid = str(db.claim_ids[0])
    for bad in ("ana\u200b", "\u202eana", "an\u2066a", "ana\x1b[31m", "\u3164"):
        res = run("verdict", cid, "unsourced", "--reviewer", bad)
        assert res.exit_code == 2, repr(bad)
        assert res.stderr.startswith("error: a reviewer name cannot contain"), repr(bad)
        assert "\x1b" not in res.stderr and "\u202e" not in res.stderr
    assert json.loads(run("verdicts", "--format", "json").stdout) == []
    assert json.loads(run("reviewers", "--format", "json").stdout) == []


def test_reviewers_lists_names_seen_only_on_verdicts(engine: Engine, run) -> None:  # noqa: ANN001
    from review_fixtures import add_fixed_verdict, build_review_db

    db = build_review_db(engine)
    add_fixed_verdict(engine, db.claim_ids[0], "carla", "supported")
    add_fixed_verdict(engine, db.claim_ids[0], "carla", None)  # retracted: no current verdict
    add_fixed_verdict(engine, db.claim_ids[1], "Carla", "unsourced")  # one person, two spellings
    people = json.loads(run("reviewers", "--format", "json").stdout)
    assert [(p["name"], p["registered"], p["verdicts"], p["verdict_rows"]) for p in people] == [
        ("carla", False, 1, 3)
    ]
    table = run("reviewers").stdout
    assert "carla" in table and "not registered" in table
    # registering later keeps the spelling of the first verdict
    assert run("reviewers", "add", "CARLA").stdout.startswith("added carla as reviewer")


def test_remove_is_for_leads_and_hints_repeat_the_db(run) -> None:  # noqa: ANN001
    run("reviewers", "add", "ben")
    denied = run("reviewers", "remove", "ben", "--by", "ben")
    assert denied.exit_code == 2
    assert denied.stderr.rstrip().endswith(f"cpec-verify reviewers add ben --lead --db {run.db}"), (
        denied.stderr
    )
    run("reviewers", "add", "Lea", "--lead")
    refused = run("reviewers", "remove", "lea", "--by", "LEA")
    assert refused.exit_code == 2 and "only lead" in refused.stderr
    done = run("reviewers", "remove", "BEN", "--by", "lea")
    assert done.exit_code == 0 and done.stdout.startswith("removed ben (reviewer)")
    assert [p["name"] for p in json.loads(run("reviewers", "--format", "json").stdout)] == ["Lea"]
    assert run("reviewers", "remove", "ben", "--by", "lea").exit_code == 2
    assert "remove NAME --by LEAD" in run("reviewers", "--help").stdout
