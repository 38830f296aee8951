"""Verdicts in and out of files: CSV and JSONL with the contract fields.

CSV cells are spreadsheet-safe (``export.spreadsheet``): a note starting ``=`` is written
``'=...`` and read back as it was.

Fields: ``claim_id, reviewer, label, evidence, note, created_at`` (``evidence`` is a
list of span ids; in CSV, ids separated by spaces).  An import is all-or-nothing:
every row is parsed and checked before the first one is added, and each error
names its line.  Rows with ``retraction`` true (and no label) import as retractions.

Importing is idempotent: a row identical to a stored one (claim, reviewer, label,
evidence, note, created_at) is skipped and counted, so importing a file twice adds it
once.  A row without ``created_at`` is skipped when it equals the reviewer's current
verdict on the claim.  ``created_at`` in the future is refused: it would stay "latest"
over every verdict made until then.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session, col, select

from cpec_verify import safe_json
from cpec_verify.errors import DataError, UsageError
from cpec_verify.export.spreadsheet import SafeDictWriter, read_cell
from cpec_verify.input_file import DEFAULT_MAX_BYTES, read_limited
from cpec_verify.labels import LABELS
from cpec_verify.store.entities.claims import originals_of
from cpec_verify.store.entities.reviewers import resolve_name
from cpec_verify.store.entities.verdicts import (
    add_verdict,
    evidence_spans,
    existing_claims,
    retract_verdict,
)
from cpec_verify.store.models import Verdict

FIELDS = ("claim_id", "reviewer", "label", "evidence", "note", "created_at")


@dataclass(frozen=True)
class VerdictIn:
    """One parsed row and the line it came from."""

    line: int
    claim_id: int
    reviewer: str
    label: str | None
    evidence: tuple[int, ...]
    note: str | None
    created_at: datetime | None
    retraction: bool = False


MAX_ID = 2**63 - 1  # database integer keys are signed 64-bit
CLOCK_SKEW = timedelta(minutes=5)  # a created_at this far ahead of our clock is tolerated


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be an integer")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text.lstrip("-").isdigit():
            raise ValueError(f"{what} must be an integer, not {text[:40]!r}")
        if len(text) > 40:  # int() of thousands of digits is slow, and out of range anyway
            raise ValueError(f"{what} {text[:20]}... is out of range (1 to {MAX_ID})")
        number = int(text)
    if not 0 < number <= MAX_ID:
        raise ValueError(f"{what} {number} is out of range (1 to {MAX_ID})")
    return number


def _evidence(value: Any) -> tuple[int, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, list):
        items: list[Any] = value
    else:
        text = str(value).strip()
        items = (
            json.loads(text)
            if text.startswith("[")
            else text.replace(";", " ").replace(",", " ").split()
        )
    return tuple(sorted({_int(v, "evidence span id") for v in items}))


def _time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    text = str(value).strip().removesuffix("Z")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"created_at {value!r} is not an ISO timestamp") from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    if parsed > datetime.now(UTC).replace(tzinfo=None) + CLOCK_SKEW:
        raise ValueError(f"created_at {value!r} is in the future")
    return parsed


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes") if value is not None else False


def parse_record(line: int, data: dict[str, Any]) -> VerdictIn:
    """Validate one row's shape (not yet its claim or evidence)."""
    if data.get("claim_id") in (None, ""):
        raise ValueError("claim_id is missing")
    reviewer = str(data.get("reviewer") or "").strip()
    if not reviewer:
        raise ValueError("reviewer is missing")
    retraction = _flag(data.get("retraction"))
    label = (str(data.get("label") or "").strip()) or None
    if label is None and not retraction:
        raise ValueError("label is missing")
    if label is not None and label not in LABELS:
        raise ValueError(f"unknown label {label!r}; use one of {', '.join(LABELS)}")
    note = data.get("note")
    return VerdictIn(
        line=line,
        claim_id=_int(data["claim_id"], "claim_id"),
        reviewer=reviewer,
        label=None if retraction else label,
        evidence=() if retraction else _evidence(data.get("evidence")),
        note=str(note) if note not in (None, "") else None,
        created_at=_time(data.get("created_at")),
        retraction=retraction,
    )


