"""Reviewer agreement: percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha.

Everything derives from two dense arrays built with one scatter each, so a million ratings
cost a few numpy passes: ``cnt`` (items x labels, how often each label was given to each item)
and ``grid`` (reviewers x items, the label each reviewer gave, ``L`` when missing). Undefined
statistics are ``None`` with a reason in ``notes``; results hold plain Python numbers only.
Both arrays are dense, sized for verdict-style data: a few labels and tens of reviewers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .ratings import LEVELS, EncodedRatings, Rating, RatingsError, encode_ratings, parse_number

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def compute_agreement(
    ratings: Iterable[Rating] | EncodedRatings,
    *,
    level: str = "nominal",
    bootstrap: int = 0,
    seed: int | None = None,
) -> dict[str, Any]:
    """All agreement statistics for (item, reviewer, label) ratings; later duplicates win."""
    enc = ratings if isinstance(ratings, EncodedRatings) else encode_ratings(ratings)
    return compute_agreement_arrays(
        enc.item_idx, enc.reviewer_idx, enc.label_idx, enc.labels, enc.reviewers,
        len(enc.items), level=level, bootstrap=bootstrap, seed=seed,
    )  # fmt: skip


def compute_agreement_arrays(
    item_idx: npt.ArrayLike,
    reviewer_idx: npt.ArrayLike,
    label_idx: npt.ArrayLike,
    labels: Sequence[str],
    reviewers: Sequence[str],
    n_items: int,
    *,
    level: str = "nominal",
    bootstrap: int = 0,
    seed: int | None = None,
) -> dict[str, Any]:
    """Like :func:`compute_agreement` on pre-encoded codes (the database path passes these).

    Unused labels and reviewers are dropped; labels are ordered numerically when all parse
    as numbers, else as strings. For numeric levels, labels with equal value merge ("1", "1.0").
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    if bootstrap < 0:
        raise ValueError("bootstrap must be >= 0")
    item, rev, lab = (np.asarray(a, dtype=np.int64) for a in (item_idx, reviewer_idx, label_idx))
    if not len(item) == len(rev) == len(lab):
        raise ValueError("item_idx, reviewer_idx and label_idx differ in length")
    lab, names, values = _canonical_labels(lab, labels, level)
    rev, rev_names = _canonical_reviewers(rev, reviewers)
    n_lab, n_rev = len(names), len(rev_names)
    notes: list[str] = []
    grid, item, rev, lab, dropped = _grid(item, rev, lab, n_items, n_rev, n_lab)
    if dropped:
        notes.append(f"{dropped} duplicate (item, reviewer) rating(s): the later one was used")
    cnt = np.bincount(item * n_lab + lab, minlength=n_items * n_lab).reshape(n_items, n_lab)
    per_item = np.bincount(item, minlength=n_items)
    pairable = per_item >= 2
    cp = cnt[pairable].astype(np.float64)
    m = per_item[pairable].astype(np.float64)
    w = 1.0 / (m - 1.0)
    o = _coincidence(cp, w)
    no_pairs = "no item has two or more ratings"
    if len(cp):  # per item: agreeing ordered pairs / all ordered pairs
        agreeing = (cp * (cp - 1.0)) @ np.ones(n_lab)  # matvec: far faster than sum(axis=1)
        pa: float | None = float(np.mean(agreeing / (m * (m - 1.0))))
    else:
        pa = None
        notes.append(f"percent_agreement is null: {no_pairs}")
    alpha = _alpha(o, level, values)
    if alpha is None:
        why = no_pairs if not len(cp) else "only one label occurs among items rated twice"
        notes.append(f"krippendorff_alpha is null: {why}")
    ci = _bootstrap_ci(cp, w, level, values, bootstrap, seed, notes) if alpha is not None else None
    if ci is None and alpha is not None and bootstrap == 0:
        notes.append("alpha_ci is null: no bootstrap requested")
    elif ci is None and alpha is None:
        notes.append("alpha_ci is null: krippendorff_alpha is undefined")
    return {
        "level": level,
        "items": int(np.count_nonzero(per_item)),
        "pairable_items": int(len(cp)),
        "reviewers": n_rev,
        "reviewer_names": rev_names,
        "ratings": int(len(lab)),
        "duplicates": dropped,
        "labels": names,
        "percent_agreement": pa,
        "cohen_kappa": _cohen(grid, n_lab, rev_names, notes),
        "fleiss_kappa": _fleiss(cnt, per_item, pa, notes),
        "krippendorff_alpha": alpha,
        "alpha_ci": ci,
        "bootstrap": bootstrap,
        "seed": seed,
        "per_label": _per_label(cnt, o, names, notes),
        "coincidence": {"labels": names, "matrix": np.round(o, 12).tolist()},
        "notes": notes,
    }


