"""Request dependencies: the database session, the signed-in user and the role check.

A route declares the one action it performs with ``Depends(allow(Action.X))``; which roles
may perform it lives in ``core.auth.PERMISSIONS``. Bearer tokens serve the API, the session
cookie serves the pages; a cookie-authenticated change must carry the CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from api.state import AppState
from core.auth import Action, authenticate_token, csrf_matches, find_web_session, require
from core.errors import NotAuthenticated, PermissionDenied
from core.models import User

SESSION_COOKIE = "casedesk_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.casedesk
    return state


def get_session(state: Annotated[AppState, Depends(get_state)]) -> Iterator[Session]:
    """One session per request; routes commit explicitly, anything else rolls back."""
    with state.sessions() as session:
        yield session


async def _form_csrf(request: Request) -> str | None:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else None
    return None


async def current_user(request: Request, session: Annotated[Session, Depends(get_session)]) -> User:
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        # Database work off the event loop: a SQLite lock wait here would stall every request.
        token_user = await run_in_threadpool(authenticate_token, session, authorization[7:].strip())
        request.state.auth = "token"
        return token_user
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        web_session = await run_in_threadpool(find_web_session, session, cookie)
        if web_session is not None:
            if request.method not in SAFE_METHODS:
                given = request.headers.get(CSRF_HEADER) or await _form_csrf(request)
                if not csrf_matches(web_session.csrf_token, given):
                    raise PermissionDenied("missing or wrong CSRF token")
            user = await run_in_threadpool(session.get, User, web_session.user_id)
            if user is not None and user.is_active:
                request.state.auth = "session"
                request.state.csrf_token = web_session.csrf_token
                return user
    raise NotAuthenticated("sign in, or send an API token as 'Authorization: Bearer <token>'")


def allow(action: Action) -> Callable[..., User]:
    """A dependency that returns the signed-in user if one of their roles may do ``action``."""

    def dependency(user: Annotated[User, Depends(current_user)]) -> User:
        require(user, action)
        return user

    dependency.action = action  # type: ignore[attr-defined]  # read by the route x role test
    return dependency
