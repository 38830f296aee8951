"""schema.org ``ClaimReview`` JSON-LD, as fact-check publishers mark up their checks.

Output is a JSON array of ClaimReview objects, one per claim, carrying the
properties Google's fact-check documentation requires (``claimReviewed``,
``reviewRating`` with ``alternateName``, ``url``) and recommends (``author``,
``itemReviewed`` with its ``author``, ``datePublished``, ``appearance`` and
``firstAppearance``; ``Rating.name``, ``ratingValue``, ``bestRating``,
``worstRating``).  The rating scale is documented in ``schemas/README.md``.

``url`` is the publisher URL (http or https, required) plus a stable anchor made
from the claim's portable id, so the same claim has the same url in every export.
``reviewBody`` is the lead's adjudication rationale or, failing that, the notes of
the reviewers behind the rating; bookkeeping text such as the rationale written by
``adjudicate --accept-agreed`` is never published.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO
from urllib.parse import urldefrag, urlsplit

from cpec_verify.export.jsonl import write_json_array
from cpec_verify.export.speakers import author_type

RATINGS: dict[str, tuple[int, str]] = {
    "conflicting": (1, "Conflicting"),
    "unsourced": (2, "Unsourced"),
    "supported": (3, "Supported"),
}
SHORT_CLAIM = 75  # characters Google advises for claimReviewed
ELLIPSIS = "…"
# What ``store.entities.adjudications.accept_agreed`` writes when the lead gives no rationale:
# a record of the bulk action, not a finding to publish (a test keeps the two in step).
_BOOKKEEPING = re.compile(r"accepted: \d+ reviewers? agrees? unanimously")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class PublisherUrlError(ValueError):
    """The publisher URL is not an absolute http(s) URL."""


def check_url(url: str) -> str:
    """``url`` when it is an absolute http(s) URL without spaces; else ``PublisherUrlError``."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise PublisherUrlError(f"{url!r} is not an http(s) URL such as https://example.org/checks")
    if any(ch.isspace() or ord(ch) < 32 for ch in url.strip()):
        raise PublisherUrlError(f"{url!r} contains spaces or control characters")
    return url.strip()


def is_web_url(url: str | None) -> bool:
    try:
        return bool(url) and check_url(url or "") is not None
    except PublisherUrlError:
        return False


@dataclass(frozen=True)
class Publisher:
    """The organisation publishing the fact checks; ``url`` must be http(s)."""

    name: str
    url: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", check_url(self.url))


def anchor(record_id: str) -> str:
    """A fragment for the claim, stable across exports and databases."""
    return "claim-" + re.sub(r"[^0-9A-Za-z]+", "-", record_id)


def review_url(publisher: Publisher, record_id: str) -> str:
    return f"{urldefrag(publisher.url).url}#{anchor(record_id)}"


def short_claim(text: str, limit: int = SHORT_CLAIM) -> str:
    """``text`` in at most ``limit`` characters, cut at a word boundary with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    room = flat[: limit - len(ELLIPSIS) + 1]
    cut = room.rfind(" ")
    head = room[:cut] if cut > 0 else room[: limit - len(ELLIPSIS)]
    return head.rstrip(" ,;:–—-") + ELLIPSIS


def _org(name: str, url: str | None = None) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": name}
    if is_web_url(url):
        org["url"] = url
    return org


def _appearance(art: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if is_web_url(art.get("url")):
        work["url"] = art["url"]
    if art.get("title"):
        work["headline"] = art["title"]
    if _dated(art):
        work["datePublished"] = art["published"]
    if art.get("outlet"):
        work["publisher"] = _org(art["outlet"])
    return work


def _dated(art: dict[str, Any]) -> bool:
    return bool(art.get("published")) and _DATE.fullmatch(art["published"]) is not None


def appearances(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The claim's article, its syndicated copies (the same claim on other pages), then
    articles whose cited sentence agrees with the claim."""
    seen = {record["article"]["key"]}
    arts = [record["article"]]
    others = [c["article"] for c in record.get("copies") or ()]
    others += [e["article"] for e in record["evidence"] if e.get("relation") == "agrees"]
    for art in others:
        if art["key"] not in seen:
            seen.add(art["key"])
            arts.append(art)
    return arts


