"""``cpec-verify merge``: offline databases folded into the shared one, nothing lost or guessed.

The target is the test's database (PostgreSQL when configured); the other side is
always a reviewer's SQLite file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from export_fixtures import T0, DeskBuilder, add_articles, build_desk
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from cpec_verify.store.db import dispose_all, get_engine
from cpec_verify.store.entities.verdicts import latest_verdict, latest_verdicts
from cpec_verify.store.models import ALL_TABLES, Article, Claim, Evidence, Reviewer, Span, Verdict


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        return {
            m.__tablename__: s.exec(select(func.count()).select_from(m)).one() for m in ALL_TABLES
        }


def verdict_keys(engine: Engine) -> set[tuple]:
    """Verdicts as (claim text, reviewer, time, label, retraction): comparable across files."""
    with Session(engine) as s:
        rows = s.exec(select(Verdict, Claim.text).join(Claim, col(Claim.id) == Verdict.claim_id))
        return {(t, v.reviewer, v.created_at, v.label, v.retraction) for v, t in rows}


@pytest.fixture
def other(tmp_path: Path) -> Path:
    return tmp_path / "laptop.sqlite"


def laptop_work(path: Path) -> dict[str, int]:
    """The standard desk, plus cy's offline verdicts and a claim only the laptop has."""
    build_desk(get_engine(str(path)))
    with Session(get_engine(str(path))) as s:
        b = DeskBuilder(s)
        b._tick = 100  # later than everything build_desk wrote
        ids = {
            name: s.exec(select(Claim.id).where(Claim.text.startswith(prefix))).one()
            for name, prefix in (("agreed", "The corridor"), ("disputed", "Officials"))
        }
        b.built.claims.update(ids)
        art = s.exec(select(Article).order_by(col(Article.id))).first()
        assert art is not None
        b.built.articles["ledger"] = art.id  # type: ignore[assignment]
        b.built.sentences["ledger"] = list(
            s.exec(select(Span.id).where(Span.article_id == art.id).order_by(col(Span.start)))
        )
        b.verdict("agreed", "cy", "supported", note="checked the ministry PDF")
        b.verdict("disputed", "cy", "conflicting")
        b.claim("ports", "ledger", 3, "3 ports opened")
        wire_span = s.exec(select(Span.id).where(Span.text.startswith("A wire"))).one()
        s.add(
            Evidence(
                claim_id=b.built.claims["ports"],
                span_id=wire_span,
                article_id=s.get(Span, wire_span).article_id,
                rank=1,
                score=0.4,
                relation="related",
                reason="same desk",
            )
        )
        b.verdict("ports", "cy", "unsourced", cite=[wire_span])
        b.reviewer("cy")
        s.commit()
    dispose_all()
    return ids


