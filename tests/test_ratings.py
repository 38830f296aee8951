"""Reading long-format ratings: both CSV paths agree, and every error names file and line."""

from __future__ import annotations

import io

import pytest

from cpec_verify.stats.agreement import compute_agreement
from cpec_verify.stats.ratings import read_ratings, read_ratings_encoded


def read(text: str, fmt: str = "csv", level: str = "nominal") -> list[tuple[str, str, str]]:
    return read_ratings(io.StringIO(text), fmt=fmt, name="ratings." + fmt, level=level)  # type: ignore[arg-type]


def error(text: str, fmt: str = "csv", level: str = "nominal") -> str:
    with pytest.raises(ValueError) as info:
        read(text, fmt, level)
    return str(info.value)


SIMPLE = "item,reviewer,label\nc1,ana,true\nc1, bo ,false\nc2,ana,true\n"
EXPECTED = [("c1", "ana", "true"), ("c1", "bo", "false"), ("c2", "ana", "true")]


def test_simple_and_quoted_csv_paths_agree() -> None:
    assert read(SIMPLE) == EXPECTED
    assert read(SIMPLE.replace("\n", "\r\n")) == EXPECTED
    quoted = 'label,reviewer,item,extra\n"true",ana,c1,x\nfalse,bo,"c1",\n\ntrue,ana,c2,y\n'
    assert read(quoted) == EXPECTED
    assert read('item,reviewer,label\nc1,ana,"half, true"\n') == [("c1", "ana", "half, true")]


def test_encoded_reader_round_trips() -> None:
    enc = read_ratings_encoded(io.StringIO(SIMPLE), fmt="csv", name="r.csv")
    assert enc.items == ["c1", "c2"] and enc.reviewers == ["ana", "bo"]
    assert enc.labels == ["true", "false"] and len(enc) == 3
    assert compute_agreement(enc) == compute_agreement(EXPECTED)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "ratings.csv:1: empty file"),
        ("\n\n", "ratings.csv:1: empty file"),
        ("item,reviewer\na,b\n", "ratings.csv:1: header lacks column(s) label"),
        ("item,reviewer,label\n", "ratings.csv:1: no ratings after the header"),
        ("item,reviewer,label\na,b,c\na,b\n", "ratings.csv:3: expected 3 fields, got 2"),
        ('item,reviewer,label\na,b,"c"\na,b,c,d\n', "ratings.csv:3: expected 3 fields, got 4"),
        ("item,reviewer,label\na,b,c\n\n\na, ,c\n", "ratings.csv:5: empty reviewer"),
        ("item,reviewer,label\na,b,c\na,c,  \n", "ratings.csv:3: empty label"),
        ('item,reviewer,label\na,b,"multi\nline"\n,b,c\n', "ratings.csv:4: empty item"),
    ],
)
def test_csv_errors_name_the_line(text: str, message: str) -> None:
    assert error(text).startswith(message)


def test_numeric_levels_require_numbers() -> None:
    text = "item,reviewer,label\na,r1,1\na,r2,2.5\nb,r1,x\nb,r2,x\n"
    assert read(text)[2] == ("b", "r1", "x")
    assert error(text, level="interval") == (
        "ratings.csv:4: label 'x' is not a number (level interval)"
    )
    assert "is not a rating" in error("item,reviewer,label\na,r1,nan\n", level="ratio")
    for bad in ("nan", "NaN", "inf", "-Infinity"):  # missing values, not categories
        assert "is not a rating" in error(f"item,reviewer,label\na,r1,{bad}\n")
    assert "NUL character in label" in error(
        '[{"item": 1, "reviewer": "a", "label": "x\\u0000"}]', "json"
    )
    assert read(text.replace("x", "-3"), level="ordinal")[3] == ("b", "r2", "-3")


def test_jsonl() -> None:
    text = (
        '{"item": "c1", "reviewer": "ana", "label": "true"}\n'
        "\n"
        '{"item": 7, "reviewer": "bo", "label": 2, "note": "extra keys are ignored"}\n'
    )
    assert read(text, "jsonl") == [("c1", "ana", "true"), ("7", "bo", "2")]
    assert error("", "jsonl").startswith("ratings.jsonl:1: empty file")
    assert error(text + "{oops\n", "jsonl").startswith("ratings.jsonl:4: malformed JSON")
    assert error(text + "[1]\n", "jsonl").startswith("ratings.jsonl:4: expected a JSON object")
    missing = '{"item": "a", "reviewer": "b"}\n'
    assert error(missing, "jsonl") == "ratings.jsonl:1: missing key 'label'"
    nested = '{"item": "a", "reviewer": "b", "label": [1]}\n'
    assert error(nested, "jsonl") == "ratings.jsonl:1: label must be a string or number"
    assert error(text, "jsonl", "interval") == (
        "ratings.jsonl:1: label 'true' is not a number (level interval)"
    )


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        read(SIMPLE, fmt="xlsx")
    with pytest.raises(ValueError, match="unknown level"):
        read(SIMPLE, level="bogus")
