"""Reviewer agreement: ratings from the database or a file, and the result object.

Ratings are gathered as integer codes (one SQL query, or the column-wise file reader) and handed
to ``stats.agreement``.  The ``agreement`` command, the leads' screen and the benchmark all run
these same functions.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Literal

import numpy as np
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.errors import CpecError, UsageError
from cpec_verify.input_file import DEFAULT_MAX_BYTES, read_limited
from cpec_verify.stats.agreement import compute_agreement, find_disagreements
from cpec_verify.stats.ratings import EncodedRatings, RatingsError, read_ratings_encoded
from cpec_verify.store.db import session_scope
from cpec_verify.store.entities.reviewers import require_lead, resolve_name
from cpec_verify.store.queries.agreement_query import (
    article_exists,
    latest_label_arrays,
    reviewers_with_verdicts,
)

JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


def ratings_from_db(
    session: Session, *, article_id: int | None = None, reviewers: list[str] | None = None
) -> EncodedRatings:
    """Current verdicts (latest per claim and reviewer, retractions respected) as codes."""
    if article_id is not None and not article_exists(session, article_id):
        raise UsageError(f"no article with id {article_id}")
    if reviewers is not None:
        reviewers = [resolve_name(session, n, register=False).name for n in reviewers]
        unknown = set(reviewers) - reviewers_with_verdicts(session, reviewers)
        if unknown:
            raise UsageError(f"no verdicts by reviewer(s) {', '.join(sorted(unknown))}")
    return latest_label_arrays(session, article_id=article_id, reviewers=reviewers)


def _decode(path: Path, max_bytes: int) -> str:
    """The file as text; a non-UTF-8 byte or a NUL is reported by line, as a bad row would be."""
    if not path.exists():
        raise UsageError(f"no such file: {path}")
    if path.is_dir():
        raise UsageError(f"{path} is a directory, not a ratings file")
    data = read_limited(path, max_bytes)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CpecError(f"{path}:{line}: NUL byte: a binary file, not ratings text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CpecError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); re-save as UTF-8"
        ) from None


def ratings_from_file(
    path: Path,
    *,
    level: str = "nominal",
    reviewers: list[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> EncodedRatings:
    """Long-format ratings from CSV, JSON or JSONL, optionally only some reviewers.

    The format follows the extension, or the content when it starts like JSON; the output
    of ``verdicts --format csv|json`` (``--history`` too) reads as it is.
    """
    text = _decode(path, max_bytes)
    json_like = text.lstrip()[:1] in ("[", "{")
    fmt: Literal["json", "csv"] = (
        "json" if path.suffix.lower() in JSON_SUFFIXES or json_like else "csv"
    )
    try:
        enc = read_ratings_encoded(io.StringIO(text), fmt=fmt, name=str(path), level=level)
    except RatingsError as exc:
        raise CpecError(str(exc)) from None
    if reviewers is None:
        return enc
    unknown = set(reviewers) - set(enc.reviewers)
    if unknown:
        raise UsageError(f"no ratings by reviewer(s) {', '.join(sorted(unknown))} in {path}")
    wanted = np.array([name in reviewers for name in enc.reviewers], dtype=bool)
    keep = wanted[enc.reviewer_idx]
    return EncodedRatings(
        enc.item_idx[keep], enc.reviewer_idx[keep], enc.label_idx[keep],
        enc.items, enc.reviewers, enc.labels,
    )  # fmt: skip


def agreement_result(
    enc: EncodedRatings,
    *,
    level: str = "nominal",
    bootstrap: int = 0,
    seed: int | None = None,
    disagreements: bool = False,
) -> dict[str, Any]:
    """The JSON result object; ``disagreements`` adds the items to adjudicate, worst first."""
    try:
        result = compute_agreement(enc, level=level, bootstrap=bootstrap, seed=seed)
        if disagreements:
            result["disagreements"] = find_disagreements(enc, level=level)
    except RatingsError as exc:
        raise CpecError(str(exc)) from None
    return result


def lead_agreement(engine: Engine, reviewer: str) -> dict[str, Any]:
    """Nominal agreement on the current verdicts, for a lead only (``NotALeadError`` otherwise):
    the lead check and the query share one session."""
    with session_scope(engine) as session:
        require_lead(session, reviewer)
        enc = ratings_from_db(session)
    result = agreement_result(enc)
    if not len(enc):
        result["notes"].insert(0, "no current verdicts in the database")
    return result
