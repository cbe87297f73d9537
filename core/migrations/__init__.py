"""Alembic migrations for the database models (run with ``casedesk db upgrade``)."""
