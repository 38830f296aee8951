"""PostgreSQL helpers for the test suite: throwaway databases on a configured server.

The suite runs on SQLite always; with ``--postgres-url`` (or ``CPEC_VERIFY_TEST_PG``)
every test that uses the ``db_url`` fixture gets a fresh database on that server,
copied from a template migrated once per run, and dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import make_url

TEMPLATE_PREFIX = "cpec_tmpl_"
DB_PREFIX = "cpec_t_"


def libpq_url(url: str, database: str | None = None) -> str:
    """The SQLAlchemy URL as a libpq URI psycopg accepts (optionally for another database)."""
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def sa_url(url: str, database: str) -> str:
    """The SQLAlchemy URL of ``database`` on the same server (psycopg 3 driver)."""
    parsed = make_url(url).set(drivername="postgresql+psycopg", database=database)
    return parsed.render_as_string(hide_password=False)


@contextmanager
def admin(url: str, database: str | None = None) -> Iterator[Any]:
    """An autocommit psycopg connection (CREATE/DROP DATABASE cannot run in a transaction)."""
    import psycopg

    conn = psycopg.connect(libpq_url(url, database), autocommit=True)
    try:
        yield conn
    finally:
        conn.close()


def unique_name(prefix: str = DB_PREFIX) -> str:
    return f"{prefix}{os.getpid()}_{uuid.uuid4().hex[:10]}"


def create_database(url: str, name: str, template: str | None = None) -> str:
    """Create ``name`` (from ``template`` when given); returns its SQLAlchemy URL."""
    clause = f" TEMPLATE {template}" if template else ""
    with admin(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{clause}')
    return sa_url(url, name)


def drop_database(url: str, name: str) -> None:
    with admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_template(url: str) -> str:
    """A database migrated to head that per-test databases are copied from (fast)."""
    from cpec_verify.store.db import create_db_engine
    from cpec_verify.store.migrate import upgrade

    name = unique_name(TEMPLATE_PREFIX)
    engine = create_db_engine(create_database(url, name))
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return name


def server_ok(url: str) -> str | None:
    """None when the server answers, otherwise why not (one line)."""
    try:
        with admin(url) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001  any failure means "not usable"
        return str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
    return None
