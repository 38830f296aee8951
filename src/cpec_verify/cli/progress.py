"""Progress bars on stderr for the callbacks the services take.

The services report ``progress(...)`` calls and never draw; these context managers turn the
calls into transient rich bars, shown only when stderr is a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cpec_verify.cli.app import err


@contextmanager
def stage_bars() -> Iterator[Callable[[str, int, int], None]]:
    """A transient bar per stage ("extracting", "evidence") for ``progress(stage, done, total)``."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = int(bar.add_task(stage, total=total))
        bar.update(tasks[stage], completed=done, total=total)  # type: ignore[arg-type]

    with bar:
        yield update


@contextmanager
def file_bar(*, enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """One bar over the files of an import for ``progress(name, done, total)``; the name shows
    as plain text (never markup).  Hidden for a single file or when stderr is not a terminal."""
    bar: Progress | None = None
    task = None

    def update(name: str, done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:  # the total is known only once the inputs are collected
            bar = Progress(
                TextColumn("importing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[name]}", markup=False),
                console=err,
                transient=True,
                disable=not enabled or total < 2 or not err.is_terminal,
            )
            bar.start()
            task = bar.add_task("import", total=total, name="")
        assert task is not None
        bar.update(task, completed=done, total=total, name=name[-60:])

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()
