"""``cpec-verify merge OTHER``: fold a reviewer's offline database into this one.

The other database is opened read-only (a merge never changes it) and must be at
this version's schema; the merge is one transaction in the target, all or nothing.
"""

from __future__ import annotations

import click

from cpec_verify.cli.app import db_option, engine_for, format_option, out, print_json, warn
from cpec_verify.services.merging import MergeSummary, check_other, merge_into, open_other
from cpec_verify.store.db import resolve_url


@click.command("merge")
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
    with open_other(other) as source:
        check_other(source, target_url=resolve_url(db))
        summary = merge_into(engine_for(db, create=True), source)
    report(summary, other, fmt)


def report(summary: MergeSummary, other: str, fmt: str) -> None:
    for c in summary.conflicts:
        warn(
            f"claim #{c.other_claim_id} of {other} (article #{c.article_id}, chars "
            f"{c.start}-{c.end}): text differs at the same offsets (here {c.here[:60]!r}, "
            f"there {c.there[:60]!r}); {c.verdicts} verdict(s) and {c.adjudications} "
            "adjudication(s) not merged"
        )
    if summary.adjudications_not_lead:
        warn(
            f"{summary.adjudications_not_lead} adjudication(s) by {', '.join(summary.not_leads)} left out: "
            "not a lead in this database (grant it with cpec-verify reviewers add NAME --lead "
            "--by LEAD, then merge again)"
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
