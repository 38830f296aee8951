"""Reviewers and leads: registration, the lead bootstrap rule and ``require_lead``.

Roles are enforced here, in the store, so every command and screen gets the same
answer.  Bootstrap rule: while the database has no lead, anyone may make the first
lead (``reviewers add NAME --lead``); once a lead exists, granting lead needs
``--by LEAD``.  Registering a plain reviewer is open to anyone.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from cpec_verify.errors import UsageError
from cpec_verify.names import MAX_NAME as MAX_NAME  # re-exported: defined once there
from cpec_verify.names import check_name as check_name
from cpec_verify.names import fold_name, name_key
from cpec_verify.store.models import Reviewer, Verdict


class NotALeadError(UsageError):
    """The named person may not do what only leads may do."""


@dataclass(frozen=True)
class ReviewerChange:
    """What ``add_reviewer`` did, for the command's message."""

    name: str
    is_lead: bool
    created: bool
    promoted: bool
    bootstrap: bool


def get_reviewer(session: Session, name: str) -> Reviewer | None:
    """The registered reviewer with this name in any case or Unicode form (the first one)."""
    try:
        key = name_key(name)
    except UsageError:
        return None
    stmt = select(Reviewer).where(Reviewer.key == key).order_by(col(Reviewer.id))
    return session.exec(stmt).first()


@dataclass(frozen=True)
class ResolvedName:
    """The spelling to record under, and whether this use registered the reviewer."""

    name: str
    registered: bool


def resolve_name(session: Session, name: str, *, register: bool = True) -> ResolvedName:
    """The registered spelling of ``name``; an unknown name is registered (first use)
    where the login may add reviewers.

    A name that only appears on older verdicts keeps the spelling of its earliest verdict.
    The caller commits and tells the user when ``registered`` is true.
    """
    clean = check_name(name)
    found = get_reviewer(session, clean)
    if found is not None:
        return ResolvedName(found.name, False)
    key = fold_name(clean)
    spelling = clean
    earliest = _earliest_spelling(session, key)
    if earliest is not None:
        spelling = earliest
    if not register or not _may_register(session):
        return ResolvedName(spelling, False)
    session.add(Reviewer(name=spelling, key=key))
    session.flush()
    return ResolvedName(spelling, True)


