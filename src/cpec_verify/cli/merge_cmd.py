"""``cpec-verify merge OTHER``: fold a reviewer's offline database into this one.

The other database is opened read-only (a merge never changes it) and must be at
this version's schema; the merge is one transaction in the target, all or nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

import click
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from cpec_verify.cli.app import cli, db_option, engine_for, format_option, out, print_json, warn
from cpec_verify.errors import StoreError, UsageError
from cpec_verify.store.db import (
    BUSY_TIMEOUT_MS,
    create_db_engine,
    describe,
    resolve_url,
    session_scope,
    translate_db_error,
)
from cpec_verify.store.merge import MergeSummary, merge_database
from cpec_verify.store.migrate import (
    _check_not_newer,
    alembic_config,
    current_revisions,
    head_revision,
)


def open_other(other: str) -> tuple[Engine, str]:
    """A read-only engine on OTHER (a path or URL) and its URL; refuses anything unusable."""
    if "://" in other:
        return create_db_engine(other), other
    path = Path(other).expanduser()
    if not path.exists():
        raise UsageError(f"{other}: no such file")
    if path.is_dir():
        raise UsageError(f"{other} is a directory, not a database file")
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise StoreError(f"{other} is not a database (not an SQLite file)")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )

    return create_engine("sqlite://", creator=connect), f"sqlite:///{path.resolve()}"


def check_schema(engine: Engine, url: str) -> None:
    """OTHER must carry exactly this version's schema (older ones: open them once first)."""
    with engine.connect() as conn:
        current = current_revisions(conn)
    name = describe(url)
    if not current:
        raise StoreError(f"{name} is not a cpec-verify database (no schema revision)")
    _check_not_newer(current, ScriptDirectory.from_config(alembic_config()), name)
    if current != {head_revision()}:
        raise StoreError(
            f"{name} has schema revision {', '.join(sorted(current))}, this cpec-verify "
            f"expects {head_revision()}; open it once with the newer of the two versions "
            "(any command) so both match"
        )


@cli.command("merge")
@click.argument("other", metavar="OTHER")
@format_option("text", "json")
@db_option
def merge_command(other: str, fmt: str, db: str | None) -> None:
    """Merge OTHER (a reviewer's offline .sqlite file, or a URL) into this database.

    Articles are matched by source sha256, claims by article, offsets and text; claims
    on one side only are added; verdicts and adjudications are appended with their
    original reviewer and time.  Merging the same file twice adds nothing.  A claim
    whose text differs at the same offsets is reported, and its verdicts left out.
    """
    target_url = resolve_url(db)
    other_engine, other_url = open_other(other)
    try:
        if resolve_url(other_url) == target_url:
            raise UsageError("OTHER is the database being merged into")
        try:
            check_schema(other_engine, other_url)
        except SQLAlchemyError as exc:
            raise translate_db_error(exc, other_url) from exc
        engine = engine_for(db)
        try:
            with session_scope(engine) as target, Session(other_engine) as source:
                summary = merge_database(target, source)
        except SQLAlchemyError as exc:
            raise translate_db_error(exc, target_url) from exc
    finally:
        other_engine.dispose()
    report(summary, other, fmt)


def report(summary: MergeSummary, other: str, fmt: str) -> None:
    for c in summary.conflicts:
        warn(
            f"claim #{c.other_claim_id} of {other} (article #{c.article_id}, chars "
            f"{c.start}-{c.end}): text differs at the same offsets (here {c.here[:60]!r}, "
            f"there {c.there[:60]!r}); {c.verdicts} verdict(s) and {c.adjudications} "
            "adjudication(s) not merged"
        )
    if fmt == "json":
        print_json(summary.record())
        return
    s = summary
    out.print(
        f"merged {other}: added {s.sources} source(s), {s.articles} article(s), "
        f"{s.claims} claim(s), {s.evidence} evidence link(s), {s.verdicts} verdict(s), "
        f"{s.adjudications} adjudication(s), {s.reviewers} reviewer(s); "
        f"{s.claims_matched} claim(s) matched, {s.verdicts_present + s.adjudications_present} "
        "row(s) already present",
        markup=False,
    )
    if s.restated:
        out.print(f"{s.restated} newer row(s) restated so they stay current", markup=False)
    if s.citations_dropped:
        warn(f"{s.citations_dropped} cited span(s) are not in this database and were dropped")
    if s.conflicts:
        out.print(f"{len(s.conflicts)} conflicting claim(s) reported above", markup=False)
