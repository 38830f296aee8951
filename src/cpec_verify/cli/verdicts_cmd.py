"""``cpec-verify verdict``, ``verdicts`` and ``verdicts import``: verdicts for scripts and pipelines."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpec_verify.cli.app import (
    cell,
    db_args,
    db_option,
    engine_for,
    format_option,
    notice,
    out,
    print_json,
    registered_notice,
    warn,
    write_text,
)
from cpec_verify.input_file import DEFAULT_MAX_BYTES
from cpec_verify.labels import LABELS
from cpec_verify.review.model.reviewer import resolve_reviewer
from cpec_verify.textsafe import terminal_safe

if TYPE_CHECKING:
    from cpec_verify.review.model.guidelines import Guidelines
    from cpec_verify.store.entities.quick_verdict import AppendedVerdict

# The store modules below load SQLAlchemy; they are imported inside the functions that need
# them, so a scripted ``verdict`` on a SQLite file never loads it (store/entities/quick_verdict.py).


@click.command("verdict")
@click.argument("claim_id", type=int)
@click.argument("label", type=click.Choice(LABELS))
@click.option(
    "--reviewer",
    default=None,
    metavar="NAME",
    help="Reviewer name [env CPEC_VERIFY_REVIEWER; default: login name].",
)
@click.option(
    "--cite",
    "cite",
    type=click.IntRange(min=1),
    multiple=True,
    metavar="RANK",
    help="Cite evidence by its rank as the review screen shows it (repeat for several).",
)
@click.option(
    "--evidence",
    "evidence",
    type=int,
    multiple=True,
    metavar="SPAN_ID",
    help="Cite an evidence sentence by span id, as in claims --format json (repeatable).",
)
@click.option("--note", default=None, metavar="TEXT", help="A note for the lead.")
@click.option(
    "--guidelines",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE.yaml",
    help="Guidelines whose evidence rule to check [default: the bundled ones].",
)
@db_option
def verdict_command(
    claim_id: int,
    label: str,
    reviewer: str | None,
    cite: tuple[int, ...],
    evidence: tuple[int, ...],
    note: str | None,
    guidelines: Path | None,
    db: str | None,
) -> None:
    """Append a verdict on CLAIM_ID (the scripted equivalent of s/c/u on the review screen).

    Cite evidence with --cite RANK (1-5 as on the screen) or --evidence SPAN_ID.  The
    guidelines' evidence rule is checked as on the screen: a label that needs a citation
    is saved without one, with a warning on stderr.
    """
    from cpec_verify.review.model.guidelines import load_guidelines
    from cpec_verify.store.entities.quick_verdict import append_verdict, sqlite_file

    rules = load_guidelines(guidelines)
    name = resolve_reviewer(reviewer)
    args = {"claim_id": claim_id, "reviewer": name, "label": label, "cite": cite}
    args |= {"evidence": evidence, "note": note}
    path = sqlite_file(db)
    done = append_verdict(path, **args) if path is not None else None
    if done is None:  # a server database, an older schema, or a file to create or explain
        done = append_with_orm(db, **args)
    rank_of = {span: i for i, (span, _) in enumerate(done.ranked, 1)}
    same_source = {span for span, same in done.ranked if same}
    cited = ", ".join(
        f"evidence {rank_of[s]} (span {s})" if s in rank_of else f"span {s}" for s in done.spans
    )
    line = f"verdict #{done.verdict_id}: claim {done.claim_id} {label} by {done.reviewer}"
    sys.stdout.write(terminal_safe(line + (f" citing {cited}" if cited else "")) + "\n")
    if done.registered:
        registered_notice(done.reviewer, db)
    if done.asked_claim_id != done.claim_id:
        notice(
            f"claim {done.asked_claim_id} repeats claim {done.claim_id} in the original of a "
            f"syndicated copy; the verdict is recorded on claim {done.claim_id} and counts for both"
        )
    for message in guideline_warnings(rules, label, done.spans, same_source, done.claim_id, db):
        warn(message)


def append_with_orm(
    db: str | None,
    *,
    claim_id: int,
    reviewer: str,
    label: str,
    cite: tuple[int, ...],
    evidence: tuple[int, ...],
    note: str | None,
) -> AppendedVerdict:
    """The same verdict through SQLAlchemy: any database, migrated or created first."""
    from cpec_verify.store.db import session_scope
    from cpec_verify.store.entities.claims import original_of
    from cpec_verify.store.entities.quick_verdict import AppendedVerdict
    from cpec_verify.store.entities.reviewers import resolve_name
    from cpec_verify.store.entities.verdicts import (
        add_verdict,
        check_citations,
        evidence_in_rank_order,
        spans_for_ranks,
    )

    with session_scope(engine_for(db)) as session:
        resolved = resolve_name(session, reviewer)
        original = original_of(session, claim_id) or claim_id  # a copy is reviewed as its original
        ranked = evidence_in_rank_order(session, original)
        spans = [*spans_for_ranks(session, original, cite), *evidence]
        row = add_verdict(
            session, claim_id=original, reviewer=resolved.name, label=label, evidence=spans,
            note=note,
        )  # fmt: skip
        check_citations(session, original, row.evidence)
        return AppendedVerdict(
            int(row.id or 0), original, claim_id, resolved.name, resolved.registered,
            list(row.evidence), ranked,
        )  # fmt: skip


def guideline_warnings(
    rules: Guidelines,
    label: str,
    spans: list[int],
    same_source: set[int],
    claim_id: int,
    db: str | None,
) -> list[str]:
    """What the screen would have asked about before saving, said after a scripted verdict."""
    if not rules.needs_evidence(label):
        return []
    if not spans:
        return [
            f"the guidelines ask for cited evidence for '{label}'; saved without a citation "
            f"(add one with: cpec-verify verdict {claim_id} {label} --cite RANK{db_args(db)})"
        ]
    if set(spans) <= same_source:
        return [
            f"every evidence cited for claim {claim_id} comes from a syndicated copy of its "
            "own article, which the guidelines do not count as independent support"
        ]
    return []


@click.group("verdicts", invoke_without_command=True)
@format_option("table", "json", "csv")
@click.option("--history", is_flag=True, help="Every row, retractions included, oldest first.")
@click.option("--reviewer", default=None, metavar="NAME", help="Only this reviewer's verdicts.")
@db_option
@click.pass_context
def verdicts_group(
    ctx: click.Context, fmt: str, history: bool, reviewer: str | None, db: str | None
) -> None:
    """List current verdicts (the latest per claim and reviewer), or import them."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is not None:
        return
    from cpec_verify.store.db import session_scope
    from cpec_verify.store.entities.reviewers import resolve_name
    from cpec_verify.store.entities.verdicts import latest_verdicts, verdict_history
    from cpec_verify.store.files.verdict_io import csv_text, record

    with session_scope(engine_for(db)) as session:
        if reviewer is not None:
            reviewer = resolve_name(session, reviewer, register=False).name
        if history:
            rows = verdict_history(session, reviewer=reviewer)
        else:
            rows = latest_verdicts(session, reviewers=[reviewer] if reviewer else None)
        records = [record(v, history=history) for v in rows]
    if fmt == "json":
        print_json(records)
    elif fmt == "csv":
        write_text(csv_text(records, history=history))
    else:
        _table(records, history)


