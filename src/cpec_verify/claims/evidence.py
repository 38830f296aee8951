"""Ranked cross-article evidence for claims: what other outlets say, and whether it agrees.

Pure: claims and sentences in, ranked :class:`EvidenceHit` lists out.  Candidates come from
the postings of each claim's words (:mod:`~cpec_verify.claims.matcher`, never all pairs); the
best by shared word weight are scored by ``rapidfuzz`` on the encoded word sets in bulk
(``process.cpdist``, the element-wise sibling of ``cdist``: candidate pairs are not a full
matrix), the best ``POOL`` by that score are kept, and the best few get a relation a reviewer
can trust at a glance:

* ``differs``: a figure of the same dimension and subject with another value ("$60bn here vs
  more than $25bn there"), or the same kind of amount in another currency ("unit differs"; never
  converted);
* ``agrees``: the same figure within tolerance, or the same statement in near-identical words;
* ``related``: same subject, no comparable figure.

Evidence from the claim's own article is never offered; evidence from a duplicate (syndicated
copy) is flagged ``same_source`` and ranked after independent evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cpec_verify.claims.blocking import BlockIndex, content_tokens, surface_words
from cpec_verify.claims.events import event_differences
from cpec_verify.claims.figures import (
    Measures,
    Windows,
    compare_figures,
    dimension_mask,
    figure_windows,
    spell,
)
from cpec_verify.claims.matcher import TextMatcher
from cpec_verify.claims.measure import measures_in
from cpec_verify.claims.quantities import Quantity
from cpec_verify.claims.reasons import write_reason
from cpec_verify.claims.topics import TopicIndex

__all__ = ["ClaimQuery", "EvidenceHit", "EvidenceIndex", "EvidenceSentence", "rank_evidence"]

DEFAULT_K = 5
POOL = 32  # best-scoring candidates per claim kept for relations
PROBE = 32  # best candidates per claim by shared word weight, scored by rapidfuzz
SHARE_JUDGED = 10  # candidates sharing a figure dimension whose figures are compared
STATEMENT_MIN = 90.0  # text score at which two sentences make the same statement
BONUS = {"differs": 25.0, "agrees": 20.0, "related": 0.0}
TOPIC_FETCH = 32  # sentences per claim found by topic, of which the best by text ...
TOPIC_PROBE = 4  # sentences per claim found by topic (same-kind figure, alike article)
ALIGN_WEIGHT = 10.0  # per sign that two figures are of one thing (subject named, measure said)
ARTICLE_WEIGHT = 60.0  # score for evidence from an article about the very same things
RELATED_MIN = 10.0  # text score below which a sentence with no comparable figure is noise
RELATED_WORDS = 2  # ... and the content words it must share with the claim
Progress = Callable[[int, int], None]


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


_TokenKey = tuple[str, tuple[tuple[int, int], ...], tuple[str, ...]]


def _token_key(text: str, quantities: Sequence[Quantity], offset: int) -> _TokenKey:
    """Everything :func:`_tokens` depends on: texts with equal keys have equal tokens, so a
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


def _tokens_of(key: _TokenKey) -> list[str]:
    """Content words with the figures blanked out, plus each year or date as a word."""
    text, blank, dated = key
    return content_tokens(text, blank) + list(dated)


def _tokens(text: str, quantities: Sequence[Quantity], offset: int) -> list[str]:
    return _tokens_of(_token_key(text, quantities, offset))


class EvidenceIndex:
    """Every sentence that can serve as evidence, tokenised once and indexed by word."""

    def __init__(
        self, sentences: Sequence[EvidenceSentence], groups: Mapping[int, int] | None = None
    ) -> None:
        self.sentences = list(sentences)
        self.groups = dict(groups or {})
        self.tokens: list[list[str]] = []
        self._row_of: dict[_TokenKey, int] = {}
        firsts: list[int] = []
        for row, s in enumerate(self.sentences):
            key = _token_key(s.text, s.quantities, s.start)
            first = self._row_of.setdefault(key, row)
            firsts.append(first)
            # identical sentences (syndication, boilerplate) are tokenised and encoded once
            self.tokens.append(self.tokens[first] if first != row else _tokens_of(key))
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
    return _tokens(claim.text, claim.quantities, claim.start)


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
        key = _token_key(c.text, c.quantities, c.start)
        row = index._row_of.get(key)
        if row is None:
            tokens.append(_tokens_of(key))
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


