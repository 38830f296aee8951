"""Turn one story's raw lines into clean article text plus fields and an audit of what was cut.

Titles, bylines and datelines become fields rather than sentences, because they are not claims
to check; everything dropped is recorded with a reason so a reviewer can see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .chrome import chrome_reason
from .dates import parse_date
from .model import Removed
from .split import continues_line, is_bullet_line

Line = tuple[int, str]

_DATE_PREFIX = re.compile(r"date\s+(\d{4}-\d{2}-\d{2})\b\s*", re.IGNORECASE)
_BYLINE = re.compile(
    r"by\s+(?P<name>(?:our\s+)?(?:staff\s+)?(?:correspondent|reporter|web\s+desk|news\s+desk)"
    r"|[A-Z][^\s,|]*(?:\s+(?:[A-Z][^\s,|]*|and|&|de|la|van|von|bin|ul|al|ur))*)"
    r"\s*(?:[,|–—-]\s*.*)?",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2}|[A-Z][a-z]+))?"
    r"\s*(?:\([A-Za-z]{2,12}\))?\s*(?::|[-–—])(?:\s+|$)"
)
_SPACES = re.compile(r"\s+")
_PUBLISH_REASONS = frozenset({"published stamp", "date line"})
_UPDATE_REASONS = frozenset({"updated stamp"})  # a date, when no publication date is printed


@dataclass
class CleanedStory:
    """Result of cleaning one story; ``text`` has paragraphs separated by a blank line."""

    text: str
    title: str | None = None
    published: str | None = None
    dateline: str | None = None
    byline: str | None = None
    removed: list[Removed] = field(default_factory=list)


def norm_key(line: str) -> str:
    """Comparison key for titles: case, spacing and trailing punctuation do not matter."""
    return _SPACES.sub(" ", line).strip().rstrip(" .:").casefold()


def _same_title(line: str, key: str) -> bool:
    return len(line) <= 2 * len(key) + 8 and norm_key(line) == key


def is_title_like(line: str) -> bool:
    """A short headline-shaped line: few words, capitalised, no sentence-ending full stop."""
    words = len(line.split())
    return (
        2 <= words <= 20
        and line[0].isupper()
        and line[-1] not in ".,;:"
        and not is_bullet_line(line)
        and dateline_of(line) is None
    )


def dateline_of(line: str) -> str | None:
    """'ISLAMABAD' for 'ISLAMABAD: ...' or 'BEIJING, Sept 26 (Reuters) - ...', else None."""
    m = _DATELINE.match(line)
    if m is None:
        return None
    place = m.group("place").strip(" .-'’")
    return place if sum(ch.isalpha() for ch in place) >= 3 else None


def _byline_of(line: str) -> str | None:
    if len(line.split()) > 10 or line[-1] in ".!?":
        return None
    m = _BYLINE.fullmatch(line)
    return m.group("name").strip() if m else None


def _strip_date_prefix(lines: list[Line], story: CleanedStory) -> list[Line]:
    for i, (no, text) in enumerate(lines):
        if not text:
            continue
        m = _DATE_PREFIX.match(text)
        if m:
            story.removed.append(Removed(m.group().strip(), "date line", no))
            story.published = parse_date(m.group(1))
            lines = [*lines[:i], (no, text[m.end() :]), *lines[i + 1 :]]
        return lines
    return lines


def _assemble(kept: list[Line | None]) -> str:
    paragraphs: list[str] = []
    prev: str | None = None
    for item in kept:
        if item is None:
            prev = None
            continue
        line = item[1]
        if prev is not None and continues_line(prev, line):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
        prev = line
    return "\n\n".join(paragraphs)


def clean_lines(lines: list[Line], *, title: str | None = None) -> CleanedStory:
    """Clean ``(line_number, raw_line)`` pairs; a known ``title`` (metadata) is not re-detected."""
    story = CleanedStory(text="", title=title)
    lines = _strip_date_prefix([(no, text.strip()) for no, text in lines], story)
    kept: list[Line | None] = []
    title_key = norm_key(title) if title else None
    title_seen = has_content = from_update = False
    in_header = True
    for no, text in lines:
        if not text:
            kept.append(None)
            continue
        reason = chrome_reason(text)
        if reason is None and title_key is not None and _same_title(text, title_key):
            # the headline's first line is the title; where the page repeats it above the body
            # it is kept there, since a headline states claims too ("$1.7bn plant opens")
            reason = None if title_seen else "title"
            title_seen = True
        if reason is None and story.title is None and not has_content and is_title_like(text):
            story.title, title_key, title_seen, reason = text, norm_key(text), True, "title"
        if reason is None and in_header:
            reason = _header_reason(text, story)
        if reason is None:
            kept.append((no, text))
            has_content = title_seen = True
            in_header = in_header and len(text.split()) < 15
            continue
        story.removed.append(Removed(text, reason, no))
        # the stamp line goes, its date stays: "Published ..." beats "Updated ..."
        if reason in _PUBLISH_REASONS and (story.published is None or from_update):
            found = parse_date(text)
            if found is not None:
                story.published, from_update = found, False
        elif reason in _UPDATE_REASONS and story.published is None:
            story.published = parse_date(text)
            from_update = story.published is not None
        kept.append(None)
    story.text = _assemble(kept)
    if story.dateline is None:
        story.dateline = _find_dateline(kept)
    return story


def _header_reason(text: str, story: CleanedStory) -> str | None:
    """Fields that only appear above the body: a byline or a dateline on its own line."""
    byline = _byline_of(text)
    if byline is not None:
        story.byline = story.byline or byline
        return "byline"
    place = dateline_of(text)
    if place is not None and _DATELINE.fullmatch(text):
        story.dateline = story.dateline or place
        return "dateline"
    return None


def _find_dateline(kept: list[Line | None]) -> str | None:
    seen = 0
    for item in kept:
        if item is None or is_bullet_line(item[1]):
            continue
        place = dateline_of(item[1])
        if place is not None:
            return place
        seen += 1
        if seen >= 3:
            break
    return None
