"""Agreement statistics against published values and against reference libraries (oracles)."""

from __future__ import annotations

import json
import math
import warnings
from typing import Any

import krippendorff
import numpy as np
import pytest
from agreement_data import KRIPP_2011, VALIDATOR
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

from cpec_verify.cli.agreement_tables import render_table
from cpec_verify.stats.agreement import (
    compute_agreement,
    compute_agreement_arrays,
    find_disagreements,
)
from cpec_verify.stats.ratings import RatingsError
from cpec_verify.stats.report import render_markdown

# Fleiss (1971) as tabulated on Wikipedia: 10 subjects x 5 categories, 14 raters each.
FLEISS_1971 = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]  # fmt: skip


def matrix_ratings(matrix: list[list[Any]]) -> list[tuple[str, str, str]]:
    """Reviewer x item matrix (None = missing) to long-format ratings."""
    return [
        (f"u{i}", f"r{r}", str(v))
        for r, row in enumerate(matrix)
        for i, v in enumerate(row)
        if v is not None
    ]


def kripp_ratings() -> list[tuple[str, str, str]]:
    return [
        (f"unit{i}", coder, v)
        for coder, row in KRIPP_2011.items()
        for i, v in enumerate(row.split())
        if v != "*"
    ]


def assert_plain_json(value: Any) -> None:
    """Only JSON-native Python types, no NaN: what json.dumps(allow_nan=False) accepts."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str)
            assert_plain_json(v)
    elif isinstance(value, list):
        for v in value:
            assert_plain_json(v)
    else:
        assert value is None or type(value) in (str, int, float, bool), type(value)
        if isinstance(value, float):
            assert math.isfinite(value)


def check_result(result: dict[str, Any]) -> None:
    assert_plain_json(result)
    json.dumps(result, allow_nan=False)
    VALIDATOR.validate(result)


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_worked_example(level: str, expected: float) -> None:
    result = compute_agreement(kripp_ratings(), level=level)
    assert round(result["krippendorff_alpha"], 3) == expected
    assert result["items"] == 12 and result["pairable_items"] == 11
    assert result["reviewers"] == 4 and result["ratings"] == 41
    assert result["fleiss_kappa"] is None
    check_result(result)


def test_fleiss_1971_example() -> None:
    ratings = []
    for subject, row in enumerate(FLEISS_1971):
        labels = [cat for cat, k in enumerate(row, 1) for _ in range(k)]
        ratings += [(f"s{subject}", f"rater{r}", str(c)) for r, c in enumerate(labels)]
    result = compute_agreement(ratings)
    assert round(result["fleiss_kappa"], 3) == 0.210
    check_result(result)


def test_cohen_textbook_example() -> None:
    cells = [("yes", "yes", 20), ("yes", "no", 5), ("no", "yes", 10), ("no", "no", 15)]
    pairs = [(a, b) for a, b, k in cells for _ in range(k)]
    ratings = [(f"i{i}", "A", a) for i, (a, _) in enumerate(pairs)]
    ratings += [(f"i{i}", "B", b) for i, (_, b) in enumerate(pairs)]
    result = compute_agreement(ratings)
    assert result["cohen_kappa"] == [{"a": "A", "b": "B", "kappa": 0.4, "n": 50, "note": None}]
    assert result["percent_agreement"] == pytest.approx(0.7)
    check_result(result)


@pytest.mark.parametrize(
    ("ratings", "null_keys"),
    [
        ([], ["percent_agreement", "fleiss_kappa", "krippendorff_alpha"]),
        ([("a", "r1", "x"), ("a", "r2", "x"), ("b", "r1", "x"), ("b", "r2", "x")],
         ["fleiss_kappa", "krippendorff_alpha"]),
        ([("a", "r1", "x"), ("b", "r1", "y"), ("c", "r1", "x")],
         ["percent_agreement", "fleiss_kappa", "krippendorff_alpha"]),
        ([("a", "r1", "x"), ("b", "r2", "y"), ("c", "r3", "x")],
         ["percent_agreement", "fleiss_kappa", "krippendorff_alpha"]),
    ],
    ids=["empty", "single-label", "one-reviewer", "no-item-rated-twice"],
)  # fmt: skip
def test_degenerate_inputs_give_nulls_with_notes(
    ratings: list[tuple[str, str, str]], null_keys: list[str]
) -> None:
    for level in ("nominal", "ordinal", "interval", "ratio"):
        if level != "nominal" and ratings and ratings[0][2] == "x":
            ratings = [(i, r, "1" if v == "x" else "2") for i, r, v in ratings]
        result = compute_agreement(ratings, level=level, bootstrap=20, seed=1)
        check_result(result)
        for key in [*null_keys, "alpha_ci"]:
            assert result[key] is None
            assert any(note.startswith(key) for note in result["notes"]), (key, result["notes"])
        for pair in result["cohen_kappa"]:
            assert pair["kappa"] is None and pair["note"]


def test_cohen_pairs_without_overlap_are_null() -> None:
    result = compute_agreement([("a", "r1", "x"), ("a", "r2", "y"), ("b", "r3", "x")])
    by_pair = {(p["a"], p["b"]): p for p in result["cohen_kappa"]}
    assert by_pair["r1", "r2"]["kappa"] == 0.0
    assert by_pair["r1", "r3"] == {
        "a": "r1", "b": "r3", "kappa": None, "n": 0, "note": "no items rated by both"
    }  # fmt: skip
    assert any("r1/r3" in note for note in result["notes"])


def test_later_duplicate_wins() -> None:
    ratings = [("a", "r1", "x"), ("a", "r2", "y"), ("a", "r1", "y"), ("b", "r1", "x")]
    result = compute_agreement(ratings)
    assert result["duplicates"] == 1 and result["ratings"] == 3
    assert result["percent_agreement"] == 1.0
    assert any("duplicate" in note for note in result["notes"])
    assert find_disagreements(ratings) == []


def test_numeric_labels_sorted_and_merged_at_numeric_levels() -> None:
    ratings = [("a", "r1", "10"), ("a", "r2", "9"), ("b", "r1", "1.0"), ("b", "r2", "1")]
    assert compute_agreement(ratings)["labels"] == ["1", "1.0", "9", "10"]
    interval = compute_agreement(ratings, level="interval")
    assert interval["labels"] == ["1", "9", "10"]
    assert interval["percent_agreement"] == 0.5  # exact-label agreement is still per string
    with pytest.raises(RatingsError, match="'yes' is not a number"):
        compute_agreement([("a", "r1", "yes"), ("a", "r2", "1")], level="ordinal")


def test_arrays_entry_point_matches_and_validates() -> None:
    item, rev, lab = np.array([0, 0, 1, 1, 2]), np.array([1, 0, 1, 0, 0]), np.array([0, 1, 1, 1, 0])
    result = compute_agreement_arrays(item, rev, lab, ["b", "a", "unused"], ["r2", "r1"], 3)
    expected = compute_agreement(
        [("0", "r2", "b"), ("0", "r1", "a"), ("1", "r2", "a"), ("1", "r1", "a"), ("2", "r1", "b")]
    )
    assert result == expected
    assert result["labels"] == ["a", "b"] and result["reviewer_names"] == ["r1", "r2"]
    with pytest.raises(ValueError, match="item_idx out of range"):
        compute_agreement_arrays(item, rev, lab, ["a", "b"], ["r1", "r2"], 2)
    with pytest.raises(ValueError, match="unknown level"):
        compute_agreement([], level="bogus")


def test_bootstrap_is_seeded_and_brackets_alpha() -> None:
    first = compute_agreement(kripp_ratings(), bootstrap=300, seed=7)
    again = compute_agreement(kripp_ratings(), bootstrap=300, seed=7)
    assert first["alpha_ci"] == again["alpha_ci"]
    low, high = first["alpha_ci"]
    assert low < first["krippendorff_alpha"] < high <= 1.0
    plain = compute_agreement(kripp_ratings())
    assert (
        plain["alpha_ci"] is None and "alpha_ci is null: no bootstrap requested" in plain["notes"]
    )


def test_per_label_and_coincidence() -> None:
    result = compute_agreement(kripp_ratings())
    coincidence = np.array(result["coincidence"]["matrix"])
    assert result["coincidence"]["labels"] == ["1", "2", "3", "4", "5"]
    np.testing.assert_allclose(coincidence, coincidence.T)
    assert coincidence.sum() == pytest.approx(40)  # pairable values n
    by_label = {row["label"]: row for row in result["per_label"]}
    assert by_label["3"] == {
        "label": "3",
        "count": 11,
        "pairable": 10,
        "alpha": pytest.approx(0.74),
    }
    binary = [(i, r, "3" if v == "3" else "other") for i, r, v in kripp_ratings()]
    assert by_label["3"]["alpha"] == pytest.approx(compute_agreement(binary)["krippendorff_alpha"])


def test_find_disagreements_worst_first() -> None:
    ratings = [
        ("calm", "r1", "true"), ("calm", "r2", "true"), ("calm", "r3", "false"),
        ("split", "r1", "true"), ("split", "r2", "false"), ("split", "r3", "mixed"),
        ("same", "r1", "true"), ("same", "r2", "true"), ("alone", "r1", "false"),
    ]  # fmt: skip
    found = find_disagreements(ratings)
    assert [d["item"] for d in found] == ["split", "calm"]
    assert found[0]["majority"] is None and found[0]["distinct"] == 3
    assert found[1] == {
        "item": "calm", "ratings": {"r1": "true", "r2": "true", "r3": "false"},
        "distinct": 2, "majority": "true", "agreement": pytest.approx(1 / 3), "spread": None,
    }  # fmt: skip
    numeric = [("a", "r1", "1"), ("a", "r2", "2"), ("b", "r1", "1"), ("b", "r2", "5")]
    assert [d["item"] for d in find_disagreements(numeric, level="interval")] == ["b", "a"]
    assert find_disagreements([]) == []


def test_renderers_show_kappa_matrix_and_escape_names() -> None:
    ratings = [(i, r, v) for i, r, v in kripp_ratings()] + [("x", "[bold]E", "1")]
    result = compute_agreement(ratings, bootstrap=50, seed=1)
    console = Console(record=True, width=140)
    console.print(render_table(result))
    text = console.export_text()
    assert "Cohen's kappa" in text and "[bold]E" in text and "0.743" in text
    markdown = render_markdown(result)
    assert "| A | - | 0.845 (n=9) |" in markdown
    assert "95% CI" in markdown
    empty = compute_agreement([])
    assert "n/a" in render_markdown(empty)
    Console(record=True).print(render_table(empty))


# --- property tests: reference libraries are oracles only ------------------------------------

VALUES = [0, 1, 2, 3, 5]


@st.composite
def reliability_data(draw: st.DrawFn) -> list[list[int | None]]:
    n_rev = draw(st.integers(2, 4))  # one reviewer, one value: see the degenerate tests
    n_items = draw(st.integers(1, 8))
    values = draw(st.lists(st.sampled_from(VALUES), min_size=2, max_size=4, unique=True))
    cell = st.sampled_from([None, *values, *values])  # missing, but not most of the time
    return [[draw(cell) for _ in range(n_items)] for _ in range(n_rev)]


def oracle_alpha(matrix: list[list[int | None]], level: str) -> float | None:
    data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            value = float(krippendorff.alpha(data, level_of_measurement=level))
    except ValueError:
        return None
    return None if math.isnan(value) else value


@settings(max_examples=150, deadline=None)
@given(reliability_data())
def test_alpha_matches_krippendorff_package(matrix: list[list[int | None]]) -> None:
    ratings = matrix_ratings(matrix)
    for level in ("nominal", "ordinal", "interval", "ratio"):
        ours = compute_agreement(ratings, level=level)["krippendorff_alpha"]
        theirs = oracle_alpha(matrix, level)
        if theirs is None:
            assert ours is None
        else:
            assert ours == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(reliability_data())
def test_cohen_matches_sklearn(matrix: list[list[int | None]]) -> None:
    result = compute_agreement(matrix_ratings(matrix))
    check_result(result)
    for pair in result["cohen_kappa"]:
        a, b = (matrix[int(name[1:])] for name in (pair["a"], pair["b"]))
        both = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
        assert pair["n"] == len(both)
        if not both:
            assert pair["kappa"] is None
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sklearn warns on the undefined cases we compare
            theirs = cohen_kappa_score([x for x, _ in both], [y for _, y in both])
        if math.isnan(theirs):
            assert pair["kappa"] is None
        else:
            assert pair["kappa"] == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda m: st.lists(st.lists(st.integers(0, 3), min_size=m, max_size=m), min_size=1,
                           max_size=8)
    )
)  # fmt: skip
def test_fleiss_matches_statsmodels(rows: list[list[int]]) -> None:
    ratings = [(f"i{i}", f"r{r}", str(v)) for i, row in enumerate(rows) for r, v in enumerate(row)]
    ours = compute_agreement(ratings)["fleiss_kappa"]
    table = np.zeros((len(rows), 4))
    for i, row in enumerate(rows):
        for v in row:
            table[i, v] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        theirs = float(fleiss_kappa(table, method="fleiss"))
    if math.isnan(theirs):
        assert ours is None
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)
