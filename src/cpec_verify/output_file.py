"""Writing ``--out PATH`` where the user pointed, never half a file, never a clobbered device.

- ``-``, ``/dev/stdout`` (``/dev/stderr``, ``/dev/fd/N``) write to that stream directly.
- A character device (``/dev/null``, a terminal) or a FIFO is opened and written in place:
  renaming a file over it would turn ``/dev/null`` into a regular file (as root) and
  leave a FIFO's reader with nothing.
- A symlink is followed: its target is replaced, the link stays a link.
- A regular file (or a new one) is written to a temporary file in the same directory and
  renamed over the target only once every byte is written, keeping the old file's mode.
  On Linux the temporary file is anonymous (``O_TMPFILE``) until that moment, so even a
  ``kill -9`` leaves nothing behind; elsewhere a hidden ``.NAME.xxxx.tmp`` is removed on
  any failure, SIGTERM and SIGHUP included.
- A directory, a block device or a socket is refused with one clear line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from cpec_verify.errors import CpecError, UsageError

_STD_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2}


class Interrupted(CpecError):
    """SIGTERM or SIGHUP arrived while a file was being written: the temporary file is
    removed on the way out, and the exit code is the shell's 128 + signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}; {_NOTHING_WRITTEN}")
        self.exit_code = 128 + signum


_NOTHING_WRITTEN = "the output file was left as it was"


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception, so ``finally`` blocks remove temp files."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_interrupted(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    old = {s: signal.signal(s, raise_interrupted) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def _stream_fd(path: str) -> int | None:
    """The descriptor ``path`` names when it is one of this process's own streams."""
    if path in _STD_STREAMS:
        return _STD_STREAMS[path]
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        if path.startswith(prefix) and path[len(prefix) :].isdigit():
            return int(path[len(prefix) :])
    return None


def _describe(mode: int) -> str | None:
    """Why a file of this type cannot be an output (None when it can)."""
    if stat.S_ISDIR(mode):
        return "is a directory; give a file name to --out"
    if stat.S_ISBLK(mode):
        return "is a block device; refusing to write over it"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return None


@contextlib.contextmanager
def open_output(path: str) -> Iterator[TextIO]:
    """A UTF-8 text stream for ``path`` (see the module docstring for what each kind gets)."""
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    fd = _stream_fd(path)
    if fd is not None:
        stream = sys.stdout if fd == 1 else sys.stderr if fd == 2 else None
        if stream is not None:
            yield stream
            stream.flush()
            return
        with os.fdopen(os.dup(fd), "w", encoding="utf-8", newline="") as own:
            yield own
        return
    try:
        st = os.stat(path)  # follows symlinks: what the path points at
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}") from exc
    if st is not None:
        why = _describe(st.st_mode)
        if why:
            raise UsageError(f"{path} {why}")
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            with open(path, "w", encoding="utf-8", newline="") as stream:
                yield stream
            return
    target = Path(os.path.realpath(path))  # a symlink's target is what gets replaced
    if not target.parent.is_dir():
        raise UsageError(f"{path}: no such directory {target.parent}")
    with _signals_interrupt(), _replacement(target, st) as stream:
        yield stream


@contextlib.contextmanager
def _replacement(target: Path, old: os.stat_result | None) -> Iterator[TextIO]:
    """Write a new ``target`` beside it and move it into place only on success."""
    fd, tmp_name = _anonymous(target.parent)
    try:
        if old is not None:
            os.fchmod(fd, stat.S_IMODE(old.st_mode))
            with contextlib.suppress(OSError):  # keeps the owner when we may (root)
                os.fchown(fd, old.st_uid, old.st_gid)
        stream = os.fdopen(fd, "w", encoding="utf-8", newline="")
    except BaseException:
        os.close(fd)
        _unlink(tmp_name)
        raise
    with stream:
        try:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
            if tmp_name is None:  # anonymous until now: give it a name, then rename
                tmp_name = _link_anonymous(stream.fileno(), target)
            os.replace(tmp_name, target)
            tmp_name = None
        finally:
            _unlink(tmp_name)


def _anonymous(folder: Path) -> tuple[int, str | None]:
    """A new file in ``folder``: anonymous (``O_TMPFILE``) when the system allows, else a
    hidden named one.  Its mode follows the umask, as a new file's should."""
    umask = os.umask(0)
    os.umask(umask)
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(folder, flag | os.O_WRONLY | os.O_CLOEXEC, 0o666 & ~umask), None
        except OSError:
            pass  # the file system does not support it: fall back to a named file
    try:
        fd, name = tempfile.mkstemp(prefix=".cpec-out.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write in {folder}: {exc.strerror}") from exc
    os.fchmod(fd, 0o666 & ~umask)
    return fd, name


def _link_anonymous(fd: int, target: Path) -> str:
    """Give an ``O_TMPFILE`` file a hidden name beside ``target`` (linkat needs a new name)."""
    folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for _ in range(100):
            name = f".{target.name}.{os.urandom(4).hex()}.tmp"
            try:
                # with a dir fd CPython calls linkat(..., AT_SYMLINK_FOLLOW): the file itself
                # is linked, not the /proc symlink (plain link() fails with EXDEV)
                os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=folder, follow_symlinks=True)
                return str(target.parent / name)
            except FileExistsError:
                continue
    finally:
        os.close(folder)
    raise UsageError(f"cannot name a temporary file in {target.parent}")


def _unlink(name: str | None) -> None:
    if name:
        with contextlib.suppress(OSError):
            os.unlink(name)
