"""JSON from untrusted files: ``json.loads`` with a nesting limit instead of a RecursionError.

A JSONL line nested 100,000 deep made the C decoder raise ``RecursionError``, which
stopped a whole import run.  Nothing the tool reads nests more than a few levels, so
text with enough brackets to go deeper is scanned first and refused with the line
(within the text) where it passes :data:`MAX_DEPTH`.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 100
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class TooDeep(ValueError):
    """JSON nested deeper than the limit; ``line`` is 1-based within the text."""

    def __init__(self, line: int, limit: int) -> None:
        super().__init__(f"JSON nested more than {limit} levels deep")
        self.line = line


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`TooDeep` when ``text`` opens more than ``limit`` nested arrays/objects."""
    if text.count("[") + text.count("{") <= limit:  # cannot nest that deep: no scan
        return
    depth = 0
    for m in _TOKENS.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                raise TooDeep(text.count("\n", 0, m.start()) + 1, limit)
        elif token in "]}":
            depth -= 1


def loads(text: str, limit: int = MAX_DEPTH) -> Any:
    """``json.loads`` after :func:`check_depth`; raises ``json.JSONDecodeError`` or ``TooDeep``
    (both ``ValueError``)."""
    check_depth(text, limit)
    return json.loads(text)