def review_body(record: dict[str, Any]) -> str | None:
    """The adjudication rationale, else the backing reviewers' notes; None when neither."""
    adj = record.get("adjudication")
    if adj and adj.get("rationale") and not _BOOKKEEPING.fullmatch(adj["rationale"].strip()):
        return adj["rationale"].strip()
    notes: list[str] = []
    for v in record["verdicts"]:
        note = (v.get("note") or "").strip()
        if v["label"] == record["label"] and note and note not in notes:
            notes.append(note)
    return " ".join(n if n.endswith((".", "!", "?")) else n + "." for n in notes) or None


def _claim_author(record: dict[str, Any]) -> dict[str, Any] | None:
    claim, art = record["claim"], record["article"]
    speaker = (claim.get("speaker") or "").strip()
    if not speaker:
        return _org(art["outlet"]) if art.get("outlet") else None
    context = (claim.get("sentence") or {}).get("text") or claim["text"]
    kind = author_type(speaker, context)
    return None if kind is None else {"@type": kind, "name": speaker}


def _warn_dropped_urls(record: dict[str, Any], warn: Callable[[str], None]) -> None:
    """Say which article URLs are left out (``javascript:``, ``data:``, relative...)."""
    for art in appearances(record):
        url = art.get("url")
        if url and not is_web_url(url):
            warn(f"claim {record['id']}: article url {url!r} is not http(s); left out")


def claim_review(
    record: dict[str, Any],
    publisher: Publisher,
    *,
    short: bool = False,
    warn: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    label = record["label"]
    if label not in RATINGS:
        raise ValueError(f"record {record['id']} has no final label; ClaimReview needs one")
    value, name = RATINGS[label]
    art = record["article"]
    if warn is not None:
        _warn_dropped_urls(record, warn)
    works = [_appearance(a) for a in appearances(record)]
    item: dict[str, Any] = {"@type": "Claim", "appearance": works}
    dated = [(a["published"], i) for i, a in enumerate(appearances(record)) if _dated(a)]
    if dated:
        item["firstAppearance"] = works[min(dated)[1]]
    author = _claim_author(record)
    if author is not None:
        item["author"] = author
    if _dated(art):
        item["datePublished"] = art["published"]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": review_url(publisher, record["id"]),
        "identifier": record["id"],
        "claimReviewed": short_claim(record["claim"]["text"]) if short else record["claim"]["text"],
        "author": _org(publisher.name, publisher.url),
        "reviewRating": {
            "@type": "Rating",
            "name": name,
            "alternateName": name,
            "ratingValue": value,
            "bestRating": 3,
            "worstRating": 1,
        },
        "itemReviewed": item,
    }
    if record.get("decided_at"):
        review["datePublished"] = record["decided_at"][:10]
    body = review_body(record)
    if body:
        review["reviewBody"] = body
    return review


class _ScriptSafe:
    """Writes JSON with ``<``, ``>`` and ``&`` as ``\\u003c``, ``\\u003e``, ``\\u0026`` (and
    U+2028/U+2029 escaped): the same data, but ``</script><script>`` in a claim cannot end
    the ``<script type="application/ld+json">`` block the output is pasted into."""

    _TABLE = str.maketrans(
        {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
    )

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(self._TABLE))


def write_claimreview(
    records: Iterable[dict[str, Any]],
    stream: TextIO,
    publisher: Publisher,
    *,
    short: bool = False,
    warn: Callable[[str], None] | None = None,
) -> int:
    """A JSON array of ClaimReview objects, safe to paste inside an HTML ``<script>``."""
    reviews = (claim_review(r, publisher, short=short, warn=warn) for r in records)
    return write_json_array(reviews, _ScriptSafe(stream))  # type: ignore[arg-type]
