"""The export formats by name: what each writer needs and how it is called.

Writers take records (``records.build_record``), a text stream and ``ExportOptions``;
nothing here opens files or reads the clock.  A writer reports what a user should
know (claims left out, reviewers it could not map) through ``options.warn``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from cpec_verify.export.claimreview import Publisher, write_claimreview
from cpec_verify.export.csv_rows import write_csv
from cpec_verify.export.fever import write_fever
from cpec_verify.export.jsonl import write_jsonl
from cpec_verify.export.label_studio import write_label_studio
from cpec_verify.export.yaml_docs import write_yaml

Records = Iterable[dict[str, Any]]


def _ignore(_message: str) -> None:
    return None


@dataclass(frozen=True)
class ExportOptions:
    """Per-format options; each writer reads only its own."""

    publisher: Publisher | None = None  # claimreview
    short_claims: bool = False  # claimreview: claimReviewed cut to 75 characters
    bom: bool = False  # csv
    allow_unevidenced: bool = False  # fever: keep SUPPORTS/REFUTES without evidence
    pages: TextIO | None = None  # fever: wiki-pages JSONL written alongside
    annotators: Mapping[str, str | int] = field(default_factory=dict)  # label-studio users
    warn: Callable[[str], None] = _ignore


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str
    write: Callable[[Records, TextIO, ExportOptions], int]
    needs_final_label: bool = False  # every record must have a final label
    needs_article_text: bool = False
    needs_publisher: bool = False
    suffix: str = ""  # the file name ending its users' tools expect


def _claimreview(records: Records, stream: TextIO, options: ExportOptions) -> int:
    if options.publisher is None:
        raise ValueError("claimreview needs a publisher")
    return write_claimreview(
        records, stream, options.publisher, short=options.short_claims, warn=options.warn
    )


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "jsonl", lambda r, s, o: write_jsonl(r, s), needs_article_text=True, suffix=".jsonl"
        ),
        Format("csv", lambda r, s, o: write_csv(r, s, bom=o.bom), suffix=".csv"),
        Format("yaml", lambda r, s, o: write_yaml(r, s), needs_article_text=True, suffix=".yaml"),
        Format(
            "fever",
            lambda r, s, o: write_fever(
                r, s, pages=o.pages, allow_unevidenced=o.allow_unevidenced, warn=o.warn
            ),
            needs_final_label=True,
            suffix=".jsonl",
        ),
        Format(
            "claimreview",
            _claimreview,
            needs_final_label=True,
            needs_publisher=True,
            suffix=".json",
        ),
        Format(
            "label-studio",
            lambda r, s, o: write_label_studio(r, s, annotators=o.annotators, warn=o.warn),
            needs_article_text=True,
            suffix=".json",
        ),
    )
}
