"""Candidate claims: which sentences (or clauses) of an article a fact-checker should look at.

Pure: sentence spans in, :class:`Candidate` claims out, offsets into the article text.  A claim
is a checkable statement: it carries a figure, a date or ordinal, a quote or attributed
statement, or a reported agreement.  Each gets a check-worthiness score (0-100) and a short
reason, plus the speaker when someone is quoted or credited.  ``EXTRACTOR_VERSION`` changes
whenever a rule changes, so stored claims know which rules produced them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cpec_verify.claims.measure import measure_figures
from cpec_verify.claims.quantities import Quantity, parse_quantities
from cpec_verify.claims.speakers import (
    ACCORDING_RE,
    DASH_SPEAKER_RE,
    PERSON_PRONOUNS,
    PRONOUNS,
    find_speaker,
    inside_quote,
    tidy,
)

__all__ = ["EXTRACTOR_VERSION", "Analysis", "Candidate", "Sentence", "analyse", "extract_claims"]

EXTRACTOR_VERSION = "1.4"

FIGURE_WEIGHTS = {
    "money": 45,
    "percent": 40,
    "power": 40,
    "energy": 40,
    "length": 40,
    "area": 40,
    "mass": 40,
    "count": 30,
}
DATE_DIMS = frozenset({"date", "year", "duration"})

AGREEMENT_RE = re.compile(
    r"(?<![\w-])(?:sign(?:ed|s|ing)?|agreed|agreements?|approv(?:ed|es|al)|ink(?:ed|s)|"
    r"ratif(?:ied|ies|y)|MoUs?|memorand(?:um|a) of understanding|accords?|"
    r"deals?(?= worth| with| for))(?![\w-])",
    re.IGNORECASE,
)
QUOTED_RE = re.compile(r"“([^”]*)”|\"([^\"]*)\"")
# Two capitalised words in a row: a name the sentence gives itself ("Jane Roe ... she said").
_NAME_PAIR_RE = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w’'-]+\s+[A-Z][\w’'-]+")


@dataclass(frozen=True)
class Sentence:
    """A sentence span of one article; ``text == article_text[start:end]``."""

    id: int | None
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True)
class Analysis:
    """What makes a piece of text checkable; offsets of quantities are relative to it."""

    kinds: list[str]
    quantities: list[Quantity]
    speaker: str | None
    quote_open: int = 0  # net opening quote marks (a quote running on into the next sentence)


@dataclass
class Candidate:
    """One candidate claim; ``quantities`` are dicts with offsets into the article text."""

    sentence_id: int | None
    start: int
    end: int
    text: str
    kinds: list[str]
    quantities: list[dict[str, Any]]
    speaker: str | None
    score: float
    reason: str
    paragraph: int = 0
    parsed: list[Quantity] = field(default_factory=list, repr=False)

    @property
    def key(self) -> tuple[int, int, str]:
        """Identity across extractor versions: a verdict follows a claim with this key."""
        return (self.start, self.end, self.text)


def extract_claims(sentences: Sequence[Sentence]) -> list[Candidate]:
    """Candidate claims of one article, in text order (sentences must be in text order)."""
    analyses = [analyse(s.text) for s in sentences]
    speakers = _propagate_speakers(sentences, analyses)
    out: list[Candidate] = []
    for sent, info, speaker in zip(sentences, analyses, speakers, strict=True):
        in_quote = speaker is not None and info.speaker is None and "quote" not in info.kinds
        clauses = _clauses(sent.text)
        for c_start, c_end in clauses:
            text = sent.text[c_start:c_end]
            local = info if len(clauses) == 1 else analyse(text)
            kinds = list(local.kinds)
            if in_quote and "quote" not in kinds:
                kinds.append("quote")
            who = local.speaker if len(clauses) > 1 else speaker
            if who is not None and "quote" not in kinds and "attribution" not in kinds:
                kinds.append("attribution")
            if not kinds or (kinds == ["attribution"] and len(text.split()) < 5):
                continue
            out.append(_candidate(sent, c_start, text, _order(kinds), local.quantities, who))
    return out


def analyse(text: str) -> Analysis:
    """Kinds, quantities and speaker of one sentence or quote, on its own."""
    quantities = parse_quantities(text)
    kinds: list[str] = []
    dims = {q.dimension for q in quantities}
    if any(is_figure(q) for q in quantities):
        kinds.append("figure")
    if dims & DATE_DIMS:
        kinds.append("date")
    if "ordinal" in dims:
        kinds.append("ordinal")
    opens, closes = text.count("“"), text.count("”")
    straight = text.count('"')
    quoted = any(len((m[1] or m[2] or "").split()) >= 4 for m in QUOTED_RE.finditer(text))
    quote_open = opens - closes
    if quoted or quote_open != 0 or straight % 2 == 1:
        kinds.append("quote")
    speaker = find_speaker(text)
    if speaker is not None or ACCORDING_RE.search(text):
        kinds.append("attribution")
    if AGREEMENT_RE.search(text):
        kinds.append("agreement")
    return Analysis(kinds, quantities, speaker, quote_open)


def is_figure(q: Quantity) -> bool:
    """An amount worth checking: not a date or ordinal, and not the "one" of "one member"."""
    if q.dimension not in FIGURE_WEIGHTS:
        return False
    return q.dimension != "count" or q.value is None or q.value > 1


def _propagate_speakers(
    sentences: Sequence[Sentence], analyses: Sequence[Analysis]
) -> list[str | None]:
    """Resolve pronouns, give multi-sentence quotes their speaker, honour "— X" lines."""
    speakers: list[str | None] = [a.speaker for a in analyses]
    last_named: str | None = None
    for i, who in enumerate(speakers):
        if who is not None and who.lower() in PRONOUNS:
            named_here = _named_before(_unquoted(sentences[i].text), who)
            person = who.lower() in PERSON_PRONOUNS and not named_here
            speakers[i] = last_named if person else None  # "it", "they": no guess
        elif who is not None:
            last_named = who if re.search(r"[A-Z]", who) else None
    i = 0
    while i < len(sentences):
        if analyses[i].quote_open > 0:  # a quote that runs on: find where it closes
            j, depth = i, 0
            while j < len(sentences) and sentences[j].paragraph == sentences[i].paragraph:
                depth += analyses[j].quote_open
                if depth <= 0:
                    break
                j += 1
            j = min(j, len(sentences) - 1)
            who = next((speakers[x] for x in range(j, i - 1, -1) if speakers[x]), None)
            for x in range(i, j + 1):
                speakers[x] = speakers[x] or who
            i = j + 1
            continue
        i += 1
    for i in range(len(sentences)):
        text = sentences[i].text.strip()
        if speakers[i] is not None or not text.startswith(("“", '"')):
            continue
        nxt = sentences[i + 1] if i + 1 < len(sentences) else None
        if (
            nxt is not None
            and nxt.paragraph == sentences[i].paragraph
            and (dash := DASH_SPEAKER_RE.match(nxt.text))
        ):
            speakers[i] = tidy(dash["who"])
        elif (
            i > 0
            and sentences[i - 1].paragraph == sentences[i].paragraph
            and "quote" in (analyses[i - 1].kinds)
        ):
            speakers[i] = speakers[i - 1]  # a second quoted sentence from the same person
    return speakers


def _named_before(text: str, pronoun: str) -> bool:
    """The sentence names someone before its pronoun ("After Jane Roe won, she said")."""
    m = re.search(rf"(?<![\w-]){re.escape(pronoun)}(?![\w-])", text, re.IGNORECASE)
    return m is not None and _NAME_PAIR_RE.search(text, 0, m.start()) is not None


def _unquoted(text: str) -> str:
    """The sentence without its quotations, where names of the speaker's own are looked for."""
    return QUOTED_RE.sub(" ", text)


