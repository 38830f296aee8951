"""The pure record builder and the streaming store query behind it."""

from __future__ import annotations

from export_fixtures import build_desk
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify import __version__
from cpec_verify.export.records import (
    EXPORT_SCHEMA_VERSION,
    LABELS,
    agreement,
    build_record,
    span_key,
)
from cpec_verify.export.schema import validate_record
from cpec_verify.store import models
from cpec_verify.store.queries.export_query import iter_export_rows
from cpec_verify.store.queries.status import STATUSES


def _records(engine: Engine, **kw: object) -> list[dict]:
    with Session(engine) as s:
        return [build_record(r, tool_version=__version__) for r in iter_export_rows(s, **kw)]


def test_labels_match_the_store() -> None:
    assert LABELS == models.LABELS


def test_agreement_share_backs_the_final_label() -> None:
    assert agreement([], None) == {"reviewers": 0, "labels": {}, "unanimous": False, "share": None}
    assert agreement(["supported", "supported"], "supported")["share"] == 1.0
    split = agreement(["supported", "conflicting", "conflicting"], "supported")
    assert split == {
        "reviewers": 3,
        "labels": {"conflicting": 2, "supported": 1},
        "unanimous": False,
        "share": 0.3333,
    }
    assert agreement(["supported", "conflicting", "conflicting"], None)["share"] == 0.6667


def test_default_export_is_agreed_and_adjudicated(engine: Engine) -> None:
    build_desk(engine)
    records = _records(engine)
    assert [(r["status"], r["label"]) for r in records] == [
        ("agreed", "supported"),
        ("adjudicated", "conflicting"),
    ]
    for r in records:
        validate_record(r, r["id"])
        assert r["schema_version"] == EXPORT_SCHEMA_VERSION
        assert r["tool"] == {"name": "cpec-verify", "version": __version__}


def test_record_content(engine: Engine) -> None:
    build_desk(engine)
    agreed, adjudicated = _records(engine)
    claim, art = agreed["claim"], agreed["article"]
    assert agreed["id"] == span_key(art["sha256"], 1, claim["start"], claim["end"])
    assert claim["speaker"] == "the ministry" and claim["quantities"][0]["value"] == 1200
    assert claim["sentence"]["text"].startswith(claim["text"])
    assert art["url"] == "https://ledger.example/corridor" and art["published"] == "2025-09-26"
    assert [e["article"]["outlet"] for e in agreed["evidence"]] == ["Wire Service", "Monitor"]
    wire = agreed["evidence"][0]
    assert (wire["rank"], wire["relation"], wire["cited_by"]) == (1, "agrees", ["ana", "ben"])
    assert wire["text"] == "A wire report said 1,200 trucks crossed daily."
    assert [v["reviewer"] for v in agreed["verdicts"]] == ["ana", "ben"]
    assert agreed["verdicts"][1]["evidence"] == [e["key"] for e in agreed["evidence"]]
    assert agreed["agreement"] == {
        "reviewers": 2,
        "labels": {"supported": 2},
        "unanimous": True,
        "share": 1.0,
    }
    assert agreed["adjudication"] is None and agreed["decided_at"] == "2025-10-01T09:02:00Z"
    assert adjudicated["adjudication"]["lead"] == "lea"
    assert adjudicated["adjudication"]["rationale"] == "no outlet repeats 2.5 million"
    assert adjudicated["agreement"]["share"] == 0.5
    assert adjudicated["decided_at"] == adjudicated["adjudication"]["created_at"]


def test_every_status_can_be_exported(engine: Engine) -> None:
    build_desk(engine)
    records = _records(engine, statuses=STATUSES, batch=2)
    assert len(records) == 6
    assert [r["claim"]["start"] for r in records] == sorted(r["claim"]["start"] for r in records)
    for r in records:
        validate_record(r, r["id"])
    retracted = records[-1]
    assert [v["reviewer"] for v in retracted["verdicts"]] == ["ana"]  # ben retracted


def test_query_count_does_not_grow_with_claims(engine: Engine) -> None:
    """Batched lookups: the same handful of statements per batch, never one per claim."""
    build_desk(engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    _records(engine, statuses=STATUSES, batch=100)
    assert len(statements) <= 12, statements
