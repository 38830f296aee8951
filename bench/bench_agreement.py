"""Benchmark: every agreement statistic vs ``krippendorff.alpha`` alone on the same ratings.

Run: ``python bench/bench_agreement.py [--items 200000] [--reviewers 5] [--labels 3]``.
The target is ratio <= 1.0: all statistics from arrays in no more time than krippendorff's
nominal alpha alone. :func:`bench_from_arrays` is reusable for a database-backed variant.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from cpec_verify.stats.agreement import compute_agreement, compute_agreement_arrays
from cpec_verify.stats.ratings import read_ratings, read_ratings_encoded

LABELS = ["false", "misleading", "true"]


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Fastest wall time of ``repeat`` runs (and the last result): least noisy on shared boxes."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def make_ratings(
    n_items: int, n_reviewers: int, n_labels: int, missing: float, seed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Seeded long-format codes: every item x reviewer slot, a share ``missing`` dropped."""
    rng = np.random.default_rng(seed)
    item = np.repeat(np.arange(n_items, dtype=np.int64), n_reviewers)
    rev = np.tile(np.arange(n_reviewers, dtype=np.int64), n_items)
    lab = rng.integers(0, n_labels, n_items * n_reviewers, dtype=np.int64)
    keep = rng.random(len(item)) >= missing
    return item[keep], rev[keep], lab[keep]


def reliability_matrix(
    item: npt.NDArray[np.int64], rev: npt.NDArray[np.int64], lab: npt.NDArray[np.int64],
    n_items: int, n_reviewers: int,
) -> npt.NDArray[np.float64]:  # fmt: skip
    """Reviewers x items float matrix with NaN for missing, as krippendorff.alpha expects."""
    mat = np.full((n_reviewers, n_items), np.nan)
    mat[rev, item] = lab
    return mat


def bench_from_arrays(
    item: npt.NDArray[np.int64], rev: npt.NDArray[np.int64], lab: npt.NDArray[np.int64],
    labels: Sequence[str], reviewers: Sequence[str], n_items: int, *, repeat: int = 5,
) -> dict[str, float]:  # fmt: skip
    """Time compute_agreement_arrays against krippendorff.alpha (nominal) on the same data."""
    import krippendorff  # benchmark oracle only; not a runtime dependency

    mat = reliability_matrix(item, rev, lab, n_items, len(reviewers))
    t_ours = t_kripp = float("inf")
    for _ in range(repeat):  # interleaved, so background load hits both sides alike
        t, result = best_of(
            lambda: compute_agreement_arrays(item, rev, lab, labels, reviewers, n_items), 1
        )
        t_ours = min(t_ours, t)
        t, theirs = best_of(lambda: krippendorff.alpha(mat, level_of_measurement="nominal"), 1)
        t_kripp = min(t_kripp, t)
    if abs(result["krippendorff_alpha"] - float(theirs)) > 1e-9:
        raise AssertionError(f"alpha mismatch: {result['krippendorff_alpha']} vs {theirs}")
    return {"compute_s": t_ours, "krippendorff_s": t_kripp, "ratio": t_ours / t_kripp}


def write_csv(path: str, item: npt.NDArray[np.int64], rev: npt.NDArray[np.int64],
              lab: npt.NDArray[np.int64]) -> None:  # fmt: skip
    rows = (f"item{i},reviewer{r},{LABELS[x]}" for i, r, x in zip(item, rev, lab, strict=True))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("item,reviewer,label\n")
        fh.write("\n".join(rows))
        fh.write("\n")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--labels", type=int, default=3, choices=range(2, len(LABELS) + 1))
    parser.add_argument("--missing", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    item, rev, lab = make_ratings(args.items, args.reviewers, args.labels, args.missing, args.seed)
    reviewers = [f"reviewer{r}" for r in range(args.reviewers)]
    print(f"{len(lab):,} ratings: {args.items:,} items x {args.reviewers} reviewers, "
          f"{args.missing:.0%} missing, {args.labels} labels")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ratings.csv")
        write_csv(path, item, rev, lab)

        def encoded() -> dict[str, Any]:
            with open(path, encoding="utf-8", newline="") as fh:
                return compute_agreement(read_ratings_encoded(fh, fmt="csv", name=path))

        def tuples() -> dict[str, Any]:
            with open(path, encoding="utf-8", newline="") as fh:
                return compute_agreement(read_ratings(fh, fmt="csv", name=path))

        t_enc, res = best_of(encoded, max(1, args.repeat // 2))
        t_tup, _ = best_of(tuples, max(1, args.repeat // 2))
    print(f"read CSV + all statistics (encoded reader): {t_enc:8.3f} s")
    print(f"read CSV + all statistics (tuple reader):   {t_tup:8.3f} s")
    timing = bench_from_arrays(
        item, rev, lab, LABELS[: args.labels], reviewers, args.items, repeat=args.repeat
    )
    print(f"all statistics from arrays:                 {timing['compute_s']:8.3f} s")
    print(f"krippendorff.alpha alone (nominal):         {timing['krippendorff_s']:8.3f} s")
    print(f"ratio (ours / krippendorff):                {timing['ratio']:8.2f}  (target <= 1.0)")
    print(f"alpha {res['krippendorff_alpha']:.6f}, percent agreement "
          f"{res['percent_agreement']:.4f}")  # fmt: skip


if __name__ == "__main__":
    main()
