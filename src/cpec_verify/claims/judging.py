"""Judging evidence candidates: which figures compare, the relation, the score, the reason.

Pure.  A candidate sentence is judged against a claim prepared once (:class:`ClaimSide`): its
figures are compared (:mod:`~cpec_verify.claims.figures`), differences beyond figures looked
for (:mod:`~cpec_verify.claims.events`), and the score combines text likeness, the figures'
shared subject, the relation, how surely the figures are of one thing and how far the two
articles are about the same things.  The best few, one per copy of a sentence, are explained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cpec_verify.claims.blocking import surface_words
from cpec_verify.claims.events import event_differences
from cpec_verify.claims.evidence_model import ClaimQuery, EvidenceHit, token_key
from cpec_verify.claims.figures import Measures, Windows, compare_figures, figure_windows, spell
from cpec_verify.claims.measure import measures_in
from cpec_verify.claims.reasons import write_reason

if TYPE_CHECKING:
    from cpec_verify.claims.evidence import EvidenceIndex

__all__ = ["ClaimSide", "explain", "judge", "relevant", "select"]

STATEMENT_MIN = 90.0  # text score at which two sentences make the same statement
BONUS = {"differs": 25.0, "agrees": 20.0, "related": 0.0}
ALIGN_WEIGHT = 10.0  # per sign that two figures are of one thing (subject named, measure said)
ARTICLE_WEIGHT = 60.0  # score for evidence from an article about the very same things
RELATED_MIN = 10.0  # text score below which a sentence with no comparable figure is noise
RELATED_WORDS = 2  # ... and the content words it must share with the claim

# (score, article_id, start, row, relation, text_score, same_source, figure pairs)
_Cand = tuple[float, int, int, int, str, float, bool, list[dict[str, Any]]]


class ClaimSide:
    """A claim prepared once for comparison with its candidates.  A claim that is a whole
    indexed sentence (the usual case) shares that sentence's windows and measures."""

    def __init__(self, index: EvidenceIndex, claim: ClaimQuery, tokens: list[str]) -> None:
        self.claim = claim
        self.tokens = tokens
        self.row = index._row_of.get(token_key(claim.text, claim.quantities, claim.start), -1)
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


def judge(index: EvidenceIndex, side: ClaimSide, row: int, text_score: float, share: bool) -> _Cand:
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


def relevant(cand: _Cand, side: ClaimSide, index: EvidenceIndex) -> bool:
    """A figure comparison is evidence by itself; otherwise the sentences must share enough
    (a claim with nothing relevant gets no evidence, rather than a link through one word)."""
    if cand[4] != "related" or cand[7]:
        return True
    if cand[5] < RELATED_MIN:
        return False
    shared = set(side.tokens) & set(index.tokens[cand[3]])
    return sum(not w.startswith("@") for w in shared) >= RELATED_WORDS


def select(index: EvidenceIndex, cands: list[_Cand], k: int) -> list[_Cand]:
    """Best first, one per copy of a sentence; the best syndicated copy keeps the last slot."""
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    seen: set[tuple[int, str]] = set()
    unique: list[_Cand] = []
    for c in cands:  # the same sentence in an article and its copies counts once (the earliest)
        key = (index.root(c[1]), index.sentences[c[3]].text)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    unique, repeats = _distinct_first(unique)
    unique += repeats
    independent = [c for c in unique if not c[6]]
    copies = [c for c in unique if c[6]]
    chosen = independent[: k - 1 if copies else k] + copies[:1]
    taken = {id(c) for c in chosen}
    chosen += [c for c in unique if id(c) not in taken][: k - len(chosen)]
    later = {id(c) for c in repeats}
    chosen.sort(key=lambda c: (c[6], id(c) in later, -c[0], c[1], c[2]))
    return chosen


def _distinct_first(cands: list[_Cand]) -> tuple[list[_Cand], list[_Cand]]:
    """A second outlet repeating a difference already shown ("$1.5bn here vs $3.8bn there"
    once more) waits behind evidence showing something new: the slots a reviewer reads
    should hold every disagreement, not one disagreement three times."""
    seen: set[tuple] = set()
    fresh: list[_Cand] = []
    repeats: list[_Cand] = []
    for c in cands:
        differences = {
            (p["here"].start, p["there"].value, p["there"].unit)
            for p in c[7]
            if p["relation"] in ("differs", "currency differs") and not isinstance(p["here"], str)
        }
        if differences and differences <= seen:
            repeats.append(c)
        else:
            seen |= differences
            fresh.append(c)
    return fresh, repeats


def explain(index: EvidenceIndex, side: ClaimSide, cand: _Cand, rank: int) -> EvidenceHit:
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


def _shared_words(side: ClaimSide, index: EvidenceIndex, row: int) -> list[str]:
    """Up to three of the rarest words both sentences share, as written in the claim."""
    blocks = index.blocks
    vocab, df = blocks.vocab, blocks.df
    common = {w for w in set(side.tokens) & set(index.tokens[row]) if not w.startswith("@")}
    rarest = sorted(common, key=lambda w: (df[vocab[w]] if w in vocab else 0, w))[:3]
    written = side.written
    return [written.get(w, w) for w in rarest]
