"""Reviewer names: one person, one name, however it is typed (pure; no database).

``check_name`` gives the display form and refuses what would make two names look alike
while differing in bytes; ``fold_name`` is what names compare by.
"""

from __future__ import annotations

import unicodedata

from cpec_verify.errors import UsageError

MAX_NAME = 200
# Letters that render as nothing although Unicode does not class them as format characters.
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def fold_name(name: str) -> str:
    """A reviewer name's comparison key: NFKC, whitespace runs collapsed, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def check_name(name: str) -> str:
    """The display form of a name: NFKC, whitespace runs collapsed, trimmed.

    Control, format (zero-width, bidi), private-use and unassigned characters are refused
    rather than dropped, so two people never look alike on screen while differing in bytes.
    """
    if "\x00" in name:
        raise UsageError("a reviewer name cannot contain control characters or NUL bytes")
    for ch in name:
        if ch in _BLANK_LETTERS or unicodedata.category(ch) in _REFUSED_CATEGORIES:
            if unicodedata.category(ch) == "Cc" and ch in "\t\n\r":
                continue  # whitespace, collapsed below
            what = "control" if unicodedata.category(ch) == "Cc" else "invisible or bidi"
            raise UsageError(
                f"a reviewer name cannot contain {what} characters (U+{ord(ch):04X} found)"
            )
    clean = " ".join(unicodedata.normalize("NFKC", name).split())
    if not clean:
        raise UsageError("a reviewer name cannot be empty")
    if len(clean) > MAX_NAME:
        raise UsageError(f"a reviewer name is at most {MAX_NAME} characters")
    return clean


def name_key(name: str) -> str:
    """What names compare by: ``Ana`` and ``ana`` are one reviewer."""
    return fold_name(check_name(name))
