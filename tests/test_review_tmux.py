"""Smoke test: ``cpec-verify review`` in a real terminal (tmux), keys in, pane text out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from review_fixtures import build_review_db
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.store.entities.verdicts import verdict_history

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.slow,  # a real terminal; the database behind it is covered on both engines
]


class Tmux:
    def __init__(self, tmp: Path) -> None:
        self.socket = f"cpec-review-{os.getpid()}-{tmp.name}"

    def __call__(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            check=True,
            capture_output=True,
            text=True,
            timeout=20,
        ).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        pane = ""
        while time.monotonic() < deadline:
            pane = self("capture-pane", "-p", "-t", "review")
            if text in pane:
                return pane
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; pane:\n{pane}")


def test_review_in_tmux(engine: Engine, db_path: Path, tmp_path: Path) -> None:
    db = build_review_db(engine)
    exe = Path(sys.executable).with_name("cpec-verify")
    tmux = Tmux(tmp_path)
    command = f"{exe} review --db {db_path} --filter all --reviewer smoke"
    env = {"TERM": "xterm-256color"}
    tmux(
        "new-session",
        "-d",
        "-s",
        "review",
        "-x",
        "100",
        "-y",
        "30",
        *(f"-e{k}={v}" for k, v in env.items()),
        command,
    )
    try:
        pane = tmux.wait_for("claim 1 / 6")
        assert "Corridor investment reaches $60 billion" in pane
        tmux("send-keys", "-t", "review", "2", "u")
        tmux.wait_for("claim 2 / 6")
        tmux("send-keys", "-t", "review", "k")
        pane = tmux.wait_for("saved as verdict #")
        assert "unsourced" in pane
        tmux("send-keys", "-t", "review", "j", "j", "j", "j")
        pane = tmux.wait_for("[bold]No more promises[/bold]")
    finally:
        tmux("kill-server")  # no clean exit: what was shown as saved must be on disk
    with Session(engine) as session:
        rows = verdict_history(session, reviewer="smoke")
    assert [(r.claim_id, r.label, r.evidence) for r in rows] == [
        (db.claim_ids[0], "unsourced", [db.evidence_spans[db.claim_ids[0]][1]])
    ]
