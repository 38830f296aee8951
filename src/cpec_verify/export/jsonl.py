"""JSON writers: one record a line (JSONL), or a JSON array written item by item."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO


def dumps(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(items: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """One compact JSON object per line; returns how many were written."""
    n = 0
    for item in items:
        stream.write(dumps(item))
        stream.write("\n")
        n += 1
    return n


def write_json_array(items: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """A JSON array streamed one element per line, so nothing is held in memory."""
    n = 0
    stream.write("[")
    for item in items:
        stream.write(",\n" if n else "\n")
        stream.write(dumps(item))
        n += 1
    stream.write("\n]\n" if n else "]\n")
    return n
