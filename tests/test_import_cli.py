"""``import``, ``articles`` and ``show`` as a user runs them, on temporary databases."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

PAGE = """Harbour authority lifts cargo forecast for the new terminal

Cranes unloading containers at the east berth on Monday. (Port Authority)
Short Url
Updated 12 March 2025
Follow

Harbour authority lifts cargo forecast for the new terminal

  • Officials expect 1.2 million containers a year by 2027
  • Dredging of the approach channel is 80 per cent complete

KARACHI: The harbour authority raised its cargo forecast for the new east terminal on Monday, saying it now expects 1.2 million containers a year by 2027.

Mr. Imran Qadir, the authority's chairman, said the dredging of the approach channel was 80 per cent complete. "We will open the first berth in June," he said.

The terminal cost Rs. 48.5 billion to build, according to the authority's annual report.


Provincial assembly passes water-sharing bill after long debate

Updated 2 min ago
Follow

Provincial assembly passes water-sharing bill after long debate

  • The bill sets quotas for three canal divisions

LAHORE: The provincial assembly passed a water-sharing bill on Tuesday after a debate that lasted two days.

The speaker said 212 members voted for the bill and 41 against it.
"""

WIRE = """KARACHI: The harbour authority raised its cargo forecast for the new east terminal on Monday, saying it now expects 1.2 million containers a year by 2027.
Mr. Imran Qadir, the authority's chairman, said the dredging of the approach channel was 80 per cent complete. "We will open the first berth in June," he said.
The terminal cost Rs. 48.5 billion to build, according to the authority's annual report.



"""

OTHER = """Textile exports climb for a third month

FAISALABAD: Textile exports rose 7.5 per cent in February to $1.4 billion, the trade body said on Thursday.

Dr. Sana Mir, its economist, said orders from Europe had recovered after a weak winter.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "nested").mkdir(parents=True)
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    (folder / "nested" / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "other.md").write_text(OTHER, encoding="utf-8")
    return folder


def articles(run) -> list[dict]:
    result = run("articles", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_import_directory_splits_stories_and_marks_duplicates(run, corpus: Path) -> None:
    result = run("import", str(corpus))
    assert result.exit_code == 0, result.stderr
    assert "imported 4 article(s) from 3 file(s)" in result.stdout
    assert "1 extra story split" in result.stdout
    assert "1 duplicate(s)" in result.stdout
    rows = articles(run)
    assert len(rows) == 4
    required = {
        "id",
        "title",
        "outlet",
        "url",
        "source",
        "sha256",
        "published",
        "chars",
        "sentences",
        "part",
        "duplicate_of",
        "similarity",
    }
    assert all(required <= set(r) for r in rows)
    page = [r for r in rows if r["source"].endswith("page.txt")]
    assert [r["part"] for r in page] == [1, 2]
    assert page[0]["title"] == "Harbour authority lifts cargo forecast for the new terminal"
    assert page[1]["title"].startswith("Provincial assembly passes")
    wire = next(r for r in rows if r["source"].endswith("wire.txt"))
    # nested/wire.txt sorts first, so the page's first story is the later copy
    assert wire["id"] < page[0]["id"]
    assert page[0]["duplicate_of"] == wire["id"]
    assert page[0]["similarity"] >= 90
    assert wire["duplicate_of"] is None and page[1]["duplicate_of"] is None
    other = next(r for r in rows if r["source"].endswith("other.md"))
    assert other["duplicate_of"] is None


def test_show_json_offsets_and_removed_lines(run, corpus: Path) -> None:
    run("import", str(corpus / "page.txt"))
    result = run("show", "1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    art = json.loads(result.stdout)
    text = art["text"]
    assert art["dateline"] == "KARACHI"
    assert art["sentences"], "no sentences"
    for s in art["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
    reasons = {r["reason"] for r in art["removed"]}
    assert "short url" in reasons and "updated stamp" in reasons
    removed_text = " ".join(r["text"] for r in art["removed"])
    assert "(Port Authority)" in removed_text
    for chrome in ("Short Url", "Updated 12 March", "Follow\n", "(Port Authority)"):
        assert chrome not in text
    sentences = [s["text"] for s in art["sentences"]]
    assert any(s.startswith("Mr. Imran Qadir") for s in sentences)
    assert any("Rs. 48.5 billion" in s for s in sentences)


def test_reimport_adds_nothing(run, corpus: Path) -> None:
    run("import", str(corpus))
    before = articles(run)
    again = run("import", str(corpus))
    assert again.exit_code == 0
    assert "3 file(s) already imported" in again.stdout
    assert articles(run) == before


def test_stdin_import(run) -> None:
    result = run("import", "-", input=OTHER.encode())
    assert result.exit_code == 0, result.stderr
    rows = articles(run)
    assert rows[0]["source"] == "<stdin>"
    assert rows[0]["title"] == "Textile exports climb for a third month"


def test_jsonl_lines_and_malformed_line(run, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    good = {
        "title": "Budget",
        "url": "https://example.org/b",
        "outlet": "Ledger",
        "published": "2025-06-10",
        "text": "The budget was Rs 17.5 trillion.\n\nIt passed.",
    }
    feed.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"title": "x"}) + "\n")
    result = run("import", str(feed))
    assert result.exit_code == 0
    assert f"{feed}:2:" in result.stderr and f"{feed}:3:" in result.stderr
    rows = articles(run)
    assert len(rows) == 1
    assert rows[0]["outlet"] == "Ledger" and rows[0]["published"] == "2025-06-10"
    assert rows[0]["url"] == "https://example.org/b"


def test_jsonl_strict_refuses_file(run, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "A sentence."}) + "\n[1, 2\n")
    result = run("import", "--strict", str(feed))
    assert result.exit_code == 1
    assert articles(run) == []