def _table(records: list[dict], history: bool) -> None:
    from rich.table import Table

    table = Table(title=f"{len(records)} verdict(s)", title_justify="left")
    cols = ["claim", "reviewer", "label", "evidence", "note", "created_at"]
    if history:
        cols.insert(0, "id")
    for name in cols:
        table.add_column(name, overflow="fold", max_width=48 if name == "note" else None)
    for r in records:
        label = r["label"] or ("(retraction)" if r.get("retraction") else "")
        cells = [
            r["claim_id"],
            r["reviewer"],
            label,
            " ".join(map(str, r["evidence"])),
            r["note"] or "",
            r["created_at"],
        ]
        if history:
            cells.insert(0, r["id"])
        table.add_row(*(cell(c) for c in cells))
    out.print(table)


@verdicts_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse a file larger than this.",
)
@db_option
@click.pass_context
def verdicts_import(ctx: click.Context, file: Path, max_bytes: int, db: str | None) -> None:
    """Append verdicts from FILE.csv or FILE.jsonl, all or nothing (errors name the line).

    Rows identical to stored ones (claim, reviewer, label, evidence, note, created_at) are
    skipped, so importing a file twice adds it once; created_at in the future is refused.
    """
    from cpec_verify.store.db import session_scope
    from cpec_verify.store.files.verdict_io import import_verdicts, read_verdict_file

    db = db or ctx.obj.get("db")
    records = read_verdict_file(file, max_bytes)
    registered: list[str] = []
    with session_scope(engine_for(db, create=True)) as session:
        result = import_verdicts(session, records, str(file), registered)
    for name in registered:
        registered_notice(name, db)
    same = f"; skipped {result.skipped} identical to stored ones" if result.skipped else ""
    out.print(f"imported {result.added} verdict(s) from {file}{same}", markup=False)
