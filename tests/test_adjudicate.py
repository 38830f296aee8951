"""Adjudication: leads only, rationale required, history kept, bulk acceptance, screen data."""

from __future__ import annotations

import json

import pytest
from export_fixtures import build_desk
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.errors import UsageError
from cpec_verify.store.entities.adjudications import (
    accept_agreed,
    add_adjudication,
    adjudication_history,
    dispute_view,
    disputed_page,
    latest_adjudication,
    retract_adjudication,
)
from cpec_verify.store.queries.status import claim_status, status_summary


def test_only_leads_adjudicate_and_rationale_is_required(engine: Engine) -> None:
    built = build_desk(engine)
    cid = built.claims["disputed"]
    with Session(engine) as s:
        with pytest.raises(UsageError, match="ana is not a lead"):
            add_adjudication(s, claim_id=cid, lead="ana", label="supported", rationale="x")
        with pytest.raises(UsageError, match="nobody is not a lead"):
            add_adjudication(s, claim_id=cid, lead="nobody", label="supported", rationale="x")
        with pytest.raises(UsageError, match="rationale is required"):
            add_adjudication(s, claim_id=cid, lead="lea", label="supported", rationale="  ")
        with pytest.raises(UsageError, match="unknown label"):
            add_adjudication(s, claim_id=cid, lead="lea", label="true", rationale="x")
        with pytest.raises(UsageError, match="no claim with id 999"):
            add_adjudication(s, claim_id=999, lead="lea", label="supported", rationale="x")


def test_adjudications_keep_history(engine: Engine) -> None:
    built = build_desk(engine)
    cid = built.claims["disputed"]
    with Session(engine) as s:
        add_adjudication(s, claim_id=cid, lead="lea", label="supported", rationale="first look")
        add_adjudication(s, claim_id=cid, lead="lea", label="conflicting", rationale="wire $46bn")
        current = latest_adjudication(s, cid)
        assert current is not None and current.label == "conflicting"
        status = claim_status(s, cid, min_reviewers=2)
        assert status is not None and (status.status, status.final_label) == (
            "adjudicated",
            "conflicting",
        )
        retract_adjudication(s, claim_id=cid, lead="lea", rationale="needs a second look")
        assert latest_adjudication(s, cid) is None
        history = adjudication_history(s, cid)
        assert [a.label for a in history] == ["supported", "conflicting", None]
        assert history[-1].retraction and "retracts adjudication" in history[-1].rationale
        status = claim_status(s, cid, min_reviewers=2)
        assert status is not None and status.status == "disputed"


def test_accept_agreed_confirms_unanimous_claims(engine: Engine) -> None:
    built = build_desk(engine)
    with Session(engine) as s:
        assert accept_agreed(s, lead="lea", min_reviewers=2) == 1
        s.commit()
        adj = latest_adjudication(s, built.claims["agreed"])
        assert adj is not None and adj.label == "supported" and "2 reviewers" in adj.rationale
        counts = status_summary(s, min_reviewers=2)["counts"]
        assert counts["agreed"] == 0 and counts["adjudicated"] == 2
        assert accept_agreed(s, lead="lea", min_reviewers=2) == 0
        with pytest.raises(UsageError, match="not a lead"):
            accept_agreed(s, lead="ben", min_reviewers=2)


def test_dispute_view_for_the_leads_screen(engine: Engine) -> None:
    built = build_desk(engine)
    with Session(engine) as s:
        page = disputed_page(s, min_reviewers=2)
        assert [p.claim_id for p in page] == [built.claims["disputed"]]
        with pytest.raises(UsageError, match="not a lead"):
            dispute_view(s, page[0].claim_id, lead="ana", min_reviewers=2)
        view = dispute_view(s, page[0].claim_id, lead="lea", min_reviewers=2)
    assert view.status == "disputed"
    assert view.article["text"][view.claim["start"] : view.claim["end"]] == view.claim["text"]
    by = {v["reviewer"]: v for v in view.verdicts}
    assert by["ana"]["label"] == "supported" and by["ana"]["cited"] == []
    assert by["ben"]["note"] == "wire says $46bn"
    assert by["ben"]["cited"][0]["outlet"] == "Wire Service"
    assert view.history == []


def test_adjudicate_command(run, db_path) -> None:
    from cpec_verify.store.db import get_engine

    built = build_desk(get_engine(str(db_path)))
    cid = str(built.claims["disputed"])
    denied = run("adjudicate", cid, "supported", "--by", "ana", "--rationale", "x")
    assert denied.exit_code == 2
    assert denied.stderr.startswith("error: ana is not a lead; a lead can grant it with:")
    assert run("adjudicate", cid, "supported", "--by", "lea").exit_code == 2
    assert run("adjudicate", cid, "--by", "lea", "--rationale", "x").exit_code == 2
    ok = run(
        "adjudicate",
        cid,
        "conflicting",
        "--by",
        "lea",
        "--rationale",
        "wire [/x] differs",
        "--format",
        "json",
    )
    assert ok.exit_code == 0, ok.stderr
    assert json.loads(ok.stdout)["rationale"] == "wire [/x] differs"
    bulk = run("adjudicate", "--accept-agreed", "--by", "lea", "--format", "json")
    assert json.loads(bulk.stdout)["accepted"] == 1
    assert run("adjudicate", "--accept-agreed").exit_code == 2  # --by is required
    assert run("adjudicate", cid, "supported", "--accept-agreed", "--by", "lea").exit_code == 2
    retract = run("adjudicate", cid, "--retract", "--by", "lea", "--rationale", "oops")
    assert retract.exit_code == 0 and "retracted" in retract.stdout
    again = run("adjudicate", cid, "--retract", "--by", "lea", "--rationale", "oops")
    assert again.exit_code == 2 and "no adjudication to retract" in again.stderr