def _canonical_labels(
    lab: IntArray, labels: Sequence[str], level: str
) -> tuple[IntArray, list[str], FloatArray]:
    """Recode labels into display order; returns codes, names and numeric values."""
    counts = np.bincount(lab, minlength=len(labels))
    if len(counts) > len(labels):
        raise ValueError("label_idx out of range")
    used = [int(i) for i in np.flatnonzero(counts)]
    nums = {i: parse_number(str(labels[i])) for i in used}
    if level != "nominal":
        for i in used:
            if nums[i] is None:
                raise RatingsError(f"label {labels[i]!r} is not a number (level {level})")
    numeric = all(nums[i] is not None for i in used)
    order = sorted(used, key=lambda i: (nums[i] if numeric else 0.0, str(labels[i])))
    lookup = np.full(len(labels), -1, dtype=np.int64)
    names: list[str] = []
    values: list[float] = []
    for i in order:
        value = nums[i] if numeric else float(len(names))
        if level == "nominal" or not values or value != values[-1]:
            names.append(str(labels[i]))
            values.append(float(value or 0.0))
        lookup[i] = len(names) - 1
    return _remap(lab, lookup), names, np.array(values, dtype=np.float64)


def _canonical_reviewers(rev: IntArray, reviewers: Sequence[str]) -> tuple[IntArray, list[str]]:
    counts = np.bincount(rev, minlength=len(reviewers))
    if len(counts) > len(reviewers):
        raise ValueError("reviewer_idx out of range")
    order = sorted((int(i) for i in np.flatnonzero(counts)), key=lambda i: str(reviewers[i]))
    lookup = np.full(len(reviewers), -1, dtype=np.int64)
    lookup[order] = np.arange(len(order))
    return _remap(rev, lookup), [str(reviewers[i]) for i in order]


def _remap(codes: IntArray, lookup: IntArray) -> IntArray:
    """Apply a code lookup, skipping the gather when it is the identity (the common case)."""
    if np.array_equal(lookup, np.arange(len(lookup))):
        return codes
    return lookup[codes]


def _grid(
    item: IntArray, rev: IntArray, lab: IntArray, n_items: int, n_rev: int, n_lab: int
) -> tuple[npt.NDArray[np.integer], IntArray, IntArray, IntArray, int]:
    """Reviewer x item label grid (``n_lab`` = missing); duplicates resolved, later wins."""
    if len(item) and (item.min() < 0 or item.max() >= n_items):
        raise ValueError("item_idx out of range")
    dtype = np.int8 if n_lab < 127 else np.int16 if n_lab < 32767 else np.int32
    grid = np.full((n_rev, n_items), n_lab, dtype=dtype)
    key = rev * n_items + item
    flat = grid.reshape(-1)
    flat[key] = lab
    dropped = len(key) - int(np.count_nonzero(flat != n_lab))
    if dropped:  # fancy assignment order is unspecified: resolve explicitly, keep last
        _, first_rev = np.unique(key[::-1], return_index=True)
        keep = np.sort(len(key) - 1 - first_rev)
        item, rev, lab = item[keep], rev[keep], lab[keep]
        flat[key[keep]] = lab
    return grid, item, rev, lab, dropped


