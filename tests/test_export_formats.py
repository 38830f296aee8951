"""Each export format, from records built over the standard desk, checked against its spec."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from export_fixtures import DeskBuilder, build_desk
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify import __version__
from cpec_verify.export.csv_rows import COLUMNS, write_csv
from cpec_verify.export.jsonl import write_json_array, write_jsonl
from cpec_verify.export.label_studio import labelling_config
from cpec_verify.export.records import build_record
from cpec_verify.export.schema import schema_json
from cpec_verify.export.spreadsheet import safe_cell
from cpec_verify.export.yaml_docs import write_yaml
from cpec_verify.labels import LABELS
from cpec_verify.store.queries.export_query import iter_export_rows
from cpec_verify.store.queries.status import STATUSES

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def _records(
    engine: Engine, *, statuses: tuple[str, ...] = ("agreed", "adjudicated"), text: bool = False
) -> list[dict]:
    with Session(engine) as s:
        rows = iter_export_rows(s, statuses=statuses, with_article_text=text)
        return [build_record(r, tool_version=__version__) for r in rows]


@pytest.fixture
def records(engine: Engine) -> list[dict]:
    build_desk(engine)
    return _records(engine, statuses=STATUSES)


def _schema() -> dict:
    return json.loads((SCHEMAS / "export-record.schema.json").read_text())


def test_shipped_schema_is_the_one_in_code() -> None:
    assert (SCHEMAS / "export-record.schema.json").read_text() == schema_json()
    jsonschema.Draft202012Validator.check_schema(_schema())


def test_jsonl_validates_with_the_shipped_schema(records: list[dict]) -> None:
    buf = io.StringIO()
    assert write_jsonl(records, buf) == len(records)
    validator = jsonschema.Draft202012Validator(_schema())
    lines = buf.getvalue().splitlines()
    assert len(lines) == 6
    for line in lines:
        validator.validate(json.loads(line))


def test_schema_rejects_a_broken_record(records: list[dict]) -> None:
    broken = dict(records[0], label="true")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, _schema(), cls=jsonschema.Draft202012Validator)


def test_yaml_is_a_document_per_record(records: list[dict]) -> None:
    buf = io.StringIO()
    write_yaml(records, buf)
    docs = list(yaml.safe_load_all(buf.getvalue()))
    assert docs == records
    validator = jsonschema.Draft202012Validator(_schema())
    for doc in docs:
        validator.validate(doc)


def test_json_array_streams_valid_json() -> None:
    for items in ([], [{"a": 1}], [{"a": 1}, {"b": "[/x]"}]):
        buf = io.StringIO()
        write_json_array(items, buf)
        assert json.loads(buf.getvalue()) == items


def test_csv_one_row_per_claim_with_formula_guard(engine: Engine) -> None:
    built = build_desk(engine)
    with Session(engine) as s:
        b = DeskBuilder(s)
        b.built = built
        b.verdict("unreviewed", "ana", "unsourced")
        b.verdict("unreviewed", "ben", "unsourced")
        s.commit()
    buf = io.StringIO()
    assert write_csv(_records(engine), buf) == 3
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 3
    first = rows[0]
    assert first["evidence"] == (
        "A wire report said 1,200 trucks crossed daily. | The monitor counted 1,150 trucks."
    )
    assert first["verdicts"] == "ana=supported (wire confirms); ben=supported"
    assert first["labels"] == "supported=2" and first["unanimous"] == "yes"
    assert [json.loads(r["quantities"]) for r in rows] == [
        [{"value": 1200, "unit": "trucks/day"}],
        [],  # no figures: still valid JSON
        [],
    ]
    guarded = next(r for r in rows if "HYPERLINK" in r["claim"])
    assert guarded["claim"].startswith("'=HYPERLINK")
    assert safe_cell("-5 percent") == "'-5 percent" and safe_cell("5") == "5"


def test_label_studio_config_is_shipped_and_matches_tasks() -> None:
    shipped = (SCHEMAS / "label-studio-config.xml").read_text()
    assert shipped == labelling_config()
    root = ET.fromstring(shipped)
    names = {el.get("name"): el for el in root.iter() if el.get("name")}
    assert names["text"].tag == "Text" and names["text"].get("value") == "$text"
    assert names["claim"].tag == "Labels" and names["claim"].get("toName") == "text"
    assert names["verdict"].tag == "Choices"
    assert [c.get("value") for c in names["verdict"]] == list(LABELS)


def test_csv_bom_for_spreadsheets(records: list[dict]) -> None:
    plain, marked = io.StringIO(), io.StringIO()
    write_csv(records, plain)
    write_csv(records, marked, bom=True)
    assert marked.getvalue() == "\ufeff" + plain.getvalue()
    raw = marked.getvalue().encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS and any("🚀" in r["claim"] for r in rows)


def test_spreadsheet_rule_round_trips_every_formula_start() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from cpec_verify.export.spreadsheet import FORMULA_START, read_cell

    @given(st.text(alphabet=st.sampled_from(["'", *FORMULA_START, "a", "1", " "])))
    def check(text: str) -> None:
        cell = safe_cell(text)
        assert not cell.startswith(FORMULA_START)
        assert read_cell(cell) == text

    check()
