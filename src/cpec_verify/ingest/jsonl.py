"""Read JSON Lines exports: one article object a line, bad lines reported and skipped.

A scraper export with one broken line should still import the rest, so problems become
``name:LINE: reason`` entries instead of aborting the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cpec_verify import safe_json

from .dates import parse_date

_OPTIONAL = ("title", "url", "outlet", "published")


@dataclass
class JsonRecord:
    """One valid line: the article text and its optional metadata, as given."""

    line: int
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None


def _check(obj: object) -> str | None:
    if not isinstance(obj, dict):
        return f"expected a JSON object, got {type(obj).__name__}"
    if "text" not in obj:
        return "missing 'text'"
    if not isinstance(obj["text"], str) or not obj["text"].strip():
        return "'text' must be a non-empty string"
    for key in _OPTIONAL:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return f"'{key}' must be a string"
    for key in ("text", *_OPTIONAL):
        if "\x00" in (obj.get(key) or ""):
            return f"'{key}' contains a NUL character (binary data, not article text)"
    return None


def read_jsonl(text: str, name: str) -> tuple[list[JsonRecord], list[str], list[str]]:
    """Return ``(records, errors, warnings)``; blank lines are skipped silently."""
    records: list[JsonRecord] = []
    errors: list[str] = []
    warnings: list[str] = []
    for no, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        try:
            obj = safe_json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(f"{name}:{no}: invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        except safe_json.TooDeep as exc:
            errors.append(f"{name}:{no}: {exc}")
            continue
        problem = _check(obj)
        if problem:
            errors.append(f"{name}:{no}: {problem}")
            continue
        meta = {k: (obj.get(k) or "").strip() or None for k in _OPTIONAL}
        published = meta.pop("published")
        iso = parse_date(published) if published else None
        if published and iso is None:
            warnings.append(f"{name}:{no}: unrecognised published date '{published}' ignored")
        records.append(JsonRecord(line=no, text=obj["text"], published=iso, **meta))
    return records, errors, warnings
