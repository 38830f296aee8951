"""Untrusted text made harmless for a terminal: control characters become visible symbols.

Article text, titles, notes, reviewer names and file names come from anywhere.  Raw,
an ESC sequence in them can retitle the terminal, clear it, write the clipboard
(OSC 52) or plant a hyperlink (OSC 8), and a bidi override can make a line read
differently from what it holds.  ``terminal_safe`` is applied once, where text meets
a terminal (CLI tables and text, review widgets); JSON output stays exact, since
JSON escapes control characters itself.

Every unsafe code point is replaced by exactly one visible one, so offsets into the
text (claim spans, highlights) stay valid: C0 controls other than newline and tab
show as their Unicode control pictures (ESC as ``␛``, so ``ESC ] 52 ;`` reads
``␛]52;`` and does nothing), DEL as ``␡``, C1 controls and bidi embeddings,
overrides and isolates, and lone surrogates (undecodable file-name bytes) as ``�``.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# U+202A..U+202E: LRE RLE PDF LRO RLO; U+2066..U+2069: LRI RLI FSI PDI.  Plain
# direction marks (LRM, RLM, ALM) cannot reorder text and stay: scripts need them.
BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))

_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: REPLACEMENT for c in range(0x80, 0xA0)})
_TABLE.update({c: REPLACEMENT for c in BIDI_CONTROLS})
# lone surrogates: a file name that is not UTF-8 decodes to them (os.fsdecode); no terminal
# encoding can write them, and printing one failed with UnicodeEncodeError
_SURROGATES = range(0xD800, 0xE000)
_TABLE.update({c: REPLACEMENT for c in _SURROGATES})
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)  # exactly the keys of _TABLE (a test checks): one C-speed scan finds the rare dirty text


def is_terminal_safe(text: str) -> bool:
    """True when ``text`` holds nothing ``terminal_safe`` would replace."""
    return _UNSAFE.search(text) is None


def terminal_safe(text: str) -> str:
    """``text`` with every control character and bidi control made visible, same length."""
    if _UNSAFE.search(text) is None:  # the common case: no copy
        return text
    return text.translate(_TABLE)


_JSON_TABLE = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0), *BIDI_CONTROLS, *_SURROGATES)}


def json_terminal_safe(dumped: str) -> str:
    """JSON text with the characters ``json.dumps(ensure_ascii=False)`` leaves raw (DEL,
    C1 controls, bidi controls) written as ``\\uXXXX`` escapes: the same data, exactly,
    and nothing a terminal acts on.  Only valid on JSON text (they can only sit in strings)."""
    return dumped.translate(_JSON_TABLE)
