"""PostgreSQL only: migrations from scratch, and the least-privilege set-up in docs/postgres.md.

The SQL blocks of ``docs/postgres.md`` run as written (role and database names made
unique for the run), so the documentation cannot drift from what is tested.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pg
import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from cpec_verify.store.db import dispose_all, get_engine
from cpec_verify.store.migrate import current_revisions, head_revision

DOC = Path(__file__).resolve().parent.parent / "docs" / "postgres.md"
STORY = """Corridor report

The corridor carried 1,200 trucks a day in 2024, the ministry said.

Officials put the cost at $62 billion.
"""


@pytest.fixture
def server(pg_server) -> str:  # noqa: ANN001
    if pg_server is None:
        pytest.skip("no PostgreSQL configured (--postgres-url / CPEC_VERIFY_TEST_PG)")
    return pg_server[0]


def doc_sql(tag: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    m = re.search(rf"<!-- sql: {tag} -->\n```sql\n(.*?)```", text, re.S)
    assert m, f"docs/postgres.md has no '{tag}' block"
    return m.group(1)


@dataclass
class Desk:
    server: str
    database: str
    names: dict[str, str]
    password: str

    def url(self, who: str) -> str:
        """The SQLAlchemy URL of the desk's database as ``who`` (a key of ``names``)."""
        parsed = make_url(self.server).set(
            drivername="postgresql+psycopg",
            username=self.names[who],
            password=self.password,
            database=self.database,
        )
        return parsed.render_as_string(hide_password=False)

    def sql(self, tag: str) -> str:
        text = doc_sql(tag).replace("'change-me'", f"'{self.password}'")
        text = re.sub(r"\bcpec_(owner|reviewer|lead)\b", lambda m: self.names[m[1]], text)
        text = re.sub(r"\b(ana|lea)\b(?= LOGIN)", lambda m: self.names[m[1]], text)
        return re.sub(r"\bDATABASE cpec\b", f'DATABASE "{self.database}"', text)


@pytest.fixture
def desk(server: str) -> Iterator[Desk]:
    tag = pg.unique_name("")
    names = {k: f"cpec_{tag}_{k}" for k in ("owner", "reviewer", "lead", "ana", "lea")}
    d = Desk(server, f"cpec_{tag}", names, secrets.token_hex(8))
    with pg.admin(server) as conn:
        for statement in _statements(d.sql("roles")):
            conn.execute(statement)
    try:
        yield d
    finally:
        dispose_all()
        pg.drop_database(server, d.database)
        with pg.admin(server) as conn:
            for key in ("ana", "lea", "lead", "reviewer", "owner"):
                conn.execute(f'DROP ROLE IF EXISTS "{names[key]}"')


def _statements(sql: str) -> list[str]:
    """Split on ``;`` at line ends, keeping ``$$`` bodies whole."""
    out, buf, in_body = [], [], False
    for line in sql.splitlines():
        if line.strip().startswith("--") and not in_body:
            continue
        buf.append(line)
        in_body ^= line.count("$$") % 2 == 1
        if line.rstrip().endswith(";") and not in_body:
            out.append("\n".join(buf))
            buf = []
    return out


def _as(desk: Desk, who: str, sql: str) -> None:
    with pg.admin(desk.url(who)) as conn:
        conn.execute(sql)


def test_migrations_run_from_scratch(server: str) -> None:
    name = pg.unique_name()
    url = pg.create_database(server, name)
    try:
        engine = get_engine(url)
        assert {"verdict", "adjudication", "claim", "alembic_version"} <= set(
            inspect(engine).get_table_names()
        )
        with engine.connect() as conn:
            assert current_revisions(conn) == {head_revision()}
    finally:
        dispose_all()
        pg.drop_database(server, name)


