"""Hand-picked claims files (``cpec-verify claims import FILE.yaml``): parsing and validation.

YAML is read with safe loading only and checked against ``schemas/claims.schema.json``; each
error names the entry it is about.  Tying entries to stored articles is
``services.manual_claims``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from cpec_verify.errors import CpecError
from cpec_verify.safe_yaml import load_yaml

SCHEMA_NAME = "claims.schema.json"


class ClaimsFileError(CpecError):
    """The claims file cannot be used; the message names the file and the entry."""


@cache
def schema() -> dict[str, Any]:
    """The schema shipped in the repository's ``schemas/`` folder."""
    for folder in Path(__file__).resolve().parents:
        path = folder / "schemas" / SCHEMA_NAME
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise CpecError(f"cannot find schemas/{SCHEMA_NAME} next to the installed package")


def parse_claims_file(text: str, name: str) -> list[dict[str, Any]]:
    """The entries of a claims file, validated; raises :class:`ClaimsFileError`."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ClaimsFileError(f"{name}: not valid YAML{where}: {problem}") from exc
    if isinstance(data, list):
        data = {"claims": data}
    if not isinstance(data, dict):
        raise ClaimsFileError(f"{name}: expected a mapping with 'claims:' or a list of entries")
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise ClaimsFileError(f"{name}: {_describe(errors[0])}")
    return list(data["claims"])


def _describe(error: jsonschema.ValidationError) -> str:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "claims":
        where = f"entry {int(path[1]) + 1}"
        field_path = ".".join(str(p) for p in path[2:])
        if field_path:
            where += f" field '{field_path}'"
    else:
        where = "top level" if not path else ".".join(str(p) for p in path)
    if error.validator == "oneOf":
        return f"{where}: give either 'article' (an id) or 'source', not both"
    return f"{where}: {error.message}"
