"""CSV for spreadsheets: one row per claim, evidence and verdicts joined into cells.

Every text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) gets a leading apostrophe (``export.spreadsheet``,
applied by the writer to every cell, ``url`` included); news text is untrusted, and a
claim such as ``=HYPERLINK(...)`` must stay text.

JSON-valued cells (``quantities``) always hold valid JSON, ``[]`` when empty, so
``json.loads`` works on every row.  ``bom=True`` starts the file with a UTF-8 byte
order mark, which Excel needs to read non-ASCII text as UTF-8.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from cpec_verify.export.spreadsheet import SafeWriter

COLUMNS = (
    "id",
    "status",
    "label",
    "claim",
    "start",
    "end",
    "speaker",
    "quantities",
    "title",
    "outlet",
    "url",
    "published",
    "sha256",
    "part",
    "reviewers",
    "labels",
    "unanimous",
    "share",
    "verdicts",
    "evidence",
    "evidence_sources",
    "adjudicated_by",
    "rationale",
    "decided_at",
    "schema_version",
    "tool_version",
)
SEP = " | "


def _source(article: dict[str, Any]) -> str:
    bits = [article.get("outlet") or article.get("title") or article["sha256"][:12]]
    if article.get("published"):
        bits.append(article["published"])
    if article.get("url"):
        bits.append(article["url"])
    return ", ".join(bits)


def csv_row(record: dict[str, Any]) -> list[Any]:
    """The cells of one record, in ``COLUMNS`` order."""
    claim, art, agr = record["claim"], record["article"], record["agreement"]
    adj = record.get("adjudication") or {}
    verdicts = "; ".join(
        f"{v['reviewer']}={v['label']}" + (f" ({v['note']})" if v.get("note") else "")
        for v in record["verdicts"]
    )
    evidence = record["evidence"]
    return [
        record["id"],
        record["status"],
        record["label"] or "",
        claim["text"],
        claim["start"],
        claim["end"],
        claim["speaker"],
        json.dumps(claim["quantities"] or [], ensure_ascii=False),
        art.get("title"),
        art.get("outlet"),
        art.get("url") or "",
        art.get("published") or "",
        art["sha256"],
        art["part"],
        agr["reviewers"],
        "; ".join(f"{k}={v}" for k, v in agr["labels"].items()),
        "yes" if agr["unanimous"] else "no",
        "" if agr["share"] is None else agr["share"],
        verdicts,
        SEP.join(e["text"] for e in evidence),
        SEP.join(_source(e["article"]) for e in evidence),
        adj.get("lead"),
        adj.get("rationale"),
        record["decided_at"] or "",
        record["schema_version"],
        record["tool"]["version"],
    ]


BOM = "\ufeff"


def write_csv(records: Iterable[dict[str, Any]], stream: TextIO, *, bom: bool = False) -> int:
    if bom:
        stream.write(BOM)
    writer = SafeWriter(stream)
    writer.writerow(COLUMNS)
    n = 0
    for record in records:
        writer.writerow(csv_row(record))
        n += 1
    return n
