"""Errors a user can act on: the CLI prints ``error: <message>`` and exits with ``exit_code``."""

from __future__ import annotations


class CpecError(Exception):
    """A failure explained in one line; never shown as a traceback.

    ``hint`` is a command that fixes it; the CLI appends the ``--db`` in use to it, so the
    user can paste it as it is.
    """

    exit_code = 1

    def __init__(self, message: str = "", *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.with_hint_args("")

    def with_hint_args(self, extra: str) -> str:
        """The message, with the hint command and ``extra`` arguments (e.g. ``--db X``)."""
        return f"{self.message}: {self.hint}{extra}" if self.hint else self.message


class UsageError(CpecError):
    """The command line itself is wrong (unknown id, bad option value)."""

    exit_code = 2


class DataError(CpecError):
    """The data is wrong (a bad line in an input file, a refused value): exit 1, not 2."""


class StoreError(CpecError):
    """The database cannot be opened or used (corrupt, newer schema, locked, read-only)."""
