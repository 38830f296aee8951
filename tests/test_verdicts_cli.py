"""``verdict``, ``verdicts`` and ``verdicts import``: the scripted side of reviewing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from review_fixtures import build_review_db
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.store.entities.verdicts import verdict_history

FIELDS = {"claim_id", "reviewer", "label", "evidence", "note", "created_at"}


def test_verdict_command_appends_rows(engine: Engine, run) -> None:  # noqa: ANN001
    db = build_review_db(engine)
    cid = db.claim_ids[0]
    span = db.evidence_spans[cid][0]
    res = run("verdict", str(cid), "supported", "--evidence", str(span), "--note", "[b]x[/b]")
    assert res.exit_code == 0, res.stderr
    assert f"claim {cid} supported by tester" in res.stdout
    res = run("verdict", str(cid), "conflicting", "--reviewer", "alice")
    assert res.exit_code == 0
    rows = json.loads(run("verdicts", "--format", "json").stdout)
    assert all(set(r) == FIELDS for r in rows)
    assert [(r["reviewer"], r["label"], r["evidence"], r["note"]) for r in rows] == [
        ("alice", "conflicting", [], None),
        ("tester", "supported", [span], "[b]x[/b]"),
    ]


def test_verdict_command_errors_are_one_line(engine: Engine, run) -> None:  # noqa: ANN001
    db = build_review_db(engine)
    for args, fragment, code in (
        (("verdict", "9999", "supported"), "no claim with id 9999", 2),
        (("verdict", str(db.claim_ids[0]), "maybe"), "maybe", 2),
        (
            ("verdict", str(db.claim_ids[0]), "supported", "--evidence", "9999"),
            "span 9999 is not evidence",
            2,
        ),
    ):
        res = run(*args)
        assert res.exit_code == code, args
        assert res.stderr.startswith("error:") and fragment in res.stderr
        assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert json.loads(run("verdicts", "--format", "json").stdout) == []


def test_verdicts_history_csv_and_table(engine: Engine, run) -> None:  # noqa: ANN001
    db = build_review_db(engine)
    cid = db.claim_ids[1]
    run("verdict", str(cid), "unsourced")
    run("verdict", str(cid), "supported", "--evidence", str(db.evidence_spans[cid][0]))
    latest = list(csv.DictReader(io.StringIO(run("verdicts", "--format", "csv").stdout)))
    assert [r["label"] for r in latest] == ["supported"]
    assert latest[0]["evidence"] == str(db.evidence_spans[cid][0])
    hist = json.loads(run("verdicts", "--history", "--format", "json").stdout)
    assert [h["label"] for h in hist] == ["unsourced", "supported"]
    table = run("verdicts", "--history").stdout
    assert "2 verdict(s)" in table and "unsourced" in table


def test_import_csv_and_jsonl_round_trip(engine: Engine, run, tmp_path: Path) -> None:  # noqa: ANN001
    db = build_review_db(engine)
    a, b = db.claim_ids[0], db.claim_ids[3]
    span = db.evidence_spans[a][0]
    src = tmp_path / "in.csv"
    src.write_text(
        "claim_id,reviewer,label,evidence,note,created_at\n"
        f'{a},alice,conflicting,{span},"figures differ, see [1]",2025-11-01T10:00:00Z\n'
        f"{b},alice,unsourced,,,\n",
        encoding="utf-8",
    )
    res = run("verdicts", "import", str(src))
    assert res.exit_code == 0, res.stderr
    assert "imported 2 verdict(s)" in res.stdout
    exported = tmp_path / "out.jsonl"
    rows = json.loads(run("verdicts", "--format", "json").stdout)
    exported.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert rows[0]["created_at"] == "2025-11-01T10:00:00Z"
    assert rows[0]["note"] == "figures differ, see [1]"
    again = run("verdicts", "import", str(exported))
    assert again.exit_code == 0
    assert "imported 0 verdict(s)" in again.stdout and "skipped 2 identical" in again.stdout
    assert "imported 0 verdict(s)" in run("verdicts", "import", str(src)).stdout
    with Session(engine) as session:
        assert len(verdict_history(session)) == 2  # the same history, imported once


def test_verdicts_import_refuses_the_future_and_huge_ids(
    engine: Engine, run, tmp_path: Path
) -> None:  # noqa: ANN001
    db = build_review_db(engine)
    cid = db.claim_ids[0]
    for body, fragment in (
        (f"{cid},ana,supported,,,2099-01-01T00:00:00Z\n", "is in the future"),
        (f"{10**20},ana,supported,,,\n", "out of range"),
        (f"{cid},ana,supported,{10**20},,\n", "out of range"),
    ):
        path = tmp_path / "v.csv"
        path.write_text("claim_id,reviewer,label,evidence,note,created_at\n" + body)
        res = run("verdicts", "import", str(path))
        assert res.exit_code == 1, res.stderr
        assert res.stderr.startswith(f"error: {path}:2: ") and fragment in res.stderr
        assert res.stderr.count("\n") == 1
    with Session(engine) as session:
        assert verdict_history(session) == []


def test_verdicts_import_changed_rows_still_append(engine: Engine, run, tmp_path: Path) -> None:  # noqa: ANN001
    db = build_review_db(engine)
    cid = db.claim_ids[0]
    path = tmp_path / "v.csv"
    path.write_text(f"claim_id,reviewer,label\n{cid},ana,supported\n{cid},ana,supported\n")
    assert "imported 1 verdict(s)" in run("verdicts", "import", str(path)).stdout
    path.write_text(f"claim_id,reviewer,label\n{cid},ana,conflicting\n{cid},ana,supported\n")
    assert "imported 2 verdict(s)" in run("verdicts", "import", str(path)).stdout
    with Session(engine) as session:
        assert [v.label for v in verdict_history(session)] == [
            "supported",
            "conflicting",
            "supported",
        ]


def test_import_is_all_or_nothing_and_names_the_line(engine: Engine, run, tmp_path: Path) -> None:  # noqa: ANN001
    db = build_review_db(engine)
    good = json.dumps({"claim_id": db.claim_ids[0], "reviewer": "r", "label": "unsourced"})
    cases = {
        "unknown claim id 424242": json.dumps(
            {"claim_id": 424242, "reviewer": "r", "label": "supported"}
        ),
        "unknown label 'true'": json.dumps(
            {"claim_id": db.claim_ids[0], "reviewer": "r", "label": "true"}
        ),
        "not JSON": "{oops",
        "reviewer is missing": json.dumps({"claim_id": db.claim_ids[0], "label": "supported"}),
    }
    for fragment, bad in cases.items():
        path = tmp_path / "bad.jsonl"
        path.write_text(f"{good}\n{good}\n{bad}\n", encoding="utf-8")
        res = run("verdicts", "import", str(path))
        assert res.exit_code == 1, fragment  # a data error, not a usage error
        assert res.stderr.startswith(f"error: {path}:3:") and fragment in res.stderr
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("claim_id,reviewer,label\n1,r,supported\nx,r,supported\n", encoding="utf-8")
    res = run("verdicts", "import", str(bad_csv))
    assert res.exit_code == 1 and f"{bad_csv}:3:" in res.stderr
    other = tmp_path / "verdicts.txt"
    other.write_text("", encoding="utf-8")
    assert "use a .csv or .jsonl file" in run("verdicts", "import", str(other)).stderr
    assert json.loads(run("verdicts", "--format", "json").stdout) == []


def test_review_command_validates_before_opening(engine: Engine, run, tmp_path: Path) -> None:  # noqa: ANN001
    build_review_db(engine)
    bad = tmp_path / "g.yaml"
    bad.write_text("labels: [unclosed\n", encoding="utf-8")
    res = run("review", "--guidelines", str(bad))
    assert res.exit_code == 1 and res.stderr.startswith("error:") and "malformed" in res.stderr
    assert res.stderr.count("\n") == 1
    res = run("review", "--article", "999")
    assert res.exit_code == 2 and "no article with id 999" in res.stderr
    res = run("review", "--filter", "bogus")
    assert res.exit_code == 2
    res = run("review")  # CliRunner has no terminal
    assert res.exit_code == 2 and "needs a terminal" in res.stderr


def test_show_others_is_for_leads_only(run) -> None:
    """Blind review is enforced by the command, not only by the screen."""
    assert run("init").exit_code == 0
    refused = run("review", "--show-others", "--reviewer", "ana")
    assert refused.exit_code != 0
    assert refused.stderr.startswith("error: ana is not a lead")
    assert run("reviewers", "add", "lena", "--lead").exit_code == 0
    allowed = run("review", "--show-others", "--reviewer", "lena")
    assert "not a lead" not in allowed.stderr  # gets past the role check (no terminal here)
