"""FEVER JSONL (``{id, claim, label, evidence}``) and its ``wiki-pages`` corpus.

Label mapping (our labels judge a claim against other outlets' reporting):

* ``supported``   -> ``SUPPORTS``        (other reports back the claim)
* ``conflicting`` -> ``REFUTES``         (other reports contradict it, e.g. figures differ)
* ``unsourced``   -> ``NOT ENOUGH INFO`` (nothing found either way)

Ids are integers, as FEVER loaders declare them: ``fever_id(text)`` is the first 13
hex digits of the SHA-256 of a portable key, so the same claim, verdict or sentence
gets the same id in every export and database (52 bits: exact in JSON and int64).

* claim ``id``: ``fever_id(record id)``
* annotation id: ``fever_id("<record id>|<reviewer>")`` per verdict backing the label,
  or ``fever_id("<record id>|adjudication|<lead>")`` when no verdict does
* evidence id: ``fever_id("<annotation key>|<sentence key>")``; ``...|`` for NEI

Evidence items are ``[annotation, evidence, page, line]``: the page is the evidence
article's key (``<sha256>:<part>``) and the line the sentence's index in that page as
written to the ``pages`` stream (``{"id", "text", "lines"}`` like FEVER's
``wiki-pages``).  A page holds the sentences of that article cited anywhere in the
export, in reading order, so every id resolves.  Because line numbers depend on the
whole export, items are held until the end and written then.

``SUPPORTS``/``REFUTES`` claims whose backing verdicts cite nothing can never score
as correct under FEVER's strict measure; they are left out with a warning unless
``allow_unevidenced``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from cpec_verify.export.jsonl import write_jsonl

FEVER_LABELS = {
    "supported": "SUPPORTS",
    "conflicting": "REFUTES",
    "unsourced": "NOT ENOUGH INFO",
}
NEI = "NOT ENOUGH INFO"
ID_HEX = 13


def fever_id(key: str) -> int:
    """A stable integer for a portable key (52 bits of its SHA-256)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_HEX], 16)


def _backers(record: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """``(annotation key, cited sentence keys)`` for each annotation backing the label."""
    label = record["label"]
    out = [
        (f"{record['id']}|{v['reviewer']}", list(v["evidence"]))
        for v in record["verdicts"]
        if v["label"] == label
    ]
    adj = record.get("adjudication")
    if not out and adj:
        out.append((f"{record['id']}|adjudication|{adj['lead']}", []))
    return out


def _flat(text: str) -> str:
    """One line of a wiki-pages ``lines`` field: tabs and line breaks would split it."""
    return " ".join(text.split())


class _Pages:
    """The cited sentences per page; line numbers are assigned once all are known."""

    def __init__(self) -> None:
        self.sentences: dict[str, dict[tuple[int, int], str]] = {}
        self._lines: dict[str, dict[tuple[int, int], int]] = {}

    def add(self, page: str, start: int, end: int, text: str) -> None:
        self.sentences.setdefault(page, {})[(start, end)] = _flat(text)

    def line(self, page: str, start: int, end: int) -> int:
        if page not in self._lines:
            spans = sorted(self.sentences[page])
            self._lines[page] = {span: i for i, span in enumerate(spans)}
        return self._lines[page][(start, end)]

    def rows(self) -> Iterable[dict[str, Any]]:
        for page in sorted(self.sentences):
            texts = [self.sentences[page][span] for span in sorted(self.sentences[page])]
            yield {
                "id": page,
                "text": " ".join(texts),
                "lines": "\n".join(f"{i}\t{t}" for i, t in enumerate(texts)),
            }


def _pending(record: dict[str, Any], pages: _Pages) -> dict[str, Any]:
    """The item with ``(page, start, end)`` where line numbers go; sentences noted in ``pages``."""
    label = record["label"]
    if label not in FEVER_LABELS:
        raise ValueError(f"record {record['id']} has no final label; FEVER needs one")
    fever_label = FEVER_LABELS[label]
    sentences = {e["key"]: e for e in record["evidence"]}
    evidence: list[list[list[Any]]] = []
    for ann_key, cited in _backers(record):
        ann = fever_id(ann_key)
        if fever_label == NEI:
            evidence.append([[ann, fever_id(f"{ann_key}|"), None, None]])
            continue
        group = []
        for key in cited:
            e = sentences.get(key)
            if e is None:
                continue
            page = e["article"]["key"]
            pages.add(page, e["start"], e["end"], e["text"])
            group.append([ann, fever_id(f"{ann_key}|{key}"), page, (page, e["start"], e["end"])])
        if group:
            evidence.append(group)
    return {
        "id": fever_id(record["id"]),
        "claim": record["claim"]["text"],
        "label": fever_label,
        "evidence": evidence,
    }


def write_fever(
    records: Iterable[dict[str, Any]],
    stream: TextIO,
    *,
    pages: TextIO | None = None,
    allow_unevidenced: bool = False,
    warn: Callable[[str], None] = lambda _m: None,
) -> int:
    """Claims to ``stream`` and, when given, their pages to ``pages``; returns claims written."""
    book = _Pages()
    items: list[dict[str, Any]] = []
    seen: dict[int, str] = {}
    unevidenced: list[str] = []
    for record in records:
        item = _pending(record, book)
        if item["label"] != NEI and not item["evidence"]:
            unevidenced.append(record["id"])
            if not allow_unevidenced:
                continue
        if item["id"] in seen:  # 52-bit ids: a clash is astronomically unlikely, never silent
            raise ValueError(
                f"FEVER id {item['id']} is shared by {seen[item['id']]} and {record['id']}"
            )
        seen[item["id"]] = record["id"]
        items.append(item)
    for item in items:
        for group in item["evidence"]:
            for entry in group:
                if isinstance(entry[3], tuple):
                    entry[3] = book.line(*entry[3])
    count = write_jsonl(items, stream)
    if pages is not None:
        write_jsonl(book.rows(), pages)
    if unevidenced:
        what = "kept" if allow_unevidenced else "left out"
        hint = (
            "FEVER's strict score can never count them correct"
            if allow_unevidenced
            else "--allow-unevidenced keeps them"
        )
        warn(
            f"{what} {len(unevidenced)} SUPPORTS/REFUTES claim(s) whose reviewers cited no "
            f"evidence ({hint}): {', '.join(unevidenced[:5])}"
            + (" ..." if len(unevidenced) > 5 else "")
        )
    return count
