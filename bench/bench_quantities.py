"""Throughput benchmark for cpec_verify.claims.quantities.parse_quantities.

Generates ~20,000 seeded news-like sentences (figures, ranges, dates, distractors such as
"5G" or "ML-1") and reports sentences/s and quantities/s, so a slowdown from a new pattern
shows up before it reaches the annotation UI.  Run: ``python bench/bench_quantities.py [N]``.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

try:
    from cpec_verify.claims.quantities import parse_quantities
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from cpec_verify.claims.quantities import parse_quantities

SUBJECTS = [
    "The ministry",
    "Beijing",
    "The planning commission",
    "Officials",
    "The company",
    "The provincial government",
    "A Chinese consortium",
    "The regulator",
]
VERBS = ["announced", "approved", "said it had spent", "pledged", "reported", "estimated"]
MONEY = [
    "${n} billion",
    "${d}bn",
    "US${d} billion",
    "Rs {n} million",
    "Rs. {d}bn",
    "PKR {n} crore",
    "Rs {n},{k:03d} crore",
    "Rs {d} lakh",
    "rupees {n} arab",
    "RMB {n}bn",
    "{n} billion yuan",
    "USD {d} million",
    "${n},{k:03d}",
    "${n}-{m}bn",
]
OTHER = [
    "{n},{k:03d} MW",
    "{d}GW",
    "{n} km",
    "{n},{k:03d}-km",
    "{n} square kilometres",
    "{n},{k:03d} acres",
    "{n} per cent",
    "{n}%",
    "{d} p.c.",
    "{n},{k:03d} workers",
    "{n} PhD scholarships",
    "between {n} and {m} percent",
    "from {n} to {m} MW",
    "the {n}th meeting",
    "{n} November 20{y:02d}",
    "July {day}",
    "by 20{y:02d}",
]
QUALS = ["", "", "", "about ", "nearly ", "more than ", "up to ", "an estimated "]
TAILS = [
    ".",
    " for the 5G rollout.",
    " on the ML-1 line.",
    " under Section 26-A.",
    ", officials said.",
    " in 2019-20.",
    " (a multibillion-dollar scheme).",
]


def make_sentences(count: int, seed: int = 20240601) -> list[str]:
    """Deterministic sentences so runs on different machines are comparable."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 3)):
            n = rng.randint(1, 999)
            vals = {
                "n": n,
                "m": n + rng.randint(1, 50),
                "k": rng.randint(0, 999),
                "d": round(rng.uniform(0.1, 99.9), 1),
                "y": rng.randint(15, 40),
                "day": rng.randint(1, 28),
            }
            tmpl = rng.choice(MONEY if rng.random() < 0.5 else OTHER)
            parts.append(rng.choice(QUALS) + tmpl.format(**vals))
        out.append(
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} " + " and ".join(parts) + rng.choice(TAILS)
        )
    return out


def main(count: int = 20_000) -> None:
    sentences = make_sentences(count)
    parse_quantities(sentences[0])  # warm up compiled patterns
    best = float("inf")
    found = 0
    for _ in range(3):
        t0 = time.perf_counter()
        found = sum(len(parse_quantities(s)) for s in sentences)
        best = min(best, time.perf_counter() - t0)
    chars = sum(map(len, sentences))
    print(
        f"{count} sentences ({chars / count:.0f} chars avg), {found} quantities, "
        f"best of 3: {best:.3f}s"
    )
    print(f"{count / best:,.0f} sentences/s, {found / best:,.0f} quantities/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
