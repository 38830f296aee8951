"""What a verdict row holds and which citations it may make: pure, so every write path
(the ORM, the review screen's appender, the scripted ``verdict`` fast path) builds the
same row and refuses the same input, and the scripted path need not load SQLAlchemy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from cpec_verify.errors import UsageError
from cpec_verify.labels import LABELS


def utcnow() -> datetime:
    """Timestamps are stored in UTC so merged databases sort correctly."""
    return datetime.now(UTC).replace(tzinfo=None)


def check_label(label: str) -> str:
    if label not in LABELS:
        raise UsageError(f"unknown label {label!r}; use one of {', '.join(LABELS)}")
    return label


def verdict_row(
    *,
    claim_id: int,
    reviewer: str,
    label: str,
    evidence: Sequence[int] = (),
    note: str | None = None,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """The column values of one verdict row, as every write path stores it: a known label,
    cited span ids sorted once each, an empty note as none, the time in UTC."""
    return {
        "claim_id": claim_id,
        "reviewer": reviewer,
        "label": check_label(label),
        "retraction": False,
        "evidence": sorted(set(evidence)),
        "note": note or None,
        "created_at": created_at or utcnow(),
    }


def spans_at_ranks(ordered: Sequence[int], claim_id: int, ranks: Sequence[int]) -> list[int]:
    """The span ids behind screen ranks (``--cite 2``) in a claim's ranked evidence
    ``ordered``; a rank the claim lacks is refused."""
    spans: list[int] = []
    for rank in ranks:
        if not 1 <= rank <= len(ordered):
            have = f"evidence 1-{len(ordered)}" if ordered else "no evidence"
            raise UsageError(f"claim {claim_id} has no evidence {rank} (it has {have})")
        spans.append(ordered[rank - 1])
    return spans


def check_cited(allowed: set[int], claim_id: int, evidence: Sequence[int]) -> None:
    """Every cited span must be one of the claim's evidence sentences."""
    for span_id in evidence:
        if span_id not in allowed:
            raise UsageError(f"span {span_id} is not evidence for claim {claim_id}")
