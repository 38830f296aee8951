"""``cpec-verify review``: the full-screen review workbench."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cpec_verify.cli.app import db_option, registered_notice
from cpec_verify.errors import CpecError, UsageError
from cpec_verify.store.queries.review_queue import FILTERS


@click.command("review")
@click.option(
    "--reviewer",
    default=None,
    metavar="NAME",
    help="Reviewer name [env CPEC_VERIFY_REVIEWER; default: login name].",
)
@click.option(
    "--filter",
    "filter_",
    type=click.Choice(FILTERS),
    default="unreviewed",
    show_default=True,
    help="Which claims to queue.",
)
@click.option(
    "--article", type=int, default=None, metavar="ID", help="Only claims from this article."
)
@click.option(
    "--guidelines",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE.yaml",
    help="Annotation guidelines replacing the bundled ones.",
)
@click.option(
    "--show-others",
    is_flag=True,
    help="Show other reviewers' verdicts (for leads; reviews are blind by default).",
)
@click.option(
    "--served",
    is_flag=True,
    hidden=True,
    help="Run as a `cpec-verify serve` session (no terminal; errors shown on screen).",
)
@db_option
def review_command(
    reviewer: str | None,
    filter_: str,
    article: int | None,
    guidelines: Path | None,
    show_others: bool,
    served: bool,
    db: str | None,
) -> None:
    """Review claims next to their article and evidence; every verdict is saved at once.

    Keys: j/k move, s/c/u label supported/conflicting/unsourced, 1-9 cite evidence,
    enter opens evidence, e note, z undo, / search, f filter, ? help, q quit.
    """
    from cpec_verify.review.launch import prepare_review, run_app

    try:
        app = prepare_review(
            db,
            reviewer,
            filter=filter_,
            article=article,
            guidelines=guidelines,
            show_others=show_others,
            on_register=lambda name: registered_notice(name, db),
        )
    except CpecError as exc:
        if not served:
            raise
        # under `serve` stdout is the browser: the reason goes on screen, not in a server log
        from cpec_verify.review.served_error import show_start_error

        show_start_error(exc.with_hint_args(""))
        raise
    if not served and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("review needs a terminal; in scripts use `cpec-verify verdict`")
    run_app(app)
