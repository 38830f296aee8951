"""Cleaning, story splitting, decoding and format handling, on fixtures shaped like real pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpec_verify.ingest import IngestError, ParsedArticle, detect_format, parse_document

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
CHROME = ("Short Url", "Updated", "Follow", "(Railways Ministry)", "P.c.", "WhatsApp Channel")


def parse(name: str, **kwargs: str) -> list[ParsedArticle]:
    return parse_document((FIXTURES / name).read_bytes(), name=name, **kwargs).articles


def reasons(article: ParsedArticle) -> dict[str, str]:
    return {r.text: r.reason for r in article.removed}


def assert_spans_consistent(article: ParsedArticle) -> None:
    for span in article.paragraphs + article.sentences:
        assert article.text[span.start : span.end] == span.text


def test_two_story_page_splits_into_two_clean_articles() -> None:
    result = parse_document((FIXTURES / "two_stories.txt").read_bytes(), name="two_stories.txt")
    assert result.format == "txt" and result.encoding == "utf-8"
    assert result.stories_split == 1
    first, second = result.articles
    assert (first.part, second.part) == (1, 2)
    assert first.title and first.title.startswith("Karachi and Urumqi agree")
    assert second.title and second.title.startswith("Lahore court fines sugar mills")
    assert (first.dateline, second.dateline) == ("KARACHI", "LAHORE")
    got = reasons(first)
    assert got["Short Url"] == "short url"
    assert got["Updated 3 March 2025"] == "updated stamp"
    assert got["Follow"] == "follow widget"
    # the headline is the title once; repeated above the body it stays, a claim like any other
    assert [r.reason for r in first.removed if r.reason.endswith("title")] == ["title"]
    assert first.paragraphs[0].text == first.title
    caption = next(r for r in first.removed if r.reason == "image caption")
    assert caption.text.endswith("(Railways Ministry)") and caption.line == 3
    assert reasons(second)["Updated 2 min ago"] == "updated stamp"
    assert all(r.line > 20 for r in second.removed)
    for article in result.articles:
        assert not any(c in article.text for c in CHROME)
        assert "\n\n• " in article.text or article.text.startswith("• ")
        assert "\n\n\n" not in article.text and article.text == article.text.strip()
        assert_spans_consistent(article)
        assert not any(r.text == "" for r in article.removed)


def test_bullets_and_dateline_kept_in_body() -> None:
    first = parse("two_stories.txt")[0]
    paragraphs = [p.text for p in first.paragraphs]
    assert paragraphs[0] == first.title  # the headline repeated above the body
    assert paragraphs[1].startswith("• Officials plan two weekly")
    assert paragraphs[2].startswith("• Karachi wants a dry port")
    assert paragraphs[3].startswith("KARACHI: Pakistan and China")
    assert first.sentences[1].text.startswith("Officials plan")
    assert (
        "Mr. Qureshi, the ministry spokesman, said the first run would cost Rs. 48.5 million."
        in [s.text for s in first.sentences]
    )


def test_glued_date_prefix_sets_published() -> None:
    (article,) = parse("date_prefix.txt")
    assert article.published == "2025-09-26"
    assert article.removed[0].reason == "date line"
    assert article.removed[0].text == "date 2025-09-26"
    assert article.text.startswith("Pakistan and Uzbekistan have signed")
    assert (
        article.sentences[0].text
        == "Pakistan and Uzbekistan have signed a transit trade deal in Tashkent."
    )


def test_subheading_is_not_a_new_story() -> None:
    result = parse_document((FIXTURES / "date_prefix.txt").read_bytes(), name="d.txt")
    assert result.stories_split == 0 and len(result.articles) == 1
    heading = "Trans-Afghan Railway: Funding Talks Move to Second Round"
    assert heading in [p.text for p in result.articles[0].paragraphs]


def test_photo_credit_and_repeated_title() -> None:
    (article,) = parse("photo_credit.txt")
    assert article.title == "Gilgit Hydropower Plant Reaches Full Capacity Ahead of Winter"
    got = reasons(article)
    assert got["P.c. Northern Power Company"] == "photo credit"
    assert [r.reason for r in article.removed] == ["title", "photo credit"]
    texts = [p.text for p in article.paragraphs]
    assert texts[0] == "Boosting supply to northern valleys during the cold months"
    assert texts.count(article.title) == 1  # repeated in the body: a headline states claims too
    assert "Engineers completed the last turbine test at 4 p.m. on Sunday." in [
        s.text for s in article.sentences
    ]


def test_promotional_footer_removed() -> None:
    (article,) = parse("promo_footer.txt")
    assert article.title_derived  # no headline on the page: the first sentence stands in
    assert article.title == article.sentences[0].text[: len(article.title) - 1] + "\u2026"
    (removed,) = article.removed
    assert removed.reason == "promotional footer" and removed.line == 3
    assert "WhatsApp" not in article.text
    assert len(article.paragraphs) == 2


def test_byline_and_navigation_lines() -> None:
    raw = (
        b"Home > Business > Energy\n"
        b"Solar tariffs cut for rooftop users in Punjab\n"
        b"By Hina Baig\n"
        b"Share\n"
        b"PESHAWAR, Jan 4 (APP) - The regulator cut rooftop solar tariffs by 10 per cent on "
        b"Thursday, officials said.\n"
    )
    (article,) = parse_document(raw, name="x.txt").articles
    assert article.byline == "Hina Baig"
    assert article.dateline == "PESHAWAR"
    assert reasons(article) == {
        "Home > Business > Energy": "navigation",
        "Solar tariffs cut for rooftop users in Punjab": "title",
        "By Hina Baig": "byline",
        "Share": "share widget",
    }
    assert article.text.startswith("PESHAWAR, Jan 4 (APP) - The regulator")


def test_published_stamp_and_date_line_set_published_but_updated_does_not() -> None:
    raw = (
        b"Updated 9 March 2025\n"
        b"Published: March 5, 2025\n"
        b"Tuesday, 4 March 2025 10:30 PKT\n"
        b"The ministry said wheat stocks stood at 2.1 million tonnes.\n"
    )
    (article,) = parse_document(raw, name="d.txt").articles
    assert article.published == "2025-03-05"
    assert [r.reason for r in article.removed] == ["updated stamp", "published stamp", "date line"]
    assert article.text == "The ministry said wheat stocks stood at 2.1 million tonnes."


def test_json_array_refused_with_hint() -> None:
    with pytest.raises(IngestError, match="JSON Lines"):
        detect_format("feed.json", b'[{"text": "x"}]')


def test_syndicated_copy_has_no_title_and_trailing_blanks_dropped() -> None:
    (article,) = parse("syndicated.txt")
    assert article.title_derived and article.dateline == "KARACHI"
    assert article.title.startswith("Pakistan and China have agreed")  # dateline dropped
    assert len(article.paragraphs) == 4 and article.removed == []


def test_cp1252_bytes_decode_with_warning() -> None:
    raw = "The minister said “costs fell” by 5 per cent – officials agreed.".encode("cp1252")
    result = parse_document(raw, name="old.txt")
    assert result.encoding == "cp1252"
    assert result.warnings == ["not UTF-8; decoded as cp1252"]
    assert "“costs fell”" in result.articles[0].text


def test_bom_and_crlf_are_normalised() -> None:
    raw = "\ufeffThe port opened.\r\nTrade rose.\r\n".encode()
    (article,) = parse_document(raw, name="bom.txt").articles
    assert article.text == "The port opened.\n\nTrade rose."


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n ", "empty file"),
        (b"\xef\xbb\xbf\n", "empty file"),
        (b"%PDF-1.7 binary", "binary file, not text"),
        (b"\x89PNG\r\n\x1a\n....", "binary file, not text"),
        (b"text with a \x00 NUL", "binary file, not text"),
        (bytes(range(1, 32)) * 10, "binary file, not text"),
        (b"caf\x81 \x8d\x8f\x90 \x9d", "not UTF-8 and not cp1252 text"),
        (b"Short Url\nFollow\n", "no article text left after removing page chrome"),
    ],
)
def test_unimportable_input_raises(raw: bytes, message: str) -> None:
    with pytest.raises(IngestError) as info:
        parse_document(raw, name="bad.txt")
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("name", "raw", "fmt"),
    [
        ("a.txt", b"x", "txt"),
        ("a.TEXT", b"x", "txt"),
        ("a.md", b"x", "md"),
        ("a.markdown", b"x", "md"),
        ("a.htm", b"x", "html"),
        ("a.html", b"x", "html"),
        ("a.jsonl", b"x", "jsonl"),
        ("a.ndjson", b"x", "jsonl"),
        ("paste", b"  <!doctype html><p>x</p>", "html"),
        ("paste.dat", b'{"text": "x"}\n', "jsonl"),
        ("paste", b"Plain words.", "txt"),
    ],
)
def test_detect_format(name: str, raw: bytes, fmt: str) -> None:
    assert detect_format(name, raw) == fmt


@pytest.mark.parametrize("ext", [".pdf", ".png", ".zip", ".docx"])
def test_binary_extension_refused(ext: str) -> None:
    with pytest.raises(IngestError, match=f"^unsupported file type '\\{ext}'$"):
        detect_format("report" + ext, b"whatever")


def test_unknown_fmt_argument_refused() -> None:
    with pytest.raises(IngestError, match="unknown format 'pdf'"):
        parse_document(b"text", name="a.txt", fmt="pdf")


def test_html_page_through_trafilatura() -> None:
    result = parse_document((FIXTURES / "article.html").read_bytes(), name="article.html")
    assert result.format == "html"
    (article,) = result.articles
    assert article.title == "Gwadar port cargo rises 12.5 per cent"
    assert article.published == "2025-03-04"
    assert article.outlet == "The Coastal Ledger"
    assert article.url == "https://ledger.example.org/business/gwadar-cargo"
    assert article.dateline == "GWADAR"
    for chrome in ("Menu", "Sport", "About us", "All rights reserved", "Contact the newsroom"):
        assert chrome not in article.text
    assert not article.text.startswith("Gwadar port cargo rises")
    sentences = [s.text for s in article.sentences]
    assert "The figure was the highest since 2019." in sentences
    assert "“We are on track,” he said." in sentences
    assert_spans_consistent(article)


def test_html_without_article_text_raises() -> None:
    with pytest.raises(IngestError, match="^no article text found in HTML$"):
        parse_document(b"<html><body><nav>Home</nav></body></html>", name="empty.html")


def test_markdown_heading_image_and_links() -> None:
    raw = (
        b"# Wind farm opens near Jhimpir\n\n![turbines](img/t.jpg)\n\n"
        b"The **50 MW** farm was built by [Zephyr Power](https://example.org) in 18 months.\n"
    )
    result = parse_document(raw, name="wind.md")
    (article,) = result.articles
    assert result.format == "md"
    assert article.title == "Wind farm opens near Jhimpir"
    assert article.text == "The 50 MW farm was built by Zephyr Power in 18 months."
    assert ("image", 3) in [(r.reason, r.line) for r in article.removed]


def test_jsonl_good_and_malformed_lines() -> None:
    result = parse_document((FIXTURES / "articles.jsonl").read_bytes(), name="feed.jsonl")
    assert result.format == "jsonl" and result.stories_split == 0
    assert [a.part for a in result.articles] == [1, 2]
    first, second = result.articles
    assert (first.title, first.outlet, first.url) == (
        "Thar coal output climbs",
        "Desert Daily",
        "https://example.org/thar",
    )
    assert first.published == "2025-02-01" and first.dateline == "HYDERABAD"
    assert first.text.startswith("HYDERABAD: Coal output")
    assert [r.reason for r in first.removed] == ["title"]
    assert second.published == "2025-03-05"
    assert second.text.startswith("The Karakoram highway reopened")
    assert {r.reason for r in second.removed} == {"short url", "follow widget"}
    assert [e.split(":")[:2] for e in result.errors] == [
        ["feed.jsonl", "3"],
        ["feed.jsonl", "4"],
        ["feed.jsonl", "6"],
        ["feed.jsonl", "7"],
    ]
    assert "missing 'text'" in result.errors[1]


def test_jsonl_with_no_valid_line_raises() -> None:
    with pytest.raises(
        IngestError, match="no valid articles in JSONL file; first problem: f.jsonl:1:"
    ):
        parse_document(b"{broken\n", name="f.jsonl")


LINES = st.sampled_from(
    [
        "",
        "\u00a0",
        "Short Url",
        "Follow",
        "Updated 4 sec ago",
        "Trade Corridor Talks Resume in Beijing",
        "  • Officials expect freight to double by 2027",
        "QUETTA: The provincial cabinet approved Rs. 12.5bn for roads on Monday, officials said.",
        "Mr. Khan said the U.S. delegation would arrive at 4 p.m. “We are ready,” he said.",
        " date 2025-09-26 The plant opened. It cost $8.5bn.",
        "P.c. Provincial Information Department",
        "By Hina Baig",
        "Home > News > Pakistan",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=30))
def test_parse_document_only_raises_ingest_error(lines: list[str]) -> None:
    raw = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        result = parse_document(raw, name="fuzz.txt")
    except IngestError:
        return
    assert [a.part for a in result.articles] == list(range(1, len(result.articles) + 1))
    for article in result.articles:
        assert article.text and article.text == article.text.strip()
        assert_spans_consistent(article)
        assert all(r.text and r.line >= 1 for r in article.removed)