def _coincidence(cp: FloatArray, w: FloatArray) -> FloatArray:
    """Krippendorff's coincidence matrix: sum over items of (c c^T - diag c) / (m - 1)."""
    cw = cp * w[:, None]
    return cw.T @ cp - np.diag(cw.sum(axis=0))


def _distance(level: str, values: FloatArray, n_v: FloatArray) -> FloatArray:
    """Squared difference function delta^2 between labels at the measurement level."""
    size = len(values)
    i, j = np.indices((size, size))
    if level == "nominal":
        return (i != j).astype(np.float64)
    if level == "ordinal":
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        cs = np.cumsum(n_v)
        between = cs[hi] - cs[lo] + n_v[lo]
        return (between - (n_v[i] + n_v[j]) / 2.0) ** 2
    diff = values[i] - values[j]
    if level == "interval":
        return diff**2
    total = values[i] + values[j]
    ratio = np.divide(diff, total, out=np.zeros_like(diff), where=total != 0)
    return ratio**2


def _alpha(o: FloatArray, level: str, values: FloatArray) -> float | None:
    n_v = o.sum(axis=0)
    n = float(n_v.sum())
    if n <= 1 or np.count_nonzero(n_v > 0) < 2:
        return None
    d = _distance(level, values, n_v)
    expected = float((np.outer(n_v, n_v) * d).sum()) / (n - 1.0)
    if expected <= 0:
        return None
    return 1.0 - float((o * d).sum()) / expected


def _bootstrap_ci(
    cp: FloatArray, w: FloatArray, level: str, values: FloatArray,
    replicates: int, seed: int | None, notes: list[str],
) -> list[float] | None:  # fmt: skip
    """95 % percentile interval for alpha, resampling items (with replacement) by weights."""
    if replicates == 0:
        return None
    rng = np.random.default_rng(seed)
    size = len(cp)
    alphas = []
    for _ in range(replicates):
        weights = np.bincount(rng.integers(0, size, size), minlength=size) * w
        alpha = _alpha(_coincidence(cp, weights), level, values)
        if alpha is not None:
            alphas.append(alpha)
    if not alphas:
        notes.append("alpha_ci is null: alpha is undefined in every bootstrap replicate")
        return None
    if len(alphas) < replicates:
        notes.append(f"{replicates - len(alphas)} bootstrap replicate(s) had undefined alpha")
    low, high = np.percentile(alphas, [2.5, 97.5])
    return [float(low), float(high)]


def _cohen(
    grid: npt.NDArray[np.integer], n_lab: int, names: list[str], notes: list[str]
) -> list[dict[str, Any]]:
    """Cohen's kappa for each reviewer pair on the items both rated (bincount of a*K+b)."""
    out: list[dict[str, Any]] = []
    k = n_lab + 1
    null_pairs: list[str] = []
    for a in range(len(names)):
        col_a = grid[a].astype(np.intp) * k
        for b in range(a + 1, len(names)):
            table = np.bincount(col_a + grid[b], minlength=k * k).reshape(k, k)[:n_lab, :n_lab]
            n = int(table.sum())
            observed = int(np.trace(table))
            chance = int(table.sum(axis=1) @ table.sum(axis=0))
            kappa, note = None, None
            if n == 0:
                note = "no items rated by both"
            elif n * n == chance:
                note = "expected agreement is 1 (both gave one and the same label)"
            else:
                kappa = (n * observed - chance) / (n * n - chance)
            if note:
                null_pairs.append(f"{names[a]}/{names[b]} ({note})")
            out.append({"a": names[a], "b": names[b], "kappa": kappa, "n": n, "note": note})
    if len(names) < 2:
        notes.append("cohen_kappa is empty: fewer than two reviewers")
    if null_pairs:
        notes.append("cohen_kappa is null for " + "; ".join(null_pairs))
    return out


