"""YAML export: a stream of documents, one record each (``---`` between them).

A document per record keeps the writer streaming and lets every document validate
against the same schema as a JSONL line; ``yaml.safe_load_all`` reads it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

import yaml

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write_yaml(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    n = 0
    for record in records:
        yaml.dump(
            record,
            stream,
            Dumper=_Dumper,
            explicit_start=True,
            sort_keys=False,
            allow_unicode=True,
            width=100,
        )
        n += 1
    return n
