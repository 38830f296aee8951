"""Browser sign-in tokens (``reviewers token`` / ``revoke``, checked by ``cpec-verify serve``).

The token itself is shown once, in the sign-in URL; the database keeps only its SHA-256,
so reading the database (a backup, a copy for analysis) signs nobody in.  A reviewer has
at most one token: issuing a new one replaces the old.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from cpec_verify.errors import UsageError
from cpec_verify.store.entities.reviewers import add_reviewer, get_reviewer, require_lead
from cpec_verify.store.models import Reviewer, SignInToken

TOKEN_BYTES = 32  # 256 bits: secrets.token_urlsafe gives 43 characters


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Signed:
    """Who a token signs in, and the role of that session."""

    name: str
    key: str  # the folded name: one live session per key
    lead: bool


def issue_token(session: Session, name: str, *, lead: bool = False) -> tuple[Signed, str]:
    """A new token for ``name`` (registered now if new); ``lead`` only for a lead.

    Returns who it signs in and the token, which is not stored and cannot be shown again.
    """
    if lead:
        reviewer = require_lead(session, name)
    else:
        add_reviewer(session, name)
        reviewer = get_reviewer(session, name)
        assert reviewer is not None and reviewer.id is not None
    session.exec(delete(SignInToken).where(col(SignInToken.reviewer_id) == reviewer.id))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    assert reviewer.id is not None
    session.add(SignInToken(reviewer_id=reviewer.id, token_sha256=token_hash(token), lead=lead))
    session.flush()
    return Signed(reviewer.name, reviewer.key, lead), token


def revoke_tokens(session: Session, name: str) -> str:
    """Delete ``name``'s token; returns the registered spelling."""
    reviewer = get_reviewer(session, name)
    if reviewer is None:
        raise UsageError(f"{name!r} is not a registered reviewer")
    result = session.exec(delete(SignInToken).where(col(SignInToken.reviewer_id) == reviewer.id))
    if not result.rowcount:
        raise UsageError(f"{reviewer.name} has no sign-in token")
    session.flush()
    return reviewer.name


def signed_in(session: Session, token: str) -> Signed | None:
    """The reviewer a presented token signs in, or None (unknown, revoked, or malformed)."""
    if not token or len(token) > 200:
        return None
    stmt = (
        select(SignInToken, Reviewer)
        .join(Reviewer, col(Reviewer.id) == col(SignInToken.reviewer_id))
        .where(SignInToken.token_sha256 == token_hash(token))
    )
    row = session.exec(stmt).first()
    if row is None:
        return None
    tok, reviewer = row
    # a lead token outlives no demotion: the role is re-read from the reviewer
    return Signed(reviewer.name, reviewer.key, tok.lead and reviewer.is_lead)
