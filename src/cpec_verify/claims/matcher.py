"""Text candidates for evidence: each claim's best sentences by weighted word overlap.

The text score of a claim and a sentence is ``fuzz.ratio`` on their encoded word sets
(:meth:`BlockIndex.encode`: one code point per distinct word, rarer words repeated, sorted).
On two such strings the longest common subsequence is the shared code points, so the ratio is
``200 * shared weight / (weight here + weight there)``: an IDF-weighted Dice overlap.  The
shared weight of every claim x sentence pair that shares a word is therefore one sparse matrix
product (claims x words @ words x sentences, scipy, in C), and the best of each row are exact
rather than guessed by a blocking heuristic.  The best ``probe`` of each row are then scored
with ``rapidfuzz.process.cpdist`` on the strings themselves, which is what the ranking keeps.

Cost: a claim walks the postings of its words, so very common words would make the product
quadratic.  Words in more than a fixed share of sentences are not part of the score at all
(:data:`~cpec_verify.claims.blocking.COMMON_SHARE`: they say nothing about the subject).
Words in at most :data:`POSTINGS_CAP` sentences always retrieve; more frequent ones retrieve,
rarest first, only while the claim's walk stays within :data:`BUDGET` postings, and otherwise
count in the score through rapidfuzz alone.  So the work per claim stays bounded as the corpus
grows.  Up to about 75,000 sentences every word retrieves and the candidates are exact; in a
larger corpus a pair that shares only frequent words can rank below the probe cut, because the
product sees only the retrieving words (bench/bench_claims.py samples how often).  Pure
numpy/scipy; no I/O.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from scipy import sparse

from cpec_verify.claims.blocking import BlockIndex

__all__ = ["POSTINGS_CAP", "TextMatcher"]

POSTINGS_CAP = 1500  # words in at most this many sentences always retrieve
BUDGET = 4000  # more frequent words retrieve, rarest first, while a claim walks fewer postings
SUB_BATCH = 1000  # claims per sparse product: bounds the memory of one product
BINS = 201  # half-point score bins for the per-claim cut (0..100 in steps of 0.5)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class TextMatcher:
    """Sentence postings as a sparse matrix, ready to multiply with batches of claims."""

    def __init__(self, blocks: BlockIndex, encoded: Sequence[str], owners: Sequence[int]) -> None:
        self.blocks = blocks
        weight = np.where(blocks.common, 0, blocks.repeat).astype(np.int32)
        self.weight = weight
        # the index's postings (key -> items, CSR) are already the words x sentences matrix
        self.postings = sparse.csr_matrix(
            (
                np.ones(len(blocks.postings), dtype=np.int32),
                blocks.postings.astype(np.int32),
                blocks.indptr.astype(np.int32),
            ),
            shape=(len(blocks.vocab), blocks.size),
        )
        # and its transpose, weighted, is every sentence as a query (claims are mostly sentences)
        by_sentence = self.postings.T.tocsr()
        by_sentence.data = weight[by_sentence.indices]
        self.sentence_queries = self._budgeted(by_sentence)
        self.encoded = np.asarray(list(encoded), dtype=object)
        self.lengths = np.asarray([len(e) for e in encoded], dtype=np.int32)
        self.articles, codes = np.unique(np.asarray(owners, dtype=np.int64), return_inverse=True)
        self.article_code = codes.astype(np.int32)

    def queries(self, rows: Sequence[int], tokens: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """Claims x words weights: a claim that is an indexed sentence (``rows[i]`` >= 0) takes
        that sentence's row; the others are built from their ``tokens``."""
        at = np.asarray(rows, dtype=np.int64)
        own = np.flatnonzero(at < 0)
        if len(own) == 0:
            return self.sentence_queries[at]
        ids = [self.blocks.ids(tokens[i]) for i in own.tolist()]
        flat = np.fromiter((t for row in ids for t in row), dtype=np.int64)
        indptr = np.r_[0, np.cumsum([len(r) for r in ids])]
        built = self._budgeted(
            sparse.csr_matrix(
                (self.weight[flat], flat, indptr), shape=(len(own), self.postings.shape[0])
            )
        )
        known = np.flatnonzero(at >= 0)
        stacked = sparse.vstack([self.sentence_queries[at[known]], built], format="csr")
        place = np.empty(len(at), dtype=np.int64)
        place[np.r_[known, own]] = np.arange(len(at))
        return stacked[place]

    def _budgeted(self, query: sparse.csr_matrix) -> sparse.csr_matrix:
        """Keep the words a query retrieves by: every word in at most ``POSTINGS_CAP``
        sentences, then more frequent ones, rarest first, while the postings walked stay
        within ``BUDGET``.  The others still count in the score, through rapidfuzz."""
        query.eliminate_zeros()
        counts = np.diff(query.indptr)
        rows = np.repeat(np.arange(query.shape[0]), counts)
        df = self.blocks.df[query.indices]
        order = np.lexsort((query.indices, df, rows))  # rows stay in place, rarest word first
        walked = np.cumsum(df[order])
        walked -= np.repeat(np.r_[0, walked][query.indptr[:-1]], counts)
        keep = np.empty(len(order), dtype=bool)
        lead = np.zeros(len(order), dtype=bool)
        lead[query.indptr[:-1][counts > 0]] = True  # a claim's rarest word always retrieves
        keep[order] = (df[order] <= POSTINGS_CAP) | (walked <= BUDGET) | lead
        out = query.copy()
        out.data = np.where(keep, out.data, 0).astype(np.int32)
        out.eliminate_zeros()
        return out

    def best(
        self,
        query: sparse.csr_matrix,
        encoded: Sequence[str],
        owners: Sequence[int],
        *,
        pool: int,
        probe: int,
        workers: int = -1,
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """(claim row, sentence row, score): up to ``pool`` per claim, best first.

        ``query`` comes from :meth:`queries`; ``encoded`` are the claims' encoded word sets.
        Sentences of the claim's own article (``owners``) are never proposed.  Ties are broken
        by sentence order, so the result does not depend on batch sizes.
        """
        n = query.shape[0]
        q_len = np.asarray([len(e) for e in encoded], dtype=np.int32)
        codes = self._codes(owners)

        def batch(lo: int) -> tuple[IntArray, IntArray]:
            hi = min(lo + SUB_BATCH, n)
            return self._batch(query[lo:hi], q_len[lo:hi], codes[lo:hi], lo, probe)

        starts = range(0, n, SUB_BATCH)
        threads = (os.cpu_count() or 1) if workers < 0 else workers
        if threads > 1 and len(starts) > 1:  # scipy and numpy release the GIL in the heavy parts
            with ThreadPoolExecutor(min(threads, len(starts))) as executor:
                parts = list(executor.map(batch, starts))
        else:
            parts = [batch(lo) for lo in starts]
        rows = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        items = np.concatenate([p[1] for p in parts]) if parts else rows
        if len(rows) == 0:
            return rows, items, np.zeros(0)
        left = np.asarray(list(encoded), dtype=object)[rows]
        scores = process.cpdist(
            left, self.encoded[items], scorer=fuzz.ratio, workers=workers, dtype=np.float32
        )
        order = _order(rows, scores.astype(np.float64) / 100.0, items)
        rows, items, scores = rows[order], items[order], scores[order].astype(np.float64)
        keep = (_rank_in_group(rows) < pool) & (scores > 0)
        return rows[keep], items[keep], scores[keep]

    def pair_scores(self, encoded: Sequence[str], items: IntArray, workers: int = -1) -> FloatArray:
        """Text scores of given (claim, sentence) pairs: ``encoded[i]`` against ``items[i]``."""
        if len(items) == 0:
            return np.zeros(0)
        left = np.asarray(list(encoded), dtype=object)
        return process.cpdist(
            left, self.encoded[items], scorer=fuzz.ratio, workers=workers, dtype=np.float32
        ).astype(np.float64)

    def _batch(
        self,
        query: sparse.csr_matrix,
        q_len: npt.NDArray[np.int32],
        codes: npt.NDArray[np.int32],
        lo: int,
        probe: int,
    ) -> tuple[IntArray, IntArray]:
        """The ``probe`` best sentences of one batch of claims by shared weight (global rows)."""
        n = query.shape[0]
        shared = query @ self.postings
        # int32 throughout: one pass per step over every pair that shares a word
        counts = np.diff(shared.indptr)
        items = shared.indices
        denom = np.maximum(np.repeat(q_len, counts) + self.lengths[items], 1)
        bins = (shared.data * np.int32(2 * 200)) // denom  # 2 x score, floored
        bins[self.article_code[items] == np.repeat(codes, counts)] = 0  # never its own article
        rows = np.repeat(np.arange(n, dtype=np.int32), counts)
        # per claim, the lowest bin that still leaves ``probe`` candidates at or above it
        hist = np.bincount(rows * np.int32(BINS) + bins, minlength=n * BINS).reshape(n, BINS)
        above = np.cumsum(hist[:, :0:-1], axis=1)  # column j: candidates in bins >= BINS-1-j
        enough = above[:, -1] >= probe
        cut = np.where(enough, BINS - 1 - np.argmax(above >= probe, axis=1), 1)
        keep = np.flatnonzero(bins >= np.repeat(cut, counts).astype(np.int32))
        rows, items = rows[keep].astype(np.int64), items[keep].astype(np.int64)
        order = _order(rows, shared.data[keep] / denom[keep], items)
        rows, items = rows[order], items[order]
        top = _rank_in_group(rows) < probe
        return rows[top] + lo, items[top]

    def _codes(self, owners: Sequence[int]) -> npt.NDArray[np.int32]:
        """Article ids as indexes into the index's article list (-1: no indexed sentence)."""
        wanted = np.asarray(owners, dtype=np.int64)
        if len(self.articles) == 0:
            return np.full(len(wanted), -1, dtype=np.int32)
        pos = np.minimum(np.searchsorted(self.articles, wanted), len(self.articles) - 1)
        return np.where(self.articles[pos] == wanted, pos, -1).astype(np.int32)


def _order(rows: IntArray, share: npt.NDArray[np.floating], items: IntArray) -> IntArray:
    """Sort order by claim, then score (a share in [0, 1]) best first, then sentence order:
    one integer sort instead of a three-key lexsort."""
    if len(rows) == 0:
        return rows
    score = np.rint((1.0 - np.clip(share, 0.0, 1.0)) * (2**20 - 1)).astype(np.int64)
    key = (rows.astype(np.int64) << 44) | (score << 24) | items
    if int(rows.max()) >= 2**19 or int(items.max()) >= 2**24:  # too big to pack: sort by keys
        return np.lexsort((items, score, rows))
    return np.argsort(key)  # keys are distinct: any sort is deterministic


def _rank_in_group(rows: IntArray) -> IntArray:
    """Position of each element within its run of equal ``rows`` (rows sorted)."""
    if len(rows) == 0:
        return rows
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    return np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
