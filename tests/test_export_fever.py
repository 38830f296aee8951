"""FEVER export: integer ids, FEVER-shaped evidence resolving into exported pages, strict 1.000."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from export_fixtures import DeskBuilder, build_desk
from fever_scorer import perfect_prediction, strict_score
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify import __version__
from cpec_verify.export.fever import FEVER_LABELS, fever_id, write_fever
from cpec_verify.export.records import build_record
from cpec_verify.store.db import get_engine
from cpec_verify.store.queries.export_query import iter_export_rows


def _desk_with_unevidenced(engine: Engine) -> None:
    """The standard desk plus an agreed NOT ENOUGH INFO and an agreed SUPPORTS citing nothing.

    Its adjudicated claim (REFUTES) has no cited evidence either.
    """
    built = build_desk(engine)
    with Session(engine) as s:
        b = DeskBuilder(s)
        b.built = built
        b.verdict("unreviewed", "ana", "unsourced")
        b.verdict("unreviewed", "ben", "unsourced")
        b.verdict("retracted", "ben", "supported")
        b.verdict("retracted", "ana", "supported")
        s.commit()


def _records(engine: Engine) -> list[dict]:
    with Session(engine) as s:
        return [build_record(r, tool_version=__version__) for r in iter_export_rows(s)]


def _write(records: list[dict], **kw) -> tuple[list[dict], dict[str, dict], list[str]]:
    out, pages, warnings = io.StringIO(), io.StringIO(), []
    write_fever(records, out, pages=pages, warn=warnings.append, **kw)
    items = [json.loads(line) for line in out.getvalue().splitlines()]
    book = {p["id"]: p for p in map(json.loads, pages.getvalue().splitlines())}
    return items, book, warnings


def test_label_mapping() -> None:
    assert FEVER_LABELS == {
        "supported": "SUPPORTS",
        "conflicting": "REFUTES",
        "unsourced": "NOT ENOUGH INFO",
    }


def test_ids_are_stable_integers(engine: Engine) -> None:
    _desk_with_unevidenced(engine)
    records = _records(engine)
    items, _, _ = _write(records, allow_unevidenced=True)
    by_claim = {r["claim"]["text"]: r["id"] for r in records}
    for item in items:
        assert type(item["id"]) is int and 0 <= item["id"] < 2**53
        assert item["id"] == fever_id(by_claim[item["claim"]])
        for group in item["evidence"]:
            for ann, ev, _page, _line in group:
                assert type(ann) is int and type(ev) is int
    assert len({i["id"] for i in items}) == len(items)
    again, _, _ = _write(records, allow_unevidenced=True)
    assert again == items
    assert fever_id("0123456789abcdef:1:0-10") == int(
        __import__("hashlib").sha256(b"0123456789abcdef:1:0-10").hexdigest()[:13], 16
    )


def test_not_enough_info_evidence_shape(engine: Engine) -> None:
    _desk_with_unevidenced(engine)
    items, _, _ = _write(_records(engine))
    nei = next(i for i in items if i["label"] == "NOT ENOUGH INFO")
    assert len(nei["evidence"]) == 2  # one per reviewer behind the label
    for group in nei["evidence"]:
        (item,) = group
        ann, ev, page, line = item
        assert isinstance(ann, int) and isinstance(ev, int) and page is None and line is None


def test_evidence_ids_are_lines_of_the_exported_pages(engine: Engine) -> None:
    _desk_with_unevidenced(engine)
    records = _records(engine)
    items, book, _ = _write(records)
    supports = next(i for i in items if i["label"] == "SUPPORTS")
    record = next(r for r in records if fever_id(r["id"]) == supports["id"])
    cited = {e["key"]: e for e in record["evidence"]}
    for page in book.values():
        assert set(page) == {"id", "text", "lines"}
        lines = page["lines"].split("\n")
        assert [ln.split("\t")[0] for ln in lines] == [str(i) for i in range(len(lines))]
        assert page["text"] == " ".join(ln.split("\t", 1)[1] for ln in lines)
    resolved = set()
    for group in supports["evidence"]:
        for _ann, _ev, page, line in group:
            number, sentence = book[page]["lines"].split("\n")[line].split("\t", 1)
            assert int(number) == line
            resolved.add(sentence)
    assert resolved == {e["text"] for e in cited.values()}
    assert (
        supports["evidence"][1][1][2]
        == cited[record["verdicts"][1]["evidence"][1]]["article"]["key"]
    )


def test_unevidenced_claims_are_left_out_with_a_warning(engine: Engine) -> None:
    _desk_with_unevidenced(engine)
    records = _records(engine)
    items, _, warnings = _write(records)
    assert sorted(i["label"] for i in items) == ["NOT ENOUGH INFO", "SUPPORTS"]
    assert len(warnings) == 1 and "left out 2 SUPPORTS/REFUTES claim(s)" in warnings[0]
    assert "--allow-unevidenced" in warnings[0]
    kept, _, kept_warnings = _write(records, allow_unevidenced=True)
    assert len(kept) == 4 and "kept 2" in kept_warnings[0]
    assert sum(1 for i in kept if i["evidence"] == []) == 2


def test_a_perfect_system_scores_strict_one(engine: Engine) -> None:
    """Default options on a database holding agreed claims without evidence."""
    _desk_with_unevidenced(engine)
    items, book, _ = _write(_records(engine))
    assert {i["label"] for i in items} == {"SUPPORTS", "NOT ENOUGH INFO"}
    preds = [perfect_prediction(i) for i in items]
    assert strict_score(items, preds) == 1.0
    for pred in preds:  # every predicted pair resolves in the pages file
        for page, line in pred["predicted_evidence"]:
            assert 0 <= line < len(book[page]["lines"].split("\n"))
    wrong = [dict(p, predicted_evidence=[]) for p in preds]
    assert strict_score(items, wrong) == 0.5  # the scorer really checks evidence
    everything, _, _ = _write(_records(engine), allow_unevidenced=True)
    assert strict_score(everything, [perfect_prediction(i) for i in everything]) == 0.5


def test_no_final_label_is_refused(engine: Engine) -> None:
    build_desk(engine)
    with Session(engine) as s:
        rows = iter_export_rows(s, statuses=("disputed",))
        record = build_record(next(iter(rows)), tool_version=__version__)
    with pytest.raises(ValueError, match="no final label"):
        write_fever([record], io.StringIO())


def test_cli_writes_pages_beside_the_claims(run, db_path: Path, tmp_path: Path) -> None:
    _desk_with_unevidenced(get_engine(str(db_path)))
    out, pages = tmp_path / "claims.jsonl", tmp_path / "pages.jsonl"
    result = run("export", "--format", "fever", "--out", str(out), "--pages", str(pages))
    assert result.exit_code == 0, result.stderr
    assert "warning: left out 2 SUPPORTS/REFUTES claim(s)" in result.stderr
    assert "exported 2 claim(s) as fever" in result.stderr
    items = [json.loads(line) for line in out.read_text().splitlines()]
    book = {p["id"]: p for p in map(json.loads, pages.read_text().splitlines())}
    assert strict_score(items, [perfect_prediction(i) for i in items]) == 1.0
    assert all(e[2] in book for i in items for g in i["evidence"] for e in g if e[2])
