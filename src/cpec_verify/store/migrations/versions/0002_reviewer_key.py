"""reviewer name key: one reviewer per name, whatever its case or Unicode form

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 10:40:00
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key(name: str) -> str:
    """As ``store.reviewers.name_key`` at the time of writing (migrations never import app code)."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def upgrade() -> None:
    with op.batch_alter_table("reviewer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=200), nullable=True))
    conn = op.get_bind()
    reviewer = sa.table("reviewer", sa.column("id", sa.Integer), sa.column("name", sa.String),
                        sa.column("key", sa.String))  # fmt: skip
    for rid, name in conn.execute(sa.select(reviewer.c.id, reviewer.c.name)).all():
        conn.execute(reviewer.update().where(reviewer.c.id == rid).values(key=_key(name)))
    with op.batch_alter_table("reviewer", schema=None) as batch_op:
        batch_op.alter_column("key", existing_type=sa.String(length=200), nullable=False)
        batch_op.create_index(batch_op.f("ix_reviewer_key"), ["key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reviewer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviewer_key"))
        batch_op.drop_column("key")
