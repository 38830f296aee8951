"""Opening a database: URL resolution, SQLite pragmas, Alembic upgrade, clear failures.

A plain path means SQLite; anything with ``://`` goes to SQLAlchemy as a URL, so
PostgreSQL (``postgresql+psycopg://``) works with the same code.  SQLite gets WAL,
foreign keys and a busy timeout on every connection (pragmas are per connection),
and ``synchronous=NORMAL``: in WAL mode a commit survives the process being killed,
which is the durability promise the review screen makes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError, SQLAlchemyError
from sqlmodel import Session

from cpec_verify.errors import StoreError
from cpec_verify.store.schema_head import SCHEMA_HEAD
from cpec_verify.store.sqlite_pragmas import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from cpec_verify.store.sqlite_pragmas import apply_pragmas

DEFAULT_DB = Path("db") / "cpec-verify.sqlite"
ENV_VAR = "CPEC_VERIFY_DB"

_engines: dict[str, Engine] = {}


def resolve_url(db: str | None = None) -> str:
    """``--db`` beats ``CPEC_VERIFY_DB`` beats ``db/cpec-verify.sqlite`` under the cwd."""
    value = db or os.environ.get(ENV_VAR) or str(DEFAULT_DB)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def describe(url: str) -> str:
    """A short, password-free name for headers and messages."""
    try:
        parsed = make_url(url)
    except ArgumentError:  # not a URL (a label such as "database"): show it as it is
        return url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


_sqlite_pragmas = apply_pragmas  # the engine's connect listener


def missing_database(target: Path) -> StoreError:
    return StoreError(f"no database at {target} (run cpec-verify init or import first)")


def _create_private(target: Path) -> None:
    """Create the empty database file as 0600 before SQLite opens it: SQLite gives its
    -wal and -shm files the database file's mode, so none of them follows a 0644 umask."""
    if not target.parent.exists():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {target.parent}: {exc.strerror}") from exc
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
    except FileExistsError:
        pass  # another process made it first: it made it the same way
    except OSError as exc:
        raise StoreError(f"cannot create {target}: {exc.strerror}") from exc


def _check_sqlite_path(url: str, *, create: bool = True) -> None:
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return  # a "file:" URI (e.g. ?mode=ro&uri=true): the driver judges it
    target = Path(path)
    if target.is_dir():
        raise StoreError(f"{target} is a directory, not a database file")
    if not target.exists():
        if not create:  # a typo in --db must not become an empty database
            raise missing_database(target)
        _create_private(target)
    if target.exists() and target.stat().st_size > 0:
        with open(target, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise StoreError(f"{target} is not a database (not an SQLite file)")


def create_db_engine(url: str, *, create: bool = True) -> Engine:
    """An engine with the pragmas installed; no schema work.  ``create=False`` refuses a
    missing SQLite file instead of creating it (commands that only read)."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        _check_sqlite_path(url, create=create)
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"cannot use database URL {describe(url)}: {exc}") from exc


def _at_head(engine: Engine) -> bool:
    """True when the schema is exactly at ``SCHEMA_HEAD``; anything else (older, newer,
    unreadable) takes the full Alembic path, which upgrades or explains."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except (DatabaseError, OperationalError):
        return False
    return list(rows) == [SCHEMA_HEAD]


def get_engine(db: str | None = None, *, migrate: bool = True, create: bool = True) -> Engine:
    """The process-wide engine for ``db``, upgraded to the newest schema; a missing SQLite
    file is created (0600) unless ``create`` is false, then it is an error."""
    url = resolve_url(db)
    engine = _engines.get(url)
    if engine is None:
        engine = create_db_engine(url, create=create)
        if migrate and not _at_head(engine):
            from cpec_verify.store.migrate import upgrade  # Alembic loads only when needed

            try:
                upgrade(engine)
            except StoreError:
                engine.dispose()
                raise
            except (DatabaseError, OperationalError) as exc:
                engine.dispose()
                raise translate_db_error(exc, url) from exc
        _engines[url] = engine
    return engine


def dispose_all() -> None:
    """Forget cached engines (tests switch databases within one process)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def translate_db_error(exc: Exception, url: str) -> StoreError:
    """Turn a driver error into one line a user can act on."""
    msg = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else repr(exc)
    name = describe(url)
    low = msg.lower()
    if "file is not a database" in low or "malformed" in low:
        return StoreError(f"{name} is not a usable database ({msg})")
    if "locked" in low or "busy" in low:
        return StoreError(f"{name} is locked by another process beyond the busy timeout")
    if "readonly" in low or "read-only" in low:
        return StoreError(f"{name} is read-only ({msg})")
    if "unable to open" in low:
        return StoreError(f"cannot open {name} ({msg})")
    return StoreError(f"database error on {name}: {msg}")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def integrity_ok(engine: Engine) -> bool:
    """``PRAGMA integrity_check`` on SQLite; always true elsewhere."""
    if not is_sqlite(engine):
        return True
    with engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
