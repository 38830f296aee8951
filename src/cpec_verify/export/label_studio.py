"""Label Studio tasks: one task per claim, its verdicts as annotations.

``labelling_config()`` is the project config shipped as
``schemas/label-studio-config.xml`` (a test keeps them identical): the article is a
``Text`` object, the claim a ``Labels`` span on it, the verdict a ``Choices`` over
the text, plus read-only ``reviewer`` and a ``note``.  Offsets are converted to
UTF-16 code units, which is how the Label Studio front end (JavaScript) counts, so
spans stay right past emoji and other astral characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO
from xml.sax.saxutils import quoteattr

from cpec_verify.export.jsonl import write_json_array
from cpec_verify.export.records import LABELS

TEXT, SPAN, VERDICT, REVIEWER, NOTE = "text", "claim", "verdict", "reviewer", "note"
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
  <Header value="Cited evidence"/>
  <Text name="evidence" value="$evidence"/>
</View>
"""


def utf16_offset(text: str, index: int) -> int:
    """``index`` (code points) as a UTF-16 offset; equal unless astral characters precede."""
    prefix = text[:index]
    if prefix.isascii():
        return index
    return index + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def _result(rid: str, start: int, end: int, text: str, verdict: dict[str, Any]) -> list[Any]:
    out: list[dict[str, Any]] = [
        {
            "id": rid,
            "from_name": SPAN,
            "to_name": TEXT,
            "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [SPAN_LABEL]},
        },
        {
            "id": f"{rid}-v",
            "from_name": VERDICT,
            "to_name": TEXT,
            "type": "choices",
            "value": {"choices": [verdict["label"]]},
        },
        {
            "id": f"{rid}-r",
            "from_name": REVIEWER,
            "to_name": TEXT,
            "type": "textarea",
            "value": {"text": [verdict["reviewer"]]},
        },
    ]
    if verdict.get("note"):
        out.append(
            {
                "id": f"{rid}-n",
                "from_name": NOTE,
                "to_name": TEXT,
                "type": "textarea",
                "value": {"text": [verdict["note"]]},
            }
        )
    return out


def task(record: dict[str, Any]) -> dict[str, Any]:
    """A task whose ``data.text`` is the article; needs the record's ``article.text``."""
    art, claim = record["article"], record["claim"]
    text = art.get("text")
    if text is None:
        raise ValueError(f"record {record['id']} lacks article text; Label Studio needs it")
    start, end = utf16_offset(text, claim["start"]), utf16_offset(text, claim["end"])
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
        "annotations": [
            {"result": _result(f"c{i}", start, end, claim["text"], v), "ground_truth": False}
            for i, v in enumerate(record["verdicts"])
        ],
    }


def write_label_studio(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    return write_json_array((task(r) for r in records), stream)