def test_identical_desks_merge_to_nothing_new(engine: Engine, run, other: Path) -> None:
    build_desk(engine)
    build_desk(get_engine(str(other)))
    dispose_all()
    before = counts(engine)
    result = run("merge", str(other), "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["claims_matched"] == 6 and summary["verdicts"] == 0
    assert counts(engine) == before


def test_verdicts_and_one_sided_claims_are_appended_once(engine: Engine, run, other: Path) -> None:
    build_desk(engine)
    laptop_work(other)
    before = counts(engine)
    first = run("merge", str(other))
    assert first.exit_code == 0, first.stderr
    assert "added 0 source(s), 0 article(s), 1 claim(s), 1 evidence link(s), 3 verdict(s)" in (
        first.stdout
    )
    after = counts(engine)
    assert after["verdict"] == before["verdict"] + 3
    assert after["claim"] == before["claim"] + 1 and after["reviewer"] == before["reviewer"] + 1
    with Session(engine) as s:
        cy = {v.label: v for v in latest_verdicts(s, reviewers=["cy"])}
        assert set(cy) == {"supported", "conflicting", "unsourced"}
        assert cy["supported"].note == "checked the ministry PDF"
        assert cy["supported"].created_at == T0 + timedelta(minutes=101)  # original time
        ports = s.get(Claim, cy["unsourced"].claim_id)
        article = s.get(Article, ports.article_id)
        assert article.text[ports.start : ports.end] == ports.text == "3 ports opened"
        cited = s.get(Span, cy["unsourced"].evidence[0])
        assert cited.text.startswith("A wire")  # the citation points at the same sentence
        ev = s.exec(select(Evidence).where(Evidence.claim_id == ports.id)).one()
        assert ev.span_id == cited.id
    again = run("merge", str(other), "--format", "json")
    assert again.exit_code == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["verdicts"] == summary["claims"] == summary["reviewers"] == 0
    assert summary["verdicts_present"] == 13  # 10 from the desk, 3 by cy
    assert counts(engine) == after
    assert verdict_keys(get_engine(str(other))) <= verdict_keys(engine)


def test_merging_back_and_forth_converges(engine: Engine, run, other: Path, db_url: str) -> None:
    build_desk(engine)
    with Session(engine) as s:  # work done in the shared database meanwhile
        claim_id = s.exec(select(Claim.id).where(Claim.text.startswith("Exports"))).one()
        s.add(
            Verdict(
                claim_id=claim_id,
                reviewer="dee",
                label="unsourced",
                created_at=T0 + timedelta(hours=5),
            )
        )
        s.commit()
    laptop_work(other)
    assert run("merge", str(other)).exit_code == 0
    back = run("merge", db_url, "--db", str(other), db=False)
    assert back.exit_code == 0, back.stderr
    dispose_all()
    assert verdict_keys(get_engine(str(other))) == verdict_keys(engine)


def test_an_older_offline_verdict_does_not_replace_a_newer_one(
    engine: Engine, run, other: Path
) -> None:
    build_desk(engine)
    build_desk(get_engine(str(other)))
    for eng, label, minutes in (
        (engine, "supported", 300),
        (get_engine(str(other)), "unsourced", 200),
    ):
        with Session(eng) as s:
            claim_id = s.exec(select(Claim.id).where(Claim.text.startswith("The port"))).one()
            s.add(
                Verdict(
                    claim_id=claim_id,
                    reviewer="ana",
                    label=label,
                    created_at=T0 + timedelta(minutes=minutes),
                )
            )
            s.commit()
    dispose_all()
    result = run("merge", str(other))
    assert result.exit_code == 0, result.stderr
    assert "1 newer row(s) restated" in result.stdout
    with Session(engine) as s:
        current = latest_verdict(s, claim_id=claim_id, reviewer="ana")
        assert current is not None and current.label == "supported"
        labels = [
            v.label
            for v in s.exec(
                select(Verdict)
                .where(Verdict.claim_id == claim_id, Verdict.reviewer == "ana")
                .order_by(col(Verdict.id))
            )
        ]
    assert labels[-3:] == ["supported", "unsourced", "supported"]  # history kept, newest current
    before = counts(engine)
    assert run("merge", str(other)).exit_code == 0
    assert counts(engine) == before


def test_text_differing_at_the_same_offsets_is_reported(engine: Engine, run, other: Path) -> None:
    def desk(eng: Engine, figure: str, reviewer: str) -> None:
        with Session(eng) as s:
            b = DeskBuilder(s)
            b.article(
                "story", [f"Officials put the cost at {figure} billion.", "Fine."], sha="f" * 64
            )
            b.claim("cost", "story", 0)
            b.verdict("cost", reviewer, "supported")
            s.commit()

    desk(engine, "$62", "ana")
    desk(get_engine(str(other)), "$64", "ben")
    dispose_all()
    before = counts(engine)
    result = run("merge", str(other), "--format", "json")
    assert result.exit_code == 0, result.stderr
    conflict = json.loads(result.stdout)["conflicts"][0]
    assert conflict["other_text"].endswith("$64 billion.")
    assert conflict["target_text"].endswith("$62 billion.")
    assert conflict["verdicts_left_out"] == 1
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["warning"]
    assert "text differs at the same offsets" in result.stderr
    assert counts(engine) == before


def test_an_article_only_the_laptop_has_arrives_whole(engine: Engine, run, other: Path) -> None:
    with Session(get_engine(str(other))) as s:
        b = DeskBuilder(s)
        add_articles(b)
        b.claim("c", "wire", 1)
        b.verdict("c", "ana", "conflicting")
        s.commit()
    dispose_all()
    result = run("merge", str(other))
    assert result.exit_code == 0, result.stderr
    assert "added 3 source(s), 3 article(s), 1 claim(s)" in result.stdout
    with Session(engine) as s:
        for article in s.exec(select(Article)):
            spans = s.exec(select(Span).where(Span.article_id == article.id)).all()
            assert spans and all(article.text[x.start : x.end] == x.text for x in spans)
        claim = s.exec(select(Claim)).one()
        assert claim.sentence_id is not None and s.get(Span, claim.sentence_id).text == claim.text


def test_the_other_file_is_never_changed(engine: Engine, run, other: Path) -> None:
    build_desk(engine)
    laptop_work(other)
    digest = hashlib.sha256(other.read_bytes()).hexdigest()
    assert run("merge", str(other)).exit_code == 0
    assert hashlib.sha256(other.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        ("missing", 2, "no such file"),
        ("directory", 2, "is a directory"),
        ("text", 1, "not an SQLite file"),
        ("empty_sqlite", 1, "not a cpec-verify database"),
        ("newer", 1, "newer cpec-verify"),
    ],
)
def test_unusable_other_databases_are_refused(
    engine: Engine, run, tmp_path: Path, make: str, code: int, message: str
) -> None:
    build_desk(engine)
    path = tmp_path / "other.sqlite"
    if make == "directory":
        path.mkdir()
    elif make == "text":
        path.write_text("not a database\n" * 10)
    elif make == "empty_sqlite":
        sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    elif make == "newer":
        build_desk(get_engine(str(path)))
        dispose_all()
        con = sqlite3.connect(path)
        con.execute("UPDATE alembic_version SET version_num = '9999'")
        con.commit()
        con.close()
    before = counts(engine)
    result = run("merge", str(path))
    assert result.exit_code == code
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], lines
    assert counts(engine) == before


