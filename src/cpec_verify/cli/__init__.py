"""Command-line entry point: thin commands over ingest, claims, store, stats and export."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys

import click

from cpec_verify.cli.app import cli
from cpec_verify.errors import CpecError
from cpec_verify.textsafe import terminal_safe

# Command modules are imported when their command runs (cli/lazy.py), so start-up and
# --help pay for click alone, not for SQLAlchemy, Rich, NumPy, trafilatura or Textual.

__all__ = ["cli", "main"]


def _flush() -> None:
    """Push buffered output out before exiting (in-process runners never flush it for us)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()


def _fail(message: str, code: int) -> None:
    first = message.strip().splitlines()[0] if message.strip() else "unknown failure"
    _flush()
    sys.stderr.write(f"error: {terminal_safe(first)}\n")  # messages quote file names, labels
    _flush()
    sys.exit(code)


def _db_args(argv: list[str] | None) -> str:
    """`` --db X`` when the command line named a database, for hints the user will paste."""
    args = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            return f" --db {shlex.quote(args[i + 1])}"
        if arg.startswith("--db="):
            return f" --db {shlex.quote(arg[5:])}"
    return ""


def _is_database_error(exc: BaseException) -> bool:
    """A SQLAlchemy error, told without importing SQLAlchemy (commands that never touched
    the database did not load it, and --help must not)."""
    module = sys.modules.get("sqlalchemy.exc")
    return module is not None and isinstance(exc, module.SQLAlchemyError)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every failure is one ``error:`` line and an exit code, never a traceback."""
    try:
        result = cli.main(args=argv, prog_name="cpec-verify", standalone_mode=False)
    except CpecError as exc:
        _fail(exc.with_hint_args(_db_args(argv)), exc.exit_code)
    except click.exceptions.Exit as exc:
        _flush()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail("aborted", 1)
    except click.ClickException as exc:
        _fail(exc.format_message(), 2 if isinstance(exc, click.UsageError) else 1)
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:
        _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), 1)
    except Exception as exc:  # noqa: BLE001  last line of defence: no traceback for users
        if _is_database_error(exc):
            from cpec_verify.store.db import translate_db_error

            db = os.environ.get("CPEC_VERIFY_DB", "database")
            _fail(str(translate_db_error(exc, db)), 1)  # type: ignore[arg-type]
        if os.environ.get("CPEC_VERIFY_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc}", 1)
    _flush()
    sys.exit(result if isinstance(result, int) else 0)
