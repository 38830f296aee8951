"""The click group, shared options and output helpers every command uses.

Commands live in one module each under ``cli/`` and register on ``cli`` here;
``cli/__init__.py`` imports them and turns every ``CpecError`` into one
``error:`` line on stderr.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO, TypeVar

import click
from rich.console import Console, ConsoleOptions, RenderableType, RenderHook, RenderResult
from rich.segment import Segment
from rich.text import Text
from sqlalchemy.engine import Engine

from cpec_verify import __version__
from cpec_verify.store.db import get_engine
from cpec_verify.textsafe import json_terminal_safe, terminal_safe

F = TypeVar("F", bound=Callable[..., Any])


class _TerminalSafe:
    """Renders ``inner`` with every text segment passed through ``terminal_safe``."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for seg in console.render(self.inner, options):
            # Rich's own cursor/erase codes are control segments; only text is untrusted
            yield seg if seg.control else Segment(terminal_safe(seg.text), seg.style)


class TerminalSafeHook(RenderHook):
    """The net under every ``print``: no control character of stored text reaches the
    terminal, whichever command printed it.  (``cell`` makes text safe before layout,
    so widths are right; this catches whatever was not.)"""

    def process_renderables(self, renderables: list[Any]) -> list[Any]:
        return [_TerminalSafe(r) for r in renderables]


def _console(**kwargs: Any) -> Console:
    console = Console(highlight=False, soft_wrap=True, **kwargs)
    console.push_render_hook(TerminalSafeHook())
    return console


out = _console()
err = _console(stderr=True)


def cell(value: object, **kwargs: Any) -> Text:
    """Untrusted text for a table cell or a line: never markup, no control characters."""
    return Text(terminal_safe("" if value is None else str(value)), **kwargs)


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
    sys.stdout.write(
        json_terminal_safe(json.dumps(data, ensure_ascii=False, indent=2, default=str)) + "\n"
    )


def print_jsonl(rows: Iterable[Any]) -> None:
    for row in rows:
        sys.stdout.write(
            json_terminal_safe(json.dumps(row, ensure_ascii=False, default=str)) + "\n"
        )


def db_args(db: str | None) -> str:
    """`` --db X`` for a command the user may paste next, empty for the default database."""
    return f" --db {shlex.quote(db)}" if db else ""


def registered_notice(name: str, db: str | None) -> None:
    """Said once, when a reviewer's name is first used in this database."""
    err.print(
        f"note: {name} is new here and is now registered as a reviewer "
        f"(everyone: cpec-verify reviewers{db_args(db)})",
        markup=False,
        highlight=False,
    )


def notice(message: str) -> None:
    """One ``note:`` line on stderr: worth knowing, nothing wrong."""
    err.print(f"note: {message}", markup=False, highlight=False)


def warn(message: str) -> None:
    """One ``warning:`` line on stderr, never parsed as markup."""
    err.print(f"warning: {message}", markup=False, highlight=False)


class _TerminalGuard:
    """A text stream that makes what it writes terminal-safe (see ``terminal_guard``)."""

    def __init__(self, stream: TextIO, json: bool) -> None:
        self._stream = stream
        self._clean = json_terminal_safe if json else terminal_safe

    def write(self, data: str) -> int:
        return self._stream.write(self._clean(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def terminal_guard(stream: TextIO, *, json: bool) -> TextIO:
    """``stream`` itself unless it is a terminal; then a wrapper that keeps control
    characters from it (JSON through ``\\u`` escapes, so the data stays exact)."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return _TerminalGuard(stream, json) if tty else stream  # type: ignore[return-value]


def write_text(data: str) -> None:
    """Text output (CSV, YAML, reports) on stdout; made terminal-safe only when stdout is a
    terminal, so a file or a pipe gets the data exactly."""
    sys.stdout.write(terminal_safe(data) if sys.stdout.isatty() else data)
