"""Sign-in: lock-outs per account and per client address (in the database, so every API
process shares them) that expire, and the same argon2 cost for unknown users."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

import core.auth
from api.app import create_app
from api.state import AppState, build_state
from core.auth import LoginLimits, sign_in
from core.db import transaction
from core.errors import NotAuthenticated
from core.models import utcnow
from core.settings import Settings
from tests.api.test_pages import _csrf
from tests.conftest import Actor

LOCKOUT_SECONDS = 60  # long enough that no failure expires mid-test on a loaded machine


@pytest.fixture
def strict(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "login_max_failures": 3,
            "login_max_failures_per_address": 5,
            "login_lockout_seconds": LOCKOUT_SECONDS,
        }
    )


class Clock:
    """core.auth's clock, moved by the test: a lock-out's expiry without waiting for it."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def strict_state(strict: Settings) -> Iterator[AppState]:
    app_state = build_state(strict)
    yield app_state
    app_state.engine.dispose()


def _client(settings: Settings, state: AppState) -> TestClient:
    return TestClient(create_app(settings, state))


def _login(client: TestClient, username: str, password: str) -> Any:
    form = client.get("/login")
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": _csrf(form.text)},
        follow_redirects=False,
    )


def test_the_attempt_after_the_limit_is_refused_even_with_the_right_password_then_expires(
    strict: Settings,
    strict_state: AppState,
    actors: dict[str, Actor],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    actor = actors["coordinator"]
    clock = Clock()
    monkeypatch.setattr(core.auth, "utcnow", clock)
    with _client(strict, strict_state) as client:
        for _ in range(3):
            assert _login(client, actor.username, "wrong-password").status_code == 401
        refused = _login(client, actor.username, actor.password)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= LOCKOUT_SECONDS
        assert "Too many failed sign-ins" in refused.text
        clock.now += dt.timedelta(seconds=LOCKOUT_SECONDS - 5)
        assert _login(client, actor.username, actor.password).status_code == 429
        clock.now += dt.timedelta(seconds=6)
        assert _login(client, actor.username, actor.password).status_code == 303


def test_a_lock_out_is_shared_by_every_api_process(
    strict: Settings, strict_state: AppState, actors: dict[str, Actor]
) -> None:
    actor = actors["team_lead"]
    other_process = build_state(strict)  # its own engine and sessions on the same database
    try:
        with _client(strict, strict_state) as first, _client(strict, other_process) as second:
            for _ in range(3):
                assert _login(first, actor.username, "wrong-password").status_code == 401
            assert _login(second, actor.username, actor.password).status_code == 429
    finally:
        other_process.engine.dispose()


def test_one_address_guessing_many_accounts_is_locked_out(
    strict: Settings, strict_state: AppState, actors: dict[str, Actor]
) -> None:
    with _client(strict, strict_state) as client:
        for number in range(5):  # unknown names, one failure each: only the address counts up
            assert _login(client, f"nobody-{number}", "wrong-password").status_code == 401
        refused = _login(client, actors["admin"].username, actors["admin"].password)
        assert refused.status_code == 429
        assert refused.headers["retry-after"]


def test_a_success_forgets_the_accounts_failures(
    strict: Settings, strict_state: AppState, actors: dict[str, Actor]
) -> None:
    actor = actors["foi_officer"]
    with _client(strict, strict_state) as client:
        for _ in range(2):
            assert _login(client, actor.username, "wrong-password").status_code == 401
        assert _login(client, actor.username, actor.password).status_code == 303
        client.cookies.clear()
        for _ in range(2):
            assert _login(client, actor.username, "wrong-password").status_code == 401
        assert _login(client, actor.username, actor.password).status_code == 303


class CountingHasher(PasswordHasher):
    """The real argon2 hasher, counting its verifications."""

    def __init__(self) -> None:
        super().__init__()
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verified += 1
        return super().verify(hash, password)


def test_unknown_users_cost_one_argon2_verification_like_real_ones(
    state: AppState, actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    hasher = CountingHasher()
    monkeypatch.setattr(core.auth, "_hasher", hasher)
    core.auth._dummy_hash()  # made once per process, not on the timed path
    limits = LoginLimits(per_account=100, per_address=100, lockout_seconds=60)
    timings: dict[str, float] = {}
    for name in (actors["coordinator"].username, "no-such-user"):
        with transaction(state.sessions) as session:
            before = hasher.verified
            started = time.perf_counter()
            with pytest.raises(NotAuthenticated):
                sign_in(session, name, "wrong-password", address="192.0.2.7", limits=limits)
            timings[name] = time.perf_counter() - started
            assert hasher.verified == before + 1, name
    known, unknown = timings[actors["coordinator"].username], timings["no-such-user"]
    assert known > 0.005 and unknown > 0.005, timings  # argon2 ran on both paths
    assert unknown > known / 3, timings
