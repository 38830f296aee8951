"""Alembic, run from code: upgrade older databases, refuse newer ones.

The migration scripts ship inside the package so an installed ``cpec-verify``
can upgrade a database without an ``alembic.ini`` in the working directory.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine, make_url

from cpec_verify.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return heads[0]


def current_revisions(conn: Connection) -> set[str]:
    return set(MigrationContext.configure(conn).get_current_heads())


def check_not_newer(current: set[str], script: ScriptDirectory, where: str) -> None:
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = current - known
    if unknown:
        raise StoreError(
            f"{where} was made by a newer cpec-verify (schema revision "
            f"{', '.join(sorted(unknown))}); upgrade cpec-verify to open it"
        )


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise concurrent first opens of one SQLite file (eight processes at once)."""
    path = make_url(str(engine.url)).database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> None:
    """Bring the schema to head; a no-op (one query) when it is already there."""
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    heads = set(script.get_heads())
    where = str(make_url(str(engine.url)).database or engine.url)
    with engine.connect() as conn:
        current = current_revisions(conn)
    check_not_newer(current, script, where)
    if current == heads:
        return
    with _migration_lock(engine), engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(804242)"))
        current = current_revisions(conn)
        check_not_newer(current, script, where)
        if current != heads:
            command.upgrade(alembic_config(conn), "head")
