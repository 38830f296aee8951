"""Any history of verdicts, retractions and adjudications exports in every format.

A lead adjudicating a label no reviewer chose used to crash every export with
``KeyError: 'conflicting'``; this property test walks random histories instead of the
few a person thinks of.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from export_fixtures import DeskBuilder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete
from sqlmodel import Session

from cpec_verify import __version__
from cpec_verify.export.claimreview import Publisher
from cpec_verify.export.formats import FORMATS, ExportOptions
from cpec_verify.export.records import build_record
from cpec_verify.export.schema import validate_record
from cpec_verify.store.db import get_engine
from cpec_verify.store.models import Adjudication, Verdict
from cpec_verify.store.queries.export_query import iter_export_rows
from cpec_verify.store.queries.status import FINAL_STATUSES, STATUSES

LABELS = ["supported", "conflicting", "unsourced"]
REVIEWERS = ["ana", "ben", "cy"]
EVENT = st.one_of(
    st.tuples(st.just("verdict"), st.sampled_from(REVIEWERS), st.sampled_from([*LABELS, None])),
    st.tuples(st.just("adjudication"), st.just("lea"), st.sampled_from([*LABELS, None])),
)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory):
    engine = get_engine(str(tmp_path_factory.mktemp("histories") / "h.sqlite"))
    with Session(engine) as s:
        b = DeskBuilder(s)
        b.article("a", ["The port handled 1,200 ships in 2024.", "Another line."])
        b.article("b", ["The port handled 1,150 ships in 2024."], outlet="Wire")
        b.claim("c1", "a", 0)
        b.claim("c2", "a", 1)
        b.evidence("c1", "b", 0, rank=1)
        b.reviewer("lea", lead=True)
        s.commit()
    return engine, b


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.tuples(st.sampled_from(["c1", "c2"]), EVENT), max_size=12),
    st.integers(min_value=1, max_value=3),
)
def test_any_history_exports_in_every_format(desk, events, min_reviewers: int) -> None:  # noqa: ANN001
    engine, b = desk
    with Session(engine) as s:
        s.exec(delete(Verdict))
        s.exec(delete(Adjudication))
        b.s = s
        for claim, (kind, who, label) in events:
            if kind == "verdict":
                b.verdict(claim, who, label)
            else:
                b.adjudication(claim, who, label, "why")
        s.commit()
    options = ExportOptions(
        publisher=Publisher("Desk", "https://desk.example"), pages=io.StringIO()
    )
    with Session(engine) as s:
        for spec in FORMATS.values():
            statuses = list(FINAL_STATUSES) if spec.needs_final_label else list(STATUSES)
            rows = iter_export_rows(
                s,
                statuses=statuses,
                min_reviewers=min_reviewers,
                with_article_text=spec.needs_article_text,
            )
            records = [build_record(r, tool_version=__version__) for r in rows]
            for n, record in enumerate(records):
                validate_record(record, f"record {n}")
                share = record["agreement"]["share"]
                assert share is None or 0 <= share <= 1
            spec.write(iter(records), io.StringIO(), options)


def test_adjudicating_a_label_no_reviewer_chose_exports(run, db_path: Path) -> None:  # noqa: ANN001
    engine = get_engine(str(db_path))
    with Session(engine) as s:
        b = DeskBuilder(s)
        b.article("a", ["The port handled 1,200 ships in 2024."])
        b.claim("c1", "a", 0)
        b.verdict("c1", "ana", "supported")
        b.verdict("c1", "ben", "unsourced")
        b.adjudication("c1", "lea", "conflicting", "the wire says otherwise")
        s.commit()
    for fmt in ("jsonl", "yaml", "fever", "csv"):
        result = run("export", "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
    import json

    record = json.loads(run("export").stdout)
    assert record["label"] == "conflicting" and record["agreement"]["share"] == 0


def test_claimreview_is_safe_to_paste_into_a_script_tag(run, db_path: Path) -> None:  # noqa: ANN001
    import json

    hostile = 'The port handled 1,200 ships </script><script>alert("x")</script> & more.'
    engine = get_engine(str(db_path))
    with Session(engine) as s:
        b = DeskBuilder(s)
        b.article("a", [hostile], url="javascript:alert(1)", title="<b>Port</b> & co")
        b.claim("c1", "a", 0)
        b.verdict("c1", "ana", "supported")
        b.verdict("c1", "ben", "supported")
        s.commit()
    result = run(
        "export",
        "--format",
        "claimreview",
        "--publisher",
        "Desk",
        "--publisher-url",
        "https://desk.example/checks",
    )
    assert result.exit_code == 0, result.stderr
    assert not {"<", ">", "&"} & set(result.stdout)
    assert "\\u003c/script\\u003e" in result.stdout
    (review,) = json.loads(result.stdout)
    assert review["claimReviewed"] == hostile  # the same data, only escaped
    assert "javascript" not in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: claim {review['identifier']}: article url 'javascript:alert(1)' "
        "is not http(s); left out"
    ]
