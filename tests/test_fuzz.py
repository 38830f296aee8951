"""Fuzz (hypothesis): the importer and the quantity parser on 10,000 generated inputs each.

Whatever the bytes, import either refuses them with ``IngestError`` (one clear line) or
produces articles whose every span satisfies ``article.text[start:end] == span.text``;
the quantity parser never raises and every quantity sits at its offsets.  A smaller run
goes through the store too (the test's database, PostgreSQL when configured).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cpec_verify.claims.quantities import parse_quantities
from cpec_verify.ingest import IngestError, parse_document
from cpec_verify.services.importing import import_bytes
from cpec_verify.store.models import Article, Span

FUZZ = settings(
    max_examples=10_000, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)

NEWS_TOKENS = st.sampled_from(
    [
        "$",
        "Rs",
        "PKR",
        "US$",
        "€",
        "¥",
        "62",
        "1,200",
        "2.5",
        "0.75",
        "3/4",
        "½",
        "١٢٣",
        "٫",
        "billion",
        "bn",
        "million",
        "mn",
        "lakh",
        "crore",
        "trillion",
        "k",
        "%",
        "per cent",
        "percent",
        "MW",
        "megawatts",
        "GW",
        "km",
        "kilometres",
        "miles",
        "tonnes",
        "trucks",
        "a day",
        "per year",
        "2024",
        "2025-09-26",
        "26 September 2025",
        "Sept. 26",
        "1st",
        "22nd",
        "third",
        "Q3",
        "FY2024-25",
        "between",
        "and",
        "to",
        "-",
        "–",
        "about",
        "nearly",
        "over",
        "more than",
        "up to",
        " ",
        " ",
        "\n",
        "\n\n",
        ".",
        ",",
        ";",
        "(",
        ")",
        "'",
        '"',
        "“",
        "”",
        "[",
        "]",
        "[/x]",
        "\u200b",
        "\u00a0",
        "\t",
        "\r\n",
        "\x00",
        "\ufeff",
        "🚀",
        "e\u0301",
        "Mr.",
        "Dr.",
        "U.S.",
        "ISLAMABAD:",
        "Short Url",
        "Share",
        "Updated 2 hours ago",
        "# Heading",
        "* item",
        "> quote",
        "![img](x.png)",
        "<p>",
        "</p>",
        "<br>",
        "&amp;",
        "<script>x</script>",
        "<div class='x'>",
        "\u2028",
        "\u0085",
    ]
)
NEWSY = st.lists(st.one_of(NEWS_TOKENS, st.text(max_size=8)), max_size=60).map("".join)
TEXT = st.one_of(NEWSY, st.text(max_size=300))


@st.composite
def documents(draw: st.DrawFn) -> tuple[bytes, str, str]:
    """(raw bytes, file name, --format) the way users feed ``import``."""
    body = draw(TEXT)
    kind = draw(st.sampled_from(["txt", "md", "html", "jsonl", "bytes", "encoded"]))
    name = f"doc.{draw(st.sampled_from(['txt', 'md', 'html', 'jsonl', 'bin']))}"
    fmt = draw(st.sampled_from(["auto", "auto", "txt", "md", "html", "jsonl"]))
    if kind == "bytes":
        raw = draw(st.binary(max_size=400))
    elif kind == "encoded":
        raw = body.encode(
            draw(st.sampled_from(["utf-16", "cp1252", "latin-1", "utf-8-sig"])), errors="replace"
        )
    elif kind == "html":
        raw = (
            f"<html><head><title>{body[:30]}</title></head><body><article><p>{body}</p>"
            f"<p>{draw(TEXT)}</p></article></body></html>".encode(errors="surrogatepass")
        )
    elif kind == "jsonl":
        lines = [
            json.dumps({"text": body, "title": draw(st.text(max_size=20))}),
            draw(st.text(max_size=40)),
            json.dumps({"text": draw(TEXT)}),
        ]
        raw = "\n".join(lines).encode(errors="surrogatepass")
    else:
        raw = body.encode(errors="surrogatepass")
    return raw, name, fmt


def _check_article(text: str, spans: list) -> None:  # noqa: ANN001
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text


@FUZZ
@given(TEXT)
def test_quantity_parser_never_raises_and_keeps_offsets(text: str) -> None:
    for q in parse_quantities(text):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text


@FUZZ
@given(documents())
def test_import_parsing_keeps_the_offset_invariant(doc: tuple[bytes, str, str]) -> None:
    raw, name, fmt = doc
    try:
        result = parse_document(raw, name=name, fmt=fmt)
    except IngestError as exc:
        assert str(exc).strip() and "\n" not in str(exc).strip()
        return
    for article in result.articles:
        _check_article(article.text, article.paragraphs)
        _check_article(article.text, article.sentences)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_import_into_the_store_keeps_the_offset_invariant(
    engine: Engine, doc: tuple[bytes, str, str]
) -> None:
    raw, name, fmt = doc
    if engine.dialect.name == "postgresql":  # see test_jsonl_escaped_nul_is_refused
        assume(b"\\u0000" not in raw and b"\x00" not in raw)
    with Session(engine) as session:
        outcome = import_bytes(session, raw, name=name, fmt=fmt)
        session.flush()
        for article_id in (a.article_id for a in outcome.articles):
            article = session.get(Article, article_id)
            assert article is not None
            spans = list(session.exec(select(Span).where(Span.article_id == article_id)))
            _check_article(article.text, spans)
        session.rollback()


def test_jsonl_escaped_nul_is_refused() -> None:
    """PostgreSQL text cannot hold NUL, so both backends refuse it at parse time."""
    raw = b'{"text": "Officials said\\u0000 the cost was $62 billion."}\n'
    with pytest.raises(IngestError, match="NUL"):
        parse_document(raw, name="feed.jsonl")
