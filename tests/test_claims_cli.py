"""``claims``, ``claims import`` and ``extract`` as a user runs them, on temporary databases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cpec_verify.services import claims as service
from cpec_verify.store.db import dispose_all, get_engine, session_scope
from cpec_verify.store.entities.verdicts import add_verdict, latest_verdicts

FIELDS = {
    "id",
    "article_id",
    "sentence_id",
    "start",
    "end",
    "text",
    "kinds",
    "quantities",
    "speaker",
    "score",
    "reason",
    "evidence",
}


@pytest.fixture
def demo(run: Any) -> Any:
    result = run("demo", "--no-review")
    assert result.exit_code == 0, result.stderr
    return run


def claims_json(run: Any, *args: str) -> list[dict[str, Any]]:
    result = run("claims", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_claims_json_has_the_contract_fields(demo: Any) -> None:
    claims = claims_json(demo)
    assert claims and all(set(c) >= FIELDS for c in claims)
    money = next(c for c in claims if "$60 billion" in c["text"])
    assert "USD" in {q["unit"] for q in money["quantities"]}


def test_jsonl_matches_json(demo: Any) -> None:
    lines = demo("claims", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [c["id"] for c in claims_json(demo)]


def test_filters(demo: Any) -> None:
    differs = claims_json(demo, "--relation", "differs")
    assert differs and all(any(e["relation"] == "differs" for e in c["evidence"]) for c in differs)
    quotes = claims_json(demo, "--kind", "quote")
    assert quotes and all("quote" in c["kinds"] for c in quotes)
    one = claims_json(demo, "--article", "4")
    assert one and {c["article_id"] for c in one} == {4}


def test_unknown_article_is_one_error_line(demo: Any) -> None:
    result = demo("claims", "--article", "999")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: no article with id 999"


def test_table_prints_untrusted_text_literally(demo: Any) -> None:
    result = demo("claims", "--article", "6", "--limit", "50")
    assert result.exit_code == 0, result.stderr
    assert "[bold]No" in result.stdout


def test_import_no_extract_then_extract_picks_up_pending(run: Any, tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("ISLAMABAD: The corridor has delivered $25 billion so far, officials said.\n")
    assert run("import", str(page), "--no-extract").exit_code == 0
    assert claims_json(run) == []
    result = run("extract")
    assert result.exit_code == 0, result.stderr
    assert "extracted 1 article(s): 1 claim(s) added" in result.stdout
    assert len(claims_json(run)) == 1
    assert "extracted 0 article(s)" in run("extract").stdout


def test_extract_all_keeps_verdicts_and_orphans_what_no_longer_matches(
    demo: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = claims_json(demo)
    kept = next(c for c in claims if "$60 billion" in c["text"])
    lost = next(c for c in claims if "5,320 megawatts" in c["text"])
    with session_scope(get_engine(str(db_path))) as session:
        for c in (kept, lost):
            add_verdict(session, claim_id=c["id"], reviewer="ayesha", label="conflicting")
    dispose_all()
    real = service.extract_claims

    def changed_rules(sentences: Any) -> Any:  # a rule change that drops one claim
        return [c for c in real(sentences) if "5,320 megawatts" not in c.text]

    monkeypatch.setattr(service, "extract_claims", changed_rules)
    result = demo("extract", "--all")
    assert result.exit_code == 0, result.stderr
    assert "1 orphaned" in result.stdout and f"#{lost['id']}" in result.stderr
    after = {c["id"]: c for c in claims_json(demo)}
    assert kept["id"] in after and lost["id"] not in after
    assert after[kept["id"]]["evidence"]
    orphaned = claims_json(demo, "--orphaned")
    assert [c["id"] for c in orphaned] == [lost["id"]] and orphaned[0]["orphaned"] is True
    with session_scope(get_engine(str(db_path))) as session:
        ids = {v.claim_id for v in latest_verdicts(session)}
    assert ids == {kept["id"], lost["id"]}


def test_extract_all_twice_keeps_ids(demo: Any) -> None:
    before = [c["id"] for c in claims_json(demo)]
    assert demo("extract", "--all").exit_code == 0
    assert [c["id"] for c in claims_json(demo)] == before


def test_claims_import_adds_hand_picked_claims(demo: Any, tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(
        "claims:\n"
        "  - article: 6\n"
        '    quote: "800 companies signed deals worth $8.5 billion"\n'
        "    speaker: traders\n"
        "  - source: 04_karakoram_rupees.md\n"
        '    quote: "Rs 12 lakh"\n',
        encoding="utf-8",
    )
    result = demo("claims", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "added 2 claim(s)" in result.stdout
    manual = [c for c in claims_json(demo) if c["origin"] == "manual"]
    assert {c["text"] for c in manual} == {
        "800 companies signed deals worth $8.5 billion",
        "Rs 12 lakh",
    }
    deals = next(c for c in manual if c["article_id"] == 6)
    assert deals["speaker"] == "traders" and "agreement" in deals["kinds"]
    assert deals["evidence"] and deals["evidence"][0]["relation"] == "agrees"
    again = demo("claims", "import", str(path))
    assert "added 0 claim(s)" in again.stdout and "2 already present" in again.stdout


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("claims:\n  - article: 1\n    quote: [unclosed\n", "not valid YAML at line"),
        (
            'claims:\n  - article: 1\n    quote: "Pakistan"\n  - article: 1\n    quote: "nope"\n',
            "entry 2 (article 1): quote not found",
        ),
        (
            'claims:\n  - article: 1\n    source: x.txt\n    quote: "Pakistan"\n',
            "entry 1: give either 'article'",
        ),
        ('claims:\n  - article: 999\n    quote: "x"\n', "entry 1 (article 999): no such article"),
        ("claims:\n  - quote: 5\n    article: 1\n", "entry 1 field 'quote'"),
    ],
)
def test_claims_import_errors_name_the_entry(
    demo: Any, tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    before = len(claims_json(demo))
    result = demo("claims", "import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert len(claims_json(demo)) == before  # nothing added
