"""The read behind ``agreement``: every current verdict as integer codes, in one query.

A million verdicts as ORM objects cost seconds and hundreds of megabytes. Here the
reviewer and label names are listed first (two cheap DISTINCT queries), then one
statement (latest row per (claim, reviewer) by a ``max(id)`` group-by, retractions
dropped) returns a single integer per verdict, ``claim_id * R * L + reviewer * L + label``,
streamed in partitions straight into numpy. One int column instead of an int and two
strings per row halves the time spent turning driver rows into Python objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from sqlalchemy import BigInteger, Table, case, func, select
from sqlalchemy import cast as sql_cast
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from cpec_verify.stats.ratings import EncodedRatings
from cpec_verify.store.models import Article, Claim, Verdict, fold_name

PARTITION = 50_000  # rows per fetch: large enough to amortise, small enough to stay flat


def latest_label_arrays(
    session: Session,
    *,
    article_id: int | None = None,
    reviewers: Iterable[str] | None = None,
) -> EncodedRatings:
    """Current verdicts as :class:`EncodedRatings`; items are claim ids as strings, ascending.

    ``article_id`` restricts to that article's claims, ``reviewers`` to those raters; both
    are applied inside the group-by so the database never aggregates rows it will drop.
    ``reviewers``/``labels`` may list names without a current verdict; the statistics drop them.
    """
    v = cast(Table, Verdict.__table__)  # Core columns: no ORM row processing per row
    conn = session.connection()
    rev_query = select(v.c.reviewer).distinct().order_by(v.c.reviewer)
    if reviewers is not None:
        rev_query = rev_query.where(v.c.reviewer.in_(sorted(set(reviewers))))
    spellings = [str(r) for r in conn.execute(rev_query).scalars()]
    # older databases may hold "Ana" and "ana": one reviewer, under the first spelling listed
    rev_names: list[str] = []
    index: dict[str, int] = {}
    rev_of: dict[str, int] = {}
    for name in spellings:
        key = fold_name(name)
        if key not in index:
            index[key] = len(rev_names)
            rev_names.append(name)
        rev_of[name] = index[key]
    lab_query = select(v.c.label).where(v.c.label.is_not(None)).distinct().order_by(v.c.label)
    lab_names = [str(x) for x in conn.execute(lab_query).scalars()]
    n_rev, n_lab = len(rev_names), len(lab_names)
    empty = np.zeros(0, dtype=np.int64)
    if not n_rev or not n_lab:
        return EncodedRatings(empty, empty, empty, [], rev_names, lab_names)

    latest = select(func.max(v.c.id).label("id")).group_by(v.c.claim_id, v.c.reviewer)
    if reviewers is not None:
        latest = latest.where(v.c.reviewer.in_(spellings))
    if article_id is not None:
        claims = select(col(Claim.id)).where(Claim.article_id == article_id)
        latest = latest.where(v.c.claim_id.in_(claims))
    sub = latest.subquery()
    rev_code = case(rev_of, value=v.c.reviewer)
    lab_code = case({name: k for k, name in enumerate(lab_names)}, value=v.c.label)
    packed = sql_cast(v.c.claim_id, BigInteger) * (n_rev * n_lab) + rev_code * n_lab + lab_code
    stmt = (
        select(packed)
        .join(sub, v.c.id == sub.c.id)
        .where(v.c.retraction.is_(False), v.c.label.is_not(None))
        .execution_options(yield_per=PARTITION)  # server-side cursor where the driver has one
    )
    parts = [
        np.fromiter(part, dtype=np.int64, count=len(part))
        for part in conn.execute(stmt).scalars().partitions()
    ]
    codes = np.concatenate(parts) if parts else empty
    claim_ids, rest = np.divmod(codes, n_rev * n_lab)
    claim_ids = _originals(conn, claim_ids)
    unique, item_idx = np.unique(claim_ids, return_inverse=True)
    return EncodedRatings(
        item_idx=item_idx.astype(np.int64, copy=False),
        reviewer_idx=rest // n_lab,
        label_idx=rest % n_lab,
        items=[str(c) for c in unique.tolist()],
        reviewers=rev_names,
        labels=lab_names,
    )


def _originals(conn: Any, claim_ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Verdicts on a syndicated copy's claim count for its original: one item, not two."""
    pairs = conn.execute(
        select(Claim.__table__.c.id, Claim.__table__.c.copy_of).where(  # type: ignore[attr-defined]
            Claim.__table__.c.copy_of.is_not(None)  # type: ignore[attr-defined]
        )
    ).all()
    if not pairs or not len(claim_ids):
        return claim_ids
    keys = np.array([p[0] for p in pairs], dtype=np.int64)
    values = np.array([p[1] for p in pairs], dtype=np.int64)
    order = np.argsort(keys)
    keys, values = keys[order], values[order]
    pos = np.clip(np.searchsorted(keys, claim_ids), 0, len(keys) - 1)
    hit = keys[pos] == claim_ids
    return np.where(hit, values[pos], claim_ids)


def article_exists(session: Session, article_id: int) -> bool:
    return session.get(Article, article_id) is not None


def reviewers_with_verdicts(session: Session, names: Iterable[str]) -> set[str]:
    """Which of ``names`` ever gave a verdict (to tell a typo from a quiet reviewer)."""
    wanted = sorted(set(names))
    if not wanted:
        return set()
    stmt = orm_select(col(Verdict.reviewer)).where(col(Verdict.reviewer).in_(wanted)).distinct()
    return set(session.exec(stmt))
