"""The click group, shared options and output helpers every command uses.

Commands live in modules under ``cli/``, listed in ``COMMANDS`` and imported only when
run (``cli/lazy.py``); ``cli/__init__.py`` turns every ``CpecError`` into one ``error:``
line on stderr.  Nothing here imports Rich, SQLAlchemy or the pipeline at start-up.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from cpec_verify import __version__
from cpec_verify.cli.lazy import LazyCommand, LazyGroup
from cpec_verify.textsafe import json_terminal_safe, terminal_safe

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text
    from sqlalchemy.engine import Engine

F = TypeVar("F", bound=Callable[..., Any])


class _LazyConsole:
    """A Rich console made on first use (Rich costs start-up time ``--help`` need not pay)."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from cpec_verify.cli.console import make_console

            self._console = make_console(**self._kwargs)
        return getattr(self._console, name)


out: Console = _LazyConsole()  # type: ignore[assignment]
err: Console = _LazyConsole(stderr=True)  # type: ignore[assignment]


def cell(value: object, **kwargs: Any) -> Text:
    """Untrusted text for a table cell or a line: never markup, no control characters."""
    from rich.text import Text

    return Text(terminal_safe("" if value is None else str(value)), **kwargs)


def _command(module: str, attr: str, short_help: str) -> LazyCommand:
    return LazyCommand(f"cpec_verify.cli.{module}", attr, short_help)


# Every command: its module, its click object, and the line `--help` shows (kept equal to
# the command's own docstring by tests/test_cli_startup.py).
COMMANDS: dict[str, LazyCommand] = {
    "adjudicate": _command(
        "adjudicate_cmd",
        "adjudicate_command",
        "Set the final LABEL of CLAIM_ID (leads only); history is kept like verdicts.",
    ),
    "agreement": _command(
        "agreement_cmd",
        "agreement_command",
        "Measure reviewer agreement: percent agreement, Cohen's and Fleiss' kappa, alpha.",
    ),
    "articles": _command(
        "articles_cmd",
        "articles_command",
        "List imported articles with provenance, size and duplicate links.",
    ),
    "claims": _command(
        "claims_cmd",
        "claims_group",
        "List candidate claims with their ranked evidence from other articles.",
    ),
    "demo": _command(
        "demo_cmd",
        "demo_command",
        "Build a demo database from the bundled corpus and run every stage on it.",
    ),
    "export": _command(
        "export_cmd",
        "export_command",
        "Export verified claims: final label, evidence with provenance, verdicts, agreement.",
    ),
    "extract": _command(
        "claims_cmd", "extract_command", "Propose candidate claims and rank their evidence."
    ),
    "facts": _command(
        "facts_cmd",
        "facts_command",
        "Fact groups: each thing measured, its distinct values and how many sources state each.",
    ),
    "import": _command(
        "import_cmd",
        "import_command",
        "Import articles from files, directories (recursively) and - (stdin).",
    ),
    "import-export": _command(
        "export_cmd",
        "import_export_command",
        'Load a JSONL export ("export --format jsonl") into this database.',
    ),
    "init": _command(
        "init_cmd",
        "init_command",
        "Create an empty database (other commands create it when missing).",
    ),
    "merge": _command(
        "merge_cmd",
        "merge_command",
        "Merge OTHER (a reviewer's offline .sqlite file, or a URL) into this database.",
    ),
    "review": _command(
        "review_cmd",
        "review_command",
        "Review claims next to their article and evidence; every verdict is saved at once.",
    ),
    "serve": _command(
        "serve_cmd",
        "serve_command",
        'Serve the review screen to browsers; reviewers sign in with "reviewers token" URLs.',
    ),
    "reviewers": _command(
        "reviewers_cmd",
        "reviewers_group",
        'List everyone with their verdict counts; "reviewers add NAME [--lead]" registers one.',
    ),
    "show": _command(
        "articles_cmd",
        "show_command",
        "Show one article: fields, cleaned text, sentences and what cleaning removed.",
    ),
    "status": _command(
        "status_cmd", "status_command", "Count claims per status, overall and per article."
    ),
    "verdict": _command(
        "verdicts_cmd",
        "verdict_command",
        "Append a verdict on CLAIM_ID (the scripted equivalent of s/c/u on the review screen).",
    ),
    "verdicts": _command(
        "verdicts_cmd",
        "verdicts_group",
        "List current verdicts (the latest per claim and reviewer), or import them.",
    ),
}


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
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


def engine_for(db: str | None, *, create: bool = False) -> Engine:
    """The migrated engine.  Only commands that add data pass ``create=True``; the others
    refuse a missing SQLite file (a typo in --db must not become an empty database)."""
    from cpec_verify.store.db import get_engine

    return get_engine(db, create=create)


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


def _stderr_line(line: str) -> None:
    """One line on stderr, terminal-safe, never markup (no Rich needed for it)."""
    sys.stdout.flush()  # keep the order a reader sees when both go to one terminal
    sys.stderr.write(terminal_safe(line) + "\n")
    sys.stderr.flush()


def registered_notice(name: str, db: str | None) -> None:
    """Said once, when a reviewer's name is first used in this database."""
    _stderr_line(
        f"note: {name} is new here and is now registered as a reviewer "
        f"(everyone: cpec-verify reviewers{db_args(db)})"
    )


def notice(message: str) -> None:
    """One ``note:`` line on stderr: worth knowing, nothing wrong."""
    _stderr_line(f"note: {message}")


def warn(message: str) -> None:
    """One ``warning:`` line on stderr, never parsed as markup."""
    _stderr_line(f"warning: {message}")


class _TerminalGuard:
    """A text stream that makes what it writes terminal-safe (see ``terminal_guard``)."""

    def __init__(self, stream: TextIO, json: bool) -> None:
        self._stream = stream
        self._clean = json_terminal_safe if json else _screen_text

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
    sys.stdout.write(_screen_text(data) if sys.stdout.isatty() else data)


def _screen_text(data: str) -> str:
    """Text for a terminal: CSV's CRLF line ends are plain line ends there (not a visible
    ``␍``); every other control character is made visible."""
    return terminal_safe(data.replace("\r\n", "\n"))
