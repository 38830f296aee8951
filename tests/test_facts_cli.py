"""``cpec-verify facts`` on a small desk of our own: a story, its syndicated copy, two others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

STORY = """\
The Harbour Bridge will cost $31 million, the transport ministry said on Monday.

Work on the bridge is due to start in the spring."""

COPY = STORY.replace("said on Monday", "said on Monday, according to officials")

AGREES = """\
Engineers said the Harbour Bridge would cost $31 million in total.

The Northfield Dam will generate 600 MW when it opens."""

OUTLIER = """\
The cost of the Harbor Bridge is $29 million, a watchdog report said.

The Northfield Dam will generate 600 MW, the report added."""


def _desk(folder: Path, *extra: dict) -> Path:
    records = [
        {"title": "Bridge costs set", "url": "https://harbour-post.example/a",
         "outlet": "Harbour Post", "published": "2025-03-03", "text": STORY},
        {"title": "Bridge costs set", "url": "https://wire.example/b",
         "outlet": "Coast Wire", "published": "2025-03-04", "text": COPY},
        {"title": "Bridge and dam", "url": "https://engineers.example/c",
         "outlet": "Engineering Weekly", "published": "2025-03-05", "text": AGREES},
        {"title": "Watchdog report", "url": "https://watchdog.example/d",
         "outlet": "Watchdog <b>[red]Daily[/red]</b>\x1b[31m", "published": "2025-03-06",
         "text": OUTLIER},
        *extra,
    ]  # fmt: skip
    path = folder / "desk.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def desk(run, tmp_path: Path):  # noqa: ANN001, ANN201
    result = run("import", str(_desk(tmp_path)))
    assert result.exit_code == 0, result.stderr
    return run


def _groups(run, *args: str) -> list[dict]:  # noqa: ANN001
    result = run("facts", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_holds_every_value_with_its_provenance_and_copies_count_once(desk) -> None:  # noqa: ANN001
    bridge = [g for g in _groups(desk) if "Bridge" in g["subject"]]
    assert len(bridge) == 1
    g = bridge[0]
    assert {"id", "what", "subject", "dimension", "unit", "status", "spread", "values"} <= set(g)
    assert (g["what"], g["dimension"], g["unit"], g["status"]) == (
        "cost",
        "money",
        "USD",
        "conflicting",
    )
    assert g["spread"] == round(100 * 2 / 29, 1)
    assert g["sources"] == 3  # the story and its copy count once; the engineers; the watchdog
    v = g["values"][0]
    assert {
        "value",
        "unit",
        "text",
        "claim_id",
        "article_id",
        "outlet",
        "published",
        "scope",
        "when",
    } <= set(v)
    outlets = {x["outlet"] for x in g["values"] if x["value"] == 31e6}
    assert outlets == {"Harbour Post", "Coast Wire", "Engineering Weekly"}
    low = [x for x in g["values"] if x["value"] == 29e6]
    assert len(low) == 1 and low[0]["published"] == "2025-03-06" and "watchdog" in low[0]["text"]


def test_conflicting_lists_only_conflicts_largest_spread_first(desk, tmp_path: Path) -> None:  # noqa: ANN001
    more = {"title": "Bridge far dearer", "outlet": "Gazette", "published": "2025-04-01",
            "text": "The Harbour Bridge will cost $45 million, the gazette said.\n\n"
                    "The Northfield Dam will generate 750 MW, it added."}  # fmt: skip
    path = tmp_path / "more.jsonl"
    path.write_text(json.dumps(more) + "\n", encoding="utf-8")
    assert desk("import", str(path)).exit_code == 0
    groups = _groups(desk, "--conflicting")
    assert groups and all(g["status"] == "conflicting" for g in groups)
    spreads = [g["spread"] for g in groups]
    assert spreads == sorted(spreads, reverse=True)
    assert "Bridge" in groups[0]["subject"]  # $29m to $45m beats 600 MW to 750 MW


def test_subject_filter_matches_other_spellings(desk) -> None:  # noqa: ANN001
    dam = _groups(desk, "--subject", "northfield")
    assert [g["subject"] for g in dam] == ["Northfield Dam"] and dam[0]["status"] == "consistent"
    assert _groups(desk, "--subject", "Harbor Bridge")[0]["subject"].endswith("Bridge")
    assert _groups(desk, "--subject", "Nowhere Tunnel") == []


def test_table_and_markdown_show_values_with_source_counts_and_no_markup(desk) -> None:  # noqa: ANN001
    table = desk("facts")
    assert table.exit_code == 0, table.stderr
    assert "Bridge" in table.stdout and "conflicting" in table.stdout and "$31" in table.stdout
    md = desk("facts", "--format", "markdown")
    assert md.exit_code == 0
    lines = md.stdout.splitlines()
    assert lines[0].startswith("| id | what | subject |")
    assert any(
        "$31m in 2 sources; $29m in 1 source" in line and "conflicting" in line for line in lines
    )
    js = desk("facts", "--format", "json").stdout
    assert "\x1b" not in table.stdout + md.stdout + js
    assert "[red]Daily[/red]" in js  # the outlet's text kept as data, never read as markup


def test_regrouping_keeps_group_ids(desk, tmp_path: Path) -> None:  # noqa: ANN001
    before = {g["subject"]: g["id"] for g in _groups(desk)}
    path = tmp_path / "late.jsonl"
    path.write_text(
        json.dumps({"title": "Late", "text": "The Eastline Railway will cost $2 billion."}) + "\n"
    )
    assert desk("import", str(path)).exit_code == 0
    after = {g["subject"]: g["id"] for g in _groups(desk)}
    assert all(after[s] == i for s, i in before.items())
    assert "Eastline Railway" in after


def test_empty_database_says_so(run) -> None:  # noqa: ANN001
    assert run("init").exit_code == 0
    assert "no fact groups" in run("facts").stdout
    assert _groups(run) == []


def test_export_facts_writes_valid_jsonl_with_labels_and_provenance(desk, tmp_path: Path) -> None:  # noqa: ANN001
    from jsonschema import Draft202012Validator

    from cpec_verify.export.facts import schema_json

    schema_file = Path(__file__).parents[1] / "schemas" / "facts.schema.json"
    assert schema_file.read_text(encoding="utf-8") == schema_json()  # regenerate when it moves
    bridge = next(g for g in _groups(desk) if "Bridge" in g["subject"])
    low = next(v for v in bridge["values"] if v["value"] == 29e6)
    for who in ("ana", "ben"):
        assert (
            desk("verdict", str(low["claim_id"]), "conflicting", "--reviewer", who).exit_code == 0
        )
    out = tmp_path / "facts.jsonl"
    result = desk("export", "--format", "facts", "--validate", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "exported 2 fact group(s)" in result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    validator = Draft202012Validator(json.loads(schema_file.read_text(encoding="utf-8")))
    for line in lines:
        assert not list(validator.iter_errors(line))
    exported = next(g for g in lines if g["id"] == bridge["id"])
    labelled = {v["claim_id"]: v["final_label"] for v in exported["values"]}
    assert labelled[low["claim_id"]] == "conflicting"
    assert sum(1 for label in labelled.values() if label is None) == len(labelled) - 1
    assert all(v["url"] for v in exported["values"])


def test_export_facts_refuses_options_of_other_formats(desk) -> None:  # noqa: ANN001
    for args in (("--status", "agreed"), ("--bom",), ("--no-text",)):
        result = desk("export", "--format", "facts", *args)
        assert result.exit_code != 0
        assert result.stderr.startswith("error:") and "facts" in result.stderr
