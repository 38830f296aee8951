"""The click group, shared options and output helpers every command uses.

Commands live in one module each under ``cli/`` and register on ``cli`` here;
``cli/__init__.py`` imports them and turns every ``CpecError`` into one
``error:`` line on stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click
from rich.console import Console
from sqlalchemy.engine import Engine

from cpec_verify import __version__
from cpec_verify.store.db import get_engine

F = TypeVar("F", bound=Callable[..., Any])

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="cpec-verify")
def cli() -> None:
    """Annotate and verify the claims made in news articles.

    Import articles, review candidate claims against evidence from other outlets,
    measure reviewer agreement and export verified claim sets.  Every command takes
    --db PATH|URL (or CPEC_VERIFY_DB); the default is db/cpec-verify.sqlite.
    """


def db_option(func: F) -> F:
    """``--db`` on every command; the environment variable is read in ``resolve_url``."""
    return click.option(
        "--db",
        "db",
        metavar="PATH|URL",
        default=None,
        help="Database file or SQLAlchemy URL [env CPEC_VERIFY_DB; default db/cpec-verify.sqlite].",
    )(func)


def format_option(*choices: str, default: str | None = None) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def engine_for(db: str | None) -> Engine:
    """The migrated engine; creates the database when it is missing."""
    return get_engine(db)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_jsonl(rows: Iterable[Any]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def warn(message: str) -> None:
    """One ``warning:`` line on stderr, never parsed as markup."""
    err.print(f"warning: {message}", markup=False, highlight=False)
