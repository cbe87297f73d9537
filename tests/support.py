"""Paths and service URLs the tests share (imported as ``tests.support``)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = REPO / "samples"
PG_URL = os.environ.get("CASEDESK_TEST_DATABASE_URL", "")
# Redis runs on every developer machine and in CI; the tests use their own database number.
REDIS_URL = os.environ.get("CASEDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
