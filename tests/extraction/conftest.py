"""Shared fixtures for the fact-extraction tests: the real spaCy pipelines, loaded once."""

from __future__ import annotations

from typing import Any

import pytest

from extraction.nlp import Pipelines, build_pipelines


@pytest.fixture(scope="session")
def pipelines() -> Pipelines:
    return build_pipelines()


@pytest.fixture(scope="session")
def nlp_en(pipelines: Pipelines) -> Any:
    return pipelines.for_language("en")


@pytest.fixture(scope="session")
def nlp_fr(pipelines: Pipelines) -> Any:
    return pipelines.for_language("fr")
