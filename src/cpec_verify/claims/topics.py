"""What each article is about, and evidence candidates found by topic rather than wording.

Two outlets rarely state a figure in the same words: "will supply 90% of the funding" and "85
per cent of the financing extended by the bank" share no content word, yet in two articles about
one railway they are the pair a fact-checker wants side by side.  The words that tie them are
the ones their *articles* share: the names and rare terms each article repeats (its profile).

So every sentence holding a figure gets synthetic keys "profile word # figure dimension", and a
claim is matched on the keys of its own article and figures: the sparse product of
:class:`~cpec_verify.claims.matcher.TextMatcher` then finds, per claim, sentences with a figure of
the same dimension in the articles most alike its own.  Profiles also give a 0-1 article
similarity that ranks evidence about the same project above evidence about another.  Pure
numpy/scipy; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from cpec_verify.claims.blocking import BlockIndex
from cpec_verify.claims.matcher import TextMatcher

__all__ = ["TopicIndex"]

PROFILE_WORDS = 40  # distinctive words that profile an article (for similarity)
KEY_WORDS = 6  # the most distinctive of them make a sentence's topic keys
QUERY_WORDS = 12  # ... and a claim looks for keys made of any of this many
SHARED_MAX = 0.1  # a word in more than this share of articles does not profile any
MIN_WORDS = 6  # sentences shorter than this (menus, bylines, share buttons) profile nothing
DIMENSION_BITS = 8  # figure dimensions are bits 0..7 of a dimension mask

IntArray = npt.NDArray[np.int64]


class TopicIndex:
    """Article profiles over a sentence index, and a key index of its figure sentences."""

    def __init__(
        self,
        blocks: BlockIndex,
        articles: Sequence[int],
        masks: npt.NDArray[np.int64],
        lengths: Sequence[int],
    ) -> None:
        self.blocks = blocks
        self._similar: dict[tuple[int, int], float] = {}
        owners = np.asarray(articles, dtype=np.int64)
        self.profiles = _profiles(blocks, owners, np.asarray(lengths) >= MIN_WORDS)
        wanted = {k for p in self.profiles.values() for k in list(p)[:QUERY_WORDS]}
        words = {i: w for w, i in blocks.vocab.items() if i in wanted}
        self._key_words = {
            a: [words[k] for k in list(p)[:QUERY_WORDS]] for a, p in self.profiles.items()
        }
        keys = [
            self.keys(int(a), int(m), KEY_WORDS) if m else []
            for a, m in zip(owners, masks, strict=True)
        ]
        self.key_blocks = BlockIndex(keys)
        encoded = [self.key_blocks.encode(k) for k in keys]
        self.matcher = TextMatcher(self.key_blocks, encoded, owners.tolist())

    def keys(self, article: int, mask: int, top: int = QUERY_WORDS) -> list[str]:
        """Topic keys of a figure of dimensions ``mask`` in ``article``."""
        words = self._key_words.get(article, [])[:top]
        bits = [b for b in range(DIMENSION_BITS) if mask >> b & 1]
        return [f"{w}#{b}" for w in words for b in bits]

    def similarity(self, a: int, b: int) -> float:
        """0-1: how far two articles are about the same things (shared distinctive words)."""
        key = (a, b) if a <= b else (b, a)
        found = self._similar.get(key)
        if found is None:
            found = self._similar[key] = self._similarity(a, b)
        return found

    def _similarity(self, a: int, b: int) -> float:
        pa, pb = self.profiles.get(a), self.profiles.get(b)
        if not pa or not pb:
            return 0.0
        shared = sum(w for k, w in pa.items() if k in pb)
        least = min(sum(pa.values()), sum(pb.values()))
        return shared / least if least > 0 else 0.0

    def candidates(
        self, articles: Sequence[int], masks: Sequence[int], limit: int, workers: int = -1
    ) -> tuple[IntArray, IntArray]:
        """(query row, sentence row): per query up to ``limit`` sentences holding a figure of
        one of its dimensions, in other articles, best topic match first."""
        keys = [self.keys(a, m) if m else [] for a, m in zip(articles, masks, strict=True)]
        m = self.matcher
        query = m.queries([-1] * len(keys), keys)
        encoded = [self.key_blocks.encode(k) for k in keys]
        rows, items, _ = m.best(query, encoded, list(articles), pool=limit, probe=limit)
        return rows, items


def _profiles(
    blocks: BlockIndex, owners: IntArray, long_enough: npt.NDArray[np.bool_]
) -> dict[int, dict[int, float]]:
    """Per article its ``PROFILE_WORDS`` most distinctive words (id -> weight).

    A word profiles an article when it recurs there and is rare among articles (TF-IDF over
    articles, not sentences); a word no other article has cannot tie two articles, and one in
    more than ``SHARED_MAX`` of them (site chrome, the beat's vocabulary) says too little.
    """
    if blocks.size == 0 or len(blocks.postings) == 0:
        return {}
    vocab = len(blocks.df)
    tokens = np.repeat(np.arange(vocab, dtype=np.int64), blocks.df)
    keep = ~blocks.common[tokens] & long_enough[blocks.postings]
    tokens = tokens[keep]
    arts = owners[blocks.postings[keep]]
    pairs, counts = np.unique(arts * vocab + tokens, return_counts=True)
    art, tok = pairs // vocab, pairs % vocab
    n_articles = max(len(np.unique(owners)), 1)
    article_df = np.bincount(tok, minlength=vocab)
    idf = np.log(n_articles / np.maximum(article_df, 1))
    useful = (article_df[tok] >= 2) & (article_df[tok] <= max(2, SHARED_MAX * n_articles))
    art, tok, counts = art[useful], tok[useful], counts[useful]
    weight = (1.0 + np.log(counts)) * idf[tok]
    order = np.lexsort((tok, -weight, art))
    art, tok, weight = art[order], tok[order], weight[order]
    first = np.flatnonzero(np.r_[True, art[1:] != art[:-1]])
    rank = np.arange(len(art)) - np.repeat(first, np.diff(np.r_[first, len(art)]))
    top = rank < PROFILE_WORDS
    out: dict[int, dict[int, float]] = {}
    for a, t, w in zip(art[top].tolist(), tok[top].tolist(), weight[top].tolist(), strict=True):
        out.setdefault(a, {})[t] = w
    return out
