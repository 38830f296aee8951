"""The export workflow: verified claims from the store to a stream in one of the formats.

Rows stream from one query through ``export.records`` (and, with ``validate``, the JSON schema)
into the format's writer, so memory stays flat however many claims there are.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from sqlmodel import Session

from cpec_verify import __version__
from cpec_verify.export.formats import FORMATS, ExportOptions
from cpec_verify.export.records import build_record
from cpec_verify.export.schema import validate_record
from cpec_verify.store.queries.export_query import iter_export_rows
from cpec_verify.store.queries.status import DEFAULT_MIN_REVIEWERS


def export_claims(
    session: Session,
    stream: TextIO,
    fmt: str,
    statuses: Sequence[str],
    validate: bool = False,
    *,
    min_reviewers: int = DEFAULT_MIN_REVIEWERS,
    options: ExportOptions | None = None,
    article_text: bool = True,
) -> int:
    """Write the claims in ``statuses`` to ``stream`` as ``fmt``; the number written.

    ``validate`` checks each record against the export schema and raises on the first bad one.
    ``article_text`` False leaves the article text out of formats that carry it.  Option checks
    (statuses, publisher, final labels) are the caller's; writers warn through ``options.warn``.
    """
    spec = FORMATS[fmt]
    # Everything alive now (imported modules) never becomes garbage: keep the collector
    # from re-scanning it on every full pass while records stream (~20-40% of export time).
    gc.freeze()
    try:
        rows = iter_export_rows(
            session,
            statuses=list(statuses),
            min_reviewers=min_reviewers,
            with_article_text=spec.needs_article_text and article_text,
        )

        def records() -> Iterator[dict[str, Any]]:
            for n, row in enumerate(rows, 1):
                record = build_record(row, tool_version=__version__)
                if validate:
                    validate_record(record, f"record {n} (claim {row['claim_id']})")
                yield record

        return spec.write(records(), stream, options or ExportOptions())
    finally:
        gc.unfreeze()


def export_facts(
    session: Session,
    stream: TextIO,
    validate: bool = False,
    *,
    min_reviewers: int = DEFAULT_MIN_REVIEWERS,
) -> int:
    """Write every fact group as one JSONL line (``export --format facts``); the number
    written.  Each value carries its claim's status and final label: a syndicated copy's
    claim has its original's, as everywhere else."""
    from cpec_verify.export.facts import write_facts
    from cpec_verify.services.facts import fact_records
    from cpec_verify.store.queries.status import iter_status_batches

    labels = {
        s.claim_id: (s.status, s.final_label)
        for batch in iter_status_batches(session, min_reviewers=min_reviewers, include_copies=True)
        for s in batch
    }
    records = fact_records(session)
    for record in records:
        for v in record["values"]:
            v["claim_status"], v["final_label"] = labels.get(v["claim_id"], ("unreviewed", None))
    return write_facts(records, stream, validate)
