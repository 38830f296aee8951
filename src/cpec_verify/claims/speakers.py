"""Who a sentence credits: the subject of its reporting verb, or the source after "according to".

Pure and rule-based.  The speaker is resolved through an apposition or a relative clause to the
named person or body ("Jane Roe, who chairs the board, said" -> "Jane Roe"; "Jane Roe, the
board's chair, said" -> "Jane Roe").  A reporting verb used as an adjective or a participle
("the stated time", "an estimated $5bn", "investments estimated at", "is said to") credits no
one, and a pronoun inside a clause ("posts that they said ...") is not resolved to someone named
earlier.  When in doubt the answer is None: no speaker is better than a wrong one.
"""

from __future__ import annotations

import re

__all__ = ["DASH_SPEAKER_RE", "PRONOUNS", "find_speaker", "inside_quote", "is_name", "tidy"]

_VERBS = (
    r"said|says|say|told|tells|stated|states|added|adds|announced|announces|noted|notes|"
    r"confirmed|confirms|insisted|insists|warned|warns|explained|estimated|estimates|"
    r"replied|argued|argues|acknowledged|admitted|disclosed|revealed|declared|wrote|"
    r"writes|remarked|observed|reported|claimed|maintained"
)
VERB_RE = re.compile(rf"(?<![\w-])(?:{_VERBS})(?![\w-])")
ACCORDING_RE = re.compile(r"(?<![\w-])according to\s+", re.IGNORECASE)
DASH_SPEAKER_RE = re.compile(r"^\s*[—–-]{1,2}\s*(?P<who>@?[^\s,.;:]+(?:[ ][A-Z@][^\s,.;:]*){0,4})")

# Pronouns stand for someone named before; only "he"/"she" are resolved (see extract).
PRONOUNS = frozenset(
    {"he", "she", "him", "her", "they", "them", "it", "we", "us", "i", "you", "one"}
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})

