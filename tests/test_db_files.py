"""Reading never creates a database; a new database and its side files are private (0600)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from export_fixtures import build_desk

from cpec_verify.store.db import dispose_all, get_engine

READERS = [
    ("articles",),
    ("show", "1"),
    ("claims",),
    ("verdicts",),
    ("agreement",),
    ("status",),
    ("export",),
    ("review",),
    ("reviewers",),
    ("verdict", "1", "supported"),
    ("adjudicate", "1", "supported", "--by", "lea", "--rationale", "r"),
    ("extract",),
]


@pytest.mark.parametrize("argv", READERS, ids=lambda a: "-".join(a[:2]))
def test_reading_commands_refuse_a_missing_database(run, tmp_path: Path, argv) -> None:  # noqa: ANN001
    typo = tmp_path / "missing" / "dir" / "t.sqlit"
    result = run(*argv, "--db", str(typo), db=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: no database at {typo} (run cpec-verify init or import first)"
    ]
    assert not (tmp_path / "missing").exists()


def test_typo_in_db_never_replaces_an_export(run, db_path: Path, tmp_path: Path) -> None:
    build_desk(get_engine(str(db_path)))
    dispose_all()
    target = tmp_path / "verified.jsonl"
    assert run("export", "--out", str(target)).exit_code == 0
    before = target.read_bytes()
    result = run("export", "--db", str(tmp_path / "t.sqlit"), "--out", str(target), db=False)
    assert result.exit_code == 1 and result.stderr.startswith("error: no database at ")
    assert target.read_bytes() == before
    assert not (tmp_path / "t.sqlit").exists()


@pytest.mark.parametrize(
    "argv",
    [("init",), ("reviewers", "add", "ana"), ("demo", "--no-review")],
    ids=["init", "reviewers-add", "demo"],
)
def test_creating_commands_make_a_private_database(run, tmp_path: Path, argv) -> None:  # noqa: ANN001
    old = os.umask(0o022)
    try:
        db = tmp_path / "new" / "team.sqlite"
        result = run(*argv, "--db", str(db), db=False)
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    made = [p for p in db.parent.iterdir() if p.name.startswith("team.sqlite")]
    assert db in made
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_wal_and_lock_files_are_private_too(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        engine = get_engine(str(tmp_path / "x.sqlite"))
        with engine.connect() as conn:  # WAL mode: -wal and -shm exist while connected
            conn.exec_driver_sql("CREATE TABLE t (x)")
            names = sorted(p.name for p in tmp_path.iterdir())
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    finally:
        os.umask(old)
    assert {"x.sqlite", "x.sqlite-wal", "x.sqlite-shm", "x.sqlite.lock"} <= set(names)
    assert set(modes.values()) == {0o600}, modes


def test_gitignore_covers_lock_files() -> None:
    ignore = (Path(__file__).parents[1] / ".gitignore").read_text().split()
    assert "db/*.lock" in ignore
