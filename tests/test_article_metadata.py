"""Article metadata a desk can cite: stamp dates, derived titles, outlets, relative file names,
and headers without dangling separators."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cpec_verify.ingest import parse_document
from cpec_verify.ingest.metadata import TITLE_LIMIT, derived_title, outlet_from_url
from cpec_verify.review.rendering.claims import evidence_source
from cpec_verify.store.queries.review_detail import ArticleInfo

BODY = (
    "The water board said on Monday that 2,300 households in the old quarter would get "
    "metered connections by the end of the year, at a cost of Rs 640 million.\n\n"
    "Engineers said the first 400 meters were fitted in October."
)


def _parse(text: str, name: str = "page.txt"):  # noqa: ANN202
    return parse_document(text.encode(), name=name).articles[0]


def test_updated_stamp_date_is_kept_as_published() -> None:
    page = (
        f"Water meters for the old quarter\nShort Url\nUpdated 17 November 2025\nFollow\n\n{BODY}\n"
    )
    article = _parse(page)
    assert article.published == "2025-11-17"
    assert any(r.reason == "updated stamp" for r in article.removed)  # the line still goes
    assert "Updated" not in article.text


def test_published_stamp_beats_an_earlier_updated_stamp() -> None:
    page = f"Water meters\nUpdated 20 November 2025\nPublished 3 March 2025\n\n{BODY}\n"
    assert _parse(page).published == "2025-03-03"


def test_article_without_headline_gets_its_first_sentence_as_title() -> None:
    article = _parse(f"OLD QUARTER: {BODY}\n")
    assert article.title_derived
    assert article.title is not None and len(article.title) <= TITLE_LIMIT
    assert article.title.startswith("The water board said on Monday")
    assert article.title.endswith("\u2026") and " " not in article.title[-2:]
    titled = _parse(f"Water meters for the old quarter\n\n{BODY}\n")
    assert (titled.title, titled.title_derived) == ("Water meters for the old quarter", False)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300))
def test_derived_title_is_bounded_and_cut_at_a_word_boundary(sentence: str) -> None:
    title = derived_title(sentence)
    flat = " ".join(sentence.split()).rstrip(" .")
    assert len(title) <= TITLE_LIMIT
    if len(flat) <= TITLE_LIMIT:
        assert title == flat
    else:
        kept = title.removesuffix("\u2026")
        assert flat.startswith(kept)


def test_outlet_from_url_host() -> None:
    assert outlet_from_url("https://www.harbour-ledger.example/a?b=1") == "harbour-ledger.example"
    assert outlet_from_url("not a url") is None
    assert outlet_from_url(None) is None
    line = {"text": BODY, "url": "https://news.example.org/x"}
    parsed = parse_document((json.dumps(line) + "\n").encode(), name="f.jsonl").articles[0]
    assert parsed.outlet == "news.example.org"
    line["outlet"] = "Water Weekly"  # a given outlet wins
    parsed = parse_document((json.dumps(line) + "\n").encode(), name="f.jsonl").articles[0]
    assert parsed.outlet == "Water Weekly"


def test_file_names_are_shown_relative_to_the_folder_imported(run, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "desk" / "monday"
    folder.mkdir(parents=True)
    (folder / "meters.txt").write_text(f"OLD QUARTER: {BODY}\n", encoding="utf-8")
    assert run("import", str(folder)).exit_code == 0
    (article,) = json.loads(run("articles", "--format", "json").stdout)
    assert article["source"] == str(folder / "meters.txt")  # provenance as given
    assert article["source_name"] == "monday/meters.txt"
    assert article["title_derived"] is True
    shown = run("show", "1").stdout
    assert str(tmp_path) not in shown and "monday/meters.txt" in shown
    header = shown.splitlines()[1]
    assert header.startswith("#1 part 1") and not header.rstrip().endswith("·")
    assert str(tmp_path) not in run("articles").stdout


def test_evidence_lines_have_no_empty_parts() -> None:
    def info(**kw: object) -> ArticleInfo:
        base = {"id": 4, "title": None, "outlet": None, "published": None, "source": None}
        return ArticleInfo(**{**base, **kw})  # type: ignore[arg-type]

    assert evidence_source(info(title="T", outlet="O", published="2025-01-02")) == (
        "T (O · 2025-01-02)"
    )
    assert evidence_source(info(title="T")) == "T"
    assert evidence_source(info(published="2025-01-02", file="a/b.txt")) == "a/b.txt · 2025-01-02"
    assert evidence_source(info()) == "article #4"
    assert "(untitled)" not in evidence_source(info(outlet="O"))
