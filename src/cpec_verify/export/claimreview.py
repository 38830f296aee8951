"""schema.org ``ClaimReview`` JSON-LD, as fact-check publishers mark up their checks.

Output is a JSON array of ClaimReview objects, one per claim.  The rating scale is
documented in ``schemas/README.md``: ``reviewRating.alternateName`` carries the text
search engines show; ``ratingValue`` orders the labels from 1 (conflicting) to 3
(supported).  The reviewing organisation (``author``) is the ``--publisher``;
``url`` is the publisher URL with a ``#claim-<id>`` fragment, since a desk may
not have a page per check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from cpec_verify.export.jsonl import write_json_array

RATINGS: dict[str, tuple[int, str]] = {
    "conflicting": (1, "Conflicting"),
    "unsourced": (2, "Unsourced"),
    "supported": (3, "Supported"),
}


@dataclass(frozen=True)
class Publisher:
    """The organisation publishing the fact checks."""

    name: str
    url: str | None = None


def _org(name: str, url: str | None = None) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        org["url"] = url
    return org


def claim_review(record: dict[str, Any], publisher: Publisher) -> dict[str, Any]:
    label = record["label"]
    if label not in RATINGS:
        raise ValueError(f"record {record['id']} has no final label; ClaimReview needs one")
    value, name = RATINGS[label]
    art = record["article"]
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if art.get("url"):
        appearance["url"] = art["url"]
    if art.get("title"):
        appearance["headline"] = art["title"]
    if art.get("published"):
        appearance["datePublished"] = art["published"]
    if art.get("outlet"):
        appearance["publisher"] = _org(art["outlet"])
    item: dict[str, Any] = {"@type": "Claim", "appearance": [appearance]}
    speaker = record["claim"].get("speaker")
    if speaker:
        item["author"] = {"@type": "Person", "name": speaker}
    elif art.get("outlet"):
        item["author"] = _org(art["outlet"])
    if art.get("published"):
        item["datePublished"] = art["published"]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": record["id"],
        "claimReviewed": record["claim"]["text"],
        "author": _org(publisher.name, publisher.url),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 3,
            "worstRating": 1,
            "alternateName": name,
        },
        "itemReviewed": item,
    }
    if publisher.url:
        review["url"] = f"{publisher.url}#claim-{record['id']}"
    if record.get("decided_at"):
        review["datePublished"] = record["decided_at"][:10]
    adj = record.get("adjudication")
    if adj:
        review["reviewBody"] = adj["rationale"]
    return review


def write_claimreview(
    records: Iterable[dict[str, Any]], stream: TextIO, publisher: Publisher
) -> int:
    return write_json_array((claim_review(r, publisher) for r in records), stream)
