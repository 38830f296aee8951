"""The scripted verdict's sqlite3 path writes what the ORM path writes, refuses what it
refuses, and steps aside (writing nothing) whenever the ORM path must do the work."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from review_fixtures import build_review_db
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.cli.verdicts_cmd import append_with_orm
from cpec_verify.errors import UsageError
from cpec_verify.store.entities.quick_verdict import append_verdict, sqlite_file
from cpec_verify.store.entities.reviewers import get_reviewer
from cpec_verify.store.entities.verdicts import verdict_history

pytestmark = pytest.mark.sqlite_only


def _rows(engine: Engine) -> list[tuple]:
    with Session(engine) as session:
        return [
            (v.claim_id, v.reviewer, v.label, v.retraction, list(v.evidence), v.note)
            for v in verdict_history(session)
        ]


def test_both_paths_store_the_same_row(engine: Engine, db_path: Path) -> None:
    db = build_review_db(engine)
    cid = db.claim_ids[0]
    args = {"claim_id": cid, "label": "conflicting", "cite": (2,), "evidence": (), "note": "n"}
    quick = append_verdict(db_path, reviewer="Ana", **args)
    assert quick is not None and quick.registered
    orm = append_with_orm(str(db_path), reviewer="ANA", **args)
    assert not orm.registered and orm.reviewer == "Ana"
    first, second = _rows(engine)
    assert first == second == (cid, "Ana", "conflicting", False, [db.evidence_spans[cid][1]], "n")
    with Session(engine) as session:
        times = [v.created_at for v in verdict_history(session)]
        assert times[0] <= times[1]  # the stored text reads back as a datetime, in order
        reviewer = get_reviewer(session, "ana")
        assert reviewer is not None and reviewer.name == "Ana" and reviewer.key == "ana"
    assert (quick.ranked, quick.spans) == (orm.ranked, orm.spans)


def test_refusals_match_and_write_nothing(engine: Engine, db_path: Path) -> None:
    db = build_review_db(engine)
    cid = db.claim_ids[0]
    cases = [
        ({"claim_id": 999999}, "no claim with id 999999"),
        ({"claim_id": cid, "cite": (9,)}, f"claim {cid} has no evidence 9"),
        ({"claim_id": cid, "evidence": (424242,)}, f"span 424242 is not evidence for claim {cid}"),
    ]
    for extra, message in cases:
        args = {"reviewer": "newcomer", "label": "supported", "cite": (), "evidence": ()}
        args |= {"note": None, **extra}
        with pytest.raises(UsageError, match=message):
            append_verdict(db_path, **args)  # type: ignore[arg-type]
        with pytest.raises(UsageError, match=message):
            append_with_orm(str(db_path), **args)  # type: ignore[arg-type]
    assert _rows(engine) == []
    with Session(engine) as session:
        assert get_reviewer(session, "newcomer") is None  # registration rolled back too


def test_steps_aside_for_urls_missing_files_and_other_schemas(
    engine: Engine, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = build_review_db(engine)
    assert sqlite_file("postgresql+psycopg://u@h/db") is None
    assert sqlite_file(str(tmp_path / "nope.sqlite")) is None
    assert sqlite_file(str(tmp_path)) is None  # a directory
    monkeypatch.setenv("CPEC_VERIFY_DB", str(db_path))
    assert sqlite_file(None) == db_path
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.commit()
    con.close()
    assert (
        append_verdict(db_path, claim_id=db.claim_ids[0], reviewer="a", label="unsourced") is None
    )
    not_a_db = tmp_path / "garbage.sqlite"
    not_a_db.write_bytes(b"not a database at all" * 100)
    assert append_verdict(not_a_db, claim_id=1, reviewer="a", label="unsourced") is None
    assert _rows(engine) == []
