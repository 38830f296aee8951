"""Fact groups against the store: recompute them from the claims, list them for a desk.

Recomputed in full after each import and extraction (grouping is near-linear, and a new
article can join or split any group).  A group keeps its id while its key (dimension, what,
subject) stays, so ``facts --plot ID`` and notes that name a group survive a new import.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from cpec_verify.claims.facts import FactItem, group_facts, subject_words
from cpec_verify.claims.measure import names_match
from cpec_verify.store.models import Article, Claim, FactGroup, FactValue

__all__ = ["fact_records", "recompute_facts"]


def _items(session: Session) -> list[FactItem]:
    """Every current claim's figures, each with the source it counts as."""
    articles = {
        aid: (dup, outlet, published)
        for aid, dup, outlet, published in session.execute(
            sa_select(
                col(Article.id),
                col(Article.duplicate_of),
                col(Article.outlet),
                col(Article.published),
            )
        )
    }
    rows = session.execute(
        sa_select(
            col(Claim.id), col(Claim.article_id), col(Claim.copy_of), col(Claim.quantities)
        ).where(col(Claim.orphaned).is_(False))
    ).all()
    article_of = {cid: aid for cid, aid, _copy, _q in rows}
    items: list[FactItem] = []
    for cid, aid, copy_of, quantities in rows:
        if not quantities:
            continue
        root = article_of.get(copy_of, aid) if copy_of is not None else aid
        dup, outlet, published = articles.get(aid, (None, None, None))
        if copy_of is None and dup is not None:
            root = dup
        for q in quantities:
            if isinstance(q, dict) and q.get("measure"):
                items.append(FactItem(cid, aid, root, q, outlet, published))
    return items


def recompute_facts(session: Session) -> int:
    """Regroup every figure in the store; the number of groups.  The caller commits."""
    groups = group_facts(_items(session))
    existing: dict[str, int] = {
        key: gid for key, gid in session.execute(sa_select(col(FactGroup.key), col(FactGroup.id)))
    }
    session.execute(delete(FactValue))
    keep = {g.key for g in groups}
    gone = [gid for key, gid in existing.items() if key not in keep]
    for i in range(0, len(gone), 500):
        session.execute(delete(FactGroup).where(col(FactGroup.id).in_(gone[i : i + 500])))
    rows = [_group_row(g) for g in groups]
    fresh = [r for r in rows if r["key"] not in existing]
    kept = [{**r, "gid": existing[r["key"]]} for r in rows if r["key"] in existing]
    for i in range(0, len(fresh), 2000):
        session.execute(insert(FactGroup), fresh[i : i + 2000])
    table = FactGroup.__table__  # type: ignore[attr-defined]
    change = (
        update(table)
        .where(table.c.id == bindparam("gid"))
        .values({c: bindparam(f"new_{c}") for c in _GROUP_FIELDS})
    )
    for i in range(0, len(kept), 2000):
        session.connection().execute(
            change,
            [
                {"gid": r["gid"], **{f"new_{c}": r[c] for c in _GROUP_FIELDS}}
                for r in kept[i : i + 2000]
            ],
        )
    ids: dict[str, int] = {
        key: gid for key, gid in session.execute(sa_select(col(FactGroup.key), col(FactGroup.id)))
    }
    values: list[dict[str, Any]] = []
    for g in groups:
        gid = ids[g.key]
        for position, v in enumerate(g.values):
            said = v.said
            values.extend(
                {
                    "group_id": gid,
                    "position": position,
                    "claim_id": item.claim_id,
                    "article_id": item.article_id,
                    "source": item.source,
                    "said": said,
                    "quantity": item.quantity,
                }
                for item in v.items
            )
    for i in range(0, len(values), 2000):
        session.execute(insert(FactValue), values[i : i + 2000])
    return len(groups)


_GROUP_FIELDS = (
    "dimension",
    "what",
    "subject",
    "unit",
    "status",
    "spread",
    "sources",
    "value_count",
)


def _group_row(g: Any) -> dict[str, Any]:
    return {
        "key": g.key,
        "dimension": g.dimension,
        "what": g.what,
        "subject": g.subject,
        "unit": g.unit,
        "status": g.status,
        "spread": g.spread,
        "sources": g.sources,
        "value_count": len(g.values),
    }


def fact_records(
    session: Session, *, conflicting: bool = False, subject: str | None = None
) -> list[dict[str, Any]]:
    """Groups as JSON-ready dicts (the ``facts --format json`` shape).  ``conflicting``: only
    conflicting groups, largest spread and most sources first; else ordered by subject.
    ``subject``: groups whose subject contains it or names the same thing."""
    stmt = sa_select(FactGroup)
    if conflicting:
        stmt = stmt.where(col(FactGroup.status) == "conflicting")
    groups = list(session.scalars(stmt))
    if subject:
        wanted, words = subject.casefold(), subject_words(subject)
        groups = [
            g
            for g in groups
            if wanted in g.subject.casefold()
            or (words and names_match(words, subject_words(g.subject)))
        ]
    if conflicting:
        groups.sort(key=lambda g: (-(g.spread or 0.0), -g.sources, g.id or 0))
    else:
        groups.sort(key=lambda g: (g.subject.casefold(), g.what or "", g.dimension, g.id or 0))
    by_group: dict[int, list[dict[str, Any]]] = {g.id or 0: [] for g in groups}
    ids = list(by_group)
    for i in range(0, len(ids), 500):
        rows = session.execute(
            sa_select(
                FactValue,
                col(Article.outlet),
                col(Article.published),
                col(Article.title),
                col(Article.url),
                col(Claim.text),
            )
            .join(Article, col(Article.id) == FactValue.article_id)
            .join(Claim, col(Claim.id) == FactValue.claim_id)
            .where(col(FactValue.group_id).in_(ids[i : i + 500]))
            .order_by(col(FactValue.group_id), col(FactValue.position), col(FactValue.id))
        )
        for v, outlet, published, title, url, claim_text in rows:
            value = _value(v, outlet, published, claim_text)
            value["title"], value["url"] = title, url
            by_group[v.group_id].append(value)
    return [_record(g, by_group[g.id or 0]) for g in groups]


def _value(v: FactValue, outlet: str | None, published: str | None, text: str) -> dict:
    q = v.quantity
    m = q.get("measure") or {}
    return {
        "value": q.get("value"),
        "high": q.get("high"),
        "unit": q.get("unit"),
        "said": v.said,
        "figure": q.get("text"),
        "text": text,
        "claim_id": v.claim_id,
        "article_id": v.article_id,
        "source": v.source,
        "position": v.position,
        "outlet": outlet,
        "published": published,
        "scope": m.get("scope") or [],
        "when": m.get("when"),
    }


def _record(g: FactGroup, values: list[dict]) -> dict[str, Any]:
    return {
        "id": g.id,
        "what": g.what,
        "subject": g.subject,
        "dimension": g.dimension,
        "unit": g.unit,
        "status": g.status,
        "spread": g.spread,
        "sources": g.sources,
        "values": values,
    }
