"""Bad input, every command, one table: one ``error:`` line, the right exit code, nothing changed.

Each case seeds the standard desk into an SQLite file, feeds one command one bad
thing, and checks: exactly one line on stderr and it starts ``error:`` (``warning:``
for the few cases that go on); exit code 2 for usage errors, 1 otherwise; no
traceback and no raw control character on the terminal; row counts, ``PRAGMA
integrity_check`` (and, for a database that is itself the bad input, its bytes)
unchanged; an ``--out`` target (``{out}``) unchanged with no temporary file beside it;
a missing database (``db="missing"``) still missing, its folder not created.  Every
case runs under a watchdog, so a hang (a FIFO read, say) fails the case instead of
the suite.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from export_fixtures import build_desk

from cpec_verify.store import db as store_db
from cpec_verify.store import sqlite_pragmas
from cpec_verify.store.db import dispose_all, get_engine

LIMIT_S = 20
TABLES = ("source", "article", "span", "claim", "evidence", "reviewer", "verdict", "adjudication")


class Hang(BaseException):  # noqa: N818  not an Exception: the CLI's catch-all must not eat it
    """A case ran past the watchdog."""


def _laughs(depth: int = 9) -> str:
    """A YAML 'billion laughs': nine anchors, each nine aliases of the previous one."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, depth):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + f"\nclaims: *{chr(ord('a') + depth - 1)}\n"


FILES: dict[str, bytes] = {
    "binary.txt": bytes(range(256)) * 40,
    "empty.txt": b"",
    "nulls.txt": b"Officials said\x00 the cost\x00\x00 was $62 billion.\n" * 20,
    "big.txt": b"The corridor carried 1,200 trucks a day. " * 100,
    "bad.jsonl": b'{"text": "unterminated\n{not json}\n[1, 2]\n',
    "cp1252.csv": "claim_id,reviewer,label\n1,Zo\xeb,supported\n".encode("cp1252") + b"\xff\xfe\n",
    "binary.csv": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    "empty.csv": b"",
    "noheader.csv": b"1,ana,supported\n2,ben,conflicting\n",
    "quote.csv": b'claim_id,reviewer,label\n1,"ana,supported\n',
    "nulls.csv": b"claim_id,reviewer,label\n1,an\x00a,supported\n",
    "bad.jsonl.v": b'{"claim_id": 1, "reviewer": "ana", "label": "supported"\n',
    "unknown_claim.csv": b"claim_id,reviewer,label\n999999,ana,supported\n",
    "unknown_label.csv": b"claim_id,reviewer,label\n1,ana,maybe\n",
    "bad.yaml": b"claims:\n  - article: 1\n    quote: [unclosed\n",
    "tabs.yaml": b"claims:\n\t- article: 1\n",
    "laughs.yaml": _laughs().encode(),
    "unknown_article.yaml": b"claims:\n  - article: 999999\n    quote: anything\n",
    "binary.yaml": bytes(range(256)) * 4,
    "bad.export.jsonl": b'{"schema_version": "9.9", "claim": {}}\n',
    "notjson.export.jsonl": b"this is not json\n",
    "binary.export.jsonl": b"\x00\x01\x02\xff" * 100,
    "ratings.csv": b"item,reviewer\n1,ana\n",
    "ratings.jsonl": b'{"item": 1, "reviewer": "ana"\n',
    "guidelines.yaml": b"labels: [unclosed\n",
    "deep.jsonl": b'{"text": ' + b"[" * 100_000 + b"\n",
    "deep.yaml": b"claims: " + b"[" * 900 + b"]" * 900 + b"\n",
    "deep.export.jsonl": b"[" * 100_000 + b"\n",
    "deep.v.jsonl": b'{"claim_id": 1, "reviewer": "ana", "label": "supported", "x": '
    + b"[" * 50_000
    + b"\n",
    "huge_id.csv": b"claim_id,reviewer,label\n100000000000000000000,ana,supported\n",
    "huge_span.csv": b"claim_id,reviewer,label,evidence\n1,ana,supported,100000000000000000000\n",
    "future.csv": b"claim_id,reviewer,label,created_at\n1,ana,supported,2099-01-01T00:00:00Z\n",
    "deep.ratings.json": b"[" * 100_000 + b"\n",
    "nul.ratings.csv": b"item,reviewer,label\n1,ana,sup\x00ported\n1,ben,supported\n",
    "nan.ratings.csv": b"item,reviewer,label\n1,ana,nan\n1,ben,supported\n",
    "inf.ratings.jsonl": b'{"item": 1, "reviewer": "ana", "label": Infinity}\n',
    "ok.ratings.csv": b"item,reviewer,label\n1,ana,a\n1,ben,b\n" * 50,
    "ok.v.csv": b"claim_id,reviewer,label\n1,ana,supported\n" * 50,
}
HOSTILE_NAME = "evil\x1b]0;owned\x07\x1b[2J.yaml"  # a file name that retitles and clears
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


