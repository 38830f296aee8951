"""Benchmark: ``cpec-verify export`` over 10,000 and 100,000 verified claims, jsonl and csv.

Run: ``python bench/bench_export.py [--sizes 10000 100000] [--formats jsonl csv]``.
Each measurement runs ``services.exporting.export_claims`` (what the command runs, after its
option checks) in a fresh child process and prints wall seconds,
peak RSS above the child's baseline (after imports) and the tracemalloc peak from a
second, traced run.  Flat memory means both peaks stay about the same from 10k to
100k claims.  The peer is a raw ``sqlite3`` scan of the same claims and verdicts
serialised with ``json`` (no provenance, no evidence): the floor for reading the data.
The target is 100,000 claims in under 10 s.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

SENTENCES_PER_ARTICLE = 20
EVIDENCE_ARTICLES = 50
T = "2025-10-01 09:00:00.000000"


def build(db: Path, n_claims: int) -> None:
    """A migrated database with ``n_claims`` agreed claims, two evidence rows and verdicts each."""
    from cpec_verify.store.db import dispose_all, get_engine

    get_engine(str(db))
    dispose_all()
    con = sqlite3.connect(db)
    cur = con.cursor()
    n_articles = -(-n_claims // SENTENCES_PER_ARTICLE) + EVIDENCE_ARTICLES
    sentence = "The corridor carried {n} trucks a day in 2024, the ministry said."
    span_id = evidence_id = verdict_id = 0
    for a in range(1, n_articles + 1):
        sents = [sentence.format(n=1000 + a * 7 + i) for i in range(SENTENCES_PER_ARTICLE)]
        text = " ".join(sents)
        sha = hashlib.sha256(f"{a}".encode()).hexdigest()
        cur.execute(
            "INSERT INTO source (id, path, sha256, size, format, encoding, warnings, imported_at)"
            " VALUES (?, ?, ?, ?, 'text', 'utf-8', '[]', ?)",
            (a, f"/c/{a}.txt", sha, len(text), T),
        )
        cur.execute(
            "INSERT INTO article (id, source_id, part, title, outlet, url, published, text, chars,"
            " sentence_count, fingerprint, created_at) VALUES (?, ?, 1, ?, ?, ?, '2025-09-26', ?,"
            " ?, ?, '[]', ?)",
            (
                a,
                a,
                f"Story {a}",
                f"Outlet {a % 9}",
                f"https://news.example/{a}",
                text,
                len(text),
                SENTENCES_PER_ARTICLE,
                T,
            ),
        )
        pos, spans = 0, []
        for s in sents:
            span_id += 1
            spans.append((span_id, a, pos, pos + len(s), s))
            pos += len(s) + 1
        cur.executemany(
            "INSERT INTO span (id, article_id, kind, paragraph, start, end, text)"
            " VALUES (?, ?, 'sentence', 0, ?, ?, ?)",
            spans,
        )
    first_claim_article = EVIDENCE_ARTICLES + 1
    claims, evidence, verdicts = [], [], []
    for i in range(n_claims):
        a = first_claim_article + i // SENTENCES_PER_ARTICLE
        k = i % SENTENCES_PER_ARTICLE
        sid = (a - 1) * SENTENCES_PER_ARTICLE + k + 1
        s = sentence.format(n=1000 + a * 7 + k)
        start = k * (len(s) + 1)
        claim_id = i + 1
        claims.append((claim_id, a, sid, start, start + 40, s[:40], T))
        cited = []
        for rank in (1, 2):
            ea = 1 + (i * 3 + rank) % EVIDENCE_ARTICLES
            esid = (ea - 1) * SENTENCES_PER_ARTICLE + (i + rank) % SENTENCES_PER_ARTICLE + 1
            evidence_id += 1
            evidence.append((evidence_id, claim_id, esid, ea, rank))
            cited.append(esid)
        for reviewer, cite in (("ana", cited[:1]), ("ben", cited)):
            verdict_id += 1
            verdicts.append((verdict_id, claim_id, reviewer, json.dumps(cite), T))
        if len(claims) >= 20_000:
            _flush(cur, claims, evidence, verdicts)
    _flush(cur, claims, evidence, verdicts)
    con.commit()
    con.close()


Rows = list[tuple[object, ...]]


def _flush(cur: sqlite3.Cursor, claims: Rows, evidence: Rows, verdicts: Rows) -> None:
    cur.executemany(
        "INSERT INTO claim (id, article_id, sentence_id, start, end, text, kinds, quantities,"
        " speaker, score, score_reason, origin, extractor_version, orphaned, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, '[\"figure\"]', '[{\"value\": 1200}]', 'the ministry', 1.0,"
        " '', 'auto', 'bench', 0, ?)",
        claims,
    )
    cur.executemany(
        "INSERT INTO evidence (id, claim_id, span_id, article_id, rank, score, relation, reason,"
        " same_source, details) VALUES (?, ?, ?, ?, ?, 0.8, 'agrees', 'same figure', 0, '{}')",
        evidence,
    )
    cur.executemany(
        "INSERT INTO verdict (id, claim_id, reviewer, label, retraction, evidence, note,"
        " created_at) VALUES (?, ?, ?, 'supported', 0, ?, NULL, ?)",
        verdicts,
    )
    claims.clear()
    evidence.clear()
    verdicts.clear()


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(db: str, fmt: str, out: str, traced: bool) -> None:
    """One export through the export service; prints a JSON line of measurements."""
    from cpec_verify.services.exporting import export_claims
    from cpec_verify.store.db import get_engine, session_scope
    from cpec_verify.store.queries.status import FINAL_STATUSES

    engine = get_engine(db)  # migrations checked before the baseline
    base = _maxrss_mb()
    if traced:
        tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    try:
        with (
            session_scope(engine) as session,
            open(out, "w", encoding="utf-8", newline="") as stream,
        ):
            export_claims(session, stream, fmt, FINAL_STATUSES)
    finally:
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
        sys.stderr.flush()
        print(
            json.dumps(
                {
                    "seconds": seconds,
                    "cpu": cpu,
                    "rss_mb": _maxrss_mb() - base,
                    "traced_mb": peak,
                    "bytes": os.path.getsize(out),
                }
            ),
            flush=True,
        )


def peer(db: Path) -> float:
    """Raw scan: claims and their verdicts as JSON lines, nothing else."""
    start = time.perf_counter()
    con = sqlite3.connect(db)
    with open(os.devnull, "w") as sink:
        for row in con.execute(
            "SELECT c.id, c.text, c.start, c.end, v.reviewer, v.label, v.evidence FROM claim c"
            " JOIN verdict v ON v.claim_id = c.id ORDER BY c.id"
        ):
            sink.write(json.dumps(row) + "\n")
    con.close()
    return time.perf_counter() - start


def _run_child(db: Path, fmt: str, out: Path, traced: bool) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", str(db), fmt, str(out)]
    cmd += ["--traced"] if traced else []
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv"])
    parser.add_argument("--child", nargs=3, metavar=("DB", "FMT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, traced=args.traced)
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"{'claims':>8} {'format':>6} {'seconds':>8} {'cpu s':>6} {'claims/s':>9}"
            f" {'peak RSS':>9} {'tracemalloc':>11} {'MB out':>7} {'peer s':>7}"
        )
        for n in args.sizes:
            db = Path(tmp) / f"bench-{n}.sqlite"
            t0 = time.perf_counter()
            build(db, n)
            build_s = time.perf_counter() - t0
            floor = peer(db)
            for fmt in args.formats:
                out = Path(tmp) / f"out-{n}.{fmt}"
                timed = _run_child(db, fmt, out, traced=False)
                traced = _run_child(db, fmt, out, traced=True)
                print(
                    f"{n:>8} {fmt:>6} {timed['seconds']:>8.2f} {timed['cpu']:>6.2f}"
                    f" {n / timed['seconds']:>9,.0f} {timed['rss_mb']:>6.1f} MB"
                    f" {traced['traced_mb']:>8.1f} MB {timed['bytes'] / 2**20:>7.1f}"
                    f" {floor:>7.2f}"
                )
            print(f"{'':>8} (database of {n:,} claims built in {build_s:.1f} s)")


if __name__ == "__main__":
    main()
