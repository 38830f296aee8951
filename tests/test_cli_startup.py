"""Start-up: the lazy click group lists every command without importing it, and commands
import only the heavy libraries they use (timings are in bench/bench_startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from cpec_verify.cli.app import COMMANDS, cli

HEAVY = ("sqlalchemy", "sqlmodel", "rich", "trafilatura", "numpy", "scipy", "textual", "alembic")


def _imported_after(argv: list[str]) -> set[str]:
    """Heavy top-level modules loaded by running ``cpec-verify ARGV`` in a fresh process."""
    code = (
        "import json, sys\n"
        "from cpec_verify.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"sys.stderr.write(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_imports_no_command_module_and_no_heavy_library() -> None:
    assert _imported_after(["--help"]) == set()


def test_the_table_matches_every_command() -> None:
    ctx = click.Context(cli)
    for name, spec in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command), name
        assert command.name == name
        assert spec.short_help == command.get_short_help_str(limit=500), (
            f"COMMANDS[{name!r}] in cli/app.py must repeat the first line of its docstring"
        )


def test_help_lists_every_command_as_click_would(run) -> None:  # noqa: ANN001
    listed = run("--help", db=False).stdout
    for name in COMMANDS:
        assert f"\n  {name} " in listed
    assert "Set the final LABEL of CLAIM_ID" in listed


@pytest.mark.parametrize(
    ("argv", "never"),
    [
        (["verdict", "--help"], {"textual", "trafilatura", "numpy", "scipy"}),
        (["status", "--help"], {"textual", "trafilatura", "numpy", "scipy"}),
        (["reviewers", "--help"], {"textual", "trafilatura", "numpy", "scipy"}),
        (["review", "--help"], {"textual", "trafilatura", "scipy"}),
    ],
)
def test_commands_leave_unneeded_libraries_alone(argv: list[str], never: set[str]) -> None:
    assert _imported_after(argv) & never == set()