@dataclass(frozen=True)
class Case:
    name: str
    argv: tuple[str, ...]  # {f}: the bad file, {dir}: a directory, {db}: the database
    code: int
    db: str = "ok"  # ok | corrupt | newer | directory | locked | readonly | missing
    level: str = "error"  # the one stderr line starts "error:" or "warning:"


CASES = [
    # import
    Case("import-binary", ("import", "{f:binary.txt}"), 1),
    Case("import-empty", ("import", "{f:empty.txt}"), 1),
    Case("import-nulls", ("import", "{f:nulls.txt}"), 1),
    Case("import-oversized", ("import", "--max-bytes", "100", "{f:big.txt}"), 1),
    Case("import-malformed-jsonl", ("import", "--strict", "{f:bad.jsonl}"), 1),
    Case("import-missing", ("import", "{dir}/nope.txt"), 1),
    Case("import-bad-format", ("import", "--format", "docx", "{f:big.txt}"), 2),
    Case("import-two-stdins", ("import", "-", "-"), 2),
    Case("import-fifo", ("import", "{fifo}"), 1),
    Case(
        "import-fifo-beside-a-good-file-goes-on",
        ("import", "--no-extract", "{fifo}", "{f:big.txt}"),
        0,
        level="warning",
    ),
    Case("import-deep-jsonl", ("import", "--strict", "{f:deep.jsonl}"), 1),
    # verdict / verdicts / verdicts import
    Case("verdict-unknown-claim", ("verdict", "999999", "supported"), 2),
    Case("verdict-unknown-label", ("verdict", "1", "maybe"), 2),
    Case("verdict-non-integer-id", ("verdict", "one", "supported"), 2),
    Case("verdict-foreign-evidence", ("verdict", "1", "supported", "--evidence", "999999"), 2),
    Case("verdict-null-byte-reviewer", ("verdict", "1", "supported", "--reviewer", "a\x00b"), 2),
    Case("verdicts-bad-format", ("verdicts", "--format", "xml"), 2),
    Case("verdicts-import-non-utf8", ("verdicts", "import", "{f:cp1252.csv}"), 1),
    Case("verdicts-import-binary", ("verdicts", "import", "{f:binary.csv}"), 1),
    Case("verdicts-import-empty", ("verdicts", "import", "{f:empty.csv}"), 1),
    Case("verdicts-import-no-header", ("verdicts", "import", "{f:noheader.csv}"), 1),
    Case("verdicts-import-bad-quote", ("verdicts", "import", "{f:quote.csv}"), 1),
    Case("verdicts-import-nulls", ("verdicts", "import", "{f:nulls.csv}"), 1),
    Case("verdicts-import-bad-json", ("verdicts", "import", "{f:bad.jsonl.v|bad.jsonl}"), 1),
    Case("verdicts-import-unknown-claim", ("verdicts", "import", "{f:unknown_claim.csv}"), 1),
    Case("verdicts-import-unknown-label", ("verdicts", "import", "{f:unknown_label.csv}"), 1),
    Case("verdicts-import-directory", ("verdicts", "import", "{dir}"), 2),
    Case("verdicts-import-fifo", ("verdicts", "import", "{fifo}"), 2),
    Case("verdicts-import-huge-claim-id", ("verdicts", "import", "{f:huge_id.csv}"), 1),
    Case("verdicts-import-huge-span-id", ("verdicts", "import", "{f:huge_span.csv}"), 1),
    Case("verdicts-import-future", ("verdicts", "import", "{f:future.csv}"), 1),
    Case("verdicts-import-deep-json", ("verdicts", "import", "{f:deep.v.jsonl|deep.jsonl}"), 1),
    Case(
        "verdicts-import-oversized",
        ("verdicts", "import", "--max-bytes", "100", "{f:ok.v.csv|ok.csv}"),
        1,
    ),
    # claims
    Case("claims-import-malformed-yaml", ("claims", "import", "{f:bad.yaml}"), 1),
    Case("claims-import-tabs-yaml", ("claims", "import", "{f:tabs.yaml}"), 1),
    Case("claims-import-binary", ("claims", "import", "{f:binary.yaml}"), 1),
    Case("claims-import-unknown-article", ("claims", "import", "{f:unknown_article.yaml}"), 1),
    Case("claims-import-yaml-bomb", ("claims", "import", "{f:laughs.yaml}"), 1),
    Case("claims-import-directory", ("claims", "import", "{dir}"), 2),
    Case("claims-import-deep-yaml", ("claims", "import", "{f:deep.yaml}"), 1),
    Case("claims-import-hostile-name", ("claims", "import", f"{{f:bad.yaml|{HOSTILE_NAME}}}"), 1),
    Case("claims-bad-kind", ("claims", "--kind", "rumour"), 2),
    # articles / show / extract / status / agreement
    Case("show-unknown-article", ("show", "999999"), 2),
    Case("show-negative-id", ("show", "-5"), 2),
    Case("status-bad-min-reviewers", ("status", "--min-reviewers", "0"), 2),
    Case("agreement-unknown-reviewer", ("agreement", "--reviewers", "nobody,noone"), 2),
    Case("agreement-malformed-csv", ("agreement", "--input", "{f:ratings.csv}"), 1),
    Case("agreement-malformed-jsonl", ("agreement", "--input", "{f:ratings.jsonl}"), 1),
    Case("agreement-input-directory", ("agreement", "--input", "{dir}"), 2),
    Case("agreement-input-fifo", ("agreement", "--input", "{fifo}"), 2),
    Case("agreement-input-nul-label", ("agreement", "--input", "{f:nul.ratings.csv}"), 1),
    Case("agreement-input-nan-label", ("agreement", "--input", "{f:nan.ratings.csv}"), 1),
    Case("agreement-input-inf-label", ("agreement", "--input", "{f:inf.ratings.jsonl}"), 1),
    Case("agreement-input-deep-json", ("agreement", "--input", "{f:deep.ratings.json}"), 1),
    Case(
        "agreement-input-oversized",
        ("agreement", "--input", "{f:ok.ratings.csv}", "--max-bytes", "100"),
        1,
    ),
    # adjudicate / reviewers
    Case(
        "adjudicate-unknown-claim",
        ("adjudicate", "999999", "supported", "--by", "lea", "--rationale", "r"),
        2,
    ),
    Case(
        "adjudicate-unknown-label",
        ("adjudicate", "1", "maybe", "--by", "lea", "--rationale", "r"),
        2,
    ),
    Case(
        "adjudicate-not-a-lead",
        ("adjudicate", "1", "supported", "--by", "ana", "--rationale", "r"),
        2,
    ),
    Case("reviewers-add-empty-name", ("reviewers", "add", "   "), 2),
    # export / import-export / merge
    Case("export-unknown-status", ("export", "--status", "pending"), 2),
    Case("export-out-is-directory", ("export", "--out", "{dir}"), 2),
    Case("export-out-is-socket", ("export", "--out", "{sock}"), 2),
    Case("export-out-missing-folder", ("export", "--out", "{dir}/nope/set.jsonl"), 2),
    Case("export-db-typo-keeps-target", ("export", "--out", "{out}"), 1, db="missing"),
    Case("import-export-deep-json", ("import-export", "{f:deep.export.jsonl}"), 1),
    Case("import-export-unknown-version", ("import-export", "{f:bad.export.jsonl}"), 1),
    Case("import-export-not-json", ("import-export", "{f:notjson.export.jsonl}"), 1),
    Case("import-export-binary", ("import-export", "{f:binary.export.jsonl}"), 1),
    Case("import-export-directory", ("import-export", "{dir}"), 2),
    Case("merge-directory", ("merge", "{dir}"), 2),
    Case("merge-binary", ("merge", "{f:binary.txt}"), 1),
    Case("review-bad-guidelines", ("review", "--guidelines", "{f:guidelines.yaml}"), 1),
    # the database itself is the bad input
    Case("db-corrupt-articles", ("articles",), 1, db="corrupt"),
    Case("db-corrupt-verdict", ("verdict", "1", "supported"), 1, db="corrupt"),
    Case("db-newer-schema", ("verdicts",), 1, db="newer"),
    Case("db-newer-schema-import", ("import", "{f:big.txt}"), 1, db="newer"),
    Case("db-is-directory", ("status",), 1, db="directory"),
    Case("db-locked-verdict", ("verdict", "1", "supported"), 1, db="locked"),
    Case("db-locked-import", ("import", "{f:big.txt}"), 1, db="locked"),
    Case("db-read-only-verdict", ("verdict", "1", "supported"), 1, db="readonly"),
    Case("db-read-only-reviewers", ("reviewers", "add", "zed"), 1, db="readonly"),
    Case("unknown-command", ("frobnicate",), 2),
    # reading never creates: a typo in --db is refused, nothing is made
    *(
        Case(f"missing-db-{argv[0]}", argv, 1, db="missing")
        for argv in (
            ("articles",),
            ("show", "1"),
            ("claims",),
            ("verdicts",),
            ("agreement",),
            ("status",),
            ("export",),
            ("review",),
        )
    ),
]


