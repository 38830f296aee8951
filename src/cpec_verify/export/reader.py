"""Reading a JSONL export back: version check and schema validation, line by line.

A record from an unknown schema version is refused before anything is loaded from
it, with the file, the line and the versions this build reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from cpec_verify import safe_json
from cpec_verify.errors import CpecError
from cpec_verify.export.records import SUPPORTED_SCHEMA_VERSIONS
from cpec_verify.export.schema import validate_record


class ExportReadError(CpecError):
    """The file is not a cpec-verify JSONL export this version can read."""


def read_records(stream: TextIO, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, record)`` for each non-blank line; ``where`` is ``name:line``."""
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = safe_json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExportReadError(f"{where}: not a JSON line ({exc.msg})") from exc
        except safe_json.TooDeep as exc:
            raise ExportReadError(f"{where}: {exc}") from exc
        if not isinstance(record, dict) or "schema_version" not in record:
            raise ExportReadError(f"{where}: not a cpec-verify export record (no schema_version)")
        version = record["schema_version"]
        if version not in SUPPORTED_SCHEMA_VERSIONS:
            raise ExportReadError(
                f"{where}: export schema version {version!r} is not supported; "
                f"this cpec-verify reads {', '.join(SUPPORTED_SCHEMA_VERSIONS)}"
            )
        validate_record(record, where)
        yield where, record
