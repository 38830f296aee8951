"""The export record: one verified claim as plain data, built by a pure function.

Records carry no database ids.  Claims and evidence sentences are named by portable
keys (``<sha256 prefix>:<part>:<start>-<end>`` of the article they sit in), so a
record means the same thing in every database and an export loaded elsewhere
exports again to identical records.  Every formatter starts from this record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cpec_verify.labels import LABELS as LABELS  # re-exported: defined once there

EXPORT_SCHEMA_VERSION = "1.0"
SUPPORTED_SCHEMA_VERSIONS = ("1.0",)
TOOL_NAME = "cpec-verify"
KEY_SHA_CHARS = 16
PROVENANCE_FIELDS = (
    "title",
    "outlet",
    "url",
    "published",
    "dateline",
    "byline",
    "sha256",
    "part",
)


def article_key(sha256: str, part: int) -> str:
    return f"{sha256}:{part}"


def span_key(sha256: str, part: int, start: int, end: int) -> str:
    """A sentence or claim named by where it sits, the same in every database."""
    return f"{sha256[:KEY_SHA_CHARS]}:{part}:{start}-{end}"


def provenance(article: Mapping[str, Any]) -> dict[str, Any]:
    """An article's provenance fields, plus its key."""
    out: dict[str, Any] = {"key": article_key(article["sha256"], article["part"])}
    out.update({f: article.get(f) for f in PROVENANCE_FIELDS})
    return out


def agreement(labels: Sequence[str], final_label: str | None) -> dict[str, Any]:
    """Per-claim agreement: counts per label, unanimity and the share backing the label.

    ``share`` is the fraction of current verdicts equal to the final label, or to the
    most common label when there is no final label yet; None with no verdicts.
    """
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    n = len(labels)
    if n == 0:
        share = None
    else:
        top = counts.get(final_label, 0) if final_label is not None else max(counts.values())
        share = round(top / n, 4)
    return {
        "reviewers": n,
        "labels": dict(sorted(counts.items())),
        "unanimous": n > 0 and len(counts) == 1,
        "share": share,
    }


def _evidence(
    spans: Mapping[int, Mapping[str, Any]], verdicts: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Cited sentences with provenance, ordered by evidence rank then key."""
    cited_by: dict[int, list[str]] = {}
    for v in verdicts:
        for sid in v.get("evidence") or ():
            if sid in spans:
                cited_by.setdefault(sid, []).append(v["reviewer"])
    keys: dict[int, str] = {}
    items: list[dict[str, Any]] = []
    for sid, reviewers in cited_by.items():
        span = spans[sid]
        art = span["article"]
        key = span_key(art["sha256"], art["part"], span["start"], span["end"])
        keys[sid] = key
        ev = span.get("evidence") or {}
        items.append(
            {
                "key": key,
                "text": span["text"],
                "start": span["start"],
                "end": span["end"],
                "paragraph": span.get("paragraph", 0),
                "article": provenance(art),
                "rank": ev.get("rank"),
                "score": ev.get("score"),
                "relation": ev.get("relation"),
                "reason": ev.get("reason"),
                "same_source": ev.get("same_source"),
                "cited_by": sorted(set(reviewers)),
            }
        )
    big = float("inf")
    items.sort(key=lambda e: (big if e["rank"] is None else e["rank"], e["key"]))
    return items, keys


def build_record(row: Mapping[str, Any], *, tool_version: str) -> dict[str, Any]:
    """One export record from a plain row as ``store.queries.export_query`` yields it."""
    claim = row["claim"]
    art = row["article"]
    verdicts = sorted(row.get("verdicts") or [], key=lambda v: v["reviewer"])
    evidence, keys = _evidence(row.get("spans") or {}, verdicts)
    adjudication = row.get("adjudication")
    label = row.get("final_label")
    if adjudication is not None:
        decided_at = adjudication["created_at"]
    elif label is not None and verdicts:
        decided_at = max(v["created_at"] for v in verdicts)
    else:
        decided_at = None
    order = {e["key"]: i for i, e in enumerate(evidence)}
    sentence = claim.get("sentence")
    article = provenance(art)
    if "text" in art:
        article["text"] = art["text"]
    copies = [
        {
            "id": span_key(c["article"]["sha256"], c["article"]["part"], c["start"], c["end"]),
            "article": provenance(c["article"]),
        }
        for c in row.get("copies") or ()
    ]
    record = {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": tool_version},
        "id": span_key(art["sha256"], art["part"], claim["start"], claim["end"]),
        "status": row["status"],
        "label": label,
        "decided_at": decided_at,
        "claim": {
            "text": claim["text"],
            "start": claim["start"],
            "end": claim["end"],
            "speaker": claim.get("speaker"),
            "quantities": list(claim.get("quantities") or []),
            "kinds": list(claim.get("kinds") or []),
            "origin": claim.get("origin", "auto"),
            "sentence": None
            if sentence is None
            else {k: sentence[k] for k in ("start", "end", "text", "paragraph")},
        },
        "article": article,
        "evidence": evidence,
        "verdicts": [
            {
                "reviewer": v["reviewer"],
                "label": v["label"],
                "evidence": sorted(
                    {keys[s] for s in v.get("evidence") or () if s in keys}, key=order.__getitem__
                ),
                "note": v.get("note"),
                "created_at": v["created_at"],
            }
            for v in verdicts
        ],
        "agreement": agreement([v["label"] for v in verdicts], label),
        "adjudication": None
        if adjudication is None
        else {k: adjudication[k] for k in ("lead", "label", "rationale", "created_at")},
    }
    if copies:  # syndicated copies of the claim: the same verdict, other outlets' pages
        record["copies"] = copies
    return record
