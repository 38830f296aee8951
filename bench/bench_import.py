"""Benchmark: ``cpec-verify import`` of a synthetic corpus, end to end (read, clean, split, store).

Run: ``python bench/bench_import.py [--articles 10000] [--seed 1]``.

Writes ``--articles`` seeded synthetic articles (about 4 KB each, from ``bench/synth.py``) as
text files shaped like copied news pages (title, "Short Url", "Updated ..." stamp, repeated
title, dateline), then imports the folder with claims extraction off (``--no-extract``; claims
have their own bench) into a fresh SQLite database, in-process through the same code path as
the command.  Prints articles/s and MB/s; target: 10,000 articles in under 60 s on 2 cores.
Beside it, in the same run, the pure parse alone (``parse_document`` on the same bytes), so the
store's share of the time is visible.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import make_corpus  # noqa: E402

from cpec_verify.ingest import parse_document  # noqa: E402
from cpec_verify.services.importing import run_import  # noqa: E402
from cpec_verify.store.db import dispose_all, get_engine  # noqa: E402


def page(title: str, outlet: str, body: str, i: int) -> str:
    """A page as copied from a news site: chrome the cleaner has to remove."""
    return (
        f"{title}\n\nShort Url\nUpdated {1 + i % 28} March 2025\nFollow\n\n{title}\n\n"
        f"ISLAMABAD: {body}\n\nFollow {outlet} on WhatsApp for daily updates.\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        corpus = make_corpus(args.articles, args.seed)
        raw: list[bytes] = []
        for i, art in enumerate(corpus):
            data = page(art.title, art.outlet, art.text, i).encode("utf-8")
            (folder / f"{i:06d}.txt").write_bytes(data)
            raw.append(data)
        megabytes = sum(map(len, raw)) / 1e6
        print(f"corpus: {len(raw):,} files, {megabytes:.1f} MB (seed {args.seed})")

        t0 = time.perf_counter()
        for i, data in enumerate(raw):
            parse_document(data, name=f"{i}.txt")
        parse_s = time.perf_counter() - t0

        db = str(Path(tmp) / "bench.sqlite")
        t0 = time.perf_counter()
        summary = run_import(get_engine(db), (str(folder),))
        import_s = time.perf_counter() - t0
        dispose_all()

    print(
        f"parse only : {parse_s:7.1f} s  {len(raw) / parse_s:8.0f} articles/s  "
        f"{megabytes / parse_s:6.2f} MB/s"
    )
    print(
        f"import     : {import_s:7.1f} s  {summary.articles / import_s:8.0f} articles/s  "
        f"{megabytes / import_s:6.2f} MB/s  ({summary.articles:,} articles, "
        f"{summary.sentences:,} sentences, {summary.duplicates} duplicates, "
        f"{len(summary.skipped)} skipped)"
    )
    print(
        f"target     : 10,000 articles in < 60 s -> "
        f"{'met' if import_s * 10_000 / max(1, summary.articles) < 60 else 'NOT met'} "
        f"(scaled to 10,000: {import_s * 10_000 / max(1, summary.articles):.1f} s)"
    )


if __name__ == "__main__":
    main()
