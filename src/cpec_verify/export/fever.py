"""FEVER-style JSONL: ``{id, claim, label, evidence}`` per claim.

Label mapping (our labels judge a claim against other outlets' reporting):

* ``supported``   -> ``SUPPORTS``        (other reports back the claim)
* ``conflicting`` -> ``REFUTES``         (other reports contradict it, e.g. figures differ)
* ``unsourced``   -> ``NOT ENOUGH INFO`` (nothing found either way)

``evidence`` is a list of evidence sets as in FEVER, one set per reviewer whose
verdict matches the final label, each item ``[annotation, evidence, article, sentence]``:
``annotation`` is the verdict's index in the record's ``verdicts``, ``evidence`` the
sentence's index in the record's ``evidence``, ``article`` the article key
(``<sha256>:<part>``, where FEVER has a Wikipedia page) and ``sentence`` the sentence's
start offset in the article's cleaned text (where FEVER has a line number).
``NOT ENOUGH INFO`` claims carry ``[[[null, null, null, null]]]``, as FEVER's do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from cpec_verify.export.jsonl import write_jsonl

FEVER_LABELS = {
    "supported": "SUPPORTS",
    "conflicting": "REFUTES",
    "unsourced": "NOT ENOUGH INFO",
}


def fever_item(record: dict[str, Any]) -> dict[str, Any]:
    label = record["label"]
    if label not in FEVER_LABELS:
        raise ValueError(f"record {record['id']} has no final label; FEVER needs one")
    fever_label = FEVER_LABELS[label]
    if fever_label == "NOT ENOUGH INFO":
        evidence: list[list[list[Any]]] = [[[None, None, None, None]]]
    else:
        index = {e["key"]: i for i, e in enumerate(record["evidence"])}
        evidence = []
        for vi, verdict in enumerate(record["verdicts"]):
            if verdict["label"] != label:
                continue
            group = [
                [
                    vi,
                    index[k],
                    record["evidence"][index[k]]["article"]["key"],
                    record["evidence"][index[k]]["start"],
                ]
                for k in verdict["evidence"]
                if k in index
            ]
            if group:
                evidence.append(group)
    return {
        "id": record["id"],
        "claim": record["claim"]["text"],
        "label": fever_label,
        "evidence": evidence,
    }


def write_fever(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    return write_jsonl((fever_item(r) for r in records), stream)
