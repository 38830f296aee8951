"""Paragraph and sentence segmentation with exact character offsets.

A newline pre-split plus a compact rule-based splitter: measured as accurate as the library
options on news text (see research notes) and far faster, with no dependency. Lines are
paragraphs unless a line clearly continues a hard-wrapped sentence, so bullets, headings and
datelines never merge into the next sentence.
"""

from __future__ import annotations

import re

from .model import Span

_BULLET = re.compile(r"[•·▪●◦‣*\-–—]\s+")
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_BULLET_CHARS = "•·▪●◦‣"
_OPENERS = "\"'“‘«([" + "\u201e"
_LINE_END_CONT = frozenset(".!?:;…\"'”’)]")
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[A-Za-z])[.)]")
_NEXT_WORD = re.compile(r"[A-Za-z][A-Za-z.]*")


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Never a sentence end: a title, currency or reference word always precedes something.
_TITLES = _set(
    "mr mrs ms dr prof rs re st gen lt col maj capt cmdr brig sgt sen rep hon gov messrs mt "
    "fig figs vs v nos art pp e.g i.e cf viz insp supt adm dept"
)
# Often ends a sentence: split when an upper-case word follows.
_WEAK = _set("etc ltd inc corp plc llc bros pvt a.m p.m p.c")
# Rarely ends a sentence: split only before a typical sentence opener.
_STRONG = _set(
    "no co govt approx jr sr est ref rev dist jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Ordinary lower-case words that must not be read as abbreviations ("said no.", "art.").
_CAP_ONLY = _set("no art fig vol est ref rev sen rep gov co mar dist")
_STARTERS = _set(
    """The A An This That These Those It Its He She They We I You His Her Their Our My
    In On At For From By To Of But And Or So Yet However Meanwhile According After Before When
    While Although Though Also Earlier Later Last Next Both Some Many Most All Several Each
    There Here Such As If Since Under With Without During Despite Other Another One Two Three
    Officials Analysts Experts Now Then Still Instead Moreover Furthermore Separately"""
)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_bullet(text: str, start: int, end: int) -> bool:
    return _BULLET.match(text, start, end) is not None or (
        end - start == 1 and text[start] in _BULLET_CHARS
    )


def is_bullet_line(line: str) -> bool:
    """A stripped line that starts with a list bullet (kept as its own paragraph)."""
    return bool(line) and _is_bullet(line, 0, len(line))


def continues_line(prev: str, line: str) -> bool:
    """True when stripped ``line`` carries on from stripped ``prev`` within one paragraph.

    Either a hard-wrapped sentence (no end mark, next starts lower-case) or a list marker
    ("1.", "•") left alone on its line, which belongs to the sentence that follows it.
    """
    if not (prev and line):
        return False
    if _LIST_MARKER.fullmatch(prev) or prev in _BULLET_CHARS:
        return True
    return line[0].islower() and prev[-1] not in _LINE_END_CONT and not is_bullet_line(line)


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Blank-line blocks, with every line its own paragraph unless it continues the one before."""
    out: list[tuple[int, int]] = []
    prev = ""
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        s, e = _trim(text, pos, line_end)
        line = text[s:e]
        if not line:
            prev = ""
        elif prev and continues_line(prev, line):
            out[-1] = (out[-1][0], e)
            prev = line
        else:
            out.append((s, e))
            prev = line
        if nl < 0:
            break
        pos = nl + 1
    return out


def _prev_token(text: str, start: int, end: int) -> str:
    i = end
    while i > start and not text[i - 1].isspace():
        i -= 1
    return text[i:end].lstrip(_OPENERS)


def _is_boundary(text: str, sent_start: int, m: re.Match[str], nxt: int) -> bool:
    c = text[nxt]
    if c.islower():
        return False
    run = m.group()
    if ".." in run or "…" in run:
        return c.isupper()
    if run[0] in "?!":
        return True
    head = text[sent_start : m.end()].strip()
    if _LIST_MARKER.fullmatch(head):
        return False
    token = _prev_token(text, sent_start, m.start())
    if token.isdigit() and len(token) <= 3:
        before = text[sent_start : m.start() - len(token)].rstrip()
        if before.endswith(":"):
            return False  # "Steps: 1. Fund it" is an inline list marker
    key = token.lower()
    if key in _CAP_ONLY and not token[:1].isupper():
        return True
    if key in _TITLES:
        return False
    word_m = _NEXT_WORD.match(text, nxt)
    word = word_m.group() if word_m else ""
    if key in _WEAK:
        if not c.isupper():
            return False
        nxt_key = word[:-1].lower()
        return not (word.endswith(".") and (nxt_key in _WEAK or nxt_key in _STRONG))
    initial = len(token) == 1 and token.isalpha() and token.isupper()
    dotted = "." in key and all(len(p) == 1 for p in key.split("."))
    if key in _STRONG or initial or dotted:
        return word.rstrip(".,") in _STARTERS
    return True


def _split_paragraph(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    bullet = _BULLET.match(text, start, end)
    sent_start = bullet.end() if bullet else start
    for m in _CANDIDATE.finditer(text, sent_start, end):
        if m.start() < sent_start:
            continue
        nxt = m.end()
        while nxt < end and text[nxt].isspace():
            nxt += 1
        while nxt < end and text[nxt] in _OPENERS:
            nxt += 1
        if nxt >= end:
            break
        if _is_boundary(text, sent_start, m, nxt):
            s, e = _trim(text, sent_start, m.end())
            if s < e:
                out.append((s, e))
            sent_start = m.end()
    s, e = _trim(text, sent_start, end)
    if s < e:
        out.append((s, e))


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` pairs into ``text``, shifted by ``offset``; never raises."""
    out: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_bounds(text):
        _split_paragraph(text, p_start, p_end, out)
    if offset:
        return [(s + offset, e + offset) for s, e in out]
    return out


def split_article(text: str) -> tuple[list[Span], list[Span]]:
    """Paragraph and sentence spans for cleaned article text; offsets index ``text``."""
    paragraphs: list[Span] = []
    sentences: list[Span] = []
    buf: list[tuple[int, int]] = []
    for index, (p_start, p_end) in enumerate(paragraph_bounds(text)):
        paragraphs.append(Span(p_start, p_end, text[p_start:p_end], index))
        buf.clear()
        _split_paragraph(text, p_start, p_end, buf)
        sentences.extend(Span(s, e, text[s:e], index) for s, e in buf)
    return paragraphs, sentences
