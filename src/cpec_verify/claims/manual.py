"""Hand-picked claims files (``cpec-verify claims import FILE.yaml``): parsing and validation.

YAML is read with safe loading only and checked against ``schemas/claims.schema.json``; each
error names the entry it is about.  Tying entries to stored articles is
``services.manual_claims``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
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
    """The schema shipped inside the package (``cpec_verify/schemas``, the repository's
    ``schemas/`` folder), read as a resource so a plain wheel install finds it too."""
    try:
        raw = resources.files("cpec_verify").joinpath("schemas", SCHEMA_NAME).read_text("utf-8")
    except OSError as exc:
        raise CpecError(f"cannot read schemas/{SCHEMA_NAME} from the installed package") from exc
    return json.loads(raw)


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
