"""Ingest stage: raw article files in, cleaned and segmented articles out (pure, no I/O)."""

from .duplicates import DuplicateIndex, fingerprint, similarity
from .model import IngestError, ParsedArticle, ParseResult, Removed, Span
from .pipeline import FORMATS, detect_format, parse_document
from .split import split_article, split_sentences

__all__ = [
    "FORMATS",
    "DuplicateIndex",
    "IngestError",
    "ParseResult",
    "ParsedArticle",
    "Removed",
    "Span",
    "detect_format",
    "fingerprint",
    "parse_document",
    "similarity",
    "split_article",
    "split_sentences",
]
