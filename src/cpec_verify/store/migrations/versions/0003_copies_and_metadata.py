"""copies of a story and article metadata: claim.copy_of, article.title_derived, source.name

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 11:00:00
"""

import posixpath
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TITLE_LIMIT = 80


def _title(sentence: str, dateline: str | None) -> str:
    """As ``ingest.metadata.derived_title`` when written (migrations never import app code)."""
    text = " ".join(sentence.split())
    if dateline and text.startswith(dateline):
        rest = text[len(dateline) :]
        sep = re.match(r"\s*[:\u2013\u2014-]\s*", rest)
        if sep and rest[sep.end() :]:
            text = rest[sep.end() :]
    text = text.rstrip(" .")
    if len(text) <= TITLE_LIMIT:
        return text
    cut = text[: TITLE_LIMIT - 1]
    space = cut.rfind(" ")
    if space >= TITLE_LIMIT // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:\u2013\u2014-") + "\u2026"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def upgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.Text(), nullable=True))
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("title_derived", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("copy_of", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_claim_copy_of"), ["copy_of"], unique=False)
        batch_op.create_foreign_key(
            "fk_claim_copy_of_claim", "claim", ["copy_of"], ["id"], ondelete="SET NULL"
        )
    conn = op.get_bind()
    source = sa.table("source", sa.column("id"), sa.column("path"), sa.column("name"))
    for sid, path in conn.execute(sa.select(source.c.id, source.c.path)).all():
        name = path if path.startswith("<") else posixpath.basename(path.replace("\\", "/"))
        conn.execute(source.update().where(source.c.id == sid).values(name=name or path))
    article = sa.table(
        "article", sa.column("id"), sa.column("title"), sa.column("title_derived"),
        sa.column("dateline"), sa.column("duplicate_of"),
    )  # fmt: skip
    span = sa.table(
        "span", sa.column("article_id"), sa.column("kind"), sa.column("start"), sa.column("text")
    )
    untitled = conn.execute(
        sa.select(article.c.id, article.c.dateline).where(article.c.title.is_(None))
    ).all()
    for aid, dateline in untitled:
        first = conn.execute(
            sa.select(span.c.text)
            .where(span.c.article_id == aid, span.c.kind == "sentence")
            .order_by(span.c.start)
            .limit(1)
        ).scalar()
        if first:
            conn.execute(
                article.update()
                .where(article.c.id == aid)
                .values(title=_title(first, dateline), title_derived=True)
            )
    claim = sa.table(
        "claim", sa.column("id"), sa.column("article_id"), sa.column("text"),
        sa.column("orphaned"), sa.column("copy_of"),
    )  # fmt: skip
    dups = dict(
        conn.execute(
            sa.select(article.c.id, article.c.duplicate_of).where(
                article.c.duplicate_of.is_not(None)
            )
        ).all()
    )
    for copy_id, original in dups.items():
        seen = set()
        while original in dups and original not in seen:  # a copy of a copy: the first original
            seen.add(original)
            original = dups[original]
        by_text: dict[str, int] = {}
        for cid, text in conn.execute(
            sa.select(claim.c.id, claim.c.text)
            .where(claim.c.article_id == original, claim.c.orphaned.is_(False))
            .order_by(claim.c.id)
        ).all():
            by_text.setdefault(_norm(text), cid)
        for cid, text in conn.execute(
            sa.select(claim.c.id, claim.c.text).where(
                claim.c.article_id == copy_id, claim.c.orphaned.is_(False)
            )
        ).all():
            if _norm(text) in by_text:
                conn.execute(
                    claim.update().where(claim.c.id == cid).values(copy_of=by_text[_norm(text)])
                )


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_constraint("fk_claim_copy_of_claim", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_claim_copy_of"))
        batch_op.drop_column("copy_of")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("title_derived")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("name")