def test_reviewer_appends_but_cannot_rewrite_and_lead_does_more(
    desk: Desk, run, tmp_path: Path
) -> None:
    import psycopg

    owner, lea, ana = desk.url("owner"), desk.url("lea"), desk.url("ana")
    assert run("init", "--db", owner, db=False).exit_code == 0
    with pg.admin(owner) as conn:
        for tag in ("grants", "append-only", "own-name"):
            for statement in _statements(desk.sql(tag)):
                conn.execute(statement)
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")

    imported = run("import", str(story), "--db", lea, db=False)  # leads import and extract
    assert imported.exit_code == 0, imported.stderr
    with pg.admin(owner) as conn:
        claim_id = conn.execute("SELECT min(id) FROM claim").fetchone()[0]
    assert claim_id is not None

    lea_name, ana_name = desk.names["lea"], desk.names["ana"]
    # reviewers cannot insert into the reviewer table: a lead registers them first
    assert run("reviewers", "add", ana_name, "--db", lea, db=False).exit_code == 0
    saved = run(
        "verdict", str(claim_id), "supported", "--reviewer", ana_name, "--db", ana, db=False
    )
    assert saved.exit_code == 0, saved.stderr
    other_name = run(
        "verdict", str(claim_id), "supported", "--reviewer", "ben", "--db", ana, db=False
    )
    assert other_name.exit_code == 1 and other_name.stderr.startswith("error:")

    for sql in (
        "UPDATE verdict SET label = 'conflicting'",
        "DELETE FROM verdict",
        "TRUNCATE verdict",
        "DELETE FROM claim",
        "INSERT INTO adjudication "
        "(claim_id, lead, label, retraction, rationale, created_at) "
        f"VALUES ({claim_id}, 'x', 'supported', false, 'r', now())",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _as(desk, "ana", sql)
    story.write_text(STORY + "\nA new paragraph makes new bytes.\n", encoding="utf-8")
    refused = run("import", str(story), "--db", ana, db=False)
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1 and "permission denied" in refused.stderr

    assert run("reviewers", "add", lea_name, "--lead", "--db", lea, db=False).exit_code == 0
    settled = run(
        "adjudicate",
        str(claim_id),
        "supported",
        "--by",
        lea_name,
        "--rationale",
        "ministry figures",
        "--db",
        lea,
        db=False,
    )
    assert settled.exit_code == 0, settled.stderr
    for who, sql in (
        ("lea", "UPDATE verdict SET label = 'conflicting'"),
        ("lea", "DELETE FROM adjudication"),
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _as(desk, who, sql)
    with pytest.raises(psycopg.errors.RaiseException):  # not even the owner, nor a cascade
        _as(desk, "owner", "DELETE FROM claim")
    with pg.admin(owner) as conn:
        assert conn.execute("SELECT count(*) FROM verdict").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM adjudication").fetchone()[0] == 1


def test_review_is_blind_for_reviewers_and_open_for_leads(desk: Desk, run, tmp_path: Path) -> None:  # noqa: ANN001
    """Row-level security on SELECT: a reviewer reads only their own verdicts."""
    import json

    owner, lea, ana = desk.url("owner"), desk.url("lea"), desk.url("ana")
    assert run("init", "--db", owner, db=False).exit_code == 0
    with pg.admin(owner) as conn:
        for tag in ("grants", "append-only", "own-name"):
            for statement in _statements(desk.sql(tag)):
                conn.execute(statement)
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    assert run("import", str(story), "--db", lea, db=False).exit_code == 0
    with pg.admin(owner) as conn:
        claim_id = conn.execute("SELECT min(id) FROM claim").fetchone()[0]
    lea_name, ana_name = desk.names["lea"], desk.names["ana"]
    assert run("reviewers", "add", ana_name, "--db", lea, db=False).exit_code == 0
    for who, url, label in ((lea_name, lea, "conflicting"), (ana_name, ana, "supported")):
        saved = run("verdict", str(claim_id), label, "--reviewer", who, "--db", url, db=False)
        assert saved.exit_code == 0, saved.stderr

    def seen_by(url: str) -> set[str]:
        result = run("verdicts", "--format", "json", "--db", url, db=False)
        assert result.exit_code == 0, result.stderr
        return {r["reviewer"] for r in json.loads(result.stdout)}

    assert seen_by(ana) == {ana_name}  # blind: not lea's verdict
    assert seen_by(lea) == {ana_name, lea_name}
    with pg.admin(ana) as conn:  # not through the tool either
        assert conn.execute("SELECT DISTINCT reviewer FROM verdict").fetchall() == [(ana_name,)]