def _may_register(session: Session) -> bool:
    """Whether this database login may add reviewers.  docs/postgres.md gives reviewers
    INSERT on verdicts only: their names are then matched, not registered (``reviewers``
    still lists them from their verdicts)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    allowed = session.execute(
        text(
            "SELECT has_table_privilege('reviewer', 'INSERT')"
            " AND has_sequence_privilege('reviewer_id_seq', 'USAGE')"
        )
    ).scalar()
    return bool(allowed)


def _earliest_spelling(session: Session, key: str) -> str | None:
    stmt = (
        select(Verdict.reviewer, func.min(Verdict.id))
        .group_by(col(Verdict.reviewer))
        .order_by(func.min(Verdict.id))
    )
    for spelling, _ in session.exec(stmt):
        if _safe_key(spelling) == key:
            return spelling
    return None


def _safe_key(name: str) -> str | None:
    try:
        return name_key(name)
    except UsageError:
        return None


def list_reviewers(session: Session) -> list[Reviewer]:
    return list(session.exec(select(Reviewer).order_by(col(Reviewer.name))))


def lead_count(session: Session) -> int:
    stmt = select(func.count()).select_from(Reviewer).where(col(Reviewer.is_lead).is_(True))
    return session.exec(stmt).one()


def _shown(name: str) -> str:
    """A name for a message: its display form, or its repr when it is refused."""
    try:
        return check_name(name)
    except UsageError:
        return repr(name)


def is_lead(session: Session, name: str) -> bool:
    reviewer = get_reviewer(session, name)
    return reviewer is not None and reviewer.is_lead


def require_lead(session: Session, name: str) -> Reviewer:
    """The lead called ``name``, or a ``NotALeadError`` saying how to become one."""
    reviewer = get_reviewer(session, name)
    if reviewer is None or not reviewer.is_lead:
        who = _shown(name)
        if lead_count(session):
            raise NotALeadError(
                f"{who} is not a lead; a lead can grant it with",
                hint=f"cpec-verify reviewers add {shlex.quote(who)} --lead --by LEAD",
            )
        raise NotALeadError(
            f"{who} is not a lead; there is no lead yet, make one with",
            hint=f"cpec-verify reviewers add {shlex.quote(who)} --lead",
        )
    return reviewer


def add_reviewer(
    session: Session, name: str, *, lead: bool = False, by: str | None = None
) -> ReviewerChange:
    """Register ``name`` (idempotent); with ``lead``, grant lead under the bootstrap rule."""
    clean = check_name(name)
    bootstrap = False
    if lead:
        if lead_count(session) == 0:
            bootstrap = True
        elif by is None:
            raise NotALeadError(
                "granting lead needs an existing lead",
                hint=f"cpec-verify reviewers add {shlex.quote(clean)} --lead --by LEAD",
            )
        else:
            require_lead(session, by)
    reviewer = get_reviewer(session, clean)
    created = reviewer is None
    promoted = False
    if reviewer is None:
        spelling = _earliest_spelling(session, fold_name(clean)) or clean
        reviewer = Reviewer(name=spelling, key=fold_name(clean), is_lead=lead)
        session.add(reviewer)
        promoted = lead
    elif lead and not reviewer.is_lead:
        reviewer.is_lead = True
        session.add(reviewer)
        promoted = True
    session.flush()
    return ReviewerChange(
        reviewer.name, reviewer.is_lead, created, promoted, bootstrap and promoted
    )


def reviewer_record(reviewer: Reviewer) -> dict[str, object]:
    """The JSON shape of a reviewer (field names are a contract)."""
    return {
        "name": reviewer.name,
        "lead": reviewer.is_lead,
        "created_at": reviewer.created_at.isoformat() + "Z",
    }


@dataclass
class ReviewerSummary:
    """One line of ``reviewers``: registered or only seen on verdicts, with verdict counts."""

    name: str
    lead: bool = False
    registered: bool = False
    verdicts: int = 0  # current verdicts (latest per claim, retractions left out)
    rows: int = 0  # every verdict row, retractions included
    created_at: str | None = None


def reviewer_summaries(session: Session) -> list[ReviewerSummary]:
    """Everyone: registered reviewers and every name on a verdict, folded by name key."""
    latest = select(func.max(Verdict.id)).group_by(col(Verdict.claim_id), col(Verdict.reviewer))
    current = dict(
        session.exec(
            select(Verdict.reviewer, func.count())
            .where(col(Verdict.id).in_(latest), col(Verdict.retraction).is_(False))
            .group_by(col(Verdict.reviewer))
        ).all()
    )
    rows = session.exec(
        select(Verdict.reviewer, func.count(), func.min(Verdict.id))
        .group_by(col(Verdict.reviewer))
        .order_by(func.min(Verdict.id))
    ).all()
    people: dict[str, ReviewerSummary] = {}
    for r in list_reviewers(session):
        people.setdefault(
            r.key,
            ReviewerSummary(r.name, r.is_lead, True, created_at=r.created_at.isoformat() + "Z"),
        )
    for spelling, count, _first in rows:
        entry = people.setdefault(_safe_key(spelling) or spelling, ReviewerSummary(spelling))
        entry.verdicts += int(current.get(spelling, 0))
        entry.rows += int(count)
    return sorted(people.values(), key=lambda e: e.name.casefold())


def summary_record(s: ReviewerSummary) -> dict[str, object]:
    """The JSON shape of a ``reviewers`` line (``name``, ``lead``, ``created_at`` as before)."""
    return {
        "name": s.name,
        "lead": s.lead,
        "created_at": s.created_at,
        "registered": s.registered,
        "verdicts": s.verdicts,
        "verdict_rows": s.rows,
    }


def remove_reviewer(session: Session, name: str, *, by: str) -> Reviewer:
    """Unregister ``name`` (a lead's act); their verdicts stay, as history is never deleted.

    The last lead cannot be removed, or the bootstrap rule would let anyone become one.
    """
    require_lead(session, by)
    reviewer = get_reviewer(session, name)
    if reviewer is None:
        raise UsageError(f"{_shown(name)} is not a registered reviewer")
    if reviewer.is_lead and lead_count(session) == 1:
        raise UsageError(f"{reviewer.name} is the only lead; make another lead first")
    session.delete(reviewer)
    session.flush()
    return reviewer
