"""Entry point of the ingest stage: bytes and a file name in, parsed articles out (pure)."""

from __future__ import annotations

import os

from .clean import CleanedStory, Line, clean_lines
from .decode import decode_bytes, normalise_newlines
from .html import extract_html
from .jsonl import read_jsonl
from .markdown import markdown_lines
from .metadata import derived_title, outlet_from_url
from .model import IngestError, ParsedArticle, ParseResult, Removed
from .split import split_article
from .stories import split_stories

FORMATS = ("txt", "md", "html", "jsonl")
_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_UNSUPPORTED_LIST = """
    .pdf .png .jpg .jpeg .gif .webp .bmp .tif .tiff .svgz .ico .zip .gz .tgz .bz2 .xz .7z .rar .tar
    .doc .docx .xls .xlsx .ppt .pptx .odt .ods .odp .rtf .epub .exe .dll .so .bin .dmg .iso .mp3
    .mp4 .m4a .wav .ogg .avi .mov .mkv .sqlite .db .pickle .pkl .parquet
"""
_UNSUPPORTED = frozenset(_UNSUPPORTED_LIST.split())


def detect_format(name: str, raw: bytes) -> str:
    """Format from the extension, else by sniffing the first bytes; refuses binary types."""
    ext = os.path.splitext(name)[1].lower()
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    if ext in _UNSUPPORTED:
        raise IngestError(f"unsupported file type '{ext}'")
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"[") and ext == ".json":
        raise IngestError("a JSON array is not supported; export JSON Lines (one object a line)")
    return "txt"


def _article(part: int, story: CleanedStory, **meta: str | None) -> ParsedArticle:
    paragraphs, sentences = split_article(story.text)
    fields = {
        "title": story.title,
        "published": story.published,
        "dateline": story.dateline,
        "byline": story.byline,
    }
    fields.update({k: v for k, v in meta.items() if v is not None})
    if not fields.get("outlet"):
        fields["outlet"] = outlet_from_url(fields.get("url"))
    derived = not fields.get("title") and bool(sentences)
    if derived:
        fields["title"] = derived_title(sentences[0].text, fields.get("dateline"))
    return ParsedArticle(
        part=part,
        text=story.text,
        removed=story.removed,
        paragraphs=paragraphs,
        sentences=sentences,
        title_derived=derived,
        **fields,
    )


def _from_lines(
    lines: list[Line], images: list[Line], first: dict[str, str | None], rest: dict[str, str | None]
) -> list[ParsedArticle]:
    articles: list[ParsedArticle] = []
    for story_lines in split_stories(lines):
        meta = first if not articles else rest
        story = clean_lines(story_lines, title=meta.get("title"))
        if not story.text:
            continue
        numbers = {no for no, _ in story_lines}
        story.removed.extend(Removed(t, "image", no) for no, t in images if no in numbers)
        story.removed.sort(key=lambda r: r.line)
        articles.append(_article(len(articles) + 1, story, **meta))
    return articles


def _parse_jsonl(text: str, name: str, result: ParseResult) -> None:
    records, errors, warnings = read_jsonl(text, name)
    result.errors.extend(errors)
    result.warnings.extend(warnings)
    for rec in records:
        lines = list(enumerate(normalise_newlines(rec.text).split("\n"), 1))
        story = clean_lines(lines, title=rec.title)
        if not story.text:
            result.errors.append(f"{name}:{rec.line}: no article text left after cleaning")
            continue
        meta = {"title": rec.title, "url": rec.url, "outlet": rec.outlet}
        meta["published"] = rec.published
        result.articles.append(_article(len(result.articles) + 1, story, **meta))
    if not result.articles:
        first = f"; first problem: {result.errors[0]}" if result.errors else ""
        raise IngestError(f"no valid articles in JSONL file{first}")


def parse_document(raw: bytes, *, name: str, fmt: str = "auto") -> ParseResult:
    """Decode, clean, story-split and segment one input file; raises IngestError."""
    if fmt == "auto":
        fmt = detect_format(name, raw)
    elif fmt not in FORMATS:
        raise IngestError(f"unknown format '{fmt}' (expected one of {', '.join(FORMATS)})")
    text, encoding, warnings = decode_bytes(raw)
    result = ParseResult(articles=[], format=fmt, encoding=encoding, warnings=warnings, errors=[])
    if fmt == "jsonl":
        _parse_jsonl(text, name, result)
        return result
    images: list[Line] = []
    first: dict[str, str | None] = {}
    rest: dict[str, str | None] = {}
    if fmt == "html":
        page = extract_html(text)
        text = normalise_newlines(page.text)
        rest = {"outlet": page.outlet, "url": page.url}
        first = {**rest, "title": page.title, "published": page.published, "byline": page.byline}
    raw_lines = text.split("\n")
    if fmt == "md":
        plain, image_numbers = markdown_lines(text)
        images = [(no, raw_lines[no - 1].strip()) for no in image_numbers]
        raw_lines = plain
    result.articles = _from_lines(list(enumerate(raw_lines, 1)), images, first, rest)
    if not result.articles:
        if fmt == "html":
            raise IngestError("no article text found in HTML")
        raise IngestError("no article text left after removing page chrome")
    result.stories_split = len(result.articles) - 1
    return result
