"""``cpec-verify demo``: the whole pipeline on the bundled corpus, in a demo database.

The demo never touches a database holding anything but its own corpus, and it keeps the
verdicts of earlier runs unless ``--fresh`` is given.
"""

from __future__ import annotations

import hashlib
import sys
from importlib import resources
from pathlib import Path

import click

from cpec_verify.cli.app import db_args, engine_for, out
from cpec_verify.cli.import_cmd import extract_claims, import_files, print_summary
from cpec_verify.errors import UsageError

DEMO_DB = Path("db") / "demo.sqlite"


def demo_files() -> list[Path]:
    """The bundled articles, in name order (the README there describes each one)."""
    folder = Path(str(resources.files("cpec_verify") / "data" / "demo"))
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name[:2].isdigit())


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _is_demo_source(path: str, sha: str, demo: dict[str, str]) -> bool:
    """A bundled file: same bytes, or (an older release's bytes) same name in a demo folder."""
    p = Path(path)
    return sha in demo.values() or (p.name[:2].isdigit() and p.parent.name == "demo")


def _sqlite_file(db: str) -> Path | None:
    return None if "://" in db else Path(db).expanduser()


def check_demo_database(db: str, files: list[Path]) -> tuple[int, int]:
    """Refuse a database holding other articles; ``(sources, verdicts)`` it already holds."""
    from cpec_verify.store.db import session_scope
    from cpec_verify.store.entities.articles import source_digests
    from cpec_verify.store.entities.verdicts import count_verdict_rows

    demo = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    with session_scope(engine_for(db)) as session:
        sources = source_digests(session)
        verdicts = count_verdict_rows(session)
    foreign = [path for path, sha in sources if not _is_demo_source(path, sha, demo)]
    if foreign:
        raise UsageError(
            f"{db} holds {len(foreign)} imported file(s) that are not the demo corpus "
            f"(first: {Path(foreign[0]).name}); demo builds its own database: "
            f"give a new --db PATH, or leave --db out for {DEMO_DB}"
        )
    return len(sources), verdicts


@click.command("demo")
@click.option(
    "--db",
    "db",
    metavar="PATH|URL",
    default=None,
    help=f"Where to build the demo [default {DEMO_DB}]; refused if it holds other articles.",
)
@click.option(
    "--fresh", is_flag=True, help="Start the demo database over (earlier demo verdicts go)."
)
@click.option("--no-review", is_flag=True, help="Do not open the review screen afterwards.")
@click.option("--reviewer", default=None, help="Reviewer name for the review screen.")
def demo_command(db: str | None, fresh: bool, no_review: bool, reviewer: str | None) -> None:
    """Build a demo database from the bundled corpus and run every stage on it.

    Verdicts from earlier runs are kept unless --fresh is given.  Opens the review screen
    when a terminal is attached; otherwise prints a summary and the next commands to try.
    """
    from cpec_verify.store.db import dispose_all

    shown_db = db
    db = db or str(DEMO_DB)
    files = demo_files()
    path = _sqlite_file(db)
    if fresh and path is None:
        raise UsageError("--fresh starts over a SQLite demo file; for a server database, drop it")
    if path is not None and path.exists():
        _, verdicts = check_demo_database(db, files)
        if fresh:
            dispose_all()
            remove_sqlite(path)
        elif verdicts:
            out.print(
                f"keeping {verdicts} verdict row(s) from earlier demo runs "
                f"(start over: cpec-verify demo --fresh{db_args(shown_db)})",
                markup=False,
            )
    elif path is None:
        check_demo_database(db, files)
    engine = engine_for(db, create=True)
    summary = import_files(engine, tuple(str(p) for p in files))
    summary.extracted = extract_claims(engine, summary.article_ids)
    print_summary(summary, shown_db)
    if interactive() and not no_review:
        from cpec_verify.cli.app import registered_notice
        from cpec_verify.review.launch import run_review

        run_review(
            db=db, reviewer=reviewer, on_register=lambda name: registered_notice(name, shown_db)
        )
        return
    out.print("\nnext, try:", markup=False)
    for line in (
        f"cpec-verify articles --db {db}",
        f"cpec-verify show 1 --db {db}",
        f"cpec-verify claims --relation differs --db {db}",
        f"cpec-verify review --db {db}",
        f"cpec-verify agreement --db {db}",
    ):
        out.print(f"  {line}", markup=False)
