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
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify import __version__
from cpec_verify.export.claimreview import Publisher, write_claimreview
from cpec_verify.export.csv_rows import COLUMNS, safe_cell, write_csv
from cpec_verify.export.fever import FEVER_LABELS, write_fever
from cpec_verify.export.jsonl import write_json_array, write_jsonl
from cpec_verify.export.label_studio import labelling_config, utf16_offset, write_label_studio
from cpec_verify.export.records import LABELS, build_record
from cpec_verify.export.schema import schema_json
from cpec_verify.export.yaml_docs import write_yaml
from cpec_verify.store.export_query import iter_export_rows
from cpec_verify.store.status import STATUSES

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
    guarded = next(r for r in rows if "HYPERLINK" in r["claim"])
    assert guarded["claim"].startswith("'=HYPERLINK")
    assert safe_cell("-5 percent") == "'-5 percent" and safe_cell("5") == "5"


def test_fever_mapping(records: list[dict]) -> None:
    assert FEVER_LABELS == {
        "supported": "SUPPORTS",
        "conflicting": "REFUTES",
        "unsourced": "NOT ENOUGH INFO",
    }
    final = [r for r in records if r["label"]]
    nei = dict(final[0], label="unsourced")
    buf = io.StringIO()
    write_fever([*final, nei], buf)
    items = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [set(i) for i in items] == [{"id", "claim", "label", "evidence"}] * 3
    assert [i["label"] for i in items] == ["SUPPORTS", "REFUTES", "NOT ENOUGH INFO"]
    sets = items[0]["evidence"]
    assert len(sets) == 2  # one evidence set per reviewer backing the label
    ann, ev, doc, sentence = sets[1][1]
    rec = final[0]
    assert rec["verdicts"][ann]["reviewer"] == "ben"
    assert doc == rec["evidence"][ev]["article"]["key"]
    assert sentence == rec["evidence"][ev]["start"]
    assert items[2]["evidence"] == [[[None, None, None, None]]]
    with pytest.raises(ValueError, match="no final label"):
        write_fever([r for r in records if r["label"] is None][:1], io.StringIO())


def test_claimreview_json_ld(records: list[dict]) -> None:
    buf = io.StringIO()
    final = [r for r in records if r["label"]]
    write_claimreview(final, buf, Publisher("Verification Desk", "https://desk.example"))
    reviews = json.loads(buf.getvalue())
    first, second = reviews
    assert first["@context"] == "https://schema.org" and first["@type"] == "ClaimReview"
    assert first["claimReviewed"] == final[0]["claim"]["text"]
    assert first["author"] == {
        "@type": "Organization",
        "name": "Verification Desk",
        "url": "https://desk.example",
    }
    rating = first["reviewRating"]
    assert rating["alternateName"] == "Supported" and rating["ratingValue"] == 3
    assert (rating["worstRating"], rating["bestRating"]) == (1, 3)
    item = first["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"][0]["url"] == "https://ledger.example/corridor"
    assert item["author"] == {"@type": "Person", "name": "the ministry"}
    assert first["datePublished"] == "2025-10-01"
    assert first["url"].startswith("https://desk.example#claim-")
    assert second["reviewRating"]["alternateName"] == "Conflicting"
    assert second["itemReviewed"]["author"]["name"] == "The Daily Ledger"  # no speaker
    assert second["reviewBody"] == "no outlet repeats 2.5 million"


def test_label_studio_config_is_shipped_and_matches_tasks() -> None:
    shipped = (SCHEMAS / "label-studio-config.xml").read_text()
    assert shipped == labelling_config()
    root = ET.fromstring(shipped)
    names = {el.get("name"): el for el in root.iter() if el.get("name")}
    assert names["text"].tag == "Text" and names["text"].get("value") == "$text"
    assert names["claim"].tag == "Labels" and names["claim"].get("toName") == "text"
    assert names["verdict"].tag == "Choices"
    assert [c.get("value") for c in names["verdict"]] == list(LABELS)


def test_label_studio_tasks(engine: Engine) -> None:
    build_desk(engine)
    recs = _records(engine, statuses=("agreed", "adjudicated", "in_review"), text=True)
    buf = io.StringIO()
    write_label_studio(recs, buf)
    tasks = json.loads(buf.getvalue())
    config = ET.fromstring(labelling_config())
    controls = {el.get("name"): el.tag.lower() for el in config.iter() if el.get("toName")}
    for task, rec in zip(tasks, recs, strict=True):
        text = task["data"]["text"]
        assert len(task["annotations"]) == len(rec["verdicts"])
        for ann in task["annotations"]:
            for result in ann["result"]:
                assert controls[result["from_name"]] == result["type"]
                assert result["to_name"] == "text"
        span = task["annotations"][0]["result"][0]["value"]
        # Label Studio counts UTF-16 code units: re-encode to check the span
        units = text.encode("utf-16-le")
        assert units[2 * span["start"] : 2 * span["end"]].decode("utf-16-le") == span["text"]
    emoji = next(t for t in tasks if "🚀" in t["data"]["claim"])
    span = emoji["annotations"][0]["result"][0]["value"]
    claim_rec = next(r for r in recs if "🚀" in r["claim"]["text"])
    assert span["end"] == claim_rec["claim"]["end"] + 1  # one astral character inside
    assert utf16_offset("a🚀b", 2) == 3 and utf16_offset("abc", 2) == 2


def test_label_studio_needs_article_text(records: list[dict]) -> None:
    with pytest.raises(ValueError, match="lacks article text"):
        write_label_studio(records[:1], io.StringIO())


@given(st.text(), st.data())
def test_utf16_offsets_match_an_encoder(text: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(text)))
    assert utf16_offset(text, index) == len(text[:index].encode("utf-16-le")) // 2
