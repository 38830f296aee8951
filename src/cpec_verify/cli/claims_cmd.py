"""``cpec-verify claims`` (list, ``claims import``) and ``cpec-verify extract``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from cpec_verify.cli.app import (
    cell,
    db_args,
    db_option,
    engine_for,
    format_option,
    out,
    print_json,
    print_jsonl,
    warn,
)
from cpec_verify.cli.progress import stage_bars
from cpec_verify.errors import UsageError
from cpec_verify.services.claims import ExtractReport
from cpec_verify.store.db import session_scope
from cpec_verify.store.entities.claims import (
    KINDS,
    RELATIONS,
    ClaimFilters,
    claim_record,
    copies_of,
    count_claims,
    evidence_for,
    iter_claims,
)
from cpec_verify.store.models import Article
from cpec_verify.textsafe import terminal_safe


def _records(db: str | None, filters: ClaimFilters, limit: int | None) -> Iterator[dict]:
    shown = 0
    with session_scope(engine_for(db)) as session:
        if filters.article_id is not None and session.get(Article, filters.article_id) is None:
            raise UsageError(f"no article with id {filters.article_id}")
        for page in iter_claims(session, filters, page=500):
            ids = [c.id for c in page if c.id is not None]
            evidence = evidence_for(session, ids)
            copies = copies_of(session, ids)
            for claim in page:
                if limit is not None and shown >= limit:
                    return
                shown += 1
                yield claim_record(claim, evidence[claim.id or 0], copies[claim.id or 0])


@click.group("claims", invoke_without_command=True)
@click.option("--article", "article_id", type=int, default=None, help="Only this article's claims.")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only claims of this kind.")
@click.option(
    "--relation",
    type=click.Choice(RELATIONS),
    default=None,
    help="Only claims with evidence in this relation (e.g. differs).",
)
@click.option("--orphaned", is_flag=True, help="Show claims orphaned by re-extraction instead.")
@click.option(
    "--include-copies",
    is_flag=True,
    help="Also list the claims of syndicated copies (each names its original in copy_of); "
    "--article lists them for that article anyway.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Show at most this many claims [table default: 100].",
)
@format_option("table", "json", "jsonl")
@db_option
@click.pass_context
def claims_group(
    ctx: click.Context,
    article_id: int | None,
    kind: str | None,
    relation: str | None,
    orphaned: bool,
    include_copies: bool,
    limit: int | None,
    fmt: str,
    db: str | None,
) -> None:
    """List candidate claims with their ranked evidence from other articles.

    Each piece of evidence says whether it agrees, differs (another figure for the same thing,
    or the same amount in another currency) or is related, and whether it comes from a
    syndicated copy of the claim's own article.  The same claim in a syndicated copy is
    listed once, on the original (its "copies"); --include-copies lists the copies too, as
    does --article for a copy's own claims.
    """
    if ctx.invoked_subcommand is not None:
        return
    filters = ClaimFilters(
        article_id=article_id,
        kind=kind,
        relation=relation,
        orphaned=orphaned,
        include_copies=include_copies or article_id is not None,  # an article's own claims
    )
    if fmt == "json":
        print_json(list(_records(db, filters, limit)))
    elif fmt == "jsonl":
        print_jsonl(_records(db, filters, limit))
        sys.stdout.flush()
    else:
        _table(db, filters, limit or 100)


def _table(db: str | None, filters: ClaimFilters, limit: int) -> None:
    records = list(_records(db, filters, limit))
    with session_scope(engine_for(db)) as session:
        total = count_claims(session, filters)
    table = Table(
        title=f"{total} claim(s)" + (f", first {len(records)}" if total > len(records) else ""),
        title_justify="left",
        show_lines=True,
    )
    table.add_column("id", justify="right")
    table.add_column("art", justify="right")
    table.add_column("score", justify="right")
    table.add_column("kinds / speaker", max_width=24, overflow="fold")
    table.add_column("claim", ratio=3, overflow="fold")
    table.add_column("best evidence", ratio=2, overflow="fold")
    for r in records:
        who = cell(", ".join(r["kinds"]))
        if r["speaker"]:
            who.append(f"\n{terminal_safe(r['speaker'])}", style="italic")
        best = Text()
        if r["evidence"]:
            ev = r["evidence"][0]
            style = {"differs": "bold red", "agrees": "green"}.get(ev["relation"], "")
            best.append(f"{ev['relation']} #{ev['article_id']} ({ev['score']:.0f})", style=style)
            best.append(f"\n{terminal_safe(ev['reason'])}")
        ident = Text(str(r["id"]))
        if r["copy_of"]:
            ident.append(f"\ncopy of #{r['copy_of']}", style="dim")
        elif r["copies"]:
            ident.append(f"\n+{len(r['copies'])} cop{'y' if len(r['copies']) == 1 else 'ies'}")
        table.add_row(
            ident,
            Text(str(r["article_id"])),
            Text(f"{r['score']:.0f}"),
            who,
            cell(r["text"]),
            best,
        )
    out.print(table)


@claims_group.command("import")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@db_option
def claims_import(path: str, db: str | None) -> None:
    """Add hand-picked claims from a YAML file (schema: schemas/claims.schema.json).

    Each entry gives `article` (an id) or `source` (imported path, file name or URL) and a
    `quote` that must appear exactly in the article text.  A bad file adds nothing.
    """
    from cpec_verify.claims.manual import parse_claims_file
    from cpec_verify.services.manual_claims import import_manual_claims

    if path == "-":
        name, text = "<stdin>", click.get_text_stream("stdin").read()
    else:
        file = Path(path)
        if not file.is_file():
            raise UsageError(f"{path}: no such file")
        name, text = path, file.read_text(encoding="utf-8", errors="replace")
    entries = parse_claims_file(text, name)
    with session_scope(engine_for(db, create=True)) as session:
        report, links = import_manual_claims(session, entries, name)
    ids = ", ".join(f"#{i}" for i in report.added)
    out.print(
        f"added {len(report.added)} claim(s){': ' + ids if ids else ''}; {links} evidence link(s)",
        markup=False,
    )
    if report.already:
        out.print(
            f"{len(report.already)} already present: " + ", ".join(f"#{i}" for i in report.already),
            markup=False,
        )


@click.command("extract")
@click.option(
    "--all",
    "all_articles",
    is_flag=True,
    help="Re-extract every article (after a rule change); verdicts are kept.",
)
@db_option
def extract_command(all_articles: bool, db: str | None) -> None:
    """Propose candidate claims and rank their evidence.

    Without --all, only articles never extracted (or extracted by an older extractor) are
    processed.  Claims whose text and offsets still match keep their ids and verdicts; reviewed
    claims that no longer match are kept as orphaned and listed.
    """
    from cpec_verify.services.claims import extract_all, extract_pending

    with stage_bars() as progress, session_scope(engine_for(db)) as session:
        report = (
            extract_all(session, progress) if all_articles else extract_pending(session, progress)
        )
    _summary(report, db)


def _summary(report: ExtractReport, db: str | None) -> None:
    out.print(
        f"extracted {report.articles} article(s): {report.added} claim(s) added, "
        f"{report.kept} kept, {report.removed} removed, {len(report.orphaned)} orphaned, "
        f"{report.copies} in syndicated copies; "
        f"evidence for {report.ranked} claim(s), {report.links} link(s)",
        markup=False,
    )
    if report.orphaned:
        shown = ", ".join(f"#{i}" for i in report.orphaned[:20])
        more = f" and {len(report.orphaned) - 20} more" if len(report.orphaned) > 20 else ""
        warn(
            f"orphaned claims keep their verdicts but no longer match the text: {shown}{more} "
            f"(cpec-verify claims --orphaned{db_args(db)})"
        )
