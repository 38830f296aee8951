"""``cpec-verify export``: options, atomic output, validation and clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from export_fixtures import DeskBuilder, build_desk
from sqlmodel import Session

from cpec_verify.store.db import get_engine


@pytest.fixture
def desk(db_path: Path):
    return build_desk(get_engine(str(db_path)))


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_default_is_jsonl_of_final_claims_to_stdout(run, desk) -> None:
    result = run("export")
    assert result.exit_code == 0, result.stderr
    assert [r["status"] for r in _lines(result.stdout)] == ["agreed", "adjudicated"]
    assert "exported 2 claim(s) as jsonl to stdout" in result.stderr


def test_status_filter_and_out_file(run, desk, tmp_path: Path) -> None:
    target = tmp_path / "out" / "set.jsonl"
    target.parent.mkdir()
    result = run("export", "--status", "disputed,in_review", "--out", str(target), "--validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    records = _lines(target.read_text())
    assert sorted(r["status"] for r in records) == ["disputed", "in_review", "in_review"]
    assert all(r["label"] is None for r in records)
    assert list(target.parent.iterdir()) == [target]  # no temporary file left


def _poison(db_path: Path, desk) -> None:
    """A verdict label outside the vocabulary: only schema validation catches it."""
    with Session(get_engine(str(db_path))) as s:
        b = DeskBuilder(s)
        b.built = desk
        b.verdict("adjudicated", "cy", "true")
        s.commit()


def test_failed_export_leaves_no_half_file(run, desk, db_path: Path, tmp_path: Path) -> None:
    _poison(db_path, desk)
    target = tmp_path / "set.jsonl"
    target.write_text("previous export\n")
    result = run("export", "--out", str(target), "--validate")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: record 2 (claim ")
    assert "label" in result.stderr and "Traceback" not in result.stderr
    assert target.read_text() == "previous export\n"  # untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    unchecked = run("export", "--out", str(target))  # without --validate it is written
    assert unchecked.exit_code == 0 and len(target.read_text().splitlines()) == 2


@pytest.mark.parametrize("fmt", ["csv", "yaml", "fever", "label-studio"])
def test_every_format_runs(run, desk, fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"x.{fmt}"
    result = run("export", "--format", fmt, "--out", str(target), "--validate")
    assert result.exit_code == 0, result.stderr
    assert target.stat().st_size > 0


def test_claimreview_needs_a_publisher_and_its_url(run, desk, monkeypatch) -> None:
    refused = run("export", "--format", "claimreview")
    assert refused.exit_code == 2 and "--publisher" in refused.stderr
    monkeypatch.setenv("CPEC_VERIFY_PUBLISHER", "Desk [/x]")
    no_url = run("export", "--format", "claimreview")
    assert no_url.exit_code == 2 and no_url.stdout == ""
    assert no_url.stderr.startswith("error: claimreview needs --publisher-url URL")
    for bad in ("desk.example/checks", "ftp://desk.example", "javascript:alert(1)", "https://"):
        result = run("export", "--format", "claimreview", "--publisher-url", bad)
        assert result.exit_code == 2, bad
        assert result.stderr.startswith("error: --publisher-url:") and "http(s)" in result.stderr
    monkeypatch.setenv("CPEC_VERIFY_PUBLISHER_URL", "https://desk.example/checks")
    ok = run("export", "--format", "claimreview")
    assert ok.exit_code == 0, ok.stderr
    reviews = json.loads(ok.stdout)
    assert reviews[0]["author"]["name"] == "Desk [/x]"
    assert all(r["url"].startswith("https://desk.example/checks#claim-") for r in reviews)


def test_format_options_belong_to_their_format(run, desk, tmp_path: Path) -> None:
    for args, needle in (
        (("--bom",), "--bom applies to --format csv only"),
        (("--format", "csv", "--pages", str(tmp_path / "p.jsonl")), "--pages applies"),
        (("--allow-unevidenced",), "--allow-unevidenced applies to --format fever only"),
        (("--short-claims",), "--short-claims applies to --format claimreview only"),
        (("--format", "csv", "--no-text"), "--no-text applies to --format jsonl or yaml only"),
        (("--format", "fever", "--pages", "-"), "--pages needs a file of its own"),
    ):
        result = run("export", *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stderr.startswith("error:") and needle in result.stderr, result.stderr


def test_csv_bom_from_the_cli(run, desk, tmp_path: Path) -> None:
    target = tmp_path / "claims.csv"
    assert run("export", "--format", "csv", "--bom", "--out", str(target)).exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,status,label,claim")


def test_refusals_are_one_line(run, desk, tmp_path: Path) -> None:
    for args, needle in (
        (("--status", "done"), "unknown status done"),
        (("--format", "fever", "--status", "disputed"), "needs a final label"),
        (("--out", str(tmp_path)), "is a directory"),
        (("--format", "xml"), "xml"),
    ):
        result = run("export", *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stderr.startswith("error:") and needle in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_format_matches_its_shipped_schema(run, desk, db_path: Path, tmp_path: Path) -> None:
    with Session(get_engine(str(db_path))) as s:  # an agreed NOT ENOUGH INFO as well
        b = DeskBuilder(s)
        b.built = desk
        b.verdict("unreviewed", "ana", "unsourced")
        b.verdict("unreviewed", "ben", "unsourced")
        s.commit()
    out = {f: tmp_path / f"x.{f}" for f in ("fever", "pages", "claimreview", "label-studio")}
    assert (
        run(
            "export",
            "--format",
            "fever",
            "--out",
            str(out["fever"]),
            "--pages",
            str(out["pages"]),
            "--allow-unevidenced",
        ).exit_code
        == 0
    )
    assert (
        run(
            "export",
            "--format",
            "claimreview",
            "--publisher",
            "Desk",
            "--publisher-url",
            "https://desk.example/",
            "--out",
            str(out["claimreview"]),
        ).exit_code
        == 0
    )
    assert (
        run(
            "export",
            "--format",
            "label-studio",
            "--status",
            "agreed,adjudicated,disputed,in_review",
            "--out",
            str(out["label-studio"]),
        ).exit_code
        == 0
    )
    fever = [json.loads(line) for line in out["fever"].read_text().splitlines()]
    assert {i["label"] for i in fever} == {"SUPPORTS", "REFUTES", "NOT ENOUGH INFO"}
    for item in fever:
        _validator("fever.schema.json").validate(item)
    for page in out["pages"].read_text().splitlines():
        _validator("fever-pages.schema.json").validate(json.loads(page))
    _validator("claimreview.schema.json").validate(json.loads(out["claimreview"].read_text()))
    _validator("label-studio-tasks.schema.json").validate(
        json.loads(out["label-studio"].read_text())
    )
    broken = json.loads(out["fever"].read_text().splitlines()[0])
    broken["id"] = str(broken["id"])
    assert not _validator("fever.schema.json").is_valid(broken)