def _snapshot(path: Path) -> tuple[dict[str, int], str]:
    con = sqlite3.connect(path)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        return counts, con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def watchdog() -> Iterator[None]:
    def fire(_sig: int, _frame: object) -> None:
        raise Hang(f"no answer within {LIMIT_S} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(LIMIT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _argv(case: Case, tmp_path: Path, closing: list[Callable[[], None]]) -> list[str]:
    folder = tmp_path / "inputs"
    folder.mkdir(exist_ok=True)
    out = []
    for arg in case.argv:
        if arg.startswith("{f:"):
            source, _, target = arg[3:-1].partition("|")
            path = folder / (target or source)
            path.write_bytes(FILES[source])
            arg = str(path)
        elif arg == "{fifo}":
            os.mkfifo(folder / "pipe.txt")  # no writer: reading it would block forever
            arg = str(folder / "pipe.txt")
        elif arg == "{sock}":
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(str(tmp_path / "s.sock"))
            closing.append(sock.close)
            arg = str(tmp_path / "s.sock")
        elif arg == "{out}":
            (tmp_path / "exports").mkdir(exist_ok=True)
            (tmp_path / "exports" / "set.jsonl").write_text(PREVIOUS_EXPORT)
            arg = str(tmp_path / "exports" / "set.jsonl")
        out.append(arg.replace("{dir}", str(folder)))
    return out


PREVIOUS_EXPORT = '{"previous": "export"}\n'


def _missing_db(tmp_path: Path) -> Path:
    return tmp_path / "no" / "such" / "t.sqlit"


def _bad_database(kind: str, db_path: Path, tmp_path: Path) -> tuple[str, Callable[[], None]]:
    """The --db value for ``kind`` and a cleanup (the seeded file stays as it is)."""
    if kind == "corrupt":
        bad = tmp_path / "corrupt.sqlite"
        raw = bytearray(db_path.read_bytes())
        raw[100:4096] = b"\xde\xad\xbe\xef" * ((4096 - 100) // 4)  # keep the header only
        bad.write_bytes(bytes(raw))
        return str(bad), lambda: None
    if kind == "newer":
        con = sqlite3.connect(db_path)
        con.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
        con.commit()
        con.close()
        return str(db_path), lambda: None
    if kind == "directory":
        return str(tmp_path), lambda: None
    if kind == "missing":
        return str(_missing_db(tmp_path)), lambda: None
    if kind == "readonly":
        return f"sqlite:///file:{db_path}?mode=ro&uri=true", lambda: None
    if kind == "locked":
        store_db.BUSY_TIMEOUT_MS = 300  # the CLI gives up after 0.3 s instead of 10 s
        sqlite_pragmas.BUSY_TIMEOUT_MS = 300  # every connection's pragma (and sqlite3 path)
        holder = sqlite3.connect(db_path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")

        def release() -> None:
            holder.execute("ROLLBACK")
            holder.close()

        return str(db_path), release
    return str(db_path), lambda: None


PARAMS = [pytest.param(c, id=c.name) for c in CASES]


@pytest.mark.parametrize("case", PARAMS)
def test_bad_input(
    case: Case,
    db_path: Path,
    tmp_path: Path,
    run,
    watchdog: None,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", store_db.BUSY_TIMEOUT_MS)
    monkeypatch.setattr(sqlite_pragmas, "BUSY_TIMEOUT_MS", sqlite_pragmas.BUSY_TIMEOUT_MS)
    build_desk(get_engine(str(db_path)))
    dispose_all()
    before = _snapshot(db_path)
    db, release = _bad_database(case.db, db_path, tmp_path)
    target = db_path if case.db == "readonly" else Path(db) if Path(db).is_file() else None
    digest = hashlib.sha256(target.read_bytes()).hexdigest() if target else None
    closing: list[Callable[[], None]] = [release]
    try:
        result = run(*_argv(case, tmp_path, closing), "--db", db, db=False)
    except Hang as exc:
        raise TimeoutError(f"{case.name}: {exc}") from None
    finally:
        for close in closing:
            close()
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr + result.stdout
    assert len(lines) == 1 and lines[0].startswith(f"{case.level}: "), result.stderr
    assert result.exit_code == case.code, lines[0]
    assert not [c for c in RAW_CONTROLS if c in result.stderr + result.stdout], repr(lines[0])
    if "{out}" in case.argv:
        exports = tmp_path / "exports"
        assert (exports / "set.jsonl").read_text() == PREVIOUS_EXPORT
        assert [p.name for p in exports.iterdir()] == ["set.jsonl"]  # no temporary file
    if case.db == "missing":
        assert not _missing_db(tmp_path).parent.parent.exists()
    if case.level == "warning":  # the run went on: the good input was imported
        assert _snapshot(db_path) != before
    elif case.db in ("ok", "missing"):
        assert _snapshot(db_path) == before
    elif case.db in ("corrupt", "locked", "readonly", "newer"):
        assert target is not None and hashlib.sha256(target.read_bytes()).hexdigest() == digest