def test_merging_a_database_into_itself_is_refused(run, db_path: Path) -> None:
    get_engine(str(db_path))
    result = run("merge", str(db_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: OTHER is the database being merged into")


def test_adjudications_come_in_only_from_the_targets_leads(
    engine: Engine,
    run,
    other: Path,  # noqa: ANN001
) -> None:
    from cpec_verify.store.models import Adjudication

    build_desk(engine)
    ids = laptop_work(other)
    with Session(get_engine(str(other))) as s:
        for lead, label in (("cy", "supported"), ("lea", "unsourced")):  # cy leads only there
            s.add(
                Adjudication(
                    claim_id=ids["disputed"],
                    lead=lead,
                    label=label,
                    rationale="offline",
                    created_at=T0 + timedelta(days=1),
                )
            )
        s.exec(select(Reviewer).where(Reviewer.name == "cy")).one().is_lead = True
        s.commit()
    dispose_all()
    result = run("merge", str(other), "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["adjudications"] == 1 and summary["adjudications_not_lead"] == 1
    assert summary["not_leads"] == ["cy"]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "1 adjudication(s) by cy left out" in warnings[0]
    with Session(engine) as s:
        leads = {a.lead for a in s.exec(select(Adjudication))}
        cy = s.exec(select(Reviewer).where(Reviewer.name == "cy")).one()
    assert "cy" not in leads and not cy.is_lead  # lead status is never merged in


@pytest.mark.sqlite_only
def test_three_concurrent_merges_add_the_file_once(db_path: Path, other: Path) -> None:
    import subprocess
    import sys

    build_desk(get_engine(str(db_path)))
    laptop_work(other)
    dispose_all()
    before = counts(get_engine(str(db_path)))
    dispose_all()
    exe = Path(sys.executable).with_name("cpec-verify")
    procs = [
        subprocess.Popen(
            [str(exe), "merge", str(other), "--db", str(db_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    after = counts(get_engine(str(db_path)))
    assert after["verdict"] == before["verdict"] + 3
    assert after["claim"] == before["claim"] + 1
