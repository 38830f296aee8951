"""Scripts as first-class users: ``verdict --cite``, guideline warnings, agreement on verdicts."""

from __future__ import annotations

import json
from pathlib import Path

from review_fixtures import build_review_db
from sqlalchemy.engine import Engine


def test_cite_by_rank_stores_the_span_the_screen_numbers(engine: Engine, run) -> None:  # noqa: ANN001
    db = build_review_db(engine)
    cid = next(c for c in db.claim_ids if len(db.evidence_spans[c]) >= 2)
    second = db.evidence_spans[cid][1]
    res = run("verdict", str(cid), "conflicting", "--cite", "2")
    assert res.exit_code == 0, res.stderr
    assert f"citing evidence 2 (span {second})" in res.stdout
    assert "warning" not in res.stderr  # cited: the guidelines have nothing to say
    rows = json.loads(run("verdicts", "--format", "json").stdout)
    assert rows[0]["evidence"] == [second]
    # --evidence SPAN_ID still works, and both may be combined
    first = db.evidence_spans[cid][0]
    res = run("verdict", str(cid), "supported", "--cite", "2", "--evidence", str(first))
    assert res.exit_code == 0, res.stderr
    assert json.loads(run("verdicts", "--format", "json").stdout)[0]["evidence"] == sorted(
        [first, second]
    )


def test_cite_a_rank_the_claim_lacks_is_refused(engine: Engine, run) -> None:  # noqa: ANN001
    db = build_review_db(engine)
    cid = db.claim_ids[0]
    have = len(db.evidence_spans[cid])
    res = run("verdict", str(cid), "supported", "--cite", str(have + 1))
    assert res.exit_code == 2
    assert res.stderr.startswith(f"error: claim {cid} has no evidence {have + 1}")
    assert json.loads(run("verdicts", "--format", "json").stdout) == []
    assert run("verdict", str(cid), "supported", "--cite", "0").exit_code == 2


def test_scripted_verdict_without_citation_warns_per_guidelines(
    engine: Engine,
    run,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    db = build_review_db(engine)
    cid = db.claim_ids[0]
    res = run("verdict", str(cid), "supported")
    assert res.exit_code == 0  # saved all the same: scripts are not interrupted
    assert "warning: the guidelines ask for cited evidence for 'supported'" in res.stderr
    assert f"cpec-verify verdict {cid} supported --cite RANK" in res.stderr
    assert run("verdict", str(cid), "unsourced").stderr == ""  # no citation needed
    own = tmp_path / "g.yaml"
    own.write_text("require_evidence: [unsourced]\n", encoding="utf-8")
    res = run("verdict", str(cid), "unsourced", "--guidelines", str(own))
    assert "cited evidence for 'unsourced'" in res.stderr
    assert run("verdict", str(cid), "supported", "--guidelines", str(own)).stderr == ""
    assert len(json.loads(run("verdicts", "--history", "--format", "json").stdout)) == 4


def test_citing_only_a_syndicated_copy_warns(engine: Engine, run) -> None:  # noqa: ANN001
    db = build_review_db(engine)
    cid = db.claim_ids[3]  # its evidence 2 comes from a syndicated copy (same_source)
    res = run("verdict", str(cid), "supported", "--cite", "2")
    assert res.exit_code == 0
    assert "syndicated copy" in res.stderr and "independent" in res.stderr


def _agreement(run, path: Path) -> dict:  # noqa: ANN001
    res = run("agreement", "--input", str(path), "--format", "json", db=False)
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def test_agreement_reads_verdicts_output_as_it_is(
    engine: Engine,
    run,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    db = build_review_db(engine)
    a, b = db.claim_ids[:2]
    for cid, who, label in ((a, "ana", "unsourced"), (a, "ben", "unsourced")):
        run("verdict", str(cid), label, "--reviewer", who)
    for cid, who, label in ((b, "ana", "unsourced"), (b, "ben", "conflicting")):
        run("verdict", str(cid), label, "--reviewer", who)
    from_db = json.loads(run("agreement", "--format", "json").stdout)
    for fmt, suffix in (("csv", ".csv"), ("json", ".json")):
        path = tmp_path / f"verdicts{suffix}"
        path.write_text(run("verdicts", "--format", fmt).stdout, encoding="utf-8")
        got = _agreement(run, path)
        assert got["items"] == from_db["items"] == 2, fmt
        assert got["percent_agreement"] == from_db["percent_agreement"] == 0.5
    # history: ben's later verdict on b wins; his retraction on a withdraws that one
    run("verdict", str(b), "unsourced", "--reviewer", "ben")
    retract = tmp_path / "retract.jsonl"
    retract.write_text(
        json.dumps({"claim_id": a, "reviewer": "ben", "retraction": True}) + "\n", "utf-8"
    )
    assert run("verdicts", "import", str(retract)).exit_code == 0
    from_db = json.loads(run("agreement", "--format", "json").stdout)
    assert from_db["percent_agreement"] == 1.0
    for fmt in ("csv", "json"):
        path = tmp_path / f"history.{fmt}"
        path.write_text(run("verdicts", "--history", "--format", fmt).stdout, encoding="utf-8")
        got = _agreement(run, path)
        assert got["percent_agreement"] == 1.0, fmt
        assert (got["items"], got["ratings"]) == (from_db["items"], from_db["ratings"]) == (2, 3)
