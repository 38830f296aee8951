"""Throughput of the ingest stage on seeded synthetic news text.

Run: PYTHONPATH=src python bench/bench_split.py [--articles N]
Prints sentences/s and MB/s for split_article, articles/s for parse_document end to end
(plain text with page chrome, and a sample of HTML pages), and the cost of near-duplicate
checks over the whole set. Texts come from templates with the splitter's pitfalls
(abbreviations, decimals, quotes, bullets, datelines) so the figures reflect real work.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

from cpec_verify.ingest import DuplicateIndex, fingerprint, parse_document, split_article

CITIES = ["ISLAMABAD", "KARACHI", "LAHORE", "PESHAWAR", "QUETTA", "GWADAR", "BEIJING"]
PEOPLE = ["Mr. Khan", "Dr. Aslam", "Ms. Baig", "A. B. Qureshi", "Prof. Rauf", "Gen. Malik"]
FIRMS = ["Habib Steel Ltd.", "Indus Power Co. Ltd.", "Thar Mining Corp.", "Karakoram Freight Inc."]
SENTENCES = [
    "{person} said the project would cost Rs. {n}.{d}bn over {y} years.",
    "Output rose {n}.{d} per cent in the quarter, the ministry said.",
    "The contract went to {firm} The value was about ${n}.{d}bn.",
    "“We are on track,” {person} told reporters on Monday.",
    "He said: “Peace and stability remain the bedrock of our partnership.”",
    "Talks in the U.S. ended at {y} p.m. on Friday, officials said.",
    "Exports of fruit, textiles, rice etc. rose to ${n} million in {year}.",
    "The plant will add {n} MW, approx. {d} per cent of demand, by {year}.",
    "Is the deadline realistic? Analysts at {firm} doubt it.",
    "The talks were ... inconclusive, according to No. {n} committee.",
    "Trade with China reached ${n}.{d} billion, up from ${d} billion in {year}.",
    "The Govt. approved {n} new licences and {d} permits last week.",
]
HEADINGS = ["Funding Gap Widens", "Digital Corridor: What Comes Next", "Power Sector Reforms"]


def make_article(rng: random.Random, target: int = 4000) -> tuple[str, str]:
    """One synthetic story: (title, body with bullets, dateline and subheadings)."""
    title = f"{rng.choice(CITIES).title()} plan targets ${rng.randint(1, 99)}bn in new trade"
    parts = [
        f"  • {rng.choice(PEOPLE)} outlines {rng.randint(2, 9)} priorities for the second phase",
        f"  • Officials expect {rng.randint(10, 90)} per cent of funds from China",
    ]
    size = 0
    first = True
    while size < target:
        sents = []
        for _ in range(rng.randint(2, 5)):
            sents.append(
                rng.choice(SENTENCES).format(
                    person=rng.choice(PEOPLE),
                    firm=rng.choice(FIRMS),
                    n=rng.randint(1, 900),
                    d=rng.randint(1, 9),
                    y=rng.randint(2, 11),
                    year=rng.randint(2015, 2030),
                )
            )
        para = " ".join(sents)
        if first:
            para = f"{rng.choice(CITIES)}: {para}"
            first = False
        elif rng.random() < 0.1:
            parts.append(rng.choice(HEADINGS))
        parts.append(para)
        size += len(para)
    return title, "\n\n".join(parts)


def page(title: str, body: str) -> bytes:
    header = f"{title}\n\nShort Url\nUpdated 17 November 2025\nFollow\n\n{title}\n\n"
    return (header + body + "\n\nFollow the Daily Grid WhatsApp Channel for updates.\n").encode()


def html_page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{p.strip()}</p>\n" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>"
        f"{paras}</article><footer>Copyright The Ledger</footer></body></html>"
    ).encode()


def timed(fn: Callable[[], Any]) -> tuple[Any, float, str]:
    """Run ``fn``; return its result, CPU seconds (rates use these: the box is shared) and a note."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return out, cpu, f"{cpu:.2f}s CPU, {wall:.2f}s wall"


def dedupe(texts: list[str], originals: int) -> tuple[int, int]:
    """Add every text in turn; count matches among the originals and among the copies."""
    index = DuplicateIndex()
    found = [0, 0]
    for i, text in enumerate(texts):
        fp = fingerprint(text)
        if index.find(text, fp) is not None:
            found[i >= originals] += 1
        index.add(i, text, fp)
    return found[0], found[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--html", type=int, default=300, help="HTML pages to time (trafilatura)")
    ap.add_argument("--seed", type=int, default=2025)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    stories = [make_article(rng) for _ in range(args.articles)]
    texts = [body for _, body in stories]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    n = len(texts)

    n_sent, cpu, note = timed(lambda: sum(len(split_article(t)[1]) for t in texts))
    print(f"split_article : {n} articles, {mb:.1f} MB, {n_sent:,} sentences ({note}) -> "
          f"{n_sent / cpu:,.0f} sentences/s, {mb / cpu:.1f} MB/s")  # fmt: skip

    pages = [page(title, body) for title, body in stories]
    results, cpu, note = timed(
        lambda: [parse_document(raw, name=f"{i}.txt") for i, raw in enumerate(pages)]
    )
    print(f"parse_document: {n} txt pages ({note}) -> {n / cpu:,.0f} articles/s")

    sample = [html_page(title, body) for title, body in stories[: args.html]]
    _, cpu, note = timed(lambda: [parse_document(r, name="p.html") for r in sample])
    print(
        f"parse_document: {len(sample)} html pages ({note}) -> {len(sample) / cpu:,.0f} articles/s"
    )

    cleaned = [r.articles[0].text for r in results]
    planted = max(1, n // 50)  # reflowed, lightly edited syndicated copies appended at the end
    copies = [
        cleaned[i].replace("\n\n", "\n").replace(" said", " stated", 1)
        for i in rng.sample(range(n), planted)
    ]
    (false_hits, found), cpu, note = timed(lambda: dedupe(cleaned + copies, n))
    total = n + planted
    print(f"duplicates    : find+add {total} articles ({note}) -> {total / cpu:,.0f} articles/s; "
          f"found {found} of {planted} planted copies, {false_hits} false matches")  # fmt: skip


if __name__ == "__main__":
    main()
