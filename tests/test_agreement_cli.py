"""``cpec-verify agreement`` end to end: the database path, file input, errors and outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from agreement_data import KRIPP_2011, VALIDATOR
from sqlalchemy.engine import Engine

from cpec_verify.stats.agreement import compute_agreement
from cpec_verify.store.db import session_scope
from cpec_verify.store.entities.verdicts import add_verdict, retract_verdict
from cpec_verify.store.models import Article, Claim, Source
from cpec_verify.store.queries.agreement_query import latest_label_arrays

KRIPP = [
    (f"unit{i}", coder, v)
    for coder, row in KRIPP_2011.items()
    for i, v in enumerate(row.split())
    if v != "*"
]
S, C, U = "supported", "conflicting", "unsourced"


def _articles(engine: Engine, claims_per_article: tuple[int, ...]) -> list[list[int]]:
    """One source with an article per entry, each holding that many claims; their ids."""
    out: list[list[int]] = []
    with session_scope(engine) as s:
        src = Source(path="a.txt", sha256="0" * 64, size=10, format="txt")
        s.add(src)
        s.flush()
        assert src.id is not None
        for part, n in enumerate(claims_per_article, 1):
            art = Article(source_id=src.id, part=part, text="Output rose 5%.", chars=15)
            s.add(art)
            s.flush()
            assert art.id is not None
            claims = [Claim(article_id=art.id, start=0, end=15, text="Output rose 5%.")
                      for _ in range(n)]  # fmt: skip
            s.add_all(claims)
            s.flush()
            out.append([c.id for c in claims if c.id is not None])
    return out


def _verdicts(engine: Engine, rows: list[tuple[int, str, str | None]]) -> None:
    """(claim, reviewer, label) in order; label None retracts the reviewer's verdict."""
    with session_scope(engine) as s:
        for claim, reviewer, label in rows:
            if label is None:
                retract_verdict(s, claim_id=claim, reviewer=reviewer)
            else:
                add_verdict(s, claim_id=claim, reviewer=reviewer, label=label)


@pytest.fixture
def seeded(engine: Engine) -> dict[str, Any]:
    """Two articles; history with a revision and a retraction; the expected current ratings."""
    (a1, a2), (b1, b2) = _articles(engine, (2, 2))
    _verdicts(engine, [
        (a1, "ana", S), (a1, "ben", S), (a1, "cy", C),
        (a2, "ana", U), (a2, "ana", C), (a2, "ben", C), (a2, "cy", U),  # ana revises a2
        (b1, "ana", S), (b1, "ben", U), (b1, "cy", S), (b1, "ben", None),  # ben retracts b1
        (b2, "ana", C), (b2, "ben", C), (b2, "cy", C),
    ])  # fmt: skip
    current = [
        (a1, "ana", S), (a1, "ben", S), (a1, "cy", C), (a2, "ana", C), (a2, "ben", C),
        (a2, "cy", U), (b1, "ana", S), (b1, "cy", S), (b2, "ana", C), (b2, "ben", C),
        (b2, "cy", C),
    ]  # fmt: skip
    articles = {}
    with session_scope(engine) as s:
        for claim in (a1, b1):
            c = s.get(Claim, claim)
            assert c is not None
            articles[claim] = c.article_id
    return {
        "ratings": [(str(c), r, lab) for c, r, lab in current],
        "article_a": articles[a1],
        "article_b": articles[b1],
        "claims_a": (a1, a2),
    }


def _json(run: Any, *args: str, db: bool = True) -> dict[str, Any]:
    res = run("agreement", "--format", "json", *args, db=db)
    assert res.exit_code == 0, res.stderr
    result = json.loads(res.stdout)
    VALIDATOR.validate(result)
    return result


def _same_figures(got: dict[str, Any], want: dict[str, Any]) -> None:
    for key in ("items", "ratings", "reviewer_names", "labels", "percent_agreement",
                "fleiss_kappa", "krippendorff_alpha", "cohen_kappa", "per_label"):  # fmt: skip
        assert got[key] == pytest.approx(want[key]), key


