"""Reduce Markdown markup to plain lines, one output line per input line.

Keeping the line count lets removed-line numbers point at the user's file; full Markdown
rendering is unnecessary because only the prose is checked.
"""

from __future__ import annotations

import re

_IMAGE_LINE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HEADING = re.compile(r"#{1,6}\s+(.*?)\s*#*")
_QUOTE = re.compile(r"(?:>\s?)+")
_RULE = re.compile(r"(?:[-*_]\s*){3,}")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_LIST = re.compile(r"([*+-])\s+")


def markdown_lines(text: str) -> tuple[list[str], list[int]]:
    """Plain lines for ``text`` and the 1-based numbers of image-only lines (blanked)."""
    out: list[str] = []
    images: list[int] = []
    for no, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if _IMAGE_LINE.fullmatch(line):
            images.append(no)
            out.append("")
            continue
        if _RULE.fullmatch(line):
            out.append("")
            continue
        m = _HEADING.fullmatch(line)
        if m:
            line = m.group(1)
        line = _QUOTE.sub("", line, count=1) if line.startswith(">") else line
        line = _LIST.sub("• ", line, count=1) if _LIST.match(line) else line
        line = _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", _IMAGE.sub(r"\1", line)))
        out.append(line)
    return out, images
