"""Spreadsheet-safe CSV cells (the OWASP "CSV injection" rule), for every CSV the tool writes.

A spreadsheet runs a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return
as a formula: a note ``=HYPERLINK("http://…","x")`` or a ``url`` cell would become a live
link or worse.  Every text cell starting so gets a leading ``'`` (shown by spreadsheets as
text, hidden).  Numbers stay numbers.  ``read_cell`` undoes it exactly, so CSV files the
tool wrote import back unchanged: a cell that already starts with apostrophes before a
formula character gets one more, and reading removes one.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _needs_quote(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_START)


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet shows as text (non-strings pass unchanged)."""
    if value is None:
        return ""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """The original text of a cell ``safe_cell`` wrote."""
    return text[1:] if text.startswith("'") and _needs_quote(text) else text


class SafeWriter:
    """``csv.writer`` whose rows go through ``safe_cell``: no call site can forget it."""

    def __init__(self, stream: TextIO, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([safe_cell(c) for c in row])


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose values go through ``safe_cell`` (headers are ours)."""

    def writerow(self, rowdict: Any) -> Any:
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})
