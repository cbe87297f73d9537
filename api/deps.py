"""Request dependencies: the database session, the signed-in user and the role check.

A route declares the one action it performs with ``Depends(allow(Action.X))``; which roles
may perform it lives in ``core.auth.PERMISSIONS``. Bearer tokens serve the API, the session
cookie serves the pages; a cookie-authenticated change must carry the CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from api.state import AppState
from core.auth import Action, authenticate_token, csrf_matches, find_web_session, require
from core.errors import InvalidInput, NotAuthenticated, PermissionDenied
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


async def _authenticate(request: Request, session: Session, *, form_csrf_later: bool) -> User:
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
                given = request.headers.get(CSRF_HEADER)
                if given is None and form_csrf_later:
                    # An upload form carries its token in the body, which is read only after
                    # the user and role are known: ``read_upload`` checks it.
                    request.state.csrf_in_form = web_session.csrf_token
                elif not csrf_matches(web_session.csrf_token, given or await _form_csrf(request)):
                    raise PermissionDenied("missing or wrong CSRF token")
            user = await run_in_threadpool(session.get, User, web_session.user_id)
            if user is not None and user.is_active:
                request.state.auth = "session"
                request.state.csrf_token = web_session.csrf_token
                return user
    raise NotAuthenticated("sign in, or send an API token as 'Authorization: Bearer <token>'")


def page_user(request: Request, session: Session) -> User | None:
    """The user signed in by the page cookie, or None: for pages that also serve visitors.

    Error pages and the start-page redirect use it to keep the header and the menu; it reads
    only (no CSRF check is needed because nothing is changed on the user's behalf).
    """
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    web_session = find_web_session(session, cookie)
    if web_session is None:
        return None
    user = session.get(User, web_session.user_id)
    if user is None or not user.is_active:
        return None
    request.state.csrf_token = web_session.csrf_token
    return user


async def current_user(request: Request, session: Annotated[Session, Depends(get_session)]) -> User:
    return await _authenticate(request, session, form_csrf_later=False)


async def uploading_user(
    request: Request, session: Annotated[Session, Depends(get_session)]
) -> User:
    """The signed-in user from the headers or cookie alone: the body is not read yet."""
    return await _authenticate(request, session, form_csrf_later=True)


def allow(action: Action) -> Callable[..., User]:
    """A dependency that returns the signed-in user if one of their roles may do ``action``."""

    def dependency(user: Annotated[User, Depends(current_user)]) -> User:
        require(user, action)
        return user

    dependency.action = action  # type: ignore[attr-defined]  # read by the route x role test
    return dependency


def allow_upload(action: Action) -> Callable[..., User]:
    """``allow`` for a route that takes a file: it declares no body parameters (FastAPI would
    read and spool the whole body before any dependency runs) and calls ``read_upload`` once
    this has accepted the user and role. A refused upload is answered unread."""

    def dependency(user: Annotated[User, Depends(uploading_user)]) -> User:
        require(user, action)
        return user

    dependency.action = action  # type: ignore[attr-defined]  # read by the route x role test
    return dependency


@dataclass(frozen=True, slots=True)
class Upload:
    file: UploadFile
    password: str | None
    form: FormData  # closed by the caller (``async with`` or ``await form.close()``)


async def read_upload(request: Request) -> Upload:
    """The multipart body of an upload (field ``file``, optional ``password``), after
    ``allow_upload``. The app's body limit stops reading past CASEDESK_MAX_UPLOAD_BYTES,
    with or without a Content-Length (413); a page form's CSRF token is checked here."""
    form = await request.form(max_files=1, max_fields=10)
    try:
        expected = getattr(request.state, "csrf_in_form", None)
        token = form.get("csrf_token")
        if expected is not None and not csrf_matches(
            expected, token if isinstance(token, str) else None
        ):
            raise PermissionDenied("missing or wrong CSRF token")
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise InvalidInput(
                "the document is missing: send it as the multipart form field 'file'",
                field="file",
            )
        password = form.get("password")
        return Upload(file, password if isinstance(password, str) and password else None, form)
    except BaseException:
        await form.close()
        raise
