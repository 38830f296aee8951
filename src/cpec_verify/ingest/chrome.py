"""Recognise page-chrome lines (widgets, stamps, captions, credits, footers, navigation).

Rules are whole-line and conservative: a line is only dropped when its shape leaves little doubt,
because a dropped claim is worse than a stray widget word (and every drop is recorded).
"""

from __future__ import annotations

import re

from .dates import is_date_only

_WIDGETS = {
    "short url": "short url",
    "short link": "short url",
    "follow": "follow widget",
    "follow us": "follow widget",
    "unfollow": "follow widget",
}


def _set(words: str, sep: str | None = None) -> frozenset[str]:
    return frozenset(w.strip() for w in words.split(sep))


_SHARE_CORE = _set(
    "share tweet facebook twitter whatsapp email e-mail print linkedin telegram reddit pinterest "
    "messenger comments comment bookmark"
)
_SHARE_WORDS = _SHARE_CORE | _set("copy link x save this article story on via")
_NAV_WORDS = _set(
    "skip to content, skip to main content, menu, main menu, search, close, back to top, "
    "next article, previous article, next story, previous story, home, latest news, trending, "
    "listen, listen to article, loading..., load more",
    ",",
)
_AD_WORDS = _set("advertisement, advertisment, sponsored, sponsored content, ad", ",")
_UPDATED = re.compile(r"(?:last\s+)?updated(?:\s+on)?\s*:?\s*(?P<rest>.*)", re.IGNORECASE)
_PUBLISHED = re.compile(
    r"(?:first\s+)?(?:published|posted)(?:\s+on)?\s*:?\s*(?P<rest>.*)", re.IGNORECASE
)
_TIMEISH = re.compile(
    r"\d|\bago\b|\btoday\b|\byesterday\b|\bjust now\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
    r"|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"(?P<body>.*?)\s*\((?P<credit>[^()]{1,60})\)\s*", re.DOTALL)
_CREDIT_WORDS = re.compile(
    r"\b(?:photo|photos|file|afp|reuters|ap|app|ppi|xinhua|getty|courtesy|supplied|handout|"
    r"screengrab|screenshot|image|picture|pic|dawn|twitter|x|instagram|facebook|via|credit)\b",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(
    r"(?:p\.\s?c\.?|pc:|photo(?:\s+credits?)?|image(?:\s+credits?)?|picture|pic|credits?|"
    r"courtesy|file\s+photo)\s*[:.\-–]?\s+\S",
    re.IGNORECASE,
)
_PROMO = re.compile(
    r"(?:follow\b.*\b(?:on|channel|whatsapp|twitter|facebook|instagram|telegram|news|linkedin|"
    r"youtube|tiktok)\b|subscribe\b|sign\s+up\b|join\s+(?:our|us)\b|download\s+(?:the|our)\b|"
    r"read\s+more\b|also\s+read\b|read\s+also\b|see\s+also\b|related\s*:|recommended\s*:|"
    r"click\s+here\b|for\s+the\s+latest\s+news\b|get\s+the\s+latest\b)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)\s|copyright\b|all rights reserved)", re.IGNORECASE)
_MAX_CHROME_WORDS = 60
_CRUMB_SEP = re.compile(r"\s*(?:>|»|›|\||/)\s*")


def _words(line: str) -> int:
    return len(line.split())


def _is_breadcrumb(line: str) -> bool:
    if sum(line.count(sep) for sep in ">»›|/") < 2:
        return False
    parts = [p for p in _CRUMB_SEP.split(line) if p]
    if len(parts) < 3 or _words(line) > 20:
        return False
    return all(_words(p) <= 4 and not p.endswith(".") for p in parts)


def _is_caption(line: str) -> bool:
    m = _CAPTION.fullmatch(line)
    if m is None or _words(line) > 60:
        return False
    body, credit = m.group("body"), m.group("credit")
    if not body or _words(credit) > 6:
        return False
    if _CREDIT_WORDS.search(credit):
        return True
    # "... on Monday. (IT Ministry)": a capitalised source after a finished sentence.
    return body[-1] in '.!?”"' and all(w[:1].isupper() or w in {"of", "&"} for w in credit.split())


def stamp_kind(line: str) -> str | None:
    """'updated stamp' or 'published stamp' when the whole line is such a stamp."""
    if _words(line) > 10:
        return None
    for pattern, kind in ((_UPDATED, "updated stamp"), (_PUBLISHED, "published stamp")):
        m = pattern.fullmatch(line)
        if m and _TIMEISH.search(m.group("rest")):
            return kind
    return None


def chrome_reason(line: str) -> str | None:
    """Why a stripped, non-blank line is page chrome, or None when it may carry content."""
    n = _words(line)
    if n > _MAX_CHROME_WORDS:
        return None  # every rule below is for short lines; body paragraphs skip them all
    low = line.casefold().rstrip(" :.|")
    if low in _WIDGETS:
        return _WIDGETS[low]
    words = low.replace("|", " ").replace("/", " ").split()
    if (
        len(words) <= 8
        and all(w in _SHARE_WORDS for w in words)
        and any(w in _SHARE_CORE for w in words)
    ):
        return "share widget"
    if low in _NAV_WORDS or _is_breadcrumb(line) or low.startswith("home >"):
        return "navigation"
    if low in _AD_WORDS:
        return "advertisement"
    stamp = stamp_kind(line)
    if stamp:
        return stamp
    if is_date_only(line):
        return "date line"
    if n <= 12 and _PHOTO_CREDIT.match(line) and (n <= 6 or line[-1] not in ".!?"):
        return "photo credit"
    if _is_caption(line):
        return "image caption"
    if n <= 40 and _PROMO.match(line):
        return "promotional footer"
    if n <= 25 and _COPYRIGHT.search(line):
        return "copyright"
    return None
