"""The ``casedesk`` command: serve, worker, db, users, tokens, audit, redact, extract, letter."""
