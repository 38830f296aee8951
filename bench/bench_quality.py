"""Evidence quality on real pages: the dev set's score and the seed checks, in one run.

    .venv/bin/python bench/bench_quality.py [--shared ../shared] [--verbose]

Needs ``../shared`` (not shipped with the project; CI never runs this).  Prints:

* the dev set's ``score.py`` summary (figure recall, conflicts surfaced as ``differs`` in a
  claim's top-3 evidence, same-value pairs wrongly called ``differs``) beside the targets;
* the seed checks on ``shared/corpus``: the committed "$60 billion" claim and the "$25 billion"
  delivered sentence are ``differs`` in each other's top-3, both ways; the claims of the court
  story in the first page get no evidence from the corridor articles; "60 per cent" and
  "60 percent" agree; one committee under two names is "name differs"; no reason quotes a
  word found in neither sentence.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).parent / "cpec-verify")
TARGETS = "targets: recall >= 98%, conflicts >= 90%, false differs <= 10%"


def run(*args: str) -> str:
    done = subprocess.run([CLI, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"error: cpec-verify {args[0]} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def devset(shared: Path, verbose: bool) -> None:
    score = shared / "devset" / "score.py"
    if not score.exists():
        print("dev set: not found, skipped")
        return
    started = time.perf_counter()
    cmd = [sys.executable, str(score), "--cli", CLI] + (["--verbose"] if verbose else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    lines = out.strip().splitlines()
    print("\n".join(lines if verbose else [ln for ln in lines if ln.startswith("SUMMARY")]))
    print(f"dev set: {TARGETS} ({time.perf_counter() - started:.1f} s)")


def _words(text: str) -> set[str]:
    return {re.sub(r"['’]s?$", "", w.lower()) for w in re.findall(r"[^\W\d_][\w'’-]*", text)}


def seeds(shared: Path) -> int:
    corpus = shared / "corpus"
    if not corpus.is_dir():
        print("seeds: corpus not found, skipped")
        return 0
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "seeds.sqlite")
        run("import", str(corpus), "--db", db)
        articles = {a["id"]: a for a in json.loads(run("articles", "--format", "json", "--db", db))}
        claims = json.loads(run("claims", "--format", "json", "--db", db))
    by_id = {c["id"]: c for c in claims}
    spans: dict[int, str] = {}
    for c in claims:
        for e in c.get("evidence") or []:
            spans[e["span_id"]] = e["text"]

    def check(name: str, ok: bool, detail: str = "") -> None:
        nonlocal failures
        failures += not ok
        print(f"seed {'PASS' if ok else 'FAIL'}  {name}" + (f"  ({detail})" if detail else ""))

    sixty = [c for c in claims if re.search(r"around \$60 billion", c["text"])]
    quarter = [c for c in claims if re.search(r"more than \$25 billion", c["text"])]

    def differs_between(a: list[dict], b: list[dict]) -> bool:
        texts = {c["text"] for c in b}
        return any(
            e["relation"] == "differs" and any(t in e["text"] or e["text"] in t for t in texts)
            for c in a
            for e in sorted(c.get("evidence") or [], key=lambda e: e["rank"])[:3]
        )

    check("$60bn claim has the $25bn sentence as differs in top-3", differs_between(sixty, quarter))
    check("$25bn claim has the $60bn sentence as differs in top-3", differs_between(quarter, sixty))
    court = [c for c in claims if re.search(r"\bcourt\b", c["text"], re.I)]
    court_articles = {c["article_id"] for c in court}
    leaks = [
        e
        for c in court
        for e in c.get("evidence") or []
        if e["article_id"] not in court_articles and not re.search(r"\bcourt\b", e["text"], re.I)
    ]
    check(
        "court story claims get no evidence from the corridor articles",
        bool(court) and not leaks,
        f"{len(court)} court claims, {len(leaks)} links out",
    )
    percent = [
        e
        for c in claims
        if re.search(r"\b60 per ?cent\b", c["text"])
        for e in c.get("evidence") or []
        if re.search(r"\b60 per ?cent\b", e["text"])
    ]
    check(
        "60 per cent vs 60 percent never differs",
        all(e["relation"] != "differs" for e in percent),
        f"{len(percent)} pairs",
    )
    named = [
        e
        for c in claims
        if "Cooperation Committee" in c["text"] or "Coordination Committee" in c["text"]
        for e in c.get("evidence") or []
        if e["reason"].startswith("name differs")
    ]
    check("Joint Cooperation vs Coordination Committee is name differs", bool(named))
    bad = []
    for c in claims:
        for e in c.get("evidence") or []:
            m = re.match(r"same subject \(([^)]*)\)", e["reason"])
            if m:
                known = _words(c["text"]) | _words(e["text"])
                bad += [w for w in m[1].split(", ") if w.lower() not in known]
    check("no reason names a word absent from both sentences", not bad, ", ".join(bad[:5]))
    differs = sum(e["relation"] == "differs" for c in claims for e in c.get("evidence") or [])
    print(
        f"seeds: {len(articles)} articles, {len(by_id)} claims, "
        f"{sum(len(c.get('evidence') or []) for c in claims)} evidence links, {differs} differs"
    )
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not args.shared.is_dir():
        print(f"{args.shared}: not found; this bench needs the shared dev set and seed pages")
        return 0
    devset(args.shared, args.verbose)
    failures = seeds(args.shared)
    print(f"seed checks failed: {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
