"""Article metadata a desk can cite when the page printed little: a display title, an outlet.

Pure functions over plain strings; the pipeline applies them after cleaning, so a stored
article always has something to show for its title and, when it has a URL, its outlet.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

TITLE_LIMIT = 80  # characters of a derived title, ellipsis included
_SEPARATOR = re.compile(r"\s*[:\u2013\u2014-]\s*")


def derived_title(
    first_sentence: str, dateline: str | None = None, limit: int = TITLE_LIMIT
) -> str:
    """A headline for an article without one: its first sentence, cut at a word boundary.

    A leading dateline ("ISLAMABAD: ...") is dropped, since it names a place, not the story.
    """
    text = " ".join(first_sentence.split())
    if dateline and text.startswith(dateline):
        rest = text[len(dateline) :]
        sep = _SEPARATOR.match(rest)
        if sep and rest[sep.end() :]:
            text = rest[sep.end() :]
    text = text.rstrip(" .")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:\u2013\u2014-") + "\u2026"


def outlet_from_url(url: str | None) -> str | None:
    """The site a URL points at (``www.`` dropped), or None when it has no host."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")
