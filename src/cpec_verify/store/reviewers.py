"""Reviewers and leads: registration, the lead bootstrap rule and ``require_lead``.

Roles are enforced here, in the store, so every command and screen gets the same
answer.  Bootstrap rule: while the database has no lead, anyone may make the first
lead (``reviewers add NAME --lead``); once a lead exists, granting lead needs
``--by LEAD``.  Registering a plain reviewer is open to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from cpec_verify.errors import UsageError
from cpec_verify.store.models import Reviewer

MAX_NAME = 200


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


def check_name(name: str) -> str:
    """Names are stored stripped; empty or overlong names are refused."""
    clean = name.strip()
    if not clean:
        raise UsageError("a reviewer name cannot be empty")
    if len(clean) > MAX_NAME:
        raise UsageError(f"a reviewer name is at most {MAX_NAME} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in clean):
        raise UsageError("a reviewer name cannot contain control characters or NUL bytes")
    return clean


def get_reviewer(session: Session, name: str) -> Reviewer | None:
    return session.exec(select(Reviewer).where(Reviewer.name == name.strip())).first()


def list_reviewers(session: Session) -> list[Reviewer]:
    return list(session.exec(select(Reviewer).order_by(col(Reviewer.name))))


def lead_count(session: Session) -> int:
    stmt = select(func.count()).select_from(Reviewer).where(col(Reviewer.is_lead).is_(True))
    return session.exec(stmt).one()


def is_lead(session: Session, name: str) -> bool:
    reviewer = get_reviewer(session, name)
    return reviewer is not None and reviewer.is_lead


def require_lead(session: Session, name: str) -> Reviewer:
    """The lead called ``name``, or a ``NotALeadError`` saying how to become one."""
    reviewer = get_reviewer(session, name)
    if reviewer is None or not reviewer.is_lead:
        who = name.strip() or repr(name)
        raise NotALeadError(
            f"{who} is not a lead; a lead can grant it with: "
            f"cpec-verify reviewers add {who} --lead --by LEAD"
            if lead_count(session)
            else f"{who} is not a lead; there is no lead yet, make one with: "
            f"cpec-verify reviewers add {who} --lead"
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
                f"granting lead needs an existing lead: "
                f"cpec-verify reviewers add {clean} --lead --by LEAD"
            )
        else:
            require_lead(session, by)
    reviewer = get_reviewer(session, clean)
    created = reviewer is None
    promoted = False
    if reviewer is None:
        reviewer = Reviewer(name=clean, is_lead=lead)
        session.add(reviewer)
        promoted = lead
    elif lead and not reviewer.is_lead:
        reviewer.is_lead = True
        session.add(reviewer)
        promoted = True
    session.flush()
    return ReviewerChange(clean, reviewer.is_lead, created, promoted, bootstrap and promoted)


def reviewer_record(reviewer: Reviewer) -> dict[str, object]:
    """The JSON shape of a reviewer (field names are a contract)."""
    return {
        "name": reviewer.name,
        "lead": reviewer.is_lead,
        "created_at": reviewer.created_at.isoformat() + "Z",
    }
