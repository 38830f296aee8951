"""The plain data evidence ranking works on: sentences, claims, hits, and the token key that
lets a claim which is a whole indexed sentence reuse that sentence's work.  Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cpec_verify.claims.blocking import content_tokens
from cpec_verify.claims.quantities import Quantity

__all__ = ["ClaimQuery", "EvidenceHit", "EvidenceSentence", "TokenKey", "token_key", "tokens_of"]


@dataclass(frozen=True)
class EvidenceSentence:
    """A sentence other claims may cite; ``quantities`` are the figures found in it."""

    span_id: int
    article_id: int
    start: int
    end: int
    text: str
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True)
class ClaimQuery:
    """A claim looking for evidence; quantity offsets are irrelevant here."""

    claim_id: int
    article_id: int
    text: str
    quantities: tuple[Quantity, ...] = ()
    start: int = 0


@dataclass
class EvidenceHit:
    """One ranked piece of evidence (the JSON shape adds nothing to these fields)."""

    span_id: int
    article_id: int
    start: int
    end: int
    text: str
    score: float
    relation: str
    reason: str
    same_source: bool
    rank: int = 0
    details: dict[str, Any] = field(default_factory=dict)


TokenKey = tuple[str, tuple[tuple[int, int], ...], tuple[str, ...]]


def token_key(text: str, quantities: Sequence[Quantity], offset: int) -> TokenKey:
    """Everything :func:`tokens_of` depends on: texts with equal keys have equal tokens, so a
    claim that is a whole indexed sentence reuses that sentence's tokens and encoding."""
    blank = tuple(
        sorted(
            (q.start - offset, q.end - offset)
            for q in quantities
            if q.dimension != "ordinal" and q.start >= offset and q.end - offset <= len(text)
        )
    )
    dated = tuple(f"@{q.iso}" for q in quantities if q.iso and q.dimension in ("year", "date"))
    return text, blank, dated


def tokens_of(key: TokenKey) -> list[str]:
    """Content words with the figures blanked out, plus each year or date as a word."""
    text, blank, dated = key
    return content_tokens(text, blank) + list(dated)
