"""``cpec-verify export`` and ``cpec-verify import-export``: verified claim sets out and back in.

Records stream from the database to ``--out`` through ``output_file.open_output``: a
regular file is replaced atomically once every record is written (a failed export never
leaves half a file), devices, FIFOs and ``-`` (stdout, the default) are written directly.
FEVER's ``--pages`` file is written the same way.
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path

import click
import yaml

from cpec_verify.cli.app import (
    db_option,
    engine_for,
    err,
    format_option,
    out,
    print_json,
    terminal_guard,
    warn,
)
from cpec_verify.cli.status_cmd import min_reviewers_option
from cpec_verify.errors import UsageError
from cpec_verify.export.claimreview import Publisher, PublisherUrlError
from cpec_verify.export.formats import FORMATS, ExportOptions
from cpec_verify.export.reader import read_records
from cpec_verify.output_file import open_output
from cpec_verify.safe_yaml import load_yaml
from cpec_verify.services.exporting import export_claims
from cpec_verify.store.db import session_scope
from cpec_verify.store.files.exported_claims import load_records
from cpec_verify.store.queries.status import FINAL_STATUSES, check_min_reviewers, check_statuses


def _warn_suffix(fmt: str, out_path: str, suffix: str) -> None:
    if out_path == "-" or out_path.lower().endswith(suffix):
        return
    ext = Path(out_path).suffix or "(no extension)"
    warn(
        f"{out_path} does not end in {suffix}: Label Studio's upload refuses it with "
        f'"{ext} extension is not supported"; name the file {Path(out_path).stem}{suffix}'
        if fmt == "label-studio"
        else f"{out_path} does not end in {suffix}, the name {fmt} tools expect"
    )


def _only(fmt: str, allowed: tuple[str, ...], **given: object) -> None:
    for option, value in given.items():
        if value and fmt not in allowed:
            flag = "--" + option.replace("_", "-")
            raise UsageError(f"{flag} applies to --format {' or '.join(allowed)} only")


def load_annotators(path: str) -> dict[str, str | int]:
    """``reviewer: email-or-user-id`` from a YAML or JSON file, checked entry by entry."""
    try:
        raw = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text") from exc
    try:
        data = load_yaml(raw)
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: not valid YAML or JSON ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise UsageError(f"{path}: expected a mapping of reviewer name to Label Studio user")
    users: dict[str, str | int] = {}
    for name, user in data.items():
        ok_id = isinstance(user, int) and not isinstance(user, bool) and user > 0
        ok_email = isinstance(user, str) and re.fullmatch(r"[^@\s]+@[^@\s]+", user.strip())
        if not isinstance(name, str) or not (ok_id or ok_email):
            raise UsageError(
                f"{path}: {str(name)[:60]!r} must map to an email or a numeric Label Studio user id"
            )
        users[name] = user if isinstance(user, int) else user.strip()
    return users


@click.command("export")
@format_option(*FORMATS, "facts", default="jsonl")
@click.option(
    "--status",
    "status",
    default=",".join(FINAL_STATUSES),
    show_default=True,
    metavar="LIST",
    help="Comma-separated claim statuses to export (facts: every group is written, each "
    "value with its claim's status).",
)
@click.option(
    "--out",
    "out_path",
    default="-",
    show_default=True,
    metavar="PATH|-",
    help="Output file (replaced atomically; a symlink's target is replaced; devices and "
    "FIFOs are written directly); - for stdout.",
)
@click.option(
    "--validate", is_flag=True, help="Check every record against schemas/export-record.schema.json."
)
@click.option(
    "--no-text",
    is_flag=True,
    help="jsonl/yaml: leave out article.text (smaller; import-export then rebuilds partial articles).",
)
@click.option(
    "--publisher",
    envvar="CPEC_VERIFY_PUBLISHER",
    metavar="NAME",
    help="Fact-checking organisation for claimreview [env CPEC_VERIFY_PUBLISHER].",
)
@click.option(
    "--publisher-url",
    envvar="CPEC_VERIFY_PUBLISHER_URL",
    metavar="URL",
    help="claimreview: its http(s) URL, the base of each review's url "
    "[env CPEC_VERIFY_PUBLISHER_URL].",
)
@click.option(
    "--short-claims",
    is_flag=True,
    help="claimreview: claimReviewed in at most 75 characters, cut at a word with an ellipsis.",
)
@click.option(
    "--pages",
    "pages_path",
    metavar="PATH",
    help="fever: also write the cited pages (wiki-pages JSONL: id, text, lines) to PATH.",
)
@click.option(
    "--allow-unevidenced",
    is_flag=True,
    help="fever: keep SUPPORTS/REFUTES claims whose reviewers cited no evidence.",
)
@click.option(
    "--annotators",
    "annotators_path",
    metavar="PATH",
    help="label-studio: YAML/JSON mapping reviewer name to Label Studio user email or id.",
)
@click.option("--bom", is_flag=True, help="csv: start with a UTF-8 byte order mark (Excel).")
@min_reviewers_option
@db_option
def export_command(
    fmt: str,
    status: str,
    out_path: str,
    validate: bool,
    no_text: bool,
    publisher: str | None,
    publisher_url: str | None,
    short_claims: bool,
    pages_path: str | None,
    allow_unevidenced: bool,
    annotators_path: str | None,
    bom: bool,
    min_reviewers: int,
    db: str | None,
) -> None:
    """Export verified claims: final label, evidence with provenance, verdicts, agreement."""
    if fmt == "facts":
        _facts(status, out_path, validate, min_reviewers, db, no_text=no_text, bom=bom,
               pages=pages_path, allow_unevidenced=allow_unevidenced,
               short_claims=short_claims, annotators=annotators_path)  # fmt: skip
        return
    spec = FORMATS[fmt]
    statuses = check_statuses(status.split(","))
    check_min_reviewers(min_reviewers)
    if spec.needs_final_label and set(statuses) - set(FINAL_STATUSES):
        raise UsageError(f"{fmt} needs a final label; use --status agreed,adjudicated")
    _only(fmt, ("csv",), bom=bom)
    _only(fmt, ("fever",), pages=pages_path, allow_unevidenced=allow_unevidenced)
    _only(fmt, ("claimreview",), short_claims=short_claims)
    _only(fmt, ("label-studio",), annotators=annotators_path)
    _only(fmt, ("jsonl", "yaml"), no_text=no_text)
    if pages_path is not None and (pages_path == "-" or pages_path == out_path):
        raise UsageError("--pages needs a file of its own, not stdout or the --out file")
    pub = None
    if spec.needs_publisher:
        if not (publisher or "").strip():
            raise UsageError(f"{fmt} needs --publisher NAME (or CPEC_VERIFY_PUBLISHER)")
        if not (publisher_url or "").strip():
            raise UsageError(
                f"{fmt} needs --publisher-url URL (or CPEC_VERIFY_PUBLISHER_URL): "
                "every ClaimReview must have a url"
            )
        try:
            pub = Publisher((publisher or "").strip(), publisher_url or "")
        except PublisherUrlError as exc:
            raise UsageError(f"--publisher-url: {exc}") from exc
    annotators = load_annotators(annotators_path) if annotators_path else {}
    if spec.suffix == ".json":
        _warn_suffix(fmt, out_path, spec.suffix)
    with contextlib.ExitStack() as files:
        session = files.enter_context(session_scope(engine_for(db)))
        stream = files.enter_context(open_output(out_path))
        pages = files.enter_context(open_output(pages_path)) if pages_path else None
        if pages is not None:
            pages = terminal_guard(pages, json=True)
        options = ExportOptions(
            publisher=pub,
            short_claims=short_claims,
            bom=bom,
            allow_unevidenced=allow_unevidenced,
            pages=pages,
            annotators=annotators,
            warn=warn,
        )
        count = export_claims(
            session,
            terminal_guard(stream, json=fmt not in ("csv", "yaml")),
            fmt,
            statuses,
            validate,
            min_reviewers=min_reviewers,
            options=options,
            article_text=not no_text,
        )
    where = "stdout" if out_path == "-" else out_path
    err.print(f"exported {count} claim(s) as {fmt} to {where}", markup=False, highlight=False)
    if pages_path:
        err.print(f"wrote the cited pages to {pages_path}", markup=False, highlight=False)


def _facts(
    status: str, out_path: str, validate: bool, min_reviewers: int, db: str | None, **other: object
) -> None:
    """``--format facts``: fact groups as JSONL, one group per line."""
    from click.core import ParameterSource

    from cpec_verify.services.exporting import export_facts

    if click.get_current_context().get_parameter_source("status") == ParameterSource.COMMANDLINE:
        raise UsageError("--status does not apply to --format facts (every group is written)")
    for option, value in other.items():
        if value:
            raise UsageError(f"--{option.replace('_', '-')} does not apply to --format facts")
    check_min_reviewers(min_reviewers)
    with contextlib.ExitStack() as files:
        session = files.enter_context(session_scope(engine_for(db)))
        stream = files.enter_context(open_output(out_path))
        count = export_facts(
            session, terminal_guard(stream, json=True), validate, min_reviewers=min_reviewers
        )
    where = "stdout" if out_path == "-" else out_path
    err.print(f"exported {count} fact group(s) to {where}", markup=False, highlight=False)


@click.command("import-export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@format_option("text", "json")
@db_option
def import_export_command(file: str, fmt: str, db: str | None) -> None:
    """Load a JSONL export ("export --format jsonl") into this database.

    Claims already present at the same offsets are skipped; articles this database
    lacks are rebuilt from the exported article text (or, from a --no-text export, from
    the exported sentences).  Unknown schema versions are refused.
    """
    name = "<stdin>" if file == "-" else file
    stream = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
    try:
        with session_scope(engine_for(db, create=True)) as session:
            summary = load_records(
                session, read_records(stream, name), origin=f"export:{Path(name).name}"
            )
    finally:
        if stream is not sys.stdin:
            stream.close()
    if fmt == "json":
        print_json(vars(summary))
        return
    out.print(
        f"loaded {summary.loaded} claim(s) ({summary.verdicts} verdicts, "
        f"{summary.adjudications} adjudications, {summary.articles_created} new articles); "
        f"skipped {summary.skipped} already present",
        markup=False,
    )
