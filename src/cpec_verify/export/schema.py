"""JSON Schema (draft 2020-12) of the export record, and validation while writing.

The schema lives here so an installed package can validate without the repository;
``schemas/export-record.schema.json`` is generated from it
(``python -m cpec_verify.export.schema > schemas/export-record.schema.json``) and a
test keeps the two identical.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator

from cpec_verify.errors import CpecError
from cpec_verify.export.records import EXPORT_SCHEMA_VERSION
from cpec_verify.labels import LABELS

SCHEMA_ID = "https://cpec-verify.invalid/schemas/export-record.schema.json"

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_INT0 = {"type": "integer", "minimum": 0}
_LABEL = {"enum": list(LABELS)}
_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"}
_KEY = {"type": "string", "pattern": r"^[0-9a-f]{1,16}:\d+:\d+-\d+$"}


def _obj(props: dict[str, Any], *, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object: every listed property required, only ``extra`` ones optional."""
    return {
        "type": "object",
        "required": [p for p in props if p not in extra],
        "properties": props,
        "additionalProperties": False,
    }


_SENTENCE = _obj({"start": _INT0, "end": _INT0, "text": _STR, "paragraph": _INT0})
_PROVENANCE_PROPS: dict[str, Any] = {
    "key": {"type": "string", "pattern": r"^[0-9a-f]{64}:\d+$"},
    "title": _NSTR,
    "outlet": _NSTR,
    "url": _NSTR,
    "published": _NSTR,
    "dateline": _NSTR,
    "byline": _NSTR,
    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "part": {"type": "integer", "minimum": 1},
}
_PROVENANCE = _obj(_PROVENANCE_PROPS)
_ARTICLE_TEXT = {
    "type": "string",
    "description": "The article's full cleaned text; claim and sentence offsets are code "
    "points into it. Written in jsonl and yaml unless --no-text, so import-export can rebuild "
    "the article exactly.",
}
_ARTICLE = _obj({**_PROVENANCE_PROPS, "text": _ARTICLE_TEXT}, extra=("text",))

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "cpec-verify export record",
    "description": "One verified claim: final label, cited evidence with provenance, every "
    "reviewer's latest verdict, agreement and adjudication.",
    **_obj(
        {
            "schema_version": {"const": EXPORT_SCHEMA_VERSION},
            "tool": _obj({"name": {"const": "cpec-verify"}, "version": _STR}),
            "id": _KEY,
            "status": {"enum": ["unreviewed", "in_review", "disputed", "agreed", "adjudicated"]},
            "label": {"anyOf": [_LABEL, {"type": "null"}]},
            "decided_at": {"anyOf": [_TIME, {"type": "null"}]},
            "claim": _obj(
                {
                    "text": _STR,
                    "start": _INT0,
                    "end": _INT0,
                    "speaker": _NSTR,
                    "quantities": {"type": "array", "items": {"type": "object"}},
                    "kinds": {"type": "array", "items": _STR},
                    "origin": _STR,
                    "sentence": {"anyOf": [_SENTENCE, {"type": "null"}]},
                }
            ),
            "article": _ARTICLE,
            "evidence": {
                "type": "array",
                "items": _obj(
                    {
                        "key": _KEY,
                        "text": _STR,
                        "start": _INT0,
                        "end": _INT0,
                        "paragraph": _INT0,
                        "article": _PROVENANCE,
                        "rank": {"type": ["integer", "null"]},
                        "score": {"type": ["number", "null"]},
                        "relation": _NSTR,
                        "reason": _NSTR,
                        "same_source": {"type": ["boolean", "null"]},
                        "cited_by": {"type": "array", "items": _STR, "minItems": 1},
                    }
                ),
            },
            "verdicts": {
                "type": "array",
                "items": _obj(
                    {
                        "reviewer": _STR,
                        "label": _LABEL,
                        "evidence": {"type": "array", "items": _KEY},
                        "note": _NSTR,
                        "created_at": _TIME,
                    }
                ),
            },
            "agreement": _obj(
                {
                    "reviewers": _INT0,
                    "labels": {
                        "type": "object",
                        "propertyNames": _LABEL,
                        "additionalProperties": {"type": "integer", "minimum": 1},
                    },
                    "unanimous": {"type": "boolean"},
                    "share": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
                }
            ),
            "adjudication": {
                "anyOf": [
                    _obj(
                        {
                            "lead": _STR,
                            "label": _LABEL,
                            "rationale": {"type": "string", "minLength": 1},
                            "created_at": _TIME,
                        }
                    ),
                    {"type": "null"},
                ]
            },
            "copies": {
                "description": "The same claim in syndicated copies of the article; the "
                "label counts for them too.",
                "type": "array",
                "items": _obj({"id": _KEY, "article": _PROVENANCE}),
            },
        },
        extra=("copies",),
    ),
}


class RecordInvalidError(CpecError):
    """A record does not match the export schema (a bug, or a hand-edited file)."""


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(SCHEMA)
    return Draft202012Validator(SCHEMA)


def validate_record(record: dict[str, Any], where: str) -> None:
    """Raise ``RecordInvalidError`` naming ``where`` and the first failing path."""
    error = next(iter(validator().iter_errors(record)), None)
    if error is not None:
        path = "/".join(str(p) for p in error.absolute_path) or "(record)"
        raise RecordInvalidError(f"{where}: {path}: {error.message}")


def schema_json() -> str:
    return json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_json(), end="")
