"""The newest migration's revision, importable without SQLAlchemy or Alembic.

``tests/test_store.py`` checks it against Alembic's head: a new migration updates it.  A
database already at this revision opens without loading Alembic (``store.db``) and takes
the scripted ``verdict`` fast path (``store.entities.quick_verdict``).
"""

SCHEMA_HEAD = "0005"
