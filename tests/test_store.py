"""The store: migrations match the models, pragmas are on, bad databases fail clearly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from cpec_verify.errors import StoreError
from cpec_verify.store.db import dispose_all, get_engine, integrity_ok, resolve_url, session_scope
from cpec_verify.store.entities.verdicts import (
    add_verdict,
    latest_verdicts,
    retract_verdict,
    verdict_history,
)
from cpec_verify.store.migrate import head_revision
from cpec_verify.store.models import Article, Claim, Source, Span


def test_migrated_schema_matches_models(engine) -> None:
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diffs == []


@pytest.mark.sqlite_only
def test_sqlite_pragmas_on_every_connection(engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    assert integrity_ok(engine)


def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'db' / 'cpec-verify.sqlite'}"
    monkeypatch.setenv("CPEC_VERIFY_DB", "other.sqlite")
    assert resolve_url(None).endswith("/other.sqlite")
    assert resolve_url("x.sqlite").endswith("/x.sqlite")  # --db beats the variable
    assert resolve_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"


def test_default_database_created_under_db_dir(tmp_path: Path) -> None:
    get_engine(None)
    assert (tmp_path / "db" / "cpec-verify.sqlite").exists()


def test_newer_schema_is_refused(db_path: Path) -> None:
    get_engine(str(db_path))
    dispose_all()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer cpec-verify"):
        get_engine(str(db_path))


def test_older_schema_is_upgraded(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    con.commit()
    con.close()
    engine = get_engine(str(db_path))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            head_revision()
        )


def test_not_a_database_is_refused(db_path: Path) -> None:
    db_path.write_bytes(b"this is plain text, not SQLite" * 10)
    with pytest.raises(StoreError, match="not a database"):
        get_engine(str(db_path))
    assert db_path.read_bytes().startswith(b"this is plain text")


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        get_engine(str(tmp_path))


def _claim(engine) -> int:
    with session_scope(engine) as s:
        src = Source(path="a.txt", sha256="0" * 64, size=10, format="txt")
        s.add(src)
        s.flush()
        art = Article(source_id=src.id, text="Output rose 5%.", chars=15)
        s.add(art)
        s.flush()
        span = Span(article_id=art.id, kind="sentence", start=0, end=15, text="Output rose 5%.")
        s.add(span)
        s.flush()
        claim = Claim(
            article_id=art.id, sentence_id=span.id, start=0, end=15, text="Output rose 5%."
        )
        s.add(claim)
        s.flush()
        assert claim.id is not None
        return claim.id


def test_verdicts_append_only_latest_counts(engine) -> None:
    cid = _claim(engine)
    with session_scope(engine) as s:
        add_verdict(s, claim_id=cid, reviewer="ana", label="supported")
        add_verdict(s, claim_id=cid, reviewer="ana", label="conflicting", note="second look")
        add_verdict(s, claim_id=cid, reviewer="ben", label="unsourced")
    with session_scope(engine) as s:
        latest = {v.reviewer: v.label for v in latest_verdicts(s)}
        assert latest == {"ana": "conflicting", "ben": "unsourced"}
        retract_verdict(s, claim_id=cid, reviewer="ben")
    with session_scope(engine) as s:
        assert {v.reviewer for v in latest_verdicts(s)} == {"ana"}
        history = verdict_history(s, claim_id=cid)
        assert [v.label for v in history] == ["supported", "conflicting", "unsourced", None]
        assert history[-1].retraction


def test_schema_head_constant_matches_the_migrations() -> None:
    from cpec_verify.store.db import SCHEMA_HEAD
    from cpec_verify.store.migrate import head_revision

    assert head_revision() == SCHEMA_HEAD, (
        "a migration was added: set SCHEMA_HEAD in store/schema_head.py to its revision"
    )
