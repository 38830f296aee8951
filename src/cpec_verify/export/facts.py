"""``export --format facts``: one fact group per JSONL line, and its JSON Schema.

Each line is a group (what, subject, dimension, unit, status, spread) with every figure stated
for it: the value, the claim's sentence, its final label when it has one, and the article's
provenance.  ``schemas/facts.schema.json`` is generated from ``SCHEMA`` here
(``python -m cpec_verify.export.facts > schemas/facts.schema.json``); a test keeps the two
identical.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TextIO

from jsonschema import Draft202012Validator

from cpec_verify.errors import CpecError
from cpec_verify.labels import LABELS

FACTS_SCHEMA_VERSION = 1
SCHEMA_ID = "https://cpec-verify.invalid/schemas/facts.schema.json"

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_INT1 = {"type": "integer", "minimum": 1}
_NUM = {"type": ["number", "null"]}


def _obj(props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(props),
        "properties": props,
        "additionalProperties": False,
    }


_VALUE = _obj(
    {
        "value": {"type": "number"},
        "high": _NUM,
        "unit": _STR,
        "said": {"type": "string", "description": "The value as a reader reads it."},
        "figure": {"type": "string", "description": "The figure as written in the text."},
        "text": {"type": "string", "description": "The claim's sentence."},
        "claim_id": _INT1,
        "article_id": _INT1,
        "source": {
            "type": "integer",
            "description": "What counts once: the article of the original story for a "
            "syndicated copy, else the claim's own article.",
        },
        "position": {
            "type": "integer",
            "minimum": 0,
            "description": "Which distinct value of the group this figure states (0: the "
            "value most sources state).",
        },
        "outlet": _NSTR,
        "published": _NSTR,
        "title": _NSTR,
        "url": _NSTR,
        "scope": {"type": "array", "items": _STR},
        "when": _NSTR,
        "claim_status": _STR,
        "final_label": {"anyOf": [{"enum": list(LABELS)}, {"type": "null"}]},
    }
)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "cpec-verify fact group",
    "description": "One line of `cpec-verify export --format facts`: every figure stated "
    "about one thing (dimension, what, subject) across articles.",
    **_obj(
        {
            "schema_version": {"const": FACTS_SCHEMA_VERSION},
            "id": _INT1,
            "what": _NSTR,
            "subject": _STR,
            "dimension": _STR,
            "unit": _STR,
            "status": {"enum": ["consistent", "conflicting", "single-source"]},
            "spread": {
                "type": ["number", "null"],
                "minimum": 0,
                "description": "How far apart the values in the group's unit lie, in per "
                "cent of the smallest; null when not comparable.",
            },
            "sources": {"type": "integer", "minimum": 1},
            "values": {"type": "array", "minItems": 1, "items": _VALUE},
        }
    ),
}


class FactInvalidError(CpecError):
    """A fact group does not match its schema (a bug, or a hand-edited file)."""


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(SCHEMA)
    return Draft202012Validator(SCHEMA)


def validate_fact(record: dict[str, Any], where: str) -> None:
    """Raise ``FactInvalidError`` naming ``where`` and the first failing path."""
    error = next(iter(validator().iter_errors(record)), None)
    if error is not None:
        path = "/".join(str(p) for p in error.absolute_path) or "(group)"
        raise FactInvalidError(f"{where}: {path}: {error.message}")


def write_facts(records: Iterable[dict[str, Any]], stream: TextIO, validate: bool = False) -> int:
    """Write each group as one JSON line; the number written."""
    written = 0
    for record in records:
        line = {"schema_version": FACTS_SCHEMA_VERSION, **record}
        if validate:
            validate_fact(line, f"group {record.get('id')}")
        stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        written += 1
    return written


def schema_json() -> str:
    return json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_json(), end="")