def _clauses(text: str) -> list[tuple[int, int]]:
    """Split on semicolons outside quotes when both sides are clauses of 4+ words."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r";\s*", text):
        if inside_quote(text, m.start()):
            continue
        left, right = text[start : m.start()], text[m.end() :]
        if len(left.split()) >= 4 and len(right.split()) >= 4:
            bounds.append((start, m.start()))
            start = m.end()
    bounds.append((start, len(text)))
    return [_strip(text, s, e) for s, e in bounds]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_KIND_ORDER = ("figure", "date", "ordinal", "quote", "attribution", "agreement")


def _order(kinds: list[str]) -> list[str]:
    return sorted(set(kinds), key=_KIND_ORDER.index)


def _candidate(
    sent: Sentence,
    offset: int,
    text: str,
    kinds: list[str],
    quantities: list[Quantity],
    speaker: str | None,
) -> Candidate:
    base = sent.start + offset
    shifted = [replace(q, start=q.start + base, end=q.end + base) for q in quantities]
    score, reason = score_claim(kinds, quantities, speaker, len(text.split()))
    return Candidate(
        sentence_id=sent.id,
        start=base,
        end=base + len(text),
        text=text,
        kinds=kinds,
        quantities=measure_figures(text, shifted, base),
        speaker=speaker,
        score=score,
        reason=reason,
        paragraph=sent.paragraph,
        parsed=shifted,
    )


def score_claim(
    kinds: Sequence[str], quantities: Sequence[Quantity], speaker: str | None, words: int
) -> tuple[float, str]:
    """Check-worthiness 0-100 and why: figures weigh most, then sources, agreements, dates."""
    figures = [q for q in quantities if is_figure(q)]
    score = 0.0
    parts: list[tuple[float, str]] = []
    if figures:
        weight = max(FIGURE_WEIGHTS[q.dimension] for q in figures) + 5 * (len(figures) > 1)
        dims = sorted({q.dimension for q in figures}, key=lambda d: -FIGURE_WEIGHTS[d])
        label = f"{dims[0]} figure" if len(figures) == 1 else f"{len(figures)} figures"
        parts.append((weight, label))
    if "agreement" in kinds:
        parts.append((20, "reported agreement"))
    if "quote" in kinds:
        parts.append((15 + 10 * (speaker is not None), "quote"))
    if "attribution" in kinds:
        parts.append((15 + 5 * (speaker is not None), "attribution"))
    if "date" in kinds or "ordinal" in kinds:
        label = "date" if "date" in kinds else "ordinal"
        parts.append((15 if not figures else 5, label))
    if not parts:
        return 0.0, "nothing checkable"
    score = sum(w for w, _ in parts) - (10 if words < 6 else 0)
    parts.sort(key=lambda p: -p[0])
    main, extras = parts[0][1], [label for _, label in parts[1:3]]
    reason = main if not extras else f"{main} with {' and '.join(extras)}"
    return float(max(5, min(100, score))), reason
