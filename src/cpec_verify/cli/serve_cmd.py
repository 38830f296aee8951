"""``cpec-verify serve``: the review screen in a browser, for reviewers without a terminal."""

from __future__ import annotations

import ipaddress

import click

from cpec_verify.cli.app import db_option, engine_for, warn
from cpec_verify.errors import CpecError, UsageError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--max-sessions",
    default=16,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Live browser sessions at once (each runs one review app, about 100 MB).",
)
@db_option
def serve_command(host: str, port: int, max_sessions: int, db: str | None) -> None:
    """Serve the review screen to browsers; reviewers sign in with "reviewers token" URLs."""
    try:
        from cpec_verify.web.server import ReviewServer
    except ImportError as exc:  # textual-serve is a dependency; a broken install says so
        raise UsageError(f"serve needs textual-serve ({exc}); pip install textual-serve") from exc

    engine = engine_for(db)  # a typo in --db must not serve an empty database
    if not is_loopback(host):
        warn(
            f"serving on {host} without TLS; put a reverse proxy with https in "
            "front (docs/serve.md) so sign-in cookies never cross the network in clear"
        )
    server = ReviewServer(engine, db, host=host, port=port, max_sessions=max_sessions)
    try:
        server.serve()
    except OSError as exc:
        raise CpecError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
