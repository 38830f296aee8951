"""``cpec-verify init``: create (or upgrade) an empty database."""

from __future__ import annotations

import click

from cpec_verify.cli.app import db_option, engine_for, out
from cpec_verify.store.db import describe
from cpec_verify.store.migrate import head_revision


@click.command("init")
@db_option
def init_command(db: str | None) -> None:
    """Create an empty database (other commands create it when missing)."""
    engine = engine_for(db, create=True)
    out.print(
        f"database ready: {describe(str(engine.url))} (schema {head_revision()})",
        markup=False,
    )
