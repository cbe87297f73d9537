"""Fixtures for the PI-detection tests: the real spaCy pipelines and analyzer, loaded once."""

from __future__ import annotations

import pytest

from extraction.nlp import Pipelines, build_pipelines
from redaction.analyzer import Analyzer, build_analyzer


@pytest.fixture(scope="session")
def pipelines() -> Pipelines:
    return build_pipelines()


@pytest.fixture(scope="session")
def analyzer(pipelines: Pipelines) -> Analyzer:
    return build_analyzer(pipelines)
