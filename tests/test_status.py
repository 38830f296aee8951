"""Derived claim status: every status, the reviewer policy, retractions, counts per article."""

from __future__ import annotations

import json

import pytest
from export_fixtures import DeskBuilder, build_desk
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.errors import UsageError
from cpec_verify.store.queries.status import (
    check_statuses,
    claim_status,
    claims_in_status,
    iter_status_batches,
    status_summary,
)


def _statuses(engine: Engine, min_reviewers: int = 2) -> dict[int, tuple[str, str | None]]:
    with Session(engine) as s:
        return {
            r.claim_id: (r.status, r.final_label)
            for rows in iter_status_batches(s, min_reviewers=min_reviewers, batch=2)
            for r in rows
        }


def test_every_status_is_derived(engine: Engine) -> None:
    built = build_desk(engine)
    got = _statuses(engine)
    c = built.claims
    assert got[c["agreed"]] == ("agreed", "supported")
    assert got[c["disputed"]] == ("disputed", None)
    assert got[c["in_review"]] == ("in_review", None)
    assert got[c["unreviewed"]] == ("unreviewed", None)
    assert got[c["adjudicated"]] == ("adjudicated", "conflicting")
    assert got[c["retracted"]] == ("in_review", None)  # ben's retraction leaves ana alone


def test_min_reviewers_policy(engine: Engine) -> None:
    built = build_desk(engine)
    one = _statuses(engine, min_reviewers=1)
    assert one[built.claims["in_review"]] == ("agreed", "supported")
    three = _statuses(engine, min_reviewers=3)
    assert three[built.claims["agreed"]] == ("in_review", None)
    assert three[built.claims["disputed"]][0] == "disputed"  # disagreement beats the count


def test_retracted_adjudication_falls_back_to_verdicts(engine: Engine) -> None:
    built = build_desk(engine)
    with Session(engine) as s:
        b = DeskBuilder(s)
        b.built = built
        b.adjudication("adjudicated", "lea", None, "retracts: wrong sentence")
        s.commit()
        status = claim_status(s, built.claims["adjudicated"], min_reviewers=2)
        assert status is not None and status.status == "disputed"


def test_summary_counts_per_article(engine: Engine) -> None:
    build_desk(engine)
    with Session(engine) as s:
        summary = status_summary(s, min_reviewers=2)
    assert summary["total"] == 6
    assert summary["counts"] == {
        "unreviewed": 1,
        "in_review": 2,
        "disputed": 1,
        "agreed": 1,
        "adjudicated": 1,
    }
    (article,) = summary["articles"]
    assert article["total"] == 6 and article["title"].startswith("Corridor")


def test_disputed_page_pages_in_id_order(engine: Engine) -> None:
    built = build_desk(engine)
    with Session(engine) as s:
        page = claims_in_status(s, "disputed", min_reviewers=2, limit=5)
        assert [r.claim_id for r in page] == [built.claims["disputed"]]
        assert (
            claims_in_status(s, "disputed", min_reviewers=2, after_id=built.claims["disputed"])
            == []
        )


def test_status_filter_is_checked() -> None:
    assert check_statuses(["adjudicated", " agreed"]) == ("agreed", "adjudicated")
    with pytest.raises(UsageError, match="unknown status done"):
        check_statuses(["done"])


def test_status_command(run, db_path) -> None:
    from cpec_verify.store.db import get_engine

    build_desk(get_engine(str(db_path)))
    result = run("status", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["counts"]["agreed"] == 1 and data["min_reviewers"] == 2
    table = run("status", "--min-reviewers", "1")
    assert "Corridor traffic [bold]up[/bold]" in table.stdout
    bad = run("status", "--min-reviewers", "0")
    assert bad.exit_code == 2 and bad.stderr.startswith("error:")


def test_empty_database_status(run) -> None:
    assert run("init").exit_code == 0
    result = run("status", "--format", "json")
    assert json.loads(result.stdout)["total"] == 0
