"""kill -9 in the middle of writing verdicts and of an import: nothing reported is lost.

A verdict counts as reported once ``verdict #ID`` reached the terminal (the command
prints it after the commit).  After the kill the file must pass ``PRAGMA
integrity_check``, hold every reported verdict, and accept new work; re-running an
interrupted import finishes it, giving what an uninterrupted import gives.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from stress.verdict_storm import SAVED, seed, spawn_worker

DEADLINE = 120  # seconds any one wait may take before the test fails
pytestmark = pytest.mark.slow  # killed processes on an SQLite file; CI runs them on SQLite only


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def count(path: Path, table: str) -> int:
    con = sqlite3.connect(path, timeout=10)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("after", [1, 150, 600])
def test_kill_while_writing_verdicts(db_path: Path, run, after: int) -> None:
    ids = seed(str(db_path))
    proc = spawn_worker(str(db_path), "crash", ids, 1_000_000)
    assert proc.stdout is not None and proc.stdin is not None and proc.stderr is not None
    # scripted verdicts warn on stderr (guidelines); drain it, or a full pipe stalls the worker
    drain = threading.Thread(target=proc.stderr.read, daemon=True)
    drain.start()
    assert proc.stdout.readline().strip() == "ready"
    proc.stdin.write("go\n")
    proc.stdin.flush()
    reported: dict[int, tuple[int, str, str]] = {}
    start = time.monotonic()
    while len(reported) < after and time.monotonic() - start < DEADLINE:
        m = SAVED.match(proc.stdout.readline())
        if m:
            reported[int(m[1])] = (int(m[2]), m[3], m[4])
    os.kill(proc.pid, signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait(timeout=DEADLINE)
    drain.join(timeout=DEADLINE)
    for line in rest.splitlines():  # printed before the kill: reported too
        if m := SAVED.match(line):
            reported[int(m[1])] = (int(m[2]), m[3], m[4])
    assert proc.returncode == -signal.SIGKILL
    assert len(reported) >= after
    assert integrity(db_path) == "ok"
    con = sqlite3.connect(db_path)
    stored = {
        r[0]: (r[1], r[2], r[3])
        for r in con.execute("SELECT id, claim_id, label, reviewer FROM verdict")
    }
    con.close()
    assert {vid: stored.get(vid) for vid in reported} == reported
    more = run("verdict", str(ids[0]), "supported", "--reviewer", "after")
    assert more.exit_code == 0, more.stderr
    assert integrity(db_path) == "ok"


def _corpus(folder: Path, files: int) -> Path:
    folder.mkdir()
    for i in range(files):
        paragraphs = [
            f"Story {i}: Port {i} handled {1000 + i * 13} containers in week {j}, officials said. "
            f"The corridor's budget for site {i}-{j} was put at ${i + j + 1}.{j} billion."
            for j in range(12)
        ]
        (folder / f"story_{i:04d}.txt").write_text(f"Report {i}\n\n" + "\n\n".join(paragraphs))
    return folder


def _import(db: Path, folder: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "cpec_verify", "import", str(folder), "--db", str(db)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _articles(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT s.path, s.sha256, a.part, a.text, "
            "(SELECT count(*) FROM span WHERE span.article_id = a.id) "
            "FROM article a JOIN source s ON s.id = a.source_id ORDER BY s.path, a.part"
        ).fetchall()
    finally:
        con.close()


def test_kill_during_an_import_then_rerun_completes_it(tmp_path: Path, db_path: Path) -> None:
    folder = _corpus(tmp_path / "corpus", 300)
    reference = tmp_path / "reference.sqlite"
    done = _import(reference, folder)
    out, err = done.communicate(timeout=DEADLINE * 3)
    assert done.returncode == 0, err

    proc = _import(db_path, folder)
    start = time.monotonic()
    while time.monotonic() - start < DEADLINE:
        if db_path.exists() and proc.poll() is None:
            try:
                if count(db_path, "source") >= 20:
                    break
            except sqlite3.OperationalError:
                pass  # not migrated yet
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=DEADLINE)
    assert proc.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    assert integrity(db_path) == "ok"
    partial = count(db_path, "source")
    assert 20 <= partial < 300
    assert count(db_path, "article") == partial  # one transaction per file: no half files

    again = _import(db_path, folder)
    out, err = again.communicate(timeout=DEADLINE * 3)
    assert again.returncode == 0, err
    assert f"{partial} file(s) already imported" in out
    assert integrity(db_path) == "ok"
    assert _articles(db_path) == _articles(reference)
    # the re-run also proposes claims for files committed before the kill but never extracted
    assert count(db_path, "claim") == count(reference, "claim")
