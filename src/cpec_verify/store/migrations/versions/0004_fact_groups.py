"""fact groups: fact_group and fact_value (every figure about one thing across articles)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 12:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fact_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("what", sa.String(length=64), nullable=True),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("spread", sa.Float(), nullable=True),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("value_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("fact_group", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_group_status"), ["status"], unique=False)
    op.create_table(
        "fact_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Integer(), nullable=False),
        sa.Column("said", sa.Text(), nullable=False),
        sa.Column("quantity", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["group_id"], ["fact_group.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fact_value", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fact_value_group_position", ["group_id", "position"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fact_value_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fact_value_article_id"), ["article_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fact_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_value_article_id"))
        batch_op.drop_index(batch_op.f("ix_fact_value_claim_id"))
        batch_op.drop_index("ix_fact_value_group_position")
    op.drop_table("fact_value")
    with op.batch_alter_table("fact_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_group_status"))
    op.drop_table("fact_group")
