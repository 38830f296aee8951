"""Benchmark: command start-up, beside the bare interpreter measured in the same run.

Run: ``python bench/bench_startup.py [--runs 15]``.

Each figure is the median wall time of ``--runs`` fresh processes (after one warm-up run, so
the page cache is warm for all alike):

* ``python -c pass``: the floor any Python command pays;
* ``cpec-verify --help``: target at most 10x the floor (the lazy click group imports no
  command module, so neither SQLAlchemy, Rich, NumPy, trafilatura nor Textual);
* ``cpec-verify verdict CLAIM unsourced`` on a small database (three short articles,
  claims extracted): target under 0.3 s.  Each run appends one verdict, as a script would.

Modelled on harlequin's ``scripts/cold_start.py``.  The machine's load moves every line
alike; read the ratio, and rerun when the floor itself looks slow.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLES = [
    {
        "title": "Reservoir level rises after rains",
        "text": "The irrigation department said the reservoir held 4.1 million acre-feet on "
        "Monday, up from 3.2 million a week earlier.\n\nEngineers said the spillway would "
        "stay closed until the level reached 5 million acre-feet.",
    },
    {
        "title": "Spillway stays shut",
        "text": "The reservoir held 4.3 million acre-feet on Monday, the water authority "
        "said.\n\nOfficials said 12 canals would reopen by Friday.",
    },
    {
        "title": "Canal repairs finish early",
        "text": "Contractors said repairs on 12 canals were finished two weeks early at a "
        "cost of Rs 800 million.",
    },
]


def median_seconds(argv: list[str], runs: int, env: dict[str, str]) -> float:
    subprocess.run(argv, env=env, capture_output=True, check=True)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def small_database(folder: Path, command: str, env: dict[str, str]) -> tuple[str, int]:
    """A database with three short articles and their claims; returns (path, a claim id)."""
    db = str(folder / "small.sqlite")
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    subprocess.run([command, "import", str(feed), "--db", db], env=env, check=True,
                   capture_output=True)  # fmt: skip
    claims = subprocess.run(
        [command, "claims", "--format", "json", "--db", db],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return db, int(json.loads(claims)[0]["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="processes per figure")
    args = parser.parse_args()
    command = str(Path(sys.executable).with_name("cpec-verify"))
    if not Path(command).exists():
        sys.exit(f"error: {command} not found; install the package (pip install -e .)")
    env = {**os.environ, "CPEC_VERIFY_REVIEWER": "bench"}
    env.pop("CPEC_VERIFY_DB", None)
    bare = median_seconds([sys.executable, "-c", "pass"], args.runs, env)
    helps = median_seconds([command, "--help"], args.runs, env)
    with tempfile.TemporaryDirectory() as tmp:
        db, claim = small_database(Path(tmp), command, env)
        verdict = median_seconds(
            [command, "verdict", str(claim), "unsourced", "--db", db], args.runs, env
        )
    print(f"median of {args.runs} runs each ({os.cpu_count()} cores)")
    print(f"  python -c pass            {bare * 1000:7.1f} ms")
    print(
        f"  cpec-verify --help        {helps * 1000:7.1f} ms  = {helps / bare:4.1f}x (target <= 10x)"
    )
    print(f"  cpec-verify verdict (db)  {verdict * 1000:7.1f} ms  (target < 300 ms)")


if __name__ == "__main__":
    main()
