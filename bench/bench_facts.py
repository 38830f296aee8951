"""Fact groups: quality on the dev set's hand-made groups, and grouping speed at scale.

Quality (when ``../shared/devset`` is present): the dev pages are imported with the real CLI
(as ``devset/score.py`` does), each hand-listed quote is mapped to the tool's quantity on that
page (a claim holding the quote, a figure of the quote's value and unit), and the tool's fact
groups are scored against the hand-made ones with B-cubed precision and recall over the mapped
quotes (a quote whose figure is in no group is a group of its own).  Status agreement: a
hand-made group with two or more mapped quotes is ``conflicting`` when marked ``conflict: true``
and ``consistent`` otherwise; the tool's status is that of the group holding most of its quotes.

Speed: ``group_facts`` over every figure of N synthetic articles (``bench/synth.py``; figures and
measures are computed first, outside the timing), then ``recompute_facts`` storing the groups
for the same figures in a throwaway SQLite database.

Run: ``python bench/bench_facts.py [--articles N] [--no-devset] [--verbose]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DEVSET = HERE.parents[1] / "shared" / "devset"


def _score_module():
    spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _cli() -> str:
    found = shutil.which("cpec-verify", path=str(Path(sys.executable).parent))
    return found or "cpec-verify"


def _run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        raise SystemExit(f"error: {' '.join(cmd[:2])} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def devset_quality(verbose: bool) -> None:
    score = _score_module()
    pages = score.load_pages()
    gold = yaml.safe_load((DEVSET / "facts.yaml").read_text(encoding="utf-8"))
    cli = _cli()
    tmp = tempfile.mkdtemp(prefix="bench-facts-")
    try:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for slug, p in pages.items():
            (folder / f"{slug}.txt").write_text(p["title"] + "\n\n" + p["text"], encoding="utf-8")
        db = str(Path(tmp) / "devset.sqlite")
        t0 = time.perf_counter()
        _run([cli, "import", str(folder), "--db", db])
        import_s = time.perf_counter() - t0
        articles = json.loads(_run([cli, "articles", "--format", "json", "--db", db]))
        claims = json.loads(
            _run([cli, "claims", "--format", "json", "--include-copies", "--db", db])
        )
        facts = json.loads(_run([cli, "facts", "--format", "json", "--db", db]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    slug_of = {
        a["id"]: Path(a.get("source") or "").stem
        for a in articles
        if Path(a.get("source") or "").stem in pages
    }
    claims_by_slug: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        if c["article_id"] in slug_of:
            claims_by_slug[slug_of[c["article_id"]]].append(c)
    group_of: dict[tuple[int, str], int] = {}
    status_of: dict[int, str] = {}
    for g in facts:
        status_of[g["id"]] = g["status"]
        for v in g["values"]:
            group_of[(v["claim_id"], v["figure"])] = g["id"]

    items: list[tuple[str, object]] = []  # (gold group, tool group or a singleton marker)
    mapped = unmapped = grouped = 0
    gold_conflict: dict[str, bool] = {}
    misses: list[str] = []
    for g in gold:
        gold_conflict[g["id"]] = bool(g.get("conflict"))
        for q in g["quotes"]:
            scored = score.to_scored(q.get("value"), q.get("unit"))
            if scored is None:
                continue
            found = None
            for c in claims_by_slug.get(q["page"], []):
                if not score.holds(c["text"], q["quote"]):
                    continue
                for qty in c.get("quantities") or []:
                    if score.quantity_matches(qty, scored[0], scored[1]):
                        found = (c["id"], qty["text"])
                        break
                if found:
                    break
            if found is None:
                unmapped += 1
                misses.append(f"  unmapped {g['id']}: {q['page']}: {q['quote'][:70]!r}")
                continue
            mapped += 1
            tool = group_of.get(found)
            if tool is None:
                tool = ("alone", found)
            else:
                grouped += 1
            items.append((g["id"], tool))

    precision, recall = _bcubed(items)
    agree = {True: [0, 0], False: [0, 0]}
    by_gold: dict[str, list[object]] = defaultdict(list)
    for gid, tool in items:
        by_gold[gid].append(tool)
    for gid, tools in by_gold.items():
        if len(tools) < 2:
            continue
        best, _ = (
            Counter(t for t in tools if isinstance(t, int)).most_common(1)[0]
            if any(isinstance(t, int) for t in tools)
            else (None, 0)
        )
        status = status_of.get(best) if isinstance(best, int) else "single-source"
        want = "conflicting" if gold_conflict[gid] else "consistent"
        agree[gold_conflict[gid]][0] += status == want
        agree[gold_conflict[gid]][1] += 1
        if verbose and status != want:
            misses.append(f"  status {gid}: tool {status}, hand-made {want}")
    total = mapped + unmapped
    print(f"dev set: {len(pages)} pages imported in {import_s:.1f} s; {len(facts)} fact groups")
    print(f"  quotes mapped to a quantity: {mapped}/{total}; in a fact group: {grouped}/{mapped}")
    print(f"  B-cubed precision {precision:.3f}  recall {recall:.3f}  (target >= 0.85 each)")
    for conflict, name in ((True, "conflicting"), (False, "consistent")):
        ok, n = agree[conflict]
        share = f"{100 * ok / n:.1f} %" if n else "n/a"
        print(f"  hand-made {name} groups come out {name}: {ok}/{n} = {share} (target >= 90 %)")
    if verbose:
        print("\n".join(misses))


def _bcubed(items: list[tuple[str, object]]) -> tuple[float, float]:
    """B-cubed precision and recall of predicted clusters against gold ones, per item."""
    if not items:
        return 0.0, 0.0
    gold_size = Counter(g for g, _ in items)
    tool_size = Counter(t for _, t in items)
    both = Counter(items)
    precision = sum(both[(g, t)] / tool_size[t] for g, t in items) / len(items)
    recall = sum(both[(g, t)] / gold_size[g] for g, t in items) / len(items)
    return precision, recall


def grouping_speed(n: int) -> None:
    from synth import make_corpus

    from cpec_verify.claims.facts import FactItem, group_facts
    from cpec_verify.claims.measure import measure_figures
    from cpec_verify.claims.quantities import parse_quantities

    t0 = time.perf_counter()
    corpus = make_corpus(n)
    per_article: list[list[dict]] = []
    for art in corpus:
        found: list[dict] = []
        for start, end, _para in art.sentences:
            text = art.text[start:end]
            quantities = parse_quantities(text)
            if quantities:
                found.extend(q for q in measure_figures(text, quantities) if q.get("measure"))
        per_article.append(found)
    prep = time.perf_counter() - t0
    items = [
        FactItem(claim_id=i + 1, article_id=i + 1, source=i + 1, quantity=q, outlet=art.outlet)
        for i, (art, found) in enumerate(zip(corpus, per_article, strict=True))
        for q in found
    ]
    t0 = time.perf_counter()
    groups = group_facts(items)
    grouped = time.perf_counter() - t0
    statuses = Counter(g.status for g in groups)
    print(
        f"speed: {n} synthetic articles, {len(items)} figures (found and measured in {prep:.1f} s)"
    )
    print(
        f"  group_facts: {grouped:.2f} s -> {len(groups)} groups "
        f"({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}) (target < 20 s)"
    )
    half = items[: len(items) // 2]
    t0 = time.perf_counter()
    group_facts(half)
    print(f"  half the figures: {time.perf_counter() - t0:.2f} s (near-linear: about half)")
    _store_speed(corpus, per_article)


def _store_speed(corpus: list, per_article: list[list[dict]]) -> None:
    """recompute_facts on a throwaway SQLite database holding one claim per figure."""
    from sqlalchemy import insert

    from cpec_verify.services.facts import recompute_facts
    from cpec_verify.store.db import get_engine, session_scope
    from cpec_verify.store.models import Article, Claim, Source

    tmp = tempfile.mkdtemp(prefix="bench-facts-db-")
    try:
        engine = get_engine(f"sqlite:///{os.path.join(tmp, 'facts.sqlite')}", create=True)
        with session_scope(engine) as session:
            session.execute(
                insert(Source),
                [
                    {"id": i + 1, "path": f"a{i}.txt", "sha256": f"{i:064x}", "size": 1,
                     "format": "text", "warnings": []}
                    for i in range(len(corpus))
                ],
            )  # fmt: skip
            session.execute(
                insert(Article),
                [
                    {"id": i + 1, "source_id": i + 1, "title": a.title, "outlet": a.outlet,
                     "text": a.text, "fingerprint": []}
                    for i, a in enumerate(corpus)
                ],
            )  # fmt: skip
            rows = [
                {"article_id": i + 1, "start": 0, "end": 1, "text": q["text"],
                 "quantities": [q], "kinds": ["numeric"], "score_reason": ""}
                for i, found in enumerate(per_article)
                for q in found
            ]  # fmt: skip
            for k in range(0, len(rows), 5000):
                session.execute(insert(Claim), rows[k : k + 5000])
        t0 = time.perf_counter()
        with session_scope(engine) as session:
            count = recompute_facts(session)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        with session_scope(engine) as session:
            recompute_facts(session)
        again = time.perf_counter() - t0
        print(
            f"  recompute_facts (SQLite, {len(rows)} claims): {first:.2f} s -> {count} groups; "
            f"again (ids kept): {again:.2f} s"
        )
        engine.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--no-devset", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not args.no_devset:
        if (DEVSET / "facts.yaml").exists():
            devset_quality(args.verbose)
        else:
            print(f"dev set: {DEVSET} not present; quality not measured")
    if not args.no_speed:
        grouping_speed(args.articles)


if __name__ == "__main__":
    main()
