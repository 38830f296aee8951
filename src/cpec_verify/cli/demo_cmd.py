"""``cpec-verify demo``: the whole pipeline on the bundled corpus, in a fresh database."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click
from sqlalchemy import func
from sqlmodel import select

from cpec_verify.cli.app import cli, engine_for, out
from cpec_verify.cli.import_cmd import after_import, print_summary, run_import
from cpec_verify.store.db import dispose_all, session_scope
from cpec_verify.store.models import Claim, Evidence

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


@cli.command("demo")
@click.option(
    "--db",
    "db",
    metavar="PATH|URL",
    default=None,
    help=f"Where to build the demo [default {DEMO_DB}, rebuilt afresh].",
)
@click.option("--no-review", is_flag=True, help="Do not open the review screen afterwards.")
@click.option("--reviewer", default=None, help="Reviewer name for the review screen.")
def demo_command(db: str | None, no_review: bool, reviewer: str | None) -> None:
    """Build a demo database from the bundled corpus and run every stage on it.

    Opens the review screen when a terminal is attached; otherwise prints a summary
    and the next commands to try.
    """
    if db is None:
        dispose_all()
        remove_sqlite(DEMO_DB)
        db = str(DEMO_DB)
    files = demo_files()
    summary = run_import(db, tuple(str(p) for p in files))
    after_import(db, summary.article_ids)
    print_summary(summary)
    with session_scope(engine_for(db)) as session:
        claims = session.exec(select(func.count()).select_from(Claim)).one()
        evidence = session.exec(select(func.count()).select_from(Evidence)).one()
    out.print(f"{claims} candidate claim(s), {evidence} evidence link(s)", markup=False)
    if interactive() and not no_review:
        from cpec_verify.review.launch import run_review

        run_review(db=db, reviewer=reviewer)
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
