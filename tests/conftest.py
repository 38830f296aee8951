"""Shared fixtures: every test gets its own database file, migrated to head."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from cpec_verify.store.db import dispose_all, get_engine


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres-url",
        default=os.environ.get("CPEC_VERIFY_TEST_PG"),
        help="Also run database tests against this PostgreSQL server URL "
        "(env CPEC_VERIFY_TEST_PG).",
    )


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the developer's database or reviewer name."""
    monkeypatch.delenv("CPEC_VERIFY_DB", raising=False)
    monkeypatch.setenv("CPEC_VERIFY_REVIEWER", "tester")
    monkeypatch.chdir(tmp_path)
    yield
    dispose_all()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


@pytest.fixture
def engine(db_path: Path) -> Engine:
    return get_engine(str(db_path))


@dataclass
class RunResult:
    exit_code: int
    stdout: str
    stderr: str


class Cli:
    """Runs ``main`` the way a user would (real exit codes and ``error:`` lines)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(
        self, *args: str, input: str | bytes | None = None, db: bool = True  # noqa: A002
    ) -> RunResult:
        from cpec_verify.cli import main

        argv = [*args, *(["--db", str(self.db)] if db else [])]
        code = 0
        with self.runner.isolation(input=input) as (out, err, _):
            try:
                main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        dispose_all()
        return RunResult(code, out.getvalue().decode(), err.getvalue().decode())


@pytest.fixture
def run(db_path: Path) -> Cli:
    return Cli(db_path)

