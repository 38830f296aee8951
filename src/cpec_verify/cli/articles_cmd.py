"""``cpec-verify articles`` and ``cpec-verify show``: what the store holds."""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

from cpec_verify.cli.app import cell, db_option, engine_for, format_option, out, print_json
from cpec_verify.errors import UsageError
from cpec_verify.store.db import session_scope
from cpec_verify.store.entities.articles import (
    article_record,
    article_sentences,
    get_article,
    iter_articles,
    removed_lines,
)
from cpec_verify.store.models import Source
from cpec_verify.textsafe import terminal_safe


@click.command("articles")
@format_option("table", "json")
@db_option
def articles_command(fmt: str, db: str | None) -> None:
    """List imported articles with provenance, size and duplicate links."""
    with session_scope(engine_for(db)) as session:
        records = [article_record(a, s) for a, s in iter_articles(session)]
    if fmt == "json":
        print_json(records)
        return
    table = Table(title=f"{len(records)} article(s)", title_justify="left", expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("part", justify="right", no_wrap=True)
    table.add_column("title", ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column("outlet", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("published", no_wrap=True)
    table.add_column("sent.", justify="right", no_wrap=True)
    table.add_column("dup of", no_wrap=True)
    table.add_column("source", ratio=2, no_wrap=True, overflow="ellipsis")
    for r in records:
        dup = f"#{r['duplicate_of']} {r['similarity']:.0f}%" if r["duplicate_of"] else ""
        table.add_row(
            *(
                cell(v)
                for v in (
                    r["id"],
                    r["part"],
                    r["title"] or "",
                    r["outlet"] or "",
                    r["published"] or "",
                    r["sentences"],
                    dup,
                    r["source_name"],
                )
            )
        )
    out.print(table)


@click.command("show")
@click.argument("article_id", type=int)
@format_option("text", "json")
@db_option
def show_command(article_id: int, fmt: str, db: str | None) -> None:
    """Show one article: fields, cleaned text, sentences and what cleaning removed."""
    with session_scope(engine_for(db)) as session:
        article = get_article(session, article_id)
        if article is None:
            raise UsageError(f"no article with id {article_id}")
        source = session.get(Source, article.source_id)
        assert source is not None
        record = article_record(article, source)
        record["text"] = article.text
        record["sentences"] = [
            {"id": s.id, "start": s.start, "end": s.end, "text": s.text, "paragraph": s.paragraph}
            for s in article_sentences(session, article_id)
        ]
        record["removed"] = [
            {"text": r.text, "reason": r.reason, "line": r.line}
            for r in removed_lines(session, article_id)
        ]
    if fmt == "json":
        print_json(record)
        return
    header = Text()
    title = record["title"] or record["source_name"]
    header.append(terminal_safe(title), style="" if record["title_derived"] else "bold")
    if record["title_derived"]:
        header.append("  (no headline: first sentence)", style="dim")
    fields = [f"#{article_id} part {record['part']}"]
    fields += [
        terminal_safe(str(record[k]))
        for k in ("outlet", "published", "dateline", "byline")
        if record[k]
    ]
    header.append("\n" + " · ".join(fields))  # no separator left dangling
    shown = terminal_safe(record["source_name"])
    header.append(f"\nsource {shown} sha256 {record['sha256'][:12]}")
    if record["duplicate_of"]:
        header.append(
            f"\nduplicate of #{record['duplicate_of']} ({record['similarity']:.0f}% similar)",
            style="yellow",
        )
    out.print(header)
    out.print()
    for s in record["sentences"]:
        out.print(Text(f"[{s['id']}] ", style="dim") + cell(s["text"]))
    if record["removed"]:
        out.print()
        out.print(Text(f"removed by cleaning ({len(record['removed'])}):", style="bold"))
        for r in record["removed"]:
            out.print(Text(f"  {r['reason']:<20} ", style="dim") + cell(r["text"]))
