"""Alembic migrations for the cpec-verify schema."""
