"""Split a page that carries a second, unrelated story after the first.

Only a full header block starts a new story: a headline-shaped line followed, before any body
text, by page chrome (an "Updated" stamp, "Follow", "Short Url") or by the same headline again.
An ordinary subheading between paragraphs has neither, so articles are not over-split.
"""

from __future__ import annotations

from .chrome import chrome_reason
from .clean import Line, is_title_like, norm_key

_HEADER_CHROME = frozenset(
    {"updated stamp", "published stamp", "follow widget", "short url", "share widget", "date line"}
)
_LOOKAHEAD = 6
_BODY_WORDS = 15


def _is_body(line: str) -> bool:
    return len(line.split()) >= _BODY_WORDS


def _starts_header(lines: list[Line], i: int) -> bool:
    title = lines[i][1].strip()
    if not is_title_like(title) or chrome_reason(title) is not None:
        return False
    key = norm_key(title)
    seen = 0
    for j in range(i + 1, len(lines)):
        line = lines[j][1].strip()
        if not line:
            continue
        if _is_body(line) and norm_key(line) != key:
            return False
        if norm_key(line) == key or chrome_reason(line) in _HEADER_CHROME:
            return True
        seen += 1
        if seen >= _LOOKAHEAD:
            return False
    return False


def split_stories(lines: list[Line]) -> list[list[Line]]:
    """Partition ``(line_number, text)`` pairs into stories; most pages give exactly one."""
    stories: list[list[Line]] = []
    current: list[Line] = []
    body_seen = False
    for i, (no, raw) in enumerate(lines):
        line = raw.strip()
        if body_seen and line and _starts_header(lines, i):
            stories.append(current)
            current = []
            body_seen = False
        current.append((no, raw))
        body_seen = body_seen or (bool(line) and _is_body(line) and chrome_reason(line) is None)
    stories.append(current)
    return stories
