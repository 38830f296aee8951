"""Near-duplicate detection: syndicated reflowed copies match, different stories do not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cpec_verify.ingest import DuplicateIndex, fingerprint, parse_document, similarity

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

ORIGINAL = """KARACHI: Pakistan and China have agreed to run two weekly freight trains between
Karachi and Urumqi from July, the Ministry of Railways said on Tuesday.

The trains will carry about 1,200 tonnes each, officials said. The first run would cost
Rs. 48.5 million, and the project is part of a $6.7bn upgrade of the main line.

“We expect freight volumes to double by 2027,” the spokesman said."""

REFLOWED = " ".join(ORIGINAL.split()).replace(". ", ".\n", 2).replace(" the ", "  the ")

UNRELATED = """LAHORE: A court in Lahore on Friday upheld fines of Rs 9 billion imposed on 12 sugar
mills for fixing prices, the competition regulator said. The mills had argued that the
regulator lacked jurisdiction, a claim the court rejected in a detailed order."""

TEMPLATE = """{city}: The provincial energy department said on {day} that {count} new solar
mini-grids had been connected in {district}, serving about {homes} homes. {detail}
Follow the Daily Grid WhatsApp Channel for updates on Pakistan's energy transition."""

TEMPLATE_A = TEMPLATE.format(
    city="QUETTA",
    day="Monday",
    count="14",
    district="Kech and Panjgur",
    homes="3,200",
    detail="Officials said the batteries were imported from China under a concessional loan.",
)
TEMPLATE_B = TEMPLATE.format(
    city="PESHAWAR",
    day="Thursday",
    count="9",
    district="Swat",
    homes="1,150",
    detail="Residents complained that the panels were installed before the wiring was ready.",
)


def test_reflowed_syndicated_copy_is_found() -> None:
    assert ORIGINAL != REFLOWED
    assert similarity(ORIGINAL, REFLOWED) >= 90
    index = DuplicateIndex()
    index.add(7, UNRELATED)
    index.add(8, ORIGINAL)
    match = index.find(REFLOWED)
    assert match is not None
    assert match[0] == 8 and match[1] >= 90


def test_copy_without_the_standfirst_bullets_matches_page_story() -> None:
    page = parse_document((FIXTURES / "two_stories.txt").read_bytes(), name="page.txt")
    copy = parse_document((FIXTURES / "syndicated.txt").read_bytes(), name="copy.txt")
    index = DuplicateIndex()
    for i, article in enumerate(page.articles):
        index.add(i, article.text)
    match = index.find(copy.articles[0].text)
    assert match is not None and match[0] == 0 and match[1] >= 95


def test_short_snippet_does_not_cover_a_long_article() -> None:
    snippet = ORIGINAL.split("\n\n")[0]
    assert len(snippet) < len(ORIGINAL) / 2
    assert similarity(snippet, ORIGINAL) < 90
    index = DuplicateIndex()
    index.add(1, ORIGINAL)
    assert index.find(snippet) is None


def test_unrelated_article_is_not_a_duplicate() -> None:
    index = DuplicateIndex()
    index.add(1, ORIGINAL)
    assert index.find(UNRELATED) is None
    assert similarity(ORIGINAL, UNRELATED) < 60


def test_shared_template_below_threshold() -> None:
    score = similarity(TEMPLATE_A, TEMPLATE_B)
    assert 50 < score < 90
    index = DuplicateIndex()
    index.add(1, TEMPLATE_A)
    assert index.find(TEMPLATE_B) is None


def test_earliest_added_wins_ties() -> None:
    index = DuplicateIndex()
    index.add(30, ORIGINAL)
    index.add(10, ORIGINAL)
    assert index.find(REFLOWED) == (30, similarity(ORIGINAL, REFLOWED))


def test_precomputed_fingerprint_and_empty_text() -> None:
    index = DuplicateIndex()
    fp = fingerprint(ORIGINAL)
    assert 0 < len(fp) <= 32 and fp == sorted(fp)
    index.add(1, ORIGINAL, fp=fp)
    assert index.find(ORIGINAL, fp=fp) == (1, 100.0)
    assert fingerprint("  ... ") == [] and index.find("...") is None
    assert fingerprint("Short one") != []


def test_fingerprint_is_stable_across_processes() -> None:
    code = "from cpec_verify.ingest import fingerprint; import sys; print(fingerprint(sys.argv[1]))"
    src = str(Path(__file__).resolve().parents[1] / "src")
    runs = {
        subprocess.run(
            [sys.executable, "-c", code, ORIGINAL],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": src, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert runs == {str(fingerprint(ORIGINAL)) + "\n"}
