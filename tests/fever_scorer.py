"""FEVER's strict measure, reimplemented from its definition for the export tests.

The shared-task scorer counts a claim as strictly correct when the predicted label
equals the gold label and, unless the label is NOT ENOUGH INFO, the first
``max_evidence`` (5) predicted ``[page, line]`` pairs contain every sentence of at
least one gold evidence set.  A gold SUPPORTS/REFUTES claim with no evidence set can
therefore never be strictly correct.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

NEI = "NOT ENOUGH INFO"
MAX_EVIDENCE = 5


def check_prediction(pred: dict[str, Any]) -> None:
    """The scorer's format check: a label and a list of ``[page, int line]`` pairs."""
    assert isinstance(pred["predicted_label"], str)
    for pair in pred["predicted_evidence"]:
        assert isinstance(pair, list) and len(pair) == 2
        assert isinstance(pair[0], str) and isinstance(pair[1], int)


def strictly_correct(
    gold: dict[str, Any], pred: dict[str, Any], max_evidence: int = MAX_EVIDENCE
) -> bool:
    if gold["label"].upper() != pred["predicted_label"].upper():
        return False
    if gold["label"].upper() == NEI:
        return True
    shown = pred["predicted_evidence"][:max_evidence]
    return any(all([e[2], e[3]] in shown for e in group) for group in gold["evidence"])


def strict_score(golds: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]]) -> float:
    assert len(golds) == len(preds) and golds
    for pred in preds:
        check_prediction(pred)
    return sum(strictly_correct(g, p) for g, p in zip(golds, preds, strict=True)) / len(golds)


def perfect_prediction(gold: dict[str, Any]) -> dict[str, Any]:
    """What a perfect system answers: the gold label and its smallest evidence set."""
    groups = sorted((g for g in gold["evidence"] if g[0][2] is not None), key=len)
    evidence = [[e[2], e[3]] for e in groups[0]] if groups else []
    return {"predicted_label": gold["label"], "predicted_evidence": evidence}
