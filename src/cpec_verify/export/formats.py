"""The export formats by name: what each writer needs and how it is called.

Writers take records (``records.build_record``) and a text stream; nothing here
opens files or reads the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from cpec_verify.export.claimreview import Publisher, write_claimreview
from cpec_verify.export.csv_rows import write_csv
from cpec_verify.export.fever import write_fever
from cpec_verify.export.jsonl import write_jsonl
from cpec_verify.export.label_studio import write_label_studio
from cpec_verify.export.yaml_docs import write_yaml

Records = Iterable[dict[str, Any]]


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str
    write: Callable[[Records, TextIO, Publisher | None], int]
    needs_final_label: bool = False  # every record must have a final label
    needs_article_text: bool = False
    needs_publisher: bool = False


def _plain(fn: Callable[[Records, TextIO], int]) -> Callable[[Records, TextIO, Any], int]:
    return lambda records, stream, _publisher: fn(records, stream)


def _claimreview(records: Records, stream: TextIO, publisher: Publisher | None) -> int:
    assert publisher is not None
    return write_claimreview(records, stream, publisher)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("jsonl", _plain(write_jsonl)),
        Format("csv", _plain(write_csv)),
        Format("yaml", _plain(write_yaml)),
        Format("fever", _plain(write_fever), needs_final_label=True),
        Format("claimreview", _claimreview, needs_final_label=True, needs_publisher=True),
        Format("label-studio", _plain(write_label_studio), needs_article_text=True),
    )
}
