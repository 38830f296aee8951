"""Alembic environment: targets SQLModel.metadata; batch mode for SQLite ALTERs."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import cpec_verify.store.models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:  # developer use: `alembic -x url=sqlite:///x.sqlite revision --autogenerate`
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///db/dev.sqlite")
    with create_engine(url).begin() as conn:
        run_with(conn)
