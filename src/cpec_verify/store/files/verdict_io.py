"""Verdicts in and out of files: CSV and JSONL with the contract fields.

CSV cells are spreadsheet-safe (``export.spreadsheet``): a note starting ``=`` is written
``'=...`` and read back as it was.

Fields: ``claim_id, reviewer, label, evidence, note, created_at`` (``evidence`` is a
list of span ids; in CSV, ids separated by spaces).  An import is all-or-nothing:
every row is parsed and checked before the first one is added, and each error
names its line.  Rows with ``retraction`` true (and no label) import as retractions.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session

from cpec_verify.errors import DataError, UsageError
from cpec_verify.export.spreadsheet import SafeDictWriter, read_cell
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


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be an integer")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text.lstrip("-").isdigit():
        raise ValueError(f"{what} must be an integer, not {text!r}")
    return int(text)


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
        from datetime import UTC

        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
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
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(data, dict):
            raise DataError(f"{path}:{n}: expected a JSON object")
        yield n, data


def read_verdict_file(path: Path) -> list[VerdictIn]:
    """Parse a .csv or .jsonl file; the first bad row raises an error naming its line."""
    if path.suffix.lower() not in (".csv", ".jsonl"):
        raise UsageError(f"{path}: use a .csv or .jsonl file")
    out: list[VerdictIn] = []
    raw = path.read_bytes()
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


def import_verdicts(
    session: Session,
    records: list[VerdictIn],
    origin: str,
    registered: list[str] | None = None,
) -> int:
    """Check every claim and citation, then append all rows; the caller commits.

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
    for r in records:
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
    return len(records)


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
