"""Shared fixtures: every test gets its own database (a file, or PostgreSQL when configured)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from cpec_verify.store.db import dispose_all, get_engine


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: the database fixtures stay on SQLite even with --postgres-url"
    )


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


@pytest.fixture(scope="session")
def pg_server(pytestconfig: pytest.Config) -> Iterator[tuple[str, str] | None]:
    """(server URL, migrated template database) when PostgreSQL is configured, else None."""
    url = pytestconfig.getoption("--postgres-url")
    if not url:
        yield None
        return
    import pg

    problem = pg.server_ok(url)
    if problem:
        pytest.exit(f"--postgres-url {url}: {problem}", returncode=2)
    template = pg.make_template(url)
    yield url, template
    pg.drop_database(url, template)


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path, pg_server) -> Iterator[str]:
    """The test's database: a fresh PostgreSQL database when configured, else ``db_path``.

    A test that asks for ``db_path`` itself (raw sqlite3, corrupt files, integrity
    checks) stays on SQLite so ``run``, ``engine`` and the file agree; so do tests
    marked ``sqlite_only`` and snapshots (the header shows the database's name).
    """
    sqlite_only = {"db_path", "snap_compare"} & set(request.fixturenames)
    if pg_server is None or sqlite_only or request.node.get_closest_marker("sqlite_only"):
        yield str(tmp_path / "test.sqlite")  # the same file as ``db_path``
        return
    import pg

    server, template = pg_server
    name = pg.unique_name()
    url = pg.create_database(server, name, template)
    yield url
    dispose_all()
    pg.drop_database(server, name)


@pytest.fixture
def engine(db_url: str) -> Engine:
    return get_engine(db_url)


@dataclass
class RunResult:
    exit_code: int
    stdout: str
    stderr: str


class Cli:
    """Runs ``main`` the way a user would (real exit codes and ``error:`` lines)."""

    def __init__(self, db: Path | str) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(
        self,
        *args: str,
        input: str | bytes | None = None,
        db: bool = True,  # noqa: A002
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
def run(db_url: str) -> Cli:
    return Cli(db_url)
