"""Ranked cross-article evidence for claims: what other outlets say, and whether it agrees.

Pure: claims and sentences in, ranked :class:`EvidenceHit` lists out.  Candidates come two
ways, never from all pairs: the postings of each claim's words (:mod:`~cpec_verify.claims.matcher`,
a sparse product scored by ``rapidfuzz``), and for claims with a figure, sentences holding a
figure of the same kind in the articles most about the same things
(:mod:`~cpec_verify.claims.topics`).  The best by text, the best that share a figure dimension
and the topic candidates are judged (:mod:`~cpec_verify.claims.judging`):

* ``differs``: a figure of the same measure with another value ("around $60bn here vs more than
  $25bn there (-58%)"), the same amount in another currency, or another date, ordinal or name
  for one event;
* ``agrees``: the same figure after normalisation or within the rounding of an approximate
  one, or the same statement in near-identical words;
* ``related``: the same subject, no comparable figure (and enough shared words to matter).

Evidence from the claim's own article is never offered; evidence from a duplicate (syndicated
copy) is flagged ``same_source`` and ranked after independent evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from cpec_verify.claims.blocking import BlockIndex
from cpec_verify.claims.evidence_model import (
    ClaimQuery,
    EvidenceHit,
    EvidenceSentence,
    TokenKey,
    token_key,
    tokens_of,
)
from cpec_verify.claims.figures import Measures, Windows, dimension_mask, figure_windows
from cpec_verify.claims.judging import RELATED_MIN, ClaimSide, explain, judge, relevant, select
from cpec_verify.claims.matcher import TextMatcher
from cpec_verify.claims.measure import measures_in
from cpec_verify.claims.topics import TopicIndex

__all__ = ["ClaimQuery", "EvidenceHit", "EvidenceIndex", "EvidenceSentence", "rank_evidence"]

DEFAULT_K = 5
POOL = 32  # best-scoring candidates per claim kept for relations
PROBE = 32  # best candidates per claim by shared word weight, scored by rapidfuzz
SHARE_JUDGED = 10  # candidates sharing a figure dimension whose figures are compared
TOPIC_FETCH = 32  # sentences per claim found by topic, of which the best by text ...
TOPIC_PROBE = 4  # sentences per claim found by topic (same-kind figure, alike article)
Progress = Callable[[int, int], None]


class EvidenceIndex:
    """Every sentence that can serve as evidence, tokenised once and indexed by word."""

    def __init__(
        self, sentences: Sequence[EvidenceSentence], groups: Mapping[int, int] | None = None
    ) -> None:
        self.sentences = list(sentences)
        self.groups = dict(groups or {})
        self.tokens: list[list[str]] = []
        self._row_of: dict[TokenKey, int] = {}
        firsts: list[int] = []
        for row, s in enumerate(self.sentences):
            key = token_key(s.text, s.quantities, s.start)
            first = self._row_of.setdefault(key, row)
            firsts.append(first)
            # identical sentences (syndication, boilerplate) are tokenised and encoded once
            self.tokens.append(self.tokens[first] if first != row else tokens_of(key))
        self.blocks = BlockIndex(self.tokens)
        self.encoded: list[str] = []
        for row, first in enumerate(firsts):
            self.encoded.append(
                self.encoded[first] if first != row else self.blocks.encode(self.tokens[row])
            )
        self.matcher = TextMatcher(
            self.blocks, self.encoded, [s.article_id for s in self.sentences]
        )
        self.masks = np.asarray(
            [dimension_mask(s.quantities) for s in self.sentences], dtype=np.int64
        )
        self.topics = TopicIndex(
            self.blocks,
            [s.article_id for s in self.sentences],
            self.masks,
            [len(t) for t in self.tokens],
        )
        self._windows: dict[int, Windows] = {}
        self._measures: dict[int, Measures] = {}

    def neighbours(self, rows: Sequence[int], limit: int = 50) -> set[int]:
        """Span ids of the sentences in other articles most like sentences ``rows``: the
        sentences whose claims may gain these rows as evidence (the text score is symmetric)."""
        if not rows:
            return set()
        m = self.matcher
        _, items, _ = m.best(
            m.queries(list(rows), []),
            [self.encoded[r] for r in rows],
            [self.sentences[r].article_id for r in rows],
            pool=limit,
            probe=limit,
        )
        return {self.sentences[i].span_id for i in set(items.tolist())}

    def windows(self, row: int) -> Windows:
        """Words around each figure of sentence ``row`` (computed when first needed)."""
        found = self._windows.get(row)
        if found is None:
            sent = self.sentences[row]
            found = self._windows[row] = figure_windows(sent.text, sent.quantities, sent.start)
        return found

    def measures(self, row: int) -> Measures:
        """What each figure of sentence ``row`` measures (computed when first needed)."""
        found = self._measures.get(row)
        if found is None:
            sent = self.sentences[row]
            found = self._measures[row] = measures_in(sent.text, sent.quantities, sent.start)
        return found

    def root(self, article_id: int) -> int:
        """The duplicate cluster an article belongs to (itself when it is no copy)."""
        return self.groups.get(article_id, article_id)


def query_tokens(claim: ClaimQuery) -> list[str]:
    return tokens_of(token_key(claim.text, claim.quantities, claim.start))


def _prepared(
    index: EvidenceIndex, claims: Sequence[ClaimQuery]
) -> tuple[list[list[str]], list[str], list[int]]:
    """Tokens, encoded text and indexed sentence row (or -1) of each claim; a claim that is a
    whole indexed sentence (the usual case) reuses the sentence's, so the corpus is not
    tokenised twice."""
    tokens: list[list[str]] = []
    encoded: list[str] = []
    rows: list[int] = []
    for c in claims:
        key = token_key(c.text, c.quantities, c.start)
        row = index._row_of.get(key)
        if row is None:
            tokens.append(tokens_of(key))
            encoded.append(index.blocks.encode(tokens[-1]))
            rows.append(-1)
        else:
            tokens.append(index.tokens[row])
            encoded.append(index.encoded[row])
            rows.append(row)
    return tokens, encoded, rows


def rank_evidence(
    index: EvidenceIndex,
    claims: Sequence[ClaimQuery],
    *,
    k: int = DEFAULT_K,
    pool: int = POOL,
    workers: int = -1,
    batch: int = 4000,
    progress: Progress | None = None,
) -> dict[int, list[EvidenceHit]]:
    """Up to ``k`` ranked hits per claim id, best first; claims with none map to ``[]``.

    Serial over batches; ``service`` runs batches in worker processes for large imports.
    """
    out: dict[int, list[EvidenceHit]] = {c.claim_id: [] for c in claims}
    for lo in range(0, len(claims), batch):
        out.update(_rank_chunk(index, claims[lo : lo + batch], k, pool, workers))
        if progress is not None:
            progress(min(lo + batch, len(claims)), len(claims))
    return out


def text_scores(
    index: EvidenceIndex, claims: Sequence[ClaimQuery], pool: int, workers: int = -1
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[str]]]:
    """Per claim the ``pool`` best candidates (claim row, sentence row, text score).

    Candidates are every sentence sharing a word with the claim, ranked by shared word weight
    in a sparse product; the best ``PROBE`` are scored by rapidfuzz and cut to the pool.
    """
    tokens, q_text, q_rows = _prepared(index, claims)
    rows, items, scores = index.matcher.best(
        index.matcher.queries(q_rows, tokens),
        q_text,
        [c.article_id for c in claims],
        pool=pool,
        probe=max(PROBE, pool),
        workers=workers,
    )
    return rows, items, scores, tokens


def _rank_chunk(
    index: EvidenceIndex, claims: Sequence[ClaimQuery], k: int, pool: int, workers: int
) -> dict[int, list[EvidenceHit]]:
    rows, items, scores, tokens = text_scores(index, claims, pool, workers)
    q_masks = np.asarray([dimension_mask(c.quantities) for c in claims], dtype=np.int64)
    rows, items, scores, extra = _with_topic_candidates(
        index, claims, q_masks, rows, items, scores, tokens, workers
    )
    if len(rows) == 0:
        return {}
    share = (q_masks[rows] & index.masks[items]) != 0
    order = np.lexsort((-scores, rows))
    rows, items, scores = rows[order], items[order], scores[order]
    share, extra = share[order], extra[order]
    # Relations are worked out only for the best few by text, plus the best few that share a
    # figure dimension with the claim (those are the ones a figure comparison can promote).
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    sizes = np.diff(np.r_[first, len(rows)])
    rank = np.arange(len(rows)) - np.repeat(first, sizes)
    shared_before = np.cumsum(share) - share
    share_rank = shared_before - np.repeat(shared_before[first], sizes)
    keep = (rank < k + 2) | (share & (share_rank < SHARE_JUDGED)) | extra
    rows_l, items_l = rows[keep].tolist(), items[keep].tolist()
    scores_l, share_l = scores[keep].tolist(), share[keep].tolist()
    out: dict[int, list[EvidenceHit]] = {}
    start = 0
    while start < len(rows_l):
        end = start
        while end < len(rows_l) and rows_l[end] == rows_l[start]:
            end += 1
        claim = claims[rows_l[start]]
        side = ClaimSide(index, claim, tokens[rows_l[start]])
        cands = [
            c
            for i in range(start, end)
            # without a figure to compare, a sentence this unlike the claim is never evidence
            if (share_l[i] or scores_l[i] >= RELATED_MIN)
            and relevant(c := judge(index, side, items_l[i], scores_l[i], share_l[i]), side, index)
        ]
        out[claim.claim_id] = [
            explain(index, side, c, rank + 1) for rank, c in enumerate(select(index, cands, k))
        ]
        start = end
    return out


def _with_topic_candidates(
    index: EvidenceIndex,
    claims: Sequence[ClaimQuery],
    q_masks: np.ndarray,
    rows: np.ndarray,
    items: np.ndarray,
    scores: np.ndarray,
    tokens: list[list[str]],
    workers: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The text candidates plus, per claim with a figure, the ``TOPIC_PROBE`` sentences with a
    figure of its kind in the articles most about the same things (flagged ``extra``: always
    judged), scored by text like the others."""
    with_figure = np.flatnonzero(q_masks)
    t_rows, t_items = index.topics.candidates(
        [claims[i].article_id for i in with_figure.tolist()],
        q_masks[with_figure].tolist(),
        TOPIC_FETCH,
        workers,
    )
    t_rows = with_figure[t_rows] if len(t_rows) else t_rows
    seen = set(zip(rows.tolist(), items.tolist(), strict=True))
    new = [
        i
        for i, pair in enumerate(zip(t_rows.tolist(), t_items.tolist(), strict=True))
        if pair not in seen
    ]
    extra = np.zeros(len(rows), dtype=bool)
    if not new:
        return rows, items, scores, extra
    t_rows, t_items = t_rows[new], t_items[new]
    encoded: dict[int, str] = {}  # each claim encoded once, however many candidates it has
    t_scores = index.matcher.pair_scores(
        [
            encoded[r] if r in encoded else encoded.setdefault(r, index.blocks.encode(tokens[r]))
            for r in t_rows.tolist()
        ],
        t_items,
        workers,
    )
    # of the topic candidates, the ``TOPIC_PROBE`` per claim most alike by text are kept
    order = np.lexsort((-t_scores, t_rows))
    t_rows, t_items, t_scores = t_rows[order], t_items[order], t_scores[order]
    first = np.flatnonzero(np.r_[True, t_rows[1:] != t_rows[:-1]])
    rank = np.arange(len(t_rows)) - np.repeat(first, np.diff(np.r_[first, len(t_rows)]))
    top = rank < TOPIC_PROBE
    t_rows, t_items, t_scores = t_rows[top], t_items[top], t_scores[top]
    return (
        np.concatenate([rows, t_rows]),
        np.concatenate([items, t_items]),
        np.concatenate([scores, t_scores]),
        np.concatenate([extra, np.ones(len(t_rows), dtype=bool)]),
    )