# A verb after one of these is an adjective ("the stated aim", "an estimated $5bn").
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"})
# ... and after one of these a passive ("is said to", "was initially estimated").
_PASSIVE = frozenset({"is", "was", "were", "are", "be", "been", "being"})
# A participle that describes a noun: "investments estimated at", "capacity added to".
_PARTICIPLE_NEXT_RE = re.compile(
    r"\s+(?:at\s+(?:(?:\S+\s+)?\S*[0-9]|about|around|over|some|least|nearly|roughly|almost|close|more|less|"
    r"up|an?\s+estimated)|to\s+(?:\S*[0-9]|be\b|have\b))",
    re.IGNORECASE,
)
_AGENT_RE = re.compile(r"\s+by\s+((?:the\s+|a\s+|an\s+)?[A-Z@][^,.;:!?()]*)")
_INVERTED_RE = re.compile(
    r"\s+(?!that\b|in\b|on\b|to\b|it\b)"
    r"((?:(?:the|a|an|one)\b|[A-Z@]|(?:[a-z-]+\s+){1,3}(?=[A-Z]))[^,.;:!?()]*)"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z’']+)\W*$")
_LY_RE = re.compile(r"\s+[a-z]+ly$")

# Words that cannot open a subject: prepositions, conjunctions, gerunds ("with committed
# investments estimated", "both within member states", "covering the newly added").
_NOT_SUBJECT_START = frozenset(
    [
        "with",
        "without",
        "in",
        "into",
        "of",
        "for",
        "by",
        "to",
        "from",
        "on",
        "at",
        "as",
        "both",
        "either",
        "neither",
        "within",
        "across",
        "after",
        "before",
        "during",
        "than",
        "like",
        "over",
        "under",
        "about",
        "between",
        "among",
        "despite",
        "via",
        "per",
        "covering",
        "including",
        "according",
        "amid",
        "while",
        "whereas",
        "although",
        "though",
        "because",
        "if",
        "when",
        "where",
        "whether",
        "once",
        "until",
        "since",
    ]
)
_GERUND_RE = re.compile(r"^[a-z]+ing\b")
_INTRO_WORDS = frozenset(
    [
        "however",
        "meanwhile",
        "separately",
        "also",
        "last",
        "this",
        "earlier",
        "later",
        "yesterday",
        "today",
        "now",
        "then",
    ]
)
_RELATIVE_START_RE = re.compile(r"^(?:who|whom|whose|which)\b", re.IGNORECASE)
_COMPANY_SUFFIX_RE = re.compile(r"^(?:Ltd|Inc|Co|Corp|LLC|PLC|plc|Limited|SA|AG|GmbH|NV|BV)\.?$")
_CUT_RE = re.compile(
    r"\s+(?:who|whose|which|that|where|speaking|as|in a|on|at a)\s.*$|"
    r"\s+(?:this|last|next) (?:week|month|year)$|"
    r"\s+(?:in|on|during|since|earlier|late|early)\s+(?:(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)\b|[0-9]{4}\b).*$"
)
_LEAD_RE = re.compile(
    r"^(?:and|but|although|though|while|because|as|so|which|where|when|since|if|"
    r"separately|meanwhile|however|also)\s+",
    re.IGNORECASE,
)
_BREAK_RE = re.compile(
    r"[,;:!?()\[\]”\"]|—|(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bMrs)(?<!\bGen)"
    r"(?<!\bCol)(?<!\bProf)(?<![A-Z])\.(?=\s|$)"
)
_BOUNDARY_RE = re.compile(r"[“”\";:()\[\]]|—|\s[–-]\s")
_RELATIVE_RE = re.compile(
    r"\s(?:that|which|and|but|although|though|while|because|if|when|where|as(?! well))\s",
    re.IGNORECASE,
)
_CAPITALISED_AROUND_RE = re.compile(r".*[A-Z][\w’'-]*\s+and\s+[A-Z]", re.DOTALL)
_HEADED_RE = re.compile(r"\s+(?:headed|led|chaired|backed) by\s.*$")
_AUX = r"has|have|had|was|were|is|are|will|would|could|can|may|might|should|must|did|does|do"
_ADVERBS = (
    r"also|meanwhile|only|now|still|too|privately|publicly|later|earlier|recently|once|"
    r"today|yesterday|tonight"
)
_PAREN_RE = re.compile(r"\s*\([^()]*\)")
_AUX_WORDS = frozenset(_AUX.split("|")) | {"be", "been", "being"}
_COMMA_END_RE = re.compile(r"[,”\"]\s*$")
_QUOTE_END_RE = re.compile(r"(?:[”\"]\s*,?|,\s*[”\"])\s*$")
_TRAIL_RE = re.compile(rf"(?:\s+(?:{_AUX}|{_ADVERBS}|[a-z]+ly))+$")
_FOOTNOTE_RE = re.compile(r"(?<=[a-z])[0-9]+$")
# "according to the schedule" names a plan, not a source.
_NOT_SOURCE_RE = re.compile(
    r"^(?:the\s+|a\s+|its\s+|their\s+)?(?:\w+\s+)?(?:schedule|plan|timetable|programme|program)s?$",
    re.IGNORECASE,
)
_NOT_SPEAKERS = frozenset({"and", "but", "or", "this", "that", "there", "which"})
_NAME_WORD_RE = re.compile(r"^(?:[A-Z][\w.’'-]*|@\w+|of|the|bin|al|de|van|von|and|for)$")
_NAME_STARTERS = frozenset(w.capitalize() for w in _NOT_SUBJECT_START | _INTRO_WORDS) | {"The"}
_GERUND_OBJECTS = _DETERMINERS | _NOT_SUBJECT_START
_MAX_SPEAKER_WORDS = 10


def find_speaker(text: str) -> str | None:
    """Who is quoted or credited: "according to X", "X said", "said X", "— X"; else None."""
    m = ACCORDING_RE.search(text)
    if m is not None:
        who = tidy(_first_phrase(text[m.end() :]), max_words=14)
        if who and not _NOT_SOURCE_RE.match(who):
            return who
    for m in VERB_RE.finditer(text):
        if inside_quote(text, m.start()) or not _reporting_use(text, m.start(), m.end()):
            continue
        agent = _AGENT_RE.match(text, m.end())
        if agent is not None:  # "as noted by the regulator"
            return tidy(agent[1])
        if _passive_before(text, m.start()):
            continue
        before = text[max(0, m.start() - 4) : m.start()]
        after = _subject_after(text, m.end()) if _COMMA_END_RE.search(before) else None
        if after is not None and _QUOTE_END_RE.search(before):
            return after  # "“...,” said Jane Roe"
        who = _subject_before(text, m.start())
        if after is not None and (who is None or _clause_like(who)):
            return after  # "that can be a nightmare, said Jane Roe"
        if who and not _clause_like(who):
            return who
    dash = DASH_SPEAKER_RE.match(text)
    if dash is not None:
        return tidy(dash["who"])
    m = re.search(r"[”\"]\s*[—–]\s*(@?\w[\w.]*(?: [A-Z][\w.]*){0,3})", text)
    return tidy(m[1]) if m else None


def _clause_like(phrase: str) -> bool:
    """A clause, not a noun phrase: it has an auxiliary verb, or runs long in lower case."""
    words = phrase.split()
    if any(w.lower() in _AUX_WORDS for w in words):
        return True
    lower = sum(1 for w in words if w[:1].islower() and w not in ("of", "the", "for", "and"))
    return len(words) > 6 and lower > len(words) // 2


def _reporting_use(text: str, start: int, end: int) -> bool:
    """False for adjective and participle uses: "the stated time", "investments estimated at"."""
    prev = _WORD_BEFORE_RE.search(text, max(0, start - 30), start)
    if prev is not None and prev[1].lower() in _DETERMINERS:
        return False
    return _PARTICIPLE_NEXT_RE.match(text, end) is None


def _passive_before(text: str, start: int) -> bool:
    """ "it was revealed", "The project is said", "was initially estimated": no agent, no one."""
    left = _LY_RE.sub("", text[max(0, start - 40) : start].rstrip())
    prev = _WORD_BEFORE_RE.search(left)
    return prev is not None and prev[1].lower() in _PASSIVE


def _first_phrase(text: str) -> str:
    """Text up to the first clause break, reading "Mr." and "Dr." as part of a name."""
    m = _BREAK_RE.search(text)
    return text if m is None else text[: m.start()]


def inside_quote(text: str, pos: int) -> bool:
    """``pos`` lies inside an open quotation (curly or straight)."""
    before = text[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _subject_before(text: str, pos: int) -> str | None:
    left = _PAREN_RE.sub("", text[:pos])  # "The Rail Corporation (TRC) has said"
    left = _TRAIL_RE.sub("", left.rstrip()).rstrip()
    if left.endswith(","):
        left = left[:-1]
    cut = max(m.end() for m in _BOUNDARY_RE.finditer(left)) if _BOUNDARY_RE.search(left) else 0
    segments = [s.strip() for s in left[cut:].split(",") if s.strip()]
    segments = _join_company_suffixes(segments)
    if not segments:
        return None
    i = len(segments) - 1
    while i > 0 and (_RELATIVE_START_RE.match(segments[i]) or _GERUND_RE.match(segments[i])):
        i -= 1  # "Jane Roe, who chairs the board, said": the relative clause is not the subject
    skipped = i < len(segments) - 1
    who = segments[i]
    if (
        i > 0
        and is_name(segments[i - 1])
        and (i == 1 or _intro(segments[i - 2]))
        and not is_name(who)
        and (skipped or _apposition(who))
    ):
        who = segments[i - 1]  # "Jane Roe, the board's chair, said" / "..., a trade economist,"
    elif skipped and not is_name(who) and len(who.split()) > 5:
        return None  # what is left before the clause is itself a clause, not a subject
    if _RELATIVE_START_RE.match(who) or re.search(r"(?:^|\s)(?:but|and|or)$", who):
        return None  # "Industry groups welcomed the figure but said": subject too far back
    tail, split = who, False
    for m in _RELATIVE_RE.finditer(who):  # "... platforms that exporters say": "exporters"
        joined = m[0].strip().lower() == "and" and _CAPITALISED_AROUND_RE.fullmatch(
            who[max(0, m.start() - 30) : m.end() + 1]
        )
        if not joined:  # "Ministry of Works and Transport" stays one name
            tail, split = who[m.end() :], True
    if split and tail.strip().lower() in PRONOUNS:
        return None  # "posts that they said": the pronoun's antecedent is in this sentence
    return tidy(_HEADED_RE.sub("", tail))


def _apposition(segment: str) -> bool:
    """A description set off by commas: "the board's chair", "a trade economist", "Acme's CEO"."""
    words = segment.split()
    if not words:
        return False
    if words[0].lower() in ("a", "an", "the") or not words[0][0].isupper():
        return True
    return any(w[0].islower() for w in words[1:] if w not in ("of", "the", "and", "for"))


def _intro(segment: str) -> bool:
    """An opening phrase before the subject: "On Monday", "However", "In a statement"."""
    first = segment.split()[0].lower() if segment.split() else ""
    return first in _NOT_SUBJECT_START or first in _INTRO_WORDS


def _join_company_suffixes(segments: list[str]) -> list[str]:
    """ "Acme Co., Ltd": a legal suffix after a comma belongs to the name before it."""
    out: list[str] = []
    for seg in segments:
        if out and _COMPANY_SUFFIX_RE.match(seg):
            out[-1] = f"{out[-1]}, {seg}"
        else:
            out.append(seg)
    return out


def _subject_after(text: str, pos: int) -> str | None:
    m = _INVERTED_RE.match(text, pos)
    return tidy(m[1]) if m else None


def tidy(who: str, max_words: int = _MAX_SPEAKER_WORDS) -> str | None:
    """A clean speaker phrase, or None when what is left cannot be a subject."""
    who = _CUT_RE.sub("", who.strip(" \t\u00a0“”\"'’.,"))
    who = _TRAIL_RE.sub("", _LEAD_RE.sub("", who)).strip()
    who = _FOOTNOTE_RE.sub("", who)
    words = who.split()
    if not words or len(words) > max_words or not re.search(r"[A-Za-z@]", who):
        return None
    first = words[0].lower()
    if who.lower() in _NOT_SPEAKERS or first in _NOT_SUBJECT_START:
        return None
    if first.endswith("ing") and len(words) > 1 and words[1].lower() in _GERUND_OBJECTS:
        return None  # "covering the newly ...": a participle phrase, not a subject
    if words[-1].lower() in _PASSIVE or words[-1].lower() in _DETERMINERS:
        return None
    return who[:200]


def is_name(text: str) -> bool:
    """A proper name of up to five words: "Jane Roe", "Acme Holdings", "Bank of Utopia"."""
    words = text.split()
    return (
        1 <= len(words) <= 5
        and words[0][:1].isupper()
        and words[0] not in _NAME_STARTERS
        and all(_NAME_WORD_RE.match(w) for w in words)
    )
