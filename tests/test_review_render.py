"""Pane rendering (untrusted text stays literal) and the guidelines file."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_fixtures import build_review_db
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.errors import DataError, UsageError
from cpec_verify.review.model.guidelines import load_guidelines, parse_guidelines
from cpec_verify.review.rendering.claims import (
    article_text,
    claim_figures,
    evidence_prompt,
    figures_pair,
)
from cpec_verify.store.queries.review_detail import claim_detail

MARKUP = "[bold]x[/] [link=https://evil.test]y[/link] [1] [/x [red"


def test_markup_looking_text_is_rendered_as_typed(engine: Engine) -> None:
    db = build_review_db(engine)
    with Session(engine) as s:
        detail = claim_detail(s, db.claim_ids[4], reviewer="tester")
    assert detail is not None
    text = article_text(detail)
    assert "[bold]No more promises[/bold]" in text.plain
    from dataclasses import replace

    hostile = replace(detail, window=MARKUP, window_start=0, start=0, end=len(MARKUP))
    assert article_text(hostile).plain == MARKUP


def test_claim_highlight_and_differs_figures(engine: Engine) -> None:
    db = build_review_db(engine)
    with Session(engine) as s:
        detail = claim_detail(s, db.claim_ids[0], reviewer="tester")
    assert detail is not None
    text = article_text(detail)
    styled = {text.plain[sp.start : sp.end] for sp in text.spans if "underline" in str(sp.style)}
    assert styled == {"$60 billion"}
    differs = detail.evidence[0]
    assert figures_pair(differs, claim_figures(detail)) == "~$60bn vs ≥ $25bn"
    line = evidence_prompt(1, differs, claim_figures(detail), cited=True).plain
    assert line.startswith("1 [x]  differs ") and "~$60bn vs ≥ $25bn" in line
    stored = type(differs)(
        **{**differs.__dict__, "details": {"claim_figure": "$60bn", "evidence_figure": "$25bn"}}
    )
    assert figures_pair(stored, []) == "$60bn vs $25bn"


def test_bundled_guidelines_require_evidence() -> None:
    g = load_guidelines()
    assert g.require_evidence == {"supported", "conflicting"}
    assert set(g.labels) == {"supported", "conflicting", "unsourced"}
    assert g.needs_evidence("supported") and not g.needs_evidence("unsourced")


def test_custom_and_malformed_guidelines(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "title: Ours\nrequire_evidence: [unsourced]\nlabels:\n  unsourced: x\n", encoding="utf-8"
    )
    g = load_guidelines(path)
    assert g.title == "Ours" and g.require_evidence == {"unsourced"}
    for raw, fragment in (
        ("labels: [a\n", "malformed"),
        ("- a list\n", "mapping"),
        ("labels:\n  maybe: x\n", "unknown label"),
        ("require_evidence: supported\n", "require_evidence"),
        ("!!python/object:os.system x\n", "malformed"),
    ):
        with pytest.raises(DataError, match=fragment):  # a bad file is a data error (exit 1)
            parse_guidelines(raw, "g.yaml")
    with pytest.raises(UsageError, match="not found"):
        load_guidelines(tmp_path / "missing.yaml")


@pytest.mark.parametrize("width", [1, 7, 10, 33, 80])
def test_wrapped_lines_and_their_offsets(width: int) -> None:
    from rich.text import Text

    from cpec_verify.review.widgets.text_view import line_at, min_lines, wrap_text

    plain = f"aaaaaaaaaa bbbbbbbbbb  cc\n\n{MARKUP} a  longerwordthanthewidth end\nx"
    text = Text(plain)
    text.stylize("on #2a3b55", 11, 21)
    lines, starts = wrap_text(text, width)
    assert min_lines([text], width) <= len(lines)
    assert all(line.cell_len <= width for line in lines)
    for line, start in zip(lines, starts, strict=True):  # each line is its slice, minus spaces
        assert plain[start:].startswith(line.plain)
    assert "".join("".join(line.plain.split()) for line in lines) == "".join(plain.split())
    at = line_at(starts, 11)  # the line holding the first "b", highlighted
    assert lines[at].plain[11 - starts[at]] == "b"
    assert any(sp.style == "on #2a3b55" for sp in lines[at].spans)
