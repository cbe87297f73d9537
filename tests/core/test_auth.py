"""Auth: argon2 passwords, tokens stored hashed, and the permission table of DESIGN.md."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.state import AppState
from core.auth import (
    PERMISSIONS,
    Action,
    authenticate_password,
    authenticate_token,
    create_token,
    create_user,
    hash_password,
    verify_password,
)
from core.db import transaction
from core.errors import NotAuthenticated
from core.models import ApiToken
from core.vocab import Role


def test_password_hashes_are_argon2_and_verify() -> None:
    hashed = hash_password("correct horse")
    assert hashed.startswith("$argon2")
    assert verify_password(hashed, "correct horse")
    assert not verify_password(hashed, "wrong horse")


def test_token_secret_is_never_stored(state: AppState) -> None:
    with transaction(state.sessions) as session:
        user = create_user(session, "ana", "long-password", ["coordinator"])
        issued = create_token(session, user, "laptop")
    with state.sessions() as session:
        stored = session.execute(select(ApiToken)).scalar_one()
        assert issued.secret not in (stored.token_hash, stored.prefix)
        assert authenticate_token(session, issued.secret).username == "ana"
        with pytest.raises(NotAuthenticated):
            authenticate_token(session, issued.secret + "x")
        with pytest.raises(NotAuthenticated):
            authenticate_password(session, "ana", "not-the-password")


@pytest.mark.parametrize(
    ("action", "roles"),
    [
        pytest.param(
            Action.CASES_CREATE, {Role.COORDINATOR, Role.FOI_OFFICER, Role.TEAM_LEAD}, id="cases"
        ),
        pytest.param(Action.REQUESTS_MANAGE, {Role.FOI_OFFICER}, id="foi"),
        pytest.param(Action.LETTERS_DRAFT, {Role.COORDINATOR, Role.TEAM_LEAD}, id="draft"),
        pytest.param(Action.LETTERS_APPROVE, {Role.TEAM_LEAD}, id="approve"),
        pytest.param(Action.LETTERS_ISSUE, {Role.COORDINATOR, Role.TEAM_LEAD}, id="issue"),
        pytest.param(Action.ADMIN, {Role.ADMIN}, id="admin"),
    ],
)
def test_permission_table_matches_design(action: Action, roles: set[Role]) -> None:
    assert set(PERMISSIONS[action]) == roles
