"""A click group that imports a command's module only when that command runs.

Click's documented "lazily loading subcommands" pattern: ``get_command`` imports the
module named in the table.  ``cpec-verify --help`` lists every command with its short
help from the table, so it imports no command module (and none of SQLAlchemy, Rich,
NumPy, trafilatura or Textual); ``tests/test_cli_startup.py`` keeps the table's help in
step with each command's docstring.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

import click


class LazyCommand(NamedTuple):
    """Where a command lives and the one line ``--help`` shows for it."""

    module: str
    attr: str
    short_help: str


class LazyGroup(click.Group):
    """Commands named in ``lazy`` are imported on first use."""

    def __init__(self, *args: Any, lazy: dict[str, LazyCommand] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            spec = self.lazy[cmd_name]
            command = getattr(importlib.import_module(spec.module), spec.attr)
            if not isinstance(command, click.Command):
                raise TypeError(f"{spec.module}.{spec.attr} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def command_line(self, ctx: click.Context, name: str, limit: int) -> str | None:
        """A command's line in ``--help``, from the table unless it is already loaded."""
        if name in self.lazy and name not in self.commands:
            # click's own shortening, on a stand-in carrying the table's text
            return click.Command(name, help=self.lazy[name].short_help).get_short_help_str(limit)
        command = self.get_command(ctx, name)
        if command is None or command.hidden:
            return None
        return command.get_short_help_str(limit)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, as click prints it, without importing any command module."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)  # click's own spacing
        rows = [(n, h) for n in names if (h := self.command_line(ctx, n, limit)) is not None]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
