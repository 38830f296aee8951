"""The sparse-product candidates are the brute-force best, not a heuristic's guess."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from cpec_verify.claims.blocking import COMMON_MIN_DF, BlockIndex
from cpec_verify.claims.evidence import (
    ClaimQuery,
    EvidenceIndex,
    EvidenceSentence,
    _prepared,
    query_tokens,
)

WORDS = [f"{c}{v}r{n}" for c in "bdgkmpst" for v in "aeiou" for n in ("an", "ol", "ist")]


def corpus(draw_rows: list[tuple[int, list[int]]]) -> EvidenceIndex:
    sentences = []
    offsets: dict[int, int] = {}
    for i, (article, words) in enumerate(draw_rows):
        text = " ".join(WORDS[w] for w in words) + "."
        start = offsets.get(article, 0)
        offsets[article] = start + len(text) + 1
        sentences.append(EvidenceSentence(i + 1, article, start, start + len(text), text))
    return EvidenceIndex(sentences)


def brute_top(index: EvidenceIndex, claims: list[ClaimQuery], top: int) -> list[list[float]]:
    """Every claim x sentence pair scored by rapidfuzz; own article excluded."""
    owners = np.asarray([s.article_id for s in index.sentences])
    q = [index.blocks.encode(query_tokens(c)) for c in claims]
    scores = process.cdist(q, index.encoded, scorer=fuzz.ratio, dtype=np.float32)
    out = []
    for i, c in enumerate(claims):
        row = np.where(owners == c.article_id, 0, scores[i])
        out.append(sorted((float(s) for s in row if s > 0), reverse=True)[:top])
    return out


rows_strategy = st.lists(
    st.tuples(st.integers(1, 6), st.lists(st.integers(0, 30), min_size=1, max_size=9)),
    min_size=2,
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy, extra=st.lists(st.integers(0, len(WORDS) - 1), max_size=6))
def test_candidates_match_brute_force(rows: list[tuple[int, list[int]]], extra: list[int]) -> None:
    """The top 3 by text score are exactly brute force's (ties interchangeable), for claims
    that are indexed sentences and for a clause that is not, even when the product keeps only
    3 candidates per claim."""
    index = corpus(rows)
    claims = [ClaimQuery(s.span_id, s.article_id, s.text, (), s.start) for s in index.sentences]
    clause = " ".join(WORDS[w] for w in extra) + " unheardof"
    claims.append(ClaimQuery(10_000, 99, clause))
    tokens, encoded, at = _prepared(index, claims)
    m = index.matcher
    owners = [c.article_id for c in claims]
    got_rows, items, scores = m.best(m.queries(at, tokens), encoded, owners, pool=3, probe=3)
    mine: dict[int, list[float]] = {}
    for r, i, s in zip(got_rows.tolist(), items.tolist(), scores.tolist(), strict=True):
        assert index.sentences[i].article_id != claims[r].article_id  # never its own article
        mine.setdefault(r, []).append(s)
    for qi, need in enumerate(brute_top(index, claims, 3)):
        have = sorted(mine.get(qi, []), reverse=True)
        assert [round(s, 3) for s in have[: len(need)]] == [round(s, 3) for s in need]


@settings(max_examples=100, deadline=None)
@given(
    a=st.lists(st.integers(0, len(WORDS) - 1), max_size=12),
    b=st.lists(st.integers(0, len(WORDS) - 1), max_size=12),
)
def test_score_is_weighted_dice_of_word_sets(a: list[int], b: list[int]) -> None:
    """fuzz.ratio on encoded word sets is 200 * shared weight / total weight: what the
    sparse product computes, so ranking by the product is ranking by the score."""
    blocks = BlockIndex([[WORDS[w] for w in a], [WORDS[w] for w in b], WORDS[:40]])
    ea, eb = blocks.encode(WORDS[w] for w in a), blocks.encode(WORDS[w] for w in b)
    weight = {w: int(blocks.repeat[blocks.vocab[w]]) for w in WORDS if w in blocks.vocab}
    sa, sb = {WORDS[w] for w in a}, {WORDS[w] for w in b}
    total = sum(weight[w] for w in sa) + sum(weight[w] for w in sb)
    if total:
        assert abs(fuzz.ratio(ea, eb) - 200 * sum(weight[w] for w in sa & sb) / total) < 1e-9


def test_words_in_most_sentences_do_not_count() -> None:
    """A word in more than 2 % of a large corpus is left out of the encoding; in a small
    corpus no word is."""
    n = 3 * COMMON_MIN_DF
    big = BlockIndex([["often", f"rare{i}"] for i in range(n)])
    assert big.encode(["often", "rare1"]) == big.encode(["rare1"])
    small = BlockIndex([["often", f"rare{i}"] for i in range(50)])
    assert small.encode(["often", "rare1"]) != small.encode(["rare1"])