def _error(res: Any, code: int, *fragments: str) -> None:
    assert res.exit_code == code, (res.exit_code, res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_database_uses_latest_verdicts_and_respects_retractions(run, seeded) -> None:
    result = _json(run)
    assert result["ratings"] == 11 and result["items"] == 4
    _same_figures(result, compute_agreement(seeded["ratings"]))


def test_store_function_returns_claim_ids_as_items(engine, seeded) -> None:
    with session_scope(engine) as s:
        enc = latest_label_arrays(s, reviewers=["ana", "cy"])
    got = sorted(
        (enc.items[i], enc.reviewers[r], enc.labels[x])
        for i, r, x in zip(enc.item_idx, enc.reviewer_idx, enc.label_idx, strict=True)
    )
    assert got == sorted(r for r in seeded["ratings"] if r[1] in ("ana", "cy"))


def test_reviewers_option_restricts_raters(run, seeded) -> None:
    result = _json(run, "--reviewers", "ana, cy")
    assert result["reviewer_names"] == ["ana", "cy"]
    want = compute_agreement([r for r in seeded["ratings"] if r[1] in ("ana", "cy")])
    _same_figures(result, want)
    _error(run("agreement", "--reviewers", "ana,zed"), 2, "zed")
    _error(run("agreement", "--reviewers", " , "), 2, "--reviewers")


def test_article_option_restricts_claims(run, seeded) -> None:
    result = _json(run, "--article", str(seeded["article_a"]))
    claims = {str(c) for c in seeded["claims_a"]}
    _same_figures(result, compute_agreement([r for r in seeded["ratings"] if r[0] in claims]))
    assert result["items"] == 2
    _error(run("agreement", "--article", "999"), 2, "no article with id 999")


def test_empty_database_gives_nulls_and_notes(run, engine) -> None:
    result = _json(run)
    assert result["ratings"] == 0 and result["krippendorff_alpha"] is None
    assert result["notes"][0] == "no current verdicts in the database"
    table = run("agreement")
    assert table.exit_code == 0 and "n/a" in table.stdout


def test_database_rejects_numeric_levels(run, seeded) -> None:
    _error(run("agreement", "--level", "interval"), 2, "nominal", "--input")


def _write_inputs(tmp_path: Path, ratings: list[tuple[str, str, str]]) -> tuple[Path, Path]:
    csv_path, jsonl_path = tmp_path / "r.csv", tmp_path / "r.jsonl"
    csv_path.write_text("item,reviewer,label\n" + "".join(f"{i},{r},{v}\n" for i, r, v in ratings))
    jsonl_path.write_text("".join(
        json.dumps({"item": i, "reviewer": r, "label": v}) + "\n" for i, r, v in ratings
    ))  # fmt: skip
    return csv_path, jsonl_path


def test_csv_and_jsonl_input_match_compute_agreement(run, tmp_path) -> None:
    csv_path, jsonl_path = _write_inputs(tmp_path, KRIPP)
    want = compute_agreement(KRIPP)
    for path in (csv_path, jsonl_path):
        _same_figures(_json(run, "--input", str(path), db=False), want)
    assert not (tmp_path / "db").exists()  # file input never creates a database
    subset = _json(run, "--input", str(csv_path), "--reviewers", "A,B", db=False)
    _same_figures(subset, compute_agreement([r for r in KRIPP if r[1] in "AB"]))


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_example_through_input(run, tmp_path, level, expected) -> None:
    csv_path, _ = _write_inputs(tmp_path, KRIPP)
    result = _json(run, "--input", str(csv_path), "--level", level, db=False)
    assert round(result["krippendorff_alpha"], 3) == expected


@pytest.mark.parametrize(
    ("name", "content", "code", "fragments"),
    [
        ("bad_row.csv", "item,reviewer,label\nu1,a,1\nu1,b\n", 1, ["bad_row.csv:3", "fields"]),
        ("no_label.csv", "item,reviewer\nu1,a\n", 1, ["no_label.csv:1", "label"]),
        ("empty.csv", "", 1, ["empty.csv:1", "empty"]),
        ("bad.jsonl", '{"item": "u1", "reviewer": "a", "label": "x"}\n{oops\n', 1,
         ["bad.jsonl:2", "JSON"]),
        ("latin1.csv", b"item,reviewer,label\nu1,a,1\nu\xe9,b,2\n", 1,
         ["latin1.csv:3", "UTF-8"]),
    ],
)  # fmt: skip
def test_bad_input_files_name_the_line(run, tmp_path, name, content, code, fragments) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    _error(run("agreement", "--input", str(path), db=False), code, *fragments)


def test_non_numeric_label_at_interval_level_names_the_line(run, tmp_path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("item,reviewer,label\nu1,a,1\nu1,b,2\nu2,a,high\n")
    _error(run("agreement", "--input", str(path), "--level", "interval", db=False), 1,
           "mixed.csv:4", "'high'", "interval")  # fmt: skip
    assert run("agreement", "--input", str(path), db=False).exit_code == 0  # nominal is fine


def test_usage_errors(run, tmp_path) -> None:
    _error(run("agreement", "--input", str(tmp_path / "missing.csv"), db=False), 2, "no such file")
    _error(run("agreement", "--input", str(tmp_path), db=False), 2, "directory")
    csv_path, _ = _write_inputs(tmp_path, KRIPP)
    _error(run("agreement", "--input", str(csv_path), "--article", "1", db=False), 2, "--article")
    _error(run("agreement", "--input", str(csv_path), "--reviewers", "Z", db=False), 2, "Z")
    _error(run("agreement", "--bootstrap", "-1"), 2, "--bootstrap")


def test_bootstrap_defaults_to_seed_zero(run, tmp_path) -> None:
    csv_path, _ = _write_inputs(tmp_path, KRIPP)
    first = _json(run, "--input", str(csv_path), "--bootstrap", "200", db=False)
    again = _json(run, "--input", str(csv_path), "--bootstrap", "200", "--seed", "0", db=False)
    assert first["seed"] == 0 and first["alpha_ci"] == again["alpha_ci"]
    low, high = first["alpha_ci"]
    assert low <= first["krippendorff_alpha"] <= high


def test_disagreements_in_every_format(run, seeded) -> None:
    result = _json(run, "--disagreements")
    listed = [d["item"] for d in result["disagreements"]]
    a1, a2 = (str(c) for c in seeded["claims_a"])
    assert sorted(listed) == sorted([a1, a2])  # b1 (ana, cy agree) and b2 are unanimous
    by_item = {d["item"]: d for d in result["disagreements"]}
    assert by_item[a1]["ratings"] == {"ana": S, "ben": S, "cy": C}
    assert by_item[a1]["majority"] == S
    table = run("agreement", "--disagreements")
    assert table.exit_code == 0 and "to adjudicate" in table.stdout and "majority" in table.stdout
    md = run("agreement", "--disagreements", "--format", "markdown").stdout
    assert "### Disagreements (2, worst first)" in md
    assert f"| {a1} | {S} | {S} | {C} | {S} |" in md
    assert "disagreements" not in _json(run)


def test_table_lists_only_the_worst_disagreements(run, engine, monkeypatch) -> None:
    from cpec_verify.cli import agreement_cmd

    monkeypatch.setattr(agreement_cmd, "TABLE_ROWS", 1)
    (c1, c2) = _articles(engine, (2,))[0]
    _verdicts(engine, [(c1, "ana", S), (c1, "ben", C), (c2, "ana", S), (c2, "ben", U)])
    table = run("agreement", "--disagreements")
    assert "2 item(s) to adjudicate" in table.stdout and "... 1 more" in table.stdout
    assert len(_json(run, "--disagreements")["disagreements"]) == 2


def test_markdown_and_table_show_the_kappa_matrix(run, seeded) -> None:
    md = run("agreement", "--format", "markdown")
    assert md.exit_code == 0
    assert "### Cohen's kappa by reviewer pair" in md.stdout
    assert "| | ana | ben | cy |" in md.stdout.replace("|  |", "| |")
    assert "| ana | - |" in md.stdout
    table = run("agreement")
    assert "Cohen's kappa by reviewer pair" in table.stdout and "Krippendorff" in table.stdout