def test_cp1252_decoded_with_warning(run, tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(
        "The minister said the \u201cnew\u201d plan costs \u20ac5m.\n".encode("cp1252")
    )
    result = run("import", str(path))
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "cp1252" in result.stderr
    show = json.loads(run("show", "1", "--format", "json").stdout)
    assert "\u201cnew\u201d" in show["text"] and "\u20ac5m" in show["text"]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "binary"),
        ("nul.txt", b"text with a \x00 null byte in it", "binary"),
        ("notes.pdf", b"%PDF-1.4 something", "unsupported"),
        ("undecodable.txt", b"abc \x81\x8d\x8f\x90\x9d end", "not UTF-8"),
    ],
)
def test_bad_inputs_are_one_error_line(run, tmp_path: Path, name, content, fragment) -> None:
    run("import", "-", input=OTHER.encode())
    path = tmp_path / name
    path.write_bytes(content)
    result = run("import", str(path))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and fragment in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert len(articles(run)) == 1


def test_missing_path_and_oversized(run, tmp_path: Path) -> None:
    missing = run("import", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 1 and "no such file" in missing.stderr
    big = tmp_path / "big.txt"
    big.write_text("A sentence here. " * 200)
    result = run("import", "--max-bytes", "1000", str(big))
    assert result.exit_code == 1 and "--max-bytes" in result.stderr
    assert articles(run) == []


def test_partial_success_exits_zero(run, corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("import", str(corpus / "other.md"), str(tmp_path / "empty.txt"))
    assert result.exit_code == 0
    assert "1 file(s) skipped" in result.stdout


def test_corrupt_database_is_refused_untouched(run, db_path: Path, corpus: Path) -> None:
    db_path.write_bytes(b"garbage" * 100)
    result = run("import", str(corpus / "other.md"))
    assert result.exit_code == 1
    assert result.stderr.startswith("error:") and "not a database" in result.stderr
    assert db_path.read_bytes() == b"garbage" * 100


def test_unknown_article_id(run) -> None:
    assert run("init").exit_code == 0
    result = run("show", "999")
    assert result.exit_code == 2 and result.stderr.startswith("error: no article with id 999")


def test_init_creates_empty_database(run, db_path: Path) -> None:
    result = run("init")
    assert result.exit_code == 0
    tables = {
        r[0]
        for r in sqlite3.connect(db_path).execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    assert {"article", "span", "claim", "verdict"} <= tables


def test_one_odd_file_never_stops_the_run(run, tmp_path: Path) -> None:  # noqa: ANN001
    """A non-UTF-8 file name, a FIFO, a JSONL line nested 100,000 deep: each is skipped or
    stored on its own, and every good file after them is imported."""
    import os

    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "a_deep.jsonl").write_bytes(b'{"text": ' + b"[" * 100_000 + b"\n")
    os.mkfifo(folder / "b_pipe.txt")
    latin = os.fsdecode(b"c_caf\xe9.txt")  # Latin-1 bytes: not UTF-8
    (folder / latin).write_text("The port handled 1,200 ships in 2024, officials said.\n")
    (folder / "d_good.txt").write_text("The corridor carried 900 trucks a day in 2023.\n")
    result = run("import", "--no-extract", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "imported 2 article(s) from 2 file(s)" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert any("b_pipe.txt: skipped: a FIFO" in w for w in warnings), warnings
    assert any("a_deep.jsonl" in w for w in warnings) or "nested more than" in result.stderr
    listed = run("articles", "--format", "json").stdout
    assert "c_caf\\\\xe9.txt" in listed  # the undecodable byte, escaped, not a crash
