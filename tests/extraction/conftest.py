"""Fixtures for the fact-extraction tests: each language's spaCy pipeline (from the session's
one ``pipelines`` fixture, tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from extraction.nlp import Pipelines


@pytest.fixture(scope="session")
def nlp_en(pipelines: Pipelines) -> Any:
    return pipelines.for_language("en")


@pytest.fixture(scope="session")
def nlp_fr(pipelines: Pipelines) -> Any:
    return pipelines.for_language("fr")
