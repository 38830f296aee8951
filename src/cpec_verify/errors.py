"""Errors a user can act on: the CLI prints ``error: <message>`` and exits with ``exit_code``."""

from __future__ import annotations


class CpecError(Exception):
    """A failure explained in one line; never shown as a traceback."""

    exit_code = 1


class UsageError(CpecError):
    """The command line itself is wrong (unknown id, bad option value)."""

    exit_code = 2


class DataError(CpecError):
    """The data is wrong (a bad line in an input file, a refused value): exit 1, not 2."""


class StoreError(CpecError):
    """The database cannot be opened or used (corrupt, newer schema, locked, read-only)."""
