"""The merge workflow: fold a reviewer's offline database into this one.

The other database is opened read-only (a merge never changes it) and must be at this
version's schema; the merge is one transaction in the target, all or nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from cpec_verify.errors import StoreError, UsageError
from cpec_verify.store.db import (
    BUSY_TIMEOUT_MS,
    create_db_engine,
    describe,
    resolve_url,
    session_scope,
    translate_db_error,
)
from cpec_verify.store.files.merge import MergeSummary, merge_database
from cpec_verify.store.migrate import (
    alembic_config,
    check_not_newer,
    current_revisions,
    head_revision,
)

__all__ = ["MergeSummary", "OtherDatabase", "check_other", "merge_into", "open_other"]


@dataclass(frozen=True)
class OtherDatabase:
    """The database being merged in: a read-only engine and its URL."""

    engine: Engine
    url: str


def _read_only_engine(other: str) -> tuple[Engine, str]:
    if "://" in other:
        return create_db_engine(other), other
    path = Path(other).expanduser()
    if not path.exists():
        raise UsageError(f"{other}: no such file")
    if path.is_dir():
        raise UsageError(f"{other} is a directory, not a database file")
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise StoreError(f"{other} is not a database (not an SQLite file)")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )

    return create_engine("sqlite://", creator=connect), f"sqlite:///{path.resolve()}"


@contextmanager
def open_other(other: str) -> Iterator[OtherDatabase]:
    """OTHER (a path or URL) opened read-only, disposed afterwards; refuses anything unusable."""
    engine, url = _read_only_engine(other)
    try:
        yield OtherDatabase(engine, url)
    finally:
        engine.dispose()


def check_schema(engine: Engine, url: str) -> None:
    """OTHER must carry exactly this version's schema (older ones: open them once first)."""
    with engine.connect() as conn:
        current = current_revisions(conn)
    name = describe(url)
    if not current:
        raise StoreError(f"{name} is not a cpec-verify database (no schema revision)")
    check_not_newer(current, ScriptDirectory.from_config(alembic_config()), name)
    if current != {head_revision()}:
        raise StoreError(
            f"{name} has schema revision {', '.join(sorted(current))}, this cpec-verify "
            f"expects {head_revision()}; open it once with the newer of the two versions "
            "(any command) so both match"
        )


def check_other(other: OtherDatabase, *, target_url: str) -> None:
    """Refuse merging a database into itself, or one at another schema revision."""
    if resolve_url(other.url) == target_url:
        raise UsageError("OTHER is the database being merged into")
    try:
        check_schema(other.engine, other.url)
    except SQLAlchemyError as exc:
        raise translate_db_error(exc, other.url) from exc


def merge_into(target: Engine, other: OtherDatabase) -> MergeSummary:
    """Merge ``other`` into ``target`` in one transaction; what was added and matched."""
    try:
        with session_scope(target) as session, Session(other.engine) as source:
            return merge_database(session, source)
    except SQLAlchemyError as exc:
        raise translate_db_error(exc, str(target.url)) from exc
