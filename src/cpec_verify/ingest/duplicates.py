"""Near-duplicate detection (syndicated copies) without comparing every pair of articles.

Each text gets a bottom-k sketch of hashed word 5-gram shingles; an inverted index over the
sketch values yields a few candidates, which are then verified with rapidfuzz on
whitespace-normalised text so reflowed copies (other line breaks, spacing, a dropped
standfirst) still match.
Sketch values shared by very many articles (boilerplate, templates) are ignored for blocking
and at most a few best candidates are verified, so cost per query stays bounded; exact copies
are caught by a hash of the normalised text. Hashes use zlib.crc32 and blake2b, which, unlike
``hash()``, are stable across processes; shingle values fit 32 bits so any store can keep them.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections import Counter, defaultdict
from itertools import chain

import numpy as np
from rapidfuzz.distance import Indel

SKETCH_SIZE = 32
SHINGLE_WORDS = 5
MIN_COVER = 0.5  # shorter/longer length ratio above which coverage decides the score
MIN_SHARED = 0.35  # share of informative sketch values a candidate must have in common
MAX_POSTING = 256  # a sketch value in more articles than this is boilerplate, not evidence
MAX_VERIFY = 16  # candidates verified with rapidfuzz per query, most-shared first
_WORD = re.compile(r"\w+")
_MULT = np.uint64(0x100000001B3)
_MIX = np.uint64(0xBF58476D1CE4E5B9)


def normalise(text: str) -> str:
    """Case-folded text with every whitespace run collapsed to one space."""
    return " ".join(text.casefold().split())


def similarity(a: str, b: str) -> float:
    """0-100 likeness of two texts, insensitive to case, line breaks and spacing."""
    return _score(normalise(a), normalise(b), 0.0)


def _score(a: str, b: str, cutoff: float) -> float:
    """Share of the shorter text found in order in the longer (LCS via rapidfuzz Indel).

    Syndicated copies often drop a standfirst or a footer, which plain ``fuzz.ratio`` punishes;
    coverage of the shorter text does not. It is only used when the shorter text is at least
    ``MIN_COVER`` of the longer, otherwise a snippet would "cover" any long article; then the
    plain normalised Indel ratio applies. Returns 0.0 when the score is below ``cutoff``.
    """
    short, total = min(len(a), len(b)), len(a) + len(b)
    if short == 0:
        return 100.0 if total == 0 else 0.0
    base = short if short >= MIN_COVER * (total - short) else total / 2
    max_dist = int(total - 2 * base * cutoff / 100.0) if cutoff else None
    dist = Indel.distance(a, b, score_cutoff=max_dist)
    if max_dist is not None and dist > max_dist:
        return 0.0
    score = min(100.0, 100.0 * (total - dist) / 2 / base)
    return score if score >= cutoff else 0.0


def fingerprint(text: str) -> list[int]:
    """Sorted bottom-k 32-bit values of hashed word 5-gram shingles; [] for text without words."""
    words = _WORD.findall(text.casefold())
    if not words:
        return []
    vocab = {w: zlib.crc32(w.encode()) for w in set(words)}
    word_hashes = np.fromiter(map(vocab.__getitem__, words), np.uint64, len(words))
    n = min(SHINGLE_WORDS, len(words))
    span = len(words) - n + 1
    acc = np.zeros(span, np.uint64)
    for i in range(n):  # order-sensitive combination of the n word hashes of each shingle
        acc = acc * _MULT + word_hashes[i : i + span]
    acc ^= acc >> np.uint64(31)  # splitmix64 finaliser spreads values for bottom-k sampling
    acc *= _MIX
    acc ^= acc >> np.uint64(29)
    return [int(v) for v in np.unique(acc >> np.uint64(32))[:SKETCH_SIZE]]


class DuplicateIndex:
    """Articles seen so far, queryable for the earliest best near-duplicate of a new text."""

    def __init__(self, threshold: float = 90.0) -> None:
        self.threshold = threshold
        self._texts: dict[int, str] = {}
        self._order: dict[int, int] = {}
        self._postings: defaultdict[int, list[int]] = defaultdict(list)
        self._exact: dict[bytes, int] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def add(self, article_id: int, text: str, fp: list[int] | None = None) -> None:
        """Remember ``text`` under ``article_id`` (re-adding an id is ignored)."""
        if article_id in self._texts:
            return
        norm = normalise(text)
        self._texts[article_id] = norm
        self._order[article_id] = len(self._order)
        self._exact.setdefault(_digest(norm), article_id)
        for value in fingerprint(text) if fp is None else fp:
            self._postings[value].append(article_id)

    def _candidates(self, fp: list[int]) -> list[int]:
        lists = [p for p in map(self._postings.get, fp) if p and len(p) <= MAX_POSTING]
        if not lists:
            return []
        need = max(1, math.ceil(len(lists) * MIN_SHARED))
        counts = Counter(chain.from_iterable(lists))
        ranked = sorted(
            (a for a, c in counts.items() if c >= need),
            key=lambda a: (-counts[a], self._order[a]),
        )
        return ranked[:MAX_VERIFY]

    def find(self, text: str, fp: list[int] | None = None) -> tuple[int, float] | None:
        """``(article_id, similarity)`` of the best match >= threshold, earliest on ties."""
        query = normalise(text)
        if not query:
            return None
        exact = self._exact.get(_digest(query))
        if exact is not None:
            return exact, 100.0
        fp = fingerprint(text) if fp is None else fp
        best: tuple[float, int, int] | None = None  # (-score, order, id)
        for article_id in self._candidates(fp):
            score = _score(query, self._texts[article_id], self.threshold)
            if score <= 0.0:
                continue
            key = (-score, self._order[article_id], article_id)
            if best is None or key < best:
                best = key
        return None if best is None else (best[2], -best[0])


def _digest(norm: str) -> bytes:
    return hashlib.blake2b(norm.encode(), digest_size=16).digest()
