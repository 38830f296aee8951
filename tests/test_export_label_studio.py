"""Label Studio tasks: code-point spans, one annotation per verdict, the adjudication apart."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from export_fixtures import DeskBuilder, build_desk
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify import __version__
from cpec_verify.export.label_studio import completed_by, labelling_config, task, write_label_studio
from cpec_verify.export.records import build_record
from cpec_verify.store.db import get_engine
from cpec_verify.store.queries.export_query import iter_export_rows

WIDE = [
    "Crowds cheered 🚆🇵🇰 as the first train left.",
    "漢字の見出し: the line cost 3 billion yuan.",
    "Cafe\u0301 owners said 12 shops reopened.",
    "The new line moved 9,000 passengers on day one.",
]


def _tasks(engine: Engine, **kw) -> tuple[list[dict], list[dict]]:
    with Session(engine) as s:
        rows = iter_export_rows(s, statuses=("agreed", "adjudicated"), with_article_text=True)
        records = [build_record(r, tool_version=__version__) for r in rows]
    buf = io.StringIO()
    write_label_studio(records, buf, **kw)
    return json.loads(buf.getvalue()), records


def _wide_desk(engine: Engine) -> None:
    with Session(engine) as s:
        b = DeskBuilder(s)
        b.article("wide", WIDE, url="https://ledger.example/wide")
        for i, frag in enumerate(
            ("the first train left", "3 billion yuan", "12 shops reopened", "9,000 passengers")
        ):
            b.claim(f"c{i}", "wide", i, frag)
            b.verdict(f"c{i}", "ana", "supported", note="seen elsewhere")
            b.verdict(f"c{i}", "ben", "supported")
        s.commit()


def test_spans_are_code_points_past_emoji_flags_cjk_and_combining_marks(engine: Engine) -> None:
    _wide_desk(engine)
    tasks, _ = _tasks(engine)
    assert len(tasks) == 4
    for t in tasks:
        text = t["data"]["text"]
        for ann in t["annotations"]:
            span = ann["result"][0]["value"]
            # Label Studio's rule: the offset is the index into the string of code points
            assert text[span["start"] : span["end"]] == span["text"] == t["data"]["claim"]
            assert span["start"] == text.index(t["data"]["claim"])
    train = next(t for t in tasks if t["data"]["claim"] == "the first train left")
    span = train["annotations"][0]["result"][0]["value"]
    assert (span["start"], span["end"]) == (22, 42)  # "🚆🇵🇰": 3 code points (6 UTF-16 units)
    assert len(train["data"]["text"][:22].encode("utf-16-le")) // 2 == 25  # what we must not send


def test_label_studios_own_example() -> None:
    """Its test "Should calculate offsets by code points": "test" starts at 21, not 22."""
    text = "🐱 Warning: This is a test text"
    record = {
        "id": "0:1:21-25",
        "status": "agreed",
        "label": "supported",
        "claim": {"text": "test", "start": 21, "end": 25},
        "article": {"text": text, "key": "k", "sha256": "0" * 64, "title": "t"},
        "evidence": [],
        "verdicts": [{"reviewer": "ana", "label": "supported", "note": None}],
        "adjudication": None,
    }
    value = task(record)["annotations"][0]["result"][0]["value"]
    assert (value["start"], value["end"]) == (21, 25)
    record["claim"]["start"] = 22
    with pytest.raises(ValueError, match="do not select"):
        task(record)


@given(st.text(), st.data())
def test_any_text_span_round_trips_through_json(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    record = {
        "id": "x",
        "status": "agreed",
        "label": "supported",
        "claim": {"text": text[start:end], "start": start, "end": end},
        "article": {"text": text, "key": "k", "sha256": "0" * 64, "title": "t"},
        "evidence": [],
        "verdicts": [{"reviewer": "ana", "label": "supported", "note": None}],
        "adjudication": None,
    }
    back = json.loads(json.dumps(task(record), ensure_ascii=False))
    value = back["annotations"][0]["result"][0]["value"]
    assert back["data"]["text"][value["start"] : value["end"]] == text[start:end]


def test_each_verdict_is_an_annotation_by_its_reviewer(engine: Engine) -> None:
    build_desk(engine)
    warnings: list[str] = []
    users = {"ana": "ana@desk.example", "ben": 7, "lea": "lea@desk.example"}
    tasks, records = _tasks(engine, annotators=users, warn=warnings.append)
    assert warnings == []
    config = ET.fromstring(labelling_config())
    controls = {el.get("name"): el.tag.lower() for el in config.iter() if el.get("toName")}
    for t, rec in zip(tasks, records, strict=True):
        verdicts = [a for a in t["annotations"] if not a["ground_truth"]]
        assert len(verdicts) == len(rec["verdicts"])
        for ann, v in zip(verdicts, rec["verdicts"], strict=True):
            assert ann["completed_by"] == completed_by(users[v["reviewer"]])
            by_name = {r["from_name"]: r["value"] for r in ann["result"]}
            assert by_name["verdict"] == {"choices": [v["label"]]}
            assert by_name["reviewer"] == {"text": [v["reviewer"]]}
            for r in ann["result"]:
                assert controls[r["from_name"]] == r["type"] and r["to_name"] == "text"
    assert tasks[0]["annotations"][0]["completed_by"] == {"email": "ana@desk.example"}
    assert tasks[0]["annotations"][1]["completed_by"] == 7


def test_adjudication_is_a_separate_ground_truth_annotation(engine: Engine) -> None:
    build_desk(engine)
    tasks, _ = _tasks(engine, annotators={"lea": "lea@desk.example"})
    agreed, adjudicated = tasks
    assert not any(a["ground_truth"] for a in agreed["annotations"])
    gt = [a for a in adjudicated["annotations"] if a["ground_truth"]]
    assert len(gt) == 1 and len(adjudicated["annotations"]) == 3
    (lead,) = gt
    assert lead["completed_by"] == {"email": "lea@desk.example"}
    values = {r["from_name"]: r["value"] for r in lead["result"]}
    assert values["verdict"] == {"choices": ["conflicting"]}
    assert values["adjudication"] == {
        "text": ["adjudicated conflicting by lea: no outlet repeats 2.5 million"]
    }
    assert adjudicated["data"]["final_label"] == "conflicting"


def test_unmapped_reviewers_are_named_once(engine: Engine) -> None:
    build_desk(engine)
    warnings: list[str] = []
    tasks, _ = _tasks(engine, annotators={"ana": 3}, warn=warnings.append)
    assert len(warnings) == 1 and "ben, lea" in warnings[0] and "--annotators" in warnings[0]
    assert all(
        "completed_by" not in a for t in tasks for a in t["annotations"][1:]
    )  # ben and lea: none


def test_cli_names_the_upload_error_for_other_suffixes(run, db_path: Path, tmp_path: Path) -> None:
    build_desk(get_engine(str(db_path)))
    users = tmp_path / "users.yaml"
    users.write_text("ana: ana@desk.example\nben: 4\nlea: lea@desk.example\n")
    good = run(
        "export",
        "--format",
        "label-studio",
        "--out",
        str(tmp_path / "tasks.json"),
        "--annotators",
        str(users),
    )
    assert good.exit_code == 0, good.stderr
    assert "warning" not in good.stderr
    odd = run(
        "export",
        "--format",
        "label-studio",
        "--out",
        str(tmp_path / "tasks.label-studio"),
        "--annotators",
        str(users),
    )
    assert odd.exit_code == 0
    assert '".label-studio extension is not supported"' in odd.stderr
    assert "tasks.json" in odd.stderr
    users.write_text("ana: [1, 2]\n")
    bad = run("export", "--format", "label-studio", "--annotators", str(users))
    assert bad.exit_code == 2 and bad.stderr.startswith("error:") and "'ana'" in bad.stderr
    wrong = run("export", "--format", "csv", "--annotators", str(users))
    assert wrong.exit_code == 2 and "label-studio only" in wrong.stderr
