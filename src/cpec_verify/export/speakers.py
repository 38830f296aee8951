"""Is a claim's speaker a person, an organisation, or a description? Decided by its shape.

The rule looks only at how the words are written, never at which words they are:

* **Person**: two to five capitalised name words ("Amina Rahman", "Dr. J. Okafor"),
  with no acronym and no digit, and not used after an article ("the Harbour Board"
  names a body, so a sentence saying "the <speaker>" rules out a person).
* **Organization**: a phrase holding an acronym ("IMF", "the N.H.A."), or an article
  followed by capitalised words only ("the Planning Commission").
* **Neither** (the author is left out): descriptions in ordinary words ("traders in
  the port", "figures circulated to delegates"), single words, anything mixed.
"""

from __future__ import annotations

import re

_ARTICLES = r"(?:the|a|an)"  # English articles: grammar, not a list of topics
_PERSON_MIN, _PERSON_MAX = 2, 5


def _letters(word: str) -> str:
    return "".join(ch for ch in word if ch.isalpha())


def _is_acronym(word: str) -> bool:
    letters = _letters(word)
    return len(letters) >= 2 and letters.isupper()


def _is_initial(word: str) -> bool:
    letters = _letters(word)
    return len(letters) == 1 and letters.isupper() and len(word) <= 2


def _is_name_word(word: str) -> bool:
    """Capitalised, then lower case ("Rahman", "O'Neil", "al-Amin"'s "Al-Amin", "Dr.")."""
    if _is_initial(word):
        return True
    if not re.fullmatch(r"[^\W\d_][^\W\d_'’.\-]*(?:['’\-][^\W\d_]+)*\.?", word):
        return False
    return word[0].isupper() and any(ch.islower() for ch in word)


def _after_article(speaker: str, context: str) -> bool:
    return re.search(rf"\b{_ARTICLES}\s+{re.escape(speaker)}", context, re.IGNORECASE) is not None


def author_type(speaker: str, context: str = "") -> str | None:
    """``"Person"``, ``"Organization"`` or None for a speaker seen in ``context``."""
    words = speaker.split()
    if not words or any(ch.isdigit() for ch in speaker):
        return None
    if any(_is_acronym(w) for w in words):
        return "Organization"
    if re.fullmatch(_ARTICLES, words[0], re.IGNORECASE) and len(words) >= 2:
        rest = words[1:]
        return "Organization" if all(_is_name_word(w) for w in rest) else None
    if all(_is_name_word(w) for w in words):
        if _after_article(speaker, context):
            return "Organization"
        if _PERSON_MIN <= len(words) <= _PERSON_MAX:
            return "Person"
    return None
