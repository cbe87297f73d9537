"""Shared core: settings, database, blob store, audit, auth, errors and the law packs."""
