"""The word index behind evidence search: content words, their postings and weights.

Comparing every claim with every sentence grows with the square of the corpus.  Instead each
text is reduced to its content words (lower-cased, lightly stemmed, stopwords left out) and an
inverted index maps words to the sentences holding them, with document frequencies for IDF
weights.  :mod:`~cpec_verify.claims.matcher` multiplies claims against these postings, and
:meth:`BlockIndex.encode` writes a word set as the short string rapidfuzz scores.  Pure numpy;
no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from cpec_verify.claims import units as U

__all__ = ["BlockIndex", "content_tokens", "positioned_tokens", "surface_words"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_WORD_RE = re.compile(r"(?<![0-9])[^\W\d_][\w'’-]*")  # not the "th" of "14th"
_POSSESSIVE_RE = re.compile(r"['’]s?$")
EXTRA_STOPWORDS = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "according",
        "added",
        "adds",
        "noted",
        "notes",
        "stated",
        "states",
        "mr",
        "mrs",
        "ms",
        "dr",
        "would",
        "could",
        "also",
        "just",
        "like",
        "well",
        "much",
        "many",
        "very",
        "even",
        "however",
        "meanwhile",
        "per",
        "cent",
        "percent",
        "billion",
        "million",
        "trillion",
        "thousand",
        "hundred",
        "crore",
        "lakh",
        "lakhs",
        "arab",
        "year",
        "years",
    ]
)
STOPWORDS = U.STOPWORDS | EXTRA_STOPWORDS
COMMON_SHARE = 0.02  # a word in more than this share of sentences says nothing of the subject
COMMON_MIN_DF = 200  # ... but a small corpus has no such words: its counts are too low to tell


_RE_ENDING = re.compile(r"(?<=[^aeiouy])re(s?)$")  # fibre, centres, kilometre
_ISE_ENDING = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)$")  # modernise(d)
_OUR_ENDING = re.compile(r"(?<=[a-z]{3})our(s?)$")  # labour, harbours


def _american(word: str) -> str:
    """One spelling for British and American forms ("fibre"/"fiber", "modernise"/"modernize",
    "harbour"/"harbor"), so two outlets' spellings of one word retrieve each other."""
    word = _RE_ENDING.sub(r"er\1", word)
    word = _ISE_ENDING.sub(r"iz\1", word)
    return _OUR_ENDING.sub(r"or\1", word)


def _stem(word: str) -> str:
    """Crude suffix stripping: enough to meet "adding"/"added", "villages"/"village"."""
    word = _american(_POSSESSIVE_RE.sub("", word))
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ied"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_WORDS: dict[str, str] = {}  # lower-cased word as matched -> content word, "" for none
_WORDS_MAX = 1 << 18  # distinct words kept before the memo starts over


def _content_word(raw: str) -> str:
    """The content word ``raw`` stands for ("" for a stopword), memoised: news repeats a small
    vocabulary, so stripping and stemming once per distinct word is most of the tokeniser."""
    word = raw.strip("-'’")
    if len(word) < 2 or word in STOPWORDS:
        found = ""
    else:
        word = _stem(word)
        found = "" if word in STOPWORDS else word
    if len(_WORDS) >= _WORDS_MAX:
        _WORDS.clear()
    _WORDS[raw] = found
    return found


def positioned_tokens(text: str) -> list[tuple[int, str]]:
    """(offset, word) for each content word: lower-cased, stemmed, stopwords left out."""
    known = _WORDS.get
    out: list[tuple[int, str]] = []
    for m in _WORD_RE.finditer(text.lower()):
        raw = m[0]
        word = known(raw)
        if word is None:
            word = _content_word(raw)
        if word:
            out.append((m.start(), word))
    return out


def surface_words(text: str) -> dict[str, str]:
    """Each content word of ``text`` mapped to the first word it stands for as written, so a
    reason can quote "proposed" rather than the stem "propos"."""
    out: dict[str, str] = {}
    for pos, word in positioned_tokens(text):
        if word not in out:
            m = _WORD_RE.match(text, pos)
            out[word] = _POSSESSIVE_RE.sub("", m[0].strip("-'’")) if m else word
    return out


def content_tokens(text: str, blank: Iterable[tuple[int, int]] = ()) -> list[str]:
    """Content words of ``text`` outside the ``blank`` spans (figures)."""
    spans = sorted(blank)
    words = positioned_tokens(text)
    if not spans:
        return [w for _, w in words]
    out: list[str] = []
    for pos, w in words:
        for s, e in spans:
            if s <= pos < e:
                break
        else:
            out.append(w)
    return out


def _char(token_id: int) -> str:
    """One code point per vocabulary entry, skipping the surrogate block."""
    code = 0x100 + token_id
    return chr(code + 0x800 if code >= 0xD800 else code)


_UNKNOWN = "\x01"  # a word no indexed text has: it only lengthens the query


class BlockIndex:
    """An inverted index from words to items (sentences), CSR in numpy."""

    def __init__(self, keys: Sequence[Sequence[str]]) -> None:
        self.vocab: dict[str, int] = {}
        flat: list[int] = []
        lengths = np.zeros(len(keys), dtype=np.int64)
        for i, item_keys in enumerate(keys):
            ids = {self.vocab.setdefault(k, len(self.vocab)) for k in item_keys}
            flat.extend(ids)
            lengths[i] = len(ids)
        tokens = np.asarray(flat, dtype=np.int64)
        items = np.repeat(np.arange(len(keys), dtype=np.int64), lengths)
        order = np.argsort(tokens, kind="stable")
        self.postings: IntArray = items[order]
        counts = np.bincount(tokens, minlength=len(self.vocab)).astype(np.int64)
        self.df: IntArray = counts
        self.indptr: IntArray = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        n = max(len(keys), 1)
        self.idf: FloatArray = np.log1p(n / np.maximum(counts, 1))
        self.size = len(keys)
        self.repeat = np.clip(np.rint(self.idf / 2.5), 1, 3).astype(np.int64)
        self.common = counts > max(COMMON_MIN_DF, COMMON_SHARE * len(keys))

    def encode(self, words: Iterable[str]) -> str:
        """Distinct words as a sorted string, one code point per word, rarer words repeated.

        ``fuzz.ratio`` on two such strings is an IDF-weighted Dice overlap of their word sets
        (see :mod:`~cpec_verify.claims.matcher`), so rapidfuzz compares word sets (fast: a
        sentence is ~15 code points) rather than letters.  Common words are left out.
        """
        vocab, repeat, common = self.vocab, self.repeat, self.common
        chars: list[str] = []
        for word in dict.fromkeys(words):
            kid = vocab.get(word)
            if kid is None:
                chars.append(_UNKNOWN)
            elif not common[kid]:
                chars.extend(_char(kid) * int(repeat[kid]))
        return "".join(sorted(chars))

    def ids(self, keys: Iterable[str]) -> list[int]:
        """Known key ids of a query, without repeats."""
        vocab = self.vocab
        return list({vocab[k] for k in keys if k in vocab})