# (score, article_id, start, row, relation, text_score, same_source, figure pairs)
_Cand = tuple[float, int, int, int, str, float, bool, list[dict[str, Any]]]


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
        side = _ClaimSide(index, claim, tokens[rows_l[start]])
        cands = [
            c
            for i in range(start, end)
            # without a figure to compare, a sentence this unlike the claim is never evidence
            if (share_l[i] or scores_l[i] >= RELATED_MIN)
            and _relevant(
                c := _judge(index, side, items_l[i], scores_l[i], share_l[i]), side, index
            )
        ]
        out[claim.claim_id] = [
            _explain(index, side, c, rank + 1) for rank, c in enumerate(_select(index, cands, k))
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
        [claims[i].article_id for i in with_figure],
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


class _ClaimSide:
    """A claim prepared once for comparison with its candidates.  A claim that is a whole
    indexed sentence (the usual case) shares that sentence's windows and measures."""

    def __init__(self, index: EvidenceIndex, claim: ClaimQuery, tokens: list[str]) -> None:
        self.claim = claim
        self.tokens = tokens
        self.row = index._row_of.get(_token_key(claim.text, claim.quantities, claim.start), -1)
        if self.row >= 0 and index.sentences[self.row].start != claim.start:
            self.row = -1  # the same words elsewhere: offsets differ
        self._index = index
        self._windows: Windows | None = None
        self._measures: Measures | None = None
        self._written: dict[str, str] | None = None

    @property
    def written(self) -> dict[str, str]:
        """Each content word of the claim as written (for reasons)."""
        if self._written is None:
            self._written = surface_words(self.claim.text)
        return self._written

    @property
    def measures(self) -> Measures:
        if self._measures is None:
            c = self.claim
            self._measures = (
                self._index.measures(self.row)
                if self.row >= 0
                else measures_in(c.text, c.quantities, c.start)
            )
        return self._measures

    @property
    def windows(self) -> Windows:
        if self._windows is None:
            c = self.claim
            self._windows = (
                self._index.windows(self.row)
                if self.row >= 0
                else figure_windows(c.text, c.quantities, c.start)
            )
        return self._windows


def _judge(
    index: EvidenceIndex, side: _ClaimSide, row: int, text_score: float, share: bool
) -> _Cand:
    sent = index.sentences[row]
    pairs: list[dict[str, Any]] = []
    similarity = index.topics.similarity(side.claim.article_id, sent.article_id)
    if share:
        pairs = compare_figures(
            side.claim.quantities,
            sent.quantities,
            side.windows,
            index.windows(row),
            index.blocks,
            text_score,
            side.measures,
            index.measures(row),
        )
    kinds = {p["relation"] for p in pairs}
    if not kinds & {"differs", "currency differs"}:  # beyond figures: dates, ordinals, names
        pairs += event_differences(
            side.claim.text, side.claim.quantities, sent.text, sent.quantities, text_score
        )
        kinds = {p["relation"] for p in pairs}
    if kinds - {"agrees"}:
        relation = "differs"
    elif "agrees" in kinds or text_score >= STATEMENT_MIN:
        relation = "agrees"
    else:
        relation = "related"
    topic = ARTICLE_WEIGHT * similarity
    if pairs:
        subject = max(float(p.get("subject", text_score)) for p in pairs)
        aligned = ALIGN_WEIGHT * max(int(p.get("align", 0)) for p in pairs)
        score = 0.5 * text_score + 0.5 * subject + BONUS[relation] + topic + aligned
    else:
        score = text_score + BONUS[relation] + topic
    same = index.root(sent.article_id) == index.root(side.claim.article_id)
    return (
        round(min(100.0, score), 1),
        sent.article_id,
        sent.start,
        row,
        relation,
        text_score,
        same,
        pairs,
    )


def _relevant(cand: _Cand, side: _ClaimSide, index: EvidenceIndex) -> bool:
    """A figure comparison is evidence by itself; otherwise the sentences must share enough
    (a claim with nothing relevant gets no evidence, rather than a link through one word)."""
    if cand[4] != "related" or cand[7]:
        return True
    if cand[5] < RELATED_MIN:
        return False
    shared = set(side.tokens) & set(index.tokens[cand[3]])
    return sum(not w.startswith("@") for w in shared) >= RELATED_WORDS


def _select(index: EvidenceIndex, cands: list[_Cand], k: int) -> list[_Cand]:
    """Best first, one per copy of a sentence; the best syndicated copy keeps the last slot."""
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    seen: set[tuple[int, str]] = set()
    unique: list[_Cand] = []
    for c in cands:  # the same sentence in an article and its copies counts once (the earliest)
        key = (index.root(c[1]), index.sentences[c[3]].text)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    independent = [c for c in unique if not c[6]]
    copies = [c for c in unique if c[6]]
    chosen = independent[: k - 1 if copies else k] + copies[:1]
    taken = {id(c) for c in chosen}
    chosen += [c for c in unique if id(c) not in taken][: k - len(chosen)]
    chosen.sort(key=lambda c: (c[6], -c[0], c[1], c[2]))
    return chosen


def _explain(index: EvidenceIndex, side: _ClaimSide, cand: _Cand, rank: int) -> EvidenceHit:
    """The hit with its reviewer-facing reason (written only for evidence that made the cut)."""
    score, _article, _start, row, relation, text_score, same, raw_pairs = cand
    pairs = [p if isinstance(p["here"], str) else spell(p) for p in raw_pairs]
    shared = _shared_words(side, index, row) if relation == "related" and not pairs else []
    reason = write_reason(pairs, relation, shared, same)
    sent = index.sentences[row]
    return EvidenceHit(
        span_id=sent.span_id,
        article_id=sent.article_id,
        start=sent.start,
        end=sent.end,
        text=sent.text,
        score=score,
        relation=relation,
        reason=reason,
        same_source=same,
        rank=rank,
        details={"text_score": round(text_score, 1), "figures": pairs},
    )


def _shared_words(side: _ClaimSide, index: EvidenceIndex, row: int) -> list[str]:
    """Up to three of the rarest words both sentences share, as written in the claim."""
    blocks = index.blocks
    vocab, df = blocks.vocab, blocks.df
    common = {w for w in set(side.tokens) & set(index.tokens[row]) if not w.startswith("@")}
    rarest = sorted(common, key=lambda w: (df[vocab[w]] if w in vocab else 0, w))[:3]
    written = side.written
    return [written.get(w, w) for w in rarest]