def _rows(path: Path, stream: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(stream)
        missing = [
            f for f in ("claim_id", "reviewer", "label") if f not in (reader.fieldnames or [])
        ]
        if missing:
            raise DataError(f"{path}:1: CSV header lacks {', '.join(missing)}")
        for row in reader:  # cells this tool wrote carry an apostrophe before a formula
            yield (
                reader.line_num,
                {k: read_cell(v) if isinstance(v, str) else v for k, v in row.items()},
            )
        return
    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            data = safe_json.loads(raw)
        except safe_json.TooDeep as exc:
            raise DataError(f"{path}:{n}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(data, dict):
            raise DataError(f"{path}:{n}: expected a JSON object")
        yield n, data


def read_verdict_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[VerdictIn]:
    """Parse a .csv or .jsonl file; the first bad row raises an error naming its line."""
    if path.suffix.lower() not in (".csv", ".jsonl"):
        raise UsageError(f"{path}: use a .csv or .jsonl file")
    out: list[VerdictIn] = []
    raw = read_limited(path, max_bytes)
    if b"\x00" in raw:
        raise DataError(f"{path}: binary file (NUL bytes), not CSV or JSONL")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not UTF-8 text") from exc
    for line, data in _rows(path, io.StringIO(text, newline="")):
        try:
            out.append(parse_record(line, data))
        except ValueError as exc:
            raise DataError(f"{path}:{line}: {exc}") from exc
    return out


@dataclass(frozen=True)
class VerdictImport:
    """What an import did: rows appended, and rows skipped as identical to stored ones."""

    added: int
    skipped: int


def _key(
    claim_id: int,
    reviewer: str,
    label: str | None,
    evidence: Iterable[int],
    note: str | None,
    retraction: bool,
) -> tuple[Any, ...]:
    # a retraction's note is written by the tool ("retracts verdict #N"): not compared
    return (claim_id, reviewer, label, tuple(sorted(set(evidence))), None if retraction else note)


def _stored(session: Session, claim_ids: set[int]) -> tuple[set[tuple[Any, ...]], dict]:
    """Keys (with created_at) of the stored rows of these claims, and each reviewer's current
    row key (without created_at) per claim."""
    timed: set[tuple[Any, ...]] = set()
    current: dict[tuple[int, str], tuple[int, tuple[Any, ...]]] = {}
    ids = sorted(claim_ids)
    for i in range(0, len(ids), 500):
        rows = session.exec(select(Verdict).where(col(Verdict.claim_id).in_(ids[i : i + 500])))
        for v in rows:
            key = _key(v.claim_id, v.reviewer, v.label, v.evidence or [], v.note, v.retraction)
            timed.add((*key, v.created_at))
            who = (v.claim_id, v.reviewer)
            if who not in current or current[who][0] < (v.id or 0):
                current[who] = (v.id or 0, key)
    return timed, {who: key for who, (_, key) in current.items()}


def import_verdicts(
    session: Session,
    records: list[VerdictIn],
    origin: str,
    registered: list[str] | None = None,
) -> VerdictImport:
    """Check every claim and citation, then append the rows not already stored; the caller
    commits.

    Reviewer names are recorded in their registered spelling (``Ana`` and ``ana`` are one
    reviewer); names new to the database are registered and appended to ``registered``.
    """
    names: dict[str, str] = {}
    for r in records:
        if r.reviewer in names:
            continue
        try:
            resolved = resolve_name(session, r.reviewer)
        except UsageError as exc:
            raise DataError(f"{origin}:{r.line}: {exc}") from exc
        names[r.reviewer] = resolved.name
        if resolved.registered and registered is not None:
            registered.append(resolved.name)
    records = [replace(r, reviewer=names[r.reviewer]) for r in records]
    claims = existing_claims(session, (r.claim_id for r in records))
    originals = originals_of(session, claims)  # a copy's verdict is recorded on its original
    records = [replace(r, claim_id=originals.get(r.claim_id, r.claim_id)) for r in records]
    claims |= set(originals.values())
    for r in records:
        if r.claim_id not in claims:
            raise DataError(f"{origin}:{r.line}: unknown claim id {r.claim_id}")
    allowed = evidence_spans(session, (r.claim_id for r in records if r.evidence))
    for r in records:
        bad = [s for s in r.evidence if s not in allowed.get(r.claim_id, set())]
        if bad:
            raise DataError(
                f"{origin}:{r.line}: span {bad[0]} is not evidence for claim {r.claim_id}"
            )
    timed, current = _stored(session, {r.claim_id for r in records})
    added = skipped = 0
    for r in records:
        key = _key(r.claim_id, r.reviewer, r.label, r.evidence, r.note, r.retraction)
        if r.created_at is not None:
            if (*key, r.created_at) in timed:
                skipped += 1
                continue
            timed.add((*key, r.created_at))  # the same row twice in one file: once
        elif current.get((r.claim_id, r.reviewer)) == key:
            skipped += 1  # no time given, and it says what the reviewer says now
            continue
        current[(r.claim_id, r.reviewer)] = key
        added += 1
        if r.retraction:
            retract_verdict(
                session, claim_id=r.claim_id, reviewer=r.reviewer, created_at=r.created_at
            )
        else:
            assert r.label is not None
            add_verdict(
                session,
                claim_id=r.claim_id,
                reviewer=r.reviewer,
                label=r.label,
                evidence=r.evidence,
                note=r.note,
                created_at=r.created_at,
                check_claim=False,
            )
    return VerdictImport(added=added, skipped=skipped)


def record(v: Verdict, *, history: bool = False) -> dict[str, Any]:
    """The contract fields (history adds ``id`` and ``retraction``)."""
    row: dict[str, Any] = {
        "claim_id": v.claim_id,
        "reviewer": v.reviewer,
        "label": v.label,
        "evidence": list(v.evidence or []),
        "note": v.note,
        "created_at": v.created_at.isoformat() + "Z",
    }
    if history:
        row = {"id": v.id, **row, "retraction": v.retraction}
    return row


def write_csv(rows: Iterable[dict[str, Any]], stream: IO[str], *, history: bool = False) -> None:
    fields = ("id", *FIELDS, "retraction") if history else FIELDS
    writer = SafeDictWriter(stream, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                **row,
                "evidence": " ".join(str(s) for s in row["evidence"]),
                "note": row["note"] or "",
                "label": row["label"] or "",
            }
        )


def csv_text(rows: Iterable[dict[str, Any]], *, history: bool = False) -> str:
    buf = io.StringIO()
    write_csv(rows, buf, history=history)
    return buf.getvalue()
