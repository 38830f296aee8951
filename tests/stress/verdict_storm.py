"""Stress: many processes appending verdicts through the ``verdict`` command on one database.

Run: ``python tests/stress/verdict_storm.py [--db PATH|URL] [--workers 8] [--per-worker 1000]``

Each worker is a separate process that calls the real CLI entry point once per verdict
(``cpec-verify verdict CLAIM LABEL --reviewer wN``), in-process so the figure measures
the database rather than interpreter start-up.  A verdict counts as saved when the
command printed ``verdict #ID``; afterwards every saved id must be in the database
with its claim, label and reviewer, and no worker may have shown an error (such as
"database is locked").  ``tests/test_concurrency.py`` runs it; ``tests/test_crash.py``
uses :func:`spawn_worker` and kills a worker mid-run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

SAVED = re.compile(r"^verdict #(\d+): claim (\d+) (\w+) by (\S+)")
LABELS = ("supported", "conflicting", "unsourced")


def seed(db: str, claims: int = 40) -> list[int]:
    """A fresh database with one article and ``claims`` claims on its sentences."""
    from sqlmodel import Session

    from cpec_verify.store.db import dispose_all, get_engine
    from cpec_verify.store.models import Article, Claim, Source, Span

    engine = get_engine(db)
    sentences = [f"Sentence {i} says {i * 7} trucks crossed." for i in range(claims)]
    text = " ".join(sentences)
    with Session(engine) as s:
        source = Source(path="storm.txt", sha256=os.urandom(32).hex(), size=len(text), format="txt")
        s.add(source)
        s.flush()
        article = Article(
            source_id=source.id,
            text=text,
            chars=len(text),  # type: ignore[arg-type]
            sentence_count=claims,
            title="storm",
        )
        s.add(article)
        s.flush()
        ids, pos = [], 0
        for sentence in sentences:
            span = Span(
                article_id=article.id,
                kind="sentence",
                start=pos,  # type: ignore[arg-type]
                end=pos + len(sentence),
                text=sentence,
            )
            s.add(span)
            s.flush()
            claim = Claim(
                article_id=article.id,
                sentence_id=span.id,
                start=pos,  # type: ignore[arg-type]
                end=pos + len(sentence),
                text=sentence,
            )
            s.add(claim)
            s.flush()
            ids.append(int(claim.id))  # type: ignore[arg-type]
            pos += len(sentence) + 1
        s.commit()
    dispose_all()
    return ids


def worker(db: str, reviewer: str, claim_ids: list[int], n: int) -> int:
    """Wait for ``go`` on stdin, then append ``n`` verdicts; the exit code counts failures."""
    from cpec_verify.cli import main
    from cpec_verify.store.db import get_engine

    get_engine(db)  # open (and check the schema) before the start signal
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()
    failures = 0
    for i in range(n):
        argv = [
            "verdict",
            str(claim_ids[i % len(claim_ids)]),
            LABELS[i % 3],
            "--reviewer",
            reviewer,
            "--db",
            db,
        ]
        try:
            main(argv)
        except SystemExit as exc:
            failures += exc.code not in (0, None)
    return min(failures, 100)


def spawn_worker(db: str, reviewer: str, claim_ids: list[int], n: int) -> subprocess.Popen:
    """A worker process; write a line to its stdin to start it once it printed ``ready``."""
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        "--db",
        db,
        "--reviewer",
        reviewer,
        "--claims",
        ",".join(map(str, claim_ids)),
        "--per-worker",
        str(n),
    ]
    env = {**os.environ, "COLUMNS": "200", "TERM": "dumb"}
    env.pop("CPEC_VERIFY_DB", None)
    return subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@dataclass
class StormResult:
    workers: int
    per_worker: int
    seconds: float
    saved: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    wrong: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.saved) / self.seconds if self.seconds else 0.0

    def ok(self) -> bool:
        expected = self.workers * self.per_worker
        return len(self.saved) == expected and not (self.errors or self.missing or self.wrong)

    def summary(self) -> dict[str, object]:
        return {
            "workers": self.workers,
            "per_worker": self.per_worker,
            "saved": len(self.saved),
            "seconds": round(self.seconds, 2),
            "verdicts_per_s": round(self.rate),
            "errors": self.errors[:5],
            "error_count": len(self.errors),
            "missing": len(self.missing),
            "wrong": len(self.wrong),
        }


def storm(db: str, workers: int, per_worker: int, timeout: float = 600) -> StormResult:
    """Seed ``db``, run the workers at once, then check every saved verdict is stored."""
    claim_ids = seed(db)
    procs = [spawn_worker(db, f"w{i}", claim_ids, per_worker) for i in range(workers)]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready", p.stderr
    start = time.perf_counter()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    with ThreadPoolExecutor(len(procs)) as pool:  # drain every pipe at once: no worker stalls
        outputs = list(pool.map(lambda p: p.communicate(timeout=timeout), procs))
    result = StormResult(workers, per_worker, time.perf_counter() - start)
    for out, err in outputs:
        for line in out.splitlines():
            m = SAVED.match(line)
            if m:
                result.saved[int(m[1])] = (int(m[2]), m[3], m[4])
        result.errors += [  # notes (new reviewer) and guideline warnings are not failures
            line
            for line in err.splitlines()
            if line.strip() and not line.startswith(("note:", "warning:"))
        ]
    check_saved(db, result)
    return result


def check_saved(db: str, result: StormResult) -> None:
    """Fill ``missing`` and ``wrong`` from the database."""
    from sqlmodel import Session, col, select

    from cpec_verify.store.db import dispose_all, get_engine
    from cpec_verify.store.models import Verdict

    with Session(get_engine(db)) as s:
        stored = (
            {
                v.id: (v.claim_id, v.label, v.reviewer)
                for v in s.exec(select(Verdict).where(col(Verdict.id).in_(list(result.saved))))
            }
            if (len(result.saved) < 30000)
            else {v.id: (v.claim_id, v.label, v.reviewer) for v in s.exec(select(Verdict))}
        )
    dispose_all()
    for vid, want in result.saved.items():
        if vid not in stored:
            result.missing.append(vid)
        elif stored[vid] != want:
            result.wrong.append(vid)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=None, help="database (default: a temporary SQLite file)")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--per-worker", type=int, default=1000)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--reviewer", default="w0", help=argparse.SUPPRESS)
    ap.add_argument("--claims", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        ids = [int(x) for x in args.claims.split(",")]
        return worker(args.db, args.reviewer, ids, args.per_worker)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "storm.sqlite")
        result = storm(db, args.workers, args.per_worker)
    print(json.dumps(result.summary(), indent=2))
    return 0 if result.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
