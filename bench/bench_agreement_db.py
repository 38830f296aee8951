"""Benchmark: ``cpec-verify agreement`` from the database vs CSV vs ``krippendorff.alpha`` alone.

Run: ``python bench/bench_agreement_db.py [--items 200000] [--reviewers 5] [--rows 1000000]``.
Builds a temp SQLite database of ``--rows`` verdict rows: one current verdict for every
claim x reviewer slot except a share ``--missing``, the rest history the query must see
through (superseded verdicts, and verdict + retraction pairs on missing slots). Rows go in
by ``executemany`` on raw sqlite3 after ``get_engine`` created the schema. Target: the
database path (query + all statistics) under 10 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from bench_agreement import best_of, make_ratings, reliability_matrix, write_csv

from cpec_verify.labels import LABELS
from cpec_verify.services.agreement import agreement_result, ratings_from_db, ratings_from_file
from cpec_verify.stats.ratings import EncodedRatings
from cpec_verify.store.db import dispose_all, get_engine, session_scope

IntArray = npt.NDArray[np.int64]


def build_db(
    path: str, item: IntArray, rev: IntArray, lab: IntArray, n_items: int, n_reviewers: int,
    extra_rows: int, seed: int,
) -> int:  # fmt: skip
    """Fill a fresh database; returns the number of verdict rows written."""
    import sqlite3

    get_engine(path)  # creates and migrates the schema
    dispose_all()
    rng = np.random.default_rng(seed + 1)
    superseded = extra_rows * 4 // 5
    old = rng.choice(len(item), size=min(superseded, len(item)), replace=False)
    taken = np.zeros((n_items, n_reviewers), dtype=bool)
    taken[item, rev] = True
    free_item, free_rev = np.nonzero(~taken)
    n_retracted = min((extra_rows - len(old)) // 2, len(free_item))
    gone = rng.choice(len(free_item), size=n_retracted, replace=False)
    now = "2024-01-01 00:00:00"
    # History first (lower ids), current verdicts last: "latest" must pick the last row.
    rows: list[tuple[int, str, str | None, int]] = [
        (int(i) + 1, f"reviewer{r}", LABELS[(x + 1) % len(LABELS)], 0)
        for i, r, x in zip(item[old].tolist(), rev[old].tolist(), lab[old].tolist(), strict=True)
    ]
    for i, r in zip(free_item[gone].tolist(), free_rev[gone].tolist(), strict=True):
        rows += [(i + 1, f"reviewer{r}", LABELS[0], 0), (i + 1, f"reviewer{r}", None, 1)]
    rows += [
        (i + 1, f"reviewer{r}", LABELS[x], 0)
        for i, r, x in zip(item.tolist(), rev.tolist(), lab.tolist(), strict=True)
    ]
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = OFF")
    with con:
        con.execute("INSERT INTO source (id, path, sha256, size, format, encoding, warnings, "
                    "imported_at) VALUES (1, 'bench', ?, 0, 'txt', 'utf-8', '[]', ?)",
                    ("0" * 64, now))  # fmt: skip
        con.execute("INSERT INTO article (id, source_id, part, text, chars, sentence_count, "
                    "fingerprint, created_at) VALUES (1, 1, 1, 'bench', 5, 0, '[]', ?)",
                    (now,))  # fmt: skip
        con.executemany(
            "INSERT INTO claim (id, article_id, start, end, text, kinds, quantities, score, "
            "score_reason, origin, extractor_version, orphaned, created_at) "
            "VALUES (?, 1, 0, 5, 'claim', '[]', '[]', 0, '', 'auto', '', 0, ?)",
            ((c + 1, now) for c in range(n_items)),
        )
        con.executemany(
            "INSERT INTO verdict (claim_id, reviewer, label, retraction, evidence, created_at) "
            "VALUES (?, ?, ?, ?, '[]', ?)",
            ((c, r, x, t, now) for c, r, x, t in rows),
        )
    con.execute("ANALYZE")
    con.close()
    return len(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1_000_000, help="verdict rows in total")
    parser.add_argument("--missing", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    n_labels = len(LABELS)
    item, rev, lab = make_ratings(args.items, args.reviewers, n_labels, args.missing, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.sqlite")
        start = time.perf_counter()
        written = build_db(db, item, rev, lab, args.items, args.reviewers,
                           max(args.rows - len(lab), 0), args.seed)  # fmt: skip
        print(f"{written:,} verdict rows ({len(lab):,} current): {args.items:,} claims x "
              f"{args.reviewers} reviewers, {args.missing:.0%} missing, {n_labels} labels; "
              f"built in {time.perf_counter() - start:.1f} s")  # fmt: skip
        csv_path = Path(tmp) / "ratings.csv"
        write_csv(str(csv_path), item, rev, lab)

        engine = get_engine(db)  # open and migrate-check once, as the CLI does before its query

        def from_db() -> EncodedRatings:
            with session_scope(engine) as session:
                return ratings_from_db(session)

        t_query, enc = best_of(from_db, args.repeat)
        t_db, res = best_of(lambda: agreement_result(from_db()), args.repeat)
        t_csv, res_csv = best_of(lambda: agreement_result(ratings_from_file(csv_path)), args.repeat)
        dispose_all()

        def cli(*args: str) -> float:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cpec_verify", *args], check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
            return time.perf_counter() - start

        t_cli = cli("agreement", "--db", db, "--format", "json")
        t_start = cli("--version")

    import krippendorff  # benchmark oracle only

    mat = reliability_matrix(item, rev, lab, args.items, args.reviewers)
    t_kripp, theirs = best_of(
        lambda: krippendorff.alpha(mat, level_of_measurement="nominal"), args.repeat
    )
    for name, got in (("database", res), ("csv", res_csv)):
        if abs(got["krippendorff_alpha"] - float(theirs)) > 1e-9 or got["ratings"] != len(lab):
            raise AssertionError(f"{name} path disagrees: {got['krippendorff_alpha']} vs {theirs}")
    print(f"database query alone (latest_label_arrays):  {t_query:8.3f} s  ({len(enc):,} rows)")
    print(f"database path: query + all statistics:       {t_db:8.3f} s  (target < 10 s)")
    print(f"whole CLI process from the database (json):   {t_cli:8.3f} s  "
          f"(of which {t_start:.3f} s is interpreter + import startup)")  # fmt: skip
    print(f"CSV path: read + all statistics:              {t_csv:8.3f} s")
    print(f"krippendorff.alpha alone (nominal):           {t_kripp:8.3f} s")
    print(f"ratio database path / krippendorff:           {t_db / t_kripp:8.2f}")
    print(f"ratio CSV path / krippendorff:                {t_csv / t_kripp:8.2f}")
    print(f"alpha {res['krippendorff_alpha']:.6f}, percent agreement "
          f"{res['percent_agreement']:.4f}")  # fmt: skip


if __name__ == "__main__":
    main()