def _fleiss(cnt: IntArray, per_item: IntArray, pa: float | None, notes: list[str]) -> float | None:
    """Fleiss' kappa, defined only when every rated item has the same number of ratings.

    Its observed agreement is then exactly ``percent_agreement`` (every rated item is pairable).
    """
    per_item = per_item[per_item > 0]
    reason = None
    if not len(per_item):
        reason = "no ratings"
    elif per_item.min() != per_item.max():
        reason = f"items have differing numbers of ratings ({per_item.min()} to {per_item.max()})"
    elif per_item[0] < 2:
        reason = "every item has only one rating"
    if reason is None:
        m = float(per_item[0])
        share = cnt.sum(axis=0) / (len(per_item) * m)
        expected = float(share @ share)
        if expected < 1.0 - 1e-12 and pa is not None:
            return (pa - expected) / (1.0 - expected)
        reason = "expected agreement is 1 (a single label throughout)"
    notes.append(f"fleiss_kappa is null: {reason}")
    return None


def _per_label(
    cnt: IntArray, o: FloatArray, names: list[str], notes: list[str]
) -> list[dict[str, Any]]:
    """One-vs-rest nominal alpha for each label, read off the binary-collapsed coincidences."""
    counts = cnt.sum(axis=0)
    paired = o.sum(axis=0)
    n = float(paired.sum())
    out: list[dict[str, Any]] = []
    for k, name in enumerate(names):
        n_k = float(paired[k])
        alpha = None
        if n_k <= 0 or n_k >= n:
            why = "never in an item rated twice" if n_k <= 0 else "the only label given"
            notes.append(f"per_label alpha for {name!r} is null: {why}")
        else:
            mixed = max(n_k - float(o[k, k]), 0.0)  # k paired with any other label
            alpha = 1.0 - (n - 1.0) * mixed / (n_k * (n - n_k))
        out.append({"label": name, "count": int(counts[k]), "pairable": round(n_k), "alpha": alpha})
    return out


def find_disagreements(
    ratings: Iterable[Rating] | EncodedRatings, *, level: str = "nominal"
) -> list[dict[str, Any]]:
    """Items whose ratings differ, worst first, for a lead to adjudicate.

    Worst means lowest pairwise agreement (then more distinct labels); for numeric levels the
    widest ``spread`` (max - min value) comes first. ``majority`` is null on a tie.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    enc = ratings if isinstance(ratings, EncodedRatings) else encode_ratings(ratings)
    lab, names, values = _canonical_labels(enc.label_idx, enc.labels, level)
    item, rev, n_lab = enc.item_idx, enc.reviewer_idx, len(names)
    key = item * max(len(enc.reviewers), 1) + rev
    _, first_from_end = np.unique(key[::-1], return_index=True)  # later duplicates win
    keep = np.sort(len(key) - 1 - first_from_end)
    item, rev, lab = item[keep], rev[keep], lab[keep]
    cnt = np.bincount(item * n_lab + lab, minlength=len(enc.items) * n_lab)
    cnt = cnt.reshape(len(enc.items), n_lab)
    mixed = np.count_nonzero(cnt, axis=1) > 1
    rows = np.flatnonzero(mixed[item])
    rows = rows[np.argsort(item[rows], kind="stable")]
    by_item: dict[int, dict[str, str]] = {}
    for i, r, x in zip(item[rows].tolist(), rev[rows].tolist(), lab[rows].tolist(), strict=True):
        by_item.setdefault(i, {})[enc.reviewers[r]] = names[x]
    out: list[dict[str, Any]] = []
    for i, given in by_item.items():
        c = cnt[i]
        m = int(c.sum())
        top = np.flatnonzero(c == c.max())
        present = values[c > 0]
        out.append(
            {
                "item": enc.items[i],
                "ratings": dict(sorted(given.items())),
                "distinct": int(np.count_nonzero(c)),
                "majority": names[int(top[0])] if len(top) == 1 else None,
                "agreement": float((c * (c - 1)).sum()) / (m * (m - 1)),
                "spread": None if level == "nominal" else float(present.max() - present.min()),
            }
        )
    if level == "nominal":
        out.sort(key=lambda d: (d["agreement"], -d["distinct"], d["item"]))
    else:
        out.sort(key=lambda d: (-d["spread"], d["agreement"], d["item"]))
    return out
