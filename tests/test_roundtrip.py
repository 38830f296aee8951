"""``import-export``: a JSONL export loaded into another database exports to the same records."""

from __future__ import annotations

import json
from pathlib import Path

from export_fixtures import DeskBuilder, add_articles, build_desk
from sqlmodel import Session, select

from cpec_verify.store.db import get_engine
from cpec_verify.store.models import Article, Claim, Source, Span

ALL = "unreviewed,in_review,disputed,agreed,adjudicated"


def _export(run, db: Path, out: Path, *args: str) -> str:
    run.db = db
    result = run("export", "--out", str(out), "--validate", *args)
    assert result.exit_code == 0, result.stderr
    return out.read_text()


def _load(run, db: Path, file: Path, *args: str):
    run.db = db
    return run("import-export", str(file), *args)


def test_round_trip_into_an_empty_database(run, tmp_path: Path) -> None:
    src, dst = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_desk(get_engine(str(src)))
    first = _export(run, src, tmp_path / "one.jsonl", "--status", ALL)
    loaded = _load(run, dst, tmp_path / "one.jsonl", "--format", "json")
    assert loaded.exit_code == 0, loaded.stderr
    summary = json.loads(loaded.stdout)
    assert summary["loaded"] == 6 and summary["skipped"] == 0
    assert summary["articles_created"] == 3 and summary["adjudications"] == 1
    assert _export(run, dst, tmp_path / "two.jsonl", "--status", ALL) == first
    assert _export(run, dst, tmp_path / "three.jsonl") == _export(run, src, tmp_path / "four.jsonl")
    with Session(get_engine(str(dst))) as s:  # skeleton articles keep the offset invariant
        for span in s.exec(select(Span)):
            article = s.get(Article, span.article_id)
            assert article is not None and article.text[span.start : span.end] == span.text
        for claim in s.exec(select(Claim)):
            article = s.get(Article, claim.article_id)
            assert article is not None and article.text[claim.start : claim.end] == claim.text
        assert {src.format for src in s.exec(select(Source))} == {"export"}


FORMAT_ARGS = {
    "jsonl": ("--status", ALL),
    "yaml": ("--status", ALL),
    "csv": ("--status", ALL, "--bom"),
    "label-studio": ("--status", ALL),
    "fever": ("--allow-unevidenced",),
    "claimreview": ("--publisher", "Desk", "--publisher-url", "https://desk.example/checks"),
}


def _every_format(run, db: Path, out: Path) -> dict[str, bytes]:
    run.db = db
    files: dict[str, bytes] = {}
    for fmt, args in FORMAT_ARGS.items():
        target = out / f"{fmt}.out"
        extra = ("--pages", str(out / "pages.jsonl")) if fmt == "fever" else ()
        result = run("export", "--format", fmt, "--out", str(target), *args, *extra)
        assert result.exit_code == 0, (fmt, result.stderr)
        files[fmt] = target.read_bytes()
    files["fever pages"] = (out / "pages.jsonl").read_bytes()
    return files


def test_every_format_is_byte_identical_after_the_round_trip(run, tmp_path: Path) -> None:
    src, dst = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_desk(get_engine(str(src)))
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    before = _every_format(run, src, tmp_path / "one")
    loaded = _load(run, dst, tmp_path / "one" / "jsonl.out")
    assert loaded.exit_code == 0, loaded.stderr
    after = _every_format(run, dst, tmp_path / "two")
    assert set(after) == set(before)
    for fmt in before:
        assert after[fmt] == before[fmt], fmt
    tasks = json.loads(after["label-studio"])
    assert all(len(t["data"]["text"].split()) > 20 for t in tasks)  # full text, not a skeleton
    with Session(get_engine(str(dst))) as s:
        ledger = next(a for a in s.exec(select(Article)) if a.title and "Corridor" in a.title)
        assert "   " not in ledger.text and ledger.chars == len(ledger.text)


