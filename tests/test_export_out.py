"""``export --out`` writes where the user pointed: through symlinks, into devices and FIFOs,
atomically over regular files (mode kept), and never leaves a temporary file behind."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from export_fixtures import build_desk

from cpec_verify import output_file
from cpec_verify.store.db import get_engine


@pytest.fixture
def desk(db_path: Path):
    return build_desk(get_engine(str(db_path)))


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_symlink_target_is_replaced_and_the_link_stays(run, desk, tmp_path: Path) -> None:
    real = tmp_path / "exports" / "current.jsonl"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    result = run("export", "--out", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert len(_records(real.read_text())) == 2
    assert _leftovers(tmp_path) == [] and _leftovers(real.parent) == []


def test_regular_file_keeps_its_mode(run, desk, tmp_path: Path) -> None:
    target = tmp_path / "set.jsonl"
    target.write_text("old\n")
    target.chmod(0o640)
    assert run("export", "--out", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert len(_records(target.read_text())) == 2


def test_new_file_follows_the_umask(run, desk, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        target = tmp_path / "new.jsonl"
        assert run("export", "--out", str(target)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_dev_null_stays_a_device(run, desk) -> None:
    result = run("export", "--out", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_fifo_reader_gets_the_records(run, desk, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    result = run("export", "--out", str(fifo))
    reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert len(_records(got[0])) == 2
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_dev_stdout_in_a_real_pipe(desk, db_path: Path) -> None:
    exe = Path(sys.executable).with_name("cpec-verify")
    proc = subprocess.run(
        [str(exe), "export", "--out", "/dev/stdout", "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(_records(proc.stdout)) == 2


def test_socket_is_refused(run, desk, tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    try:
        result = run("export", "--out", str(path))
    finally:
        sock.close()
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {path} is a socket, not a file"]


@pytest.mark.parametrize("anonymous", [True, False], ids=["o_tmpfile", "named_temp"])
def test_sigterm_mid_export_removes_the_temporary_file(
    run, desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anonymous: bool
) -> None:
    if not anonymous:
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    from cpec_verify.export import formats

    spec = formats.FORMATS["jsonl"]

    def write_then_die(records, stream, pub):  # noqa: ANN001
        stream.write("x" * 100_000)
        os.kill(os.getpid(), signal.SIGTERM)
        return 0

    monkeypatch.setitem(formats.FORMATS, "jsonl", spec.__class__(spec.name, write_then_die))
    target = tmp_path / "set.jsonl"
    target.write_text("previous\n")
    result = run("export", "--out", str(target))
    assert result.exit_code == 128 + signal.SIGTERM
    assert result.stderr.splitlines() == [
        "error: interrupted by SIGTERM; the output file was left as it was"
    ]
    assert target.read_text() == "previous\n"
    assert _leftovers(tmp_path) == []


def test_kill_9_leaves_nothing_behind(tmp_path: Path) -> None:
    if not getattr(os, "O_TMPFILE", 0):
        pytest.skip("no O_TMPFILE here: a named temporary file would survive SIGKILL")
    target = tmp_path / "set.jsonl"
    target.write_text("previous\n")
    code = (
        "import os, signal\n"
        "from cpec_verify.output_file import open_output\n"
        f"with open_output({str(target)!r}) as s:\n"
        "    s.write('x' * 1_000_000); s.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set.jsonl"]
    assert target.read_text() == "previous\n"


def test_open_output_refuses_a_missing_folder(tmp_path: Path) -> None:
    from cpec_verify.errors import UsageError

    with (
        pytest.raises(UsageError, match="no such directory"),
        output_file.open_output(str(tmp_path / "nope" / "x.jsonl")),
    ):
        pass
