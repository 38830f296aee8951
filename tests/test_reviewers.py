"""Reviewers and leads: the bootstrap rule, ``require_lead`` and the ``reviewers`` command."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.errors import UsageError
from cpec_verify.store.reviewers import add_reviewer, is_lead, require_lead


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
