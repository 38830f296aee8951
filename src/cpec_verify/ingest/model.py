"""Plain data passed out of the ingest stage; no behaviour, so the store and CLI can rely on it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Removed:
    """A line dropped during cleaning, kept so a reviewer can audit what was cut."""

    text: str
    reason: str
    line: int


@dataclass(frozen=True)
class Span:
    """A paragraph or sentence; ``text == article.text[start:end]`` always holds."""

    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class ParsedArticle:
    """One story, cleaned and segmented, ready to be stored."""

    part: int
    text: str
    title: str | None = None
    title_derived: bool = False  # no headline: ``title`` is the first sentence, cut short
    published: str | None = None
    dateline: str | None = None
    byline: str | None = None
    outlet: str | None = None
    url: str | None = None
    removed: list[Removed] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)


@dataclass
class ParseResult:
    """Everything one input file produced, including non-fatal problems."""

    articles: list[ParsedArticle]
    format: str
    encoding: str
    warnings: list[str]
    errors: list[str]
    stories_split: int = 0


class IngestError(ValueError):
    """Input that cannot be imported at all; str(e) is one clear line (no 'error:' prefix)."""
