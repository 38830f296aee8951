"""``demo`` is safe (refusals, kept verdicts, --fresh, no encoding warnings); ``import`` reports."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from cpec_verify.cli.demo_cmd import demo_files

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

pytestmark = pytest.mark.sqlite_only


def _count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_bundled_corpus_is_valid_utf8() -> None:
    for path in demo_files():
        path.read_bytes().decode("utf-8")  # raises on the first bad byte


def test_demo_refuses_a_database_of_other_articles(run, db_path: Path) -> None:  # noqa: ANN001
    assert run("import", str(FIXTURES / "promo_footer.txt")).exit_code == 0
    before = {t: _count(db_path, t) for t in ("source", "article", "claim")}
    res = run("demo", "--no-review")
    assert res.exit_code == 2
    assert res.stderr.startswith(f"error: {db_path} holds 1 imported file(s) that are not")
    assert res.stderr.count("\n") == 1
    assert {t: _count(db_path, t) for t in before} == before  # nothing mixed in
    assert run("demo", "--no-review", "--fresh").exit_code == 2  # never wiped either
    assert _count(db_path, "source") == before["source"]


def test_default_demo_keeps_verdicts_unless_fresh(run) -> None:  # noqa: ANN001
    first = run("demo", "--no-review", db=False)
    assert first.exit_code == 0, first.stderr
    assert "warning" not in first.stderr and "cp1252" not in first.stderr + first.stdout
    demo_db = Path("db") / "demo.sqlite"
    claims = _count(demo_db, "claim")
    assert claims > 0
    verdict = run("verdict", "1", "unsourced", "--reviewer", "ana", "--db", str(demo_db), db=False)
    assert verdict.exit_code == 0, verdict.stderr
    again = run("demo", "--no-review", db=False)
    assert again.exit_code == 0, again.stderr
    assert "keeping 1 verdict row(s) from earlier demo runs" in again.stdout
    assert "cpec-verify demo --fresh" in again.stdout
    assert (_count(demo_db, "verdict"), _count(demo_db, "claim")) == (1, claims)
    fresh = run("demo", "--no-review", "--fresh", db=False)
    assert fresh.exit_code == 0, fresh.stderr
    assert (_count(demo_db, "verdict"), _count(demo_db, "claim")) == (0, claims)


def test_cp1252_fixture_still_decodes_with_a_warning(run) -> None:  # noqa: ANN001
    res = run("import", str(FIXTURES / "cp1252_article.txt"))
    assert res.exit_code == 0
    assert "warning:" in res.stderr and "cp1252" in res.stderr
    title = json.loads(run("articles", "--format", "json").stdout)[0]["title"]
    assert title == "Harbour levy rises \u2013 traders object"  # the en dash, decoded


def test_import_reports_articles_splits_duplicates_claims_and_links(
    run,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("two_stories.txt", "syndicated.txt", "date_prefix.txt"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    res = run("import", str(folder))
    assert res.exit_code == 0, res.stderr
    head = re.search(
        r"imported (\d+) article\(s\) from 3 file\(s\): (\d+) extra stor(?:y|ies) split, "
        r"(\d+) duplicate\(s\)",
        res.stdout,
    )
    assert head, res.stdout
    proposed = re.search(
        r"proposed (\d+) candidate claim\(s\).* and (\d+) evidence link", res.stdout
    )
    assert proposed, res.stdout
    claims = json.loads(run("claims", "--format", "json", "--include-copies").stdout)
    assert int(proposed[1]) == len(claims) > 0
    assert int(proposed[2]) == sum(len(c["evidence"]) for c in claims)
    articles = json.loads(run("articles", "--format", "json").stdout)
    assert int(head[1]) == len(articles)
    assert int(head[2]) == len(articles) - 3  # one story per file, plus the split ones
    assert int(head[3]) == sum(1 for a in articles if a["duplicate_of"] is not None)
    later = run("import", "--no-extract", str(FIXTURES / "promo_footer.txt"))
    assert "no claims proposed (--no-extract)" in later.stdout
    assert f"cpec-verify extract --db {run.db}" in later.stdout
