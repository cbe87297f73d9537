"""Schemathesis over a real server: no input the OpenAPI schema allows (or breaks) gets a 5xx,
every status answered is one the schema declares, and every answer has the declared shape."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.state import AppState
from core.auth import create_token, create_user
from core.db import transaction
from core.settings import Settings
from core.vocab import Role
from tests.api.live_server import live_server

pytestmark = [pytest.mark.slow, pytest.mark.integration]


@pytest.fixture
def fuzz_token(state: AppState) -> str:
    """An API token of a user holding every role, so every route is reachable."""
    with transaction(state.sessions) as session:
        user = create_user(session, "fuzzer", "pw-fuzzer-secret", [r.value for r in Role])
        return create_token(session, user, "fuzz").secret


@pytest.fixture
def base_url(state: AppState) -> Iterator[str]:
    with live_server(state) as base:
        yield base


def _openapi() -> dict[str, Any]:
    """The app's schema, built without a database (pytest 9 breaks schemathesis'
    ``from_fixture``, so the schema is loaded at collection and the server given per call)."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(environment="test", data_dir=Path(tmp)))
        return app.openapi()


schema = schemathesis.openapi.from_dict(_openapi()).exclude(
    # Creating users and tokens is covered by tests/api; fuzzing it only fills the table.
    path_regex=r"^/api/users",
)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_a_server_error(case: Any, base_url: str, fuzz_token: str) -> None:
    case.call_and_validate(
        base_url=base_url,
        headers={"Authorization": f"Bearer {fuzz_token}"},
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
        timeout=30,
    )