def test_lean_export_then_full_export_fills_in_the_skeleton(run, tmp_path: Path) -> None:
    src, dst = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_desk(get_engine(str(src)))
    lean = _export(run, src, tmp_path / "lean.jsonl", "--no-text")
    assert all("text" not in json.loads(line)["article"] for line in lean.splitlines())
    assert _load(run, dst, tmp_path / "lean.jsonl").exit_code == 0
    with Session(get_engine(str(dst))) as s:
        assert any("   " in a.text for a in s.exec(select(Article)))  # skeleton: gaps
    full = _export(run, src, tmp_path / "full.jsonl", "--status", ALL)
    again = _load(run, dst, tmp_path / "full.jsonl", "--format", "json")
    assert again.exit_code == 0, again.stderr
    back = _export(run, dst, tmp_path / "back.jsonl", "--status", ALL)
    assert sorted(back.splitlines()) == sorted(full.splitlines())  # claim ids differ in order
    with Session(get_engine(str(dst))) as s:
        ledger = next(a for a in s.exec(select(Article)) if a.title and "Corridor" in a.title)
        assert "   " not in ledger.text  # filled in


def test_loading_twice_skips_what_is_there(run, tmp_path: Path) -> None:
    src, dst = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_desk(get_engine(str(src)))
    _export(run, src, tmp_path / "one.jsonl")
    assert _load(run, dst, tmp_path / "one.jsonl").exit_code == 0
    again = _load(run, dst, tmp_path / "one.jsonl", "--format", "json")
    assert json.loads(again.stdout)["skipped"] == 2


def test_loads_onto_the_real_articles_when_present(run, tmp_path: Path) -> None:
    src, dst = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_desk(get_engine(str(src)))
    first = _export(run, src, tmp_path / "one.jsonl")
    with Session(get_engine(str(dst))) as s:
        add_articles(DeskBuilder(s))
        s.commit()
    loaded = _load(run, dst, tmp_path / "one.jsonl", "--format", "json")
    assert json.loads(loaded.stdout)["articles_created"] == 0
    assert _export(run, dst, tmp_path / "two.jsonl") == first


def test_mismatching_article_text_is_refused(run, tmp_path: Path) -> None:
    src, dst = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_desk(get_engine(str(src)))
    text = _export(run, src, tmp_path / "one.jsonl")
    record = json.loads(text.splitlines()[0])
    with Session(get_engine(str(dst))) as s:
        b = DeskBuilder(s)
        b.article(
            "other",
            ["Completely different words here, nothing alike at all."] * 2,
            sha=record["article"]["sha256"],
        )
        s.commit()
    result = _load(run, dst, tmp_path / "one.jsonl")
    assert result.exit_code == 1
    assert "one.jsonl:1: the article in this database has different text" in result.stderr


def test_unknown_schema_version_is_refused(run, tmp_path: Path) -> None:
    src, dst = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_desk(get_engine(str(src)))
    lines = _export(run, src, tmp_path / "one.jsonl").splitlines()
    future = json.loads(lines[1])
    future["schema_version"] = "2.0"
    bad = tmp_path / "future.jsonl"
    bad.write_text(lines[0] + "\n" + json.dumps(future) + "\n")
    result = _load(run, dst, bad)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: {bad}:2: export schema version '2.0' is not supported; this cpec-verify reads 1.0"
    )
    with Session(get_engine(str(dst))) as s:  # all or nothing: line 1 was rolled back
        assert s.exec(select(Claim)).first() is None


def test_garbage_is_refused_with_its_line(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n{not json\n")
    result = _load(run, tmp_path / "b.sqlite", bad)
    assert result.exit_code == 1 and f"{bad}:2: not a JSON line" in result.stderr
    bad.write_text('{"schema_version": "1.0", "id": 3}\n')
    invalid = _load(run, tmp_path / "b.sqlite", bad)
    assert invalid.exit_code == 1 and f"{bad}:1:" in invalid.stderr
