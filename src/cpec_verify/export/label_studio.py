"""Label Studio tasks: one task per claim, each verdict an annotation.

``labelling_config()`` is the project config shipped as
``schemas/label-studio-config.xml`` (a test keeps them identical): the article is a
``Text`` object, the claim a ``Labels`` span on it, the verdict a ``Choices`` over
the text, plus read-only ``reviewer``, a ``note`` and the lead's ``adjudication``.

Offsets are code points, the index into the Python string, which is what Label
Studio's ``Text`` tag counts (its own test expects 21 for "test" in
"🐱 Warning: This is a test text"), so our offsets go out unchanged.

Each verdict is one annotation; ``completed_by`` names the reviewer's Label Studio
user (an email or a numeric user id, from ``annotators``), since Label Studio
otherwise credits every imported annotation to the importing user.  A current
adjudication is one more annotation, marked ``ground_truth`` and carrying the
``adjudication`` text area.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TextIO
from xml.sax.saxutils import quoteattr

from cpec_verify.export.jsonl import write_json_array
from cpec_verify.labels import LABELS

TEXT, SPAN, VERDICT, REVIEWER, NOTE = "text", "claim", "verdict", "reviewer", "note"
ADJUDICATION = "adjudication"
SPAN_LABEL = "Claim"


def labelling_config(labels: Iterable[str] = LABELS) -> str:
    choices = "\n".join(f"    <Choice value={quoteattr(x)}/>" for x in labels)
    return f"""<View>
  <Style>.htx-text {{ white-space: pre-wrap; }}</Style>
  <Header value="$title"/>
  <Text name="{TEXT}" value="$text" granularity="symbol"/>
  <Labels name="{SPAN}" toName="{TEXT}" choice="single">
    <Label value="{SPAN_LABEL}" background="#ffd166"/>
  </Labels>
  <Header value="Verdict on the highlighted claim"/>
  <Choices name="{VERDICT}" toName="{TEXT}" choice="single" showInline="true">
{choices}
  </Choices>
  <TextArea name="{REVIEWER}" toName="{TEXT}" editable="false" maxSubmissions="1"
            placeholder="reviewer"/>
  <TextArea name="{NOTE}" toName="{TEXT}" editable="true" maxSubmissions="1"
            placeholder="note"/>
  <TextArea name="{ADJUDICATION}" toName="{TEXT}" editable="false" maxSubmissions="1"
            placeholder="lead's adjudication (ground truth annotation only)"/>
  <Header value="Cited evidence"/>
  <Text name="evidence" value="$evidence"/>
</View>
"""


def _textarea(rid: str, name: str, text: str) -> dict[str, Any]:
    return {
        "id": rid,
        "from_name": name,
        "to_name": TEXT,
        "type": "textarea",
        "value": {"text": [text]},
    }


def _result(
    rid: str, claim: dict[str, Any], label: str, who: str, extra: tuple[str, str] | None
) -> list[dict[str, Any]]:
    value = {"start": claim["start"], "end": claim["end"], "text": claim["text"]}
    out: list[dict[str, Any]] = [
        {
            "id": rid,
            "from_name": SPAN,
            "to_name": TEXT,
            "type": "labels",
            "value": {**value, "labels": [SPAN_LABEL]},
        },
        {
            "id": f"{rid}-v",
            "from_name": VERDICT,
            "to_name": TEXT,
            "type": "choices",
            "value": {"choices": [label]},
        },
        _textarea(f"{rid}-r", REVIEWER, who),
    ]
    if extra is not None and extra[1]:
        out.append(_textarea(f"{rid}-{extra[0][0]}", extra[0], extra[1]))
    return out


def completed_by(user: str | int) -> dict[str, str] | int:
    """Label Studio's ``completed_by``: ``{"email": ...}`` for an email, else the user id."""
    return user if isinstance(user, int) else {"email": user}


def _annotation(
    result: list[dict[str, Any]],
    who: str,
    annotators: Mapping[str, str | int],
    *,
    ground_truth: bool,
) -> dict[str, Any]:
    ann: dict[str, Any] = {"result": result, "ground_truth": ground_truth}
    if who in annotators:
        ann["completed_by"] = completed_by(annotators[who])
    return ann


def task(record: dict[str, Any], annotators: Mapping[str, str | int] = {}) -> dict[str, Any]:  # noqa: B006
    """A task whose ``data.text`` is the article; needs the record's ``article.text``."""
    art, claim = record["article"], record["claim"]
    text = art.get("text")
    if text is None:
        raise ValueError(f"record {record['id']} lacks article text; Label Studio needs it")
    if text[claim["start"] : claim["end"]] != claim["text"]:
        raise ValueError(f"record {record['id']}: claim offsets do not select its text")
    annotations = [
        _annotation(
            _result(f"c{i}", claim, v["label"], v["reviewer"], (NOTE, v.get("note") or "")),
            v["reviewer"],
            annotators,
            ground_truth=False,
        )
        for i, v in enumerate(record["verdicts"])
    ]
    adj = record.get("adjudication")
    if adj:
        body = f"adjudicated {adj['label']} by {adj['lead']}: {adj['rationale']}"
        annotations.append(
            _annotation(
                _result("adj", claim, adj["label"], adj["lead"], (ADJUDICATION, body)),
                adj["lead"],
                annotators,
                ground_truth=True,
            )
        )
    return {
        "data": {
            "text": text,
            "title": art.get("title") or art.get("outlet") or art["key"],
            "claim_id": record["id"],
            "claim": claim["text"],
            "status": record["status"],
            "final_label": record["label"],
            "evidence": "\n\n".join(
                f"[{e['article'].get('outlet') or e['article']['key'][:12]}] {e['text']}"
                for e in record["evidence"]
            ),
            "url": art.get("url"),
            "sha256": art["sha256"],
        },
        "annotations": annotations,
    }


def _people(record: dict[str, Any]) -> set[str]:
    adj = record.get("adjudication")
    return {v["reviewer"] for v in record["verdicts"]} | ({adj["lead"]} if adj else set())


def write_label_studio(
    records: Iterable[dict[str, Any]],
    stream: TextIO,
    *,
    annotators: Mapping[str, str | int] | None = None,
    warn: Callable[[str], None] = lambda _m: None,
) -> int:
    """The tasks as one JSON array; warns once about reviewers with no Label Studio user."""
    users = dict(annotators or {})
    unmapped: set[str] = set()

    def tasks() -> Iterable[dict[str, Any]]:
        for record in records:
            unmapped.update(_people(record) - users.keys())
            yield task(record, users)

    count = write_json_array(tasks(), stream)
    if unmapped:
        names = sorted(unmapped)
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        warn(
            f"no Label Studio user for {shown}: their annotations carry no completed_by, so "
            "Label Studio credits them to the importing user (map names with --annotators)"
        )
    return count
