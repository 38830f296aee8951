"""Bytes to text: refuse binaries early, prefer UTF-8, fall back to cp1252 with a warning.

Fact-checkers paste from browsers and old Word exports, so cp1252 is the realistic fallback;
anything else is more likely a wrong file than a text worth guessing at.
"""

from __future__ import annotations

from .model import IngestError

_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",
)
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\v")
_SNIFF = 8192


def _looks_binary(raw: bytes) -> bool:
    if raw.startswith(_MAGIC) or b"\x00" in raw:
        return True
    head = raw[:_SNIFF]
    control = len(head) - len(head.translate(None, _CONTROL))
    return control > len(head) * 0.10


def normalise_newlines(text: str) -> str:
    """Map CRLF, CR and Unicode line/paragraph separators to a plain newline."""
    return (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )


def decode_bytes(raw: bytes) -> tuple[str, str, list[str]]:
    """Return ``(text, encoding, warnings)`` or raise IngestError with a one-line reason."""
    if not raw.strip():
        raise IngestError("empty file")
    if _looks_binary(raw):
        raise IngestError("binary file, not text")
    warnings: list[str] = []
    try:
        text = raw.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise IngestError("not UTF-8 and not cp1252 text") from exc
        encoding = "cp1252"
        warnings.append("not UTF-8; decoded as cp1252")
    text = normalise_newlines(text)
    if not text.strip():
        raise IngestError("empty file")
    return text, encoding, warnings
