"""Passwords (argon2), API tokens and browser sessions (stored hashed), and who may do what.

``PERMISSIONS`` is the one place that says which roles may perform each action (DESIGN.md,
"Who may do what"); every route names one of these actions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InvalidInput, NotAuthenticated, PermissionDenied
from core.models import ApiToken, User, WebSession, utcnow
from core.vocab import Role

_hasher = PasswordHasher()
TOKEN_PREFIX = "cd_"  # noqa: S105 - a visible prefix, not a secret


class Action(StrEnum):
    READ = "read"
    CASES_CREATE = "cases.create"
    DOCUMENTS_UPLOAD = "documents.upload"
    REDACTION_LISTS_EDIT = "cases.redaction_lists"
    REQUESTS_MANAGE = "requests.manage"
    LETTERS_DRAFT = "letters.draft"
    LETTERS_APPROVE = "letters.approve"
    LETTERS_ISSUE = "letters.issue"
    ADMIN = "admin"


_STAFF = frozenset({Role.COORDINATOR, Role.FOI_OFFICER, Role.TEAM_LEAD})

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.READ: frozenset(Role),
    Action.CASES_CREATE: _STAFF,
    Action.DOCUMENTS_UPLOAD: _STAFF,
    # Per-case allow and deny lists shape what is proposed for disclosure: the coordinator who
    # knows the case and the FOI officer who reviews it; not a team lead (letters only).
    Action.REDACTION_LISTS_EDIT: frozenset({Role.COORDINATOR, Role.FOI_OFFICER}),
    Action.REQUESTS_MANAGE: frozenset({Role.FOI_OFFICER}),
    Action.LETTERS_DRAFT: frozenset({Role.COORDINATOR, Role.TEAM_LEAD}),
    Action.LETTERS_APPROVE: frozenset({Role.TEAM_LEAD}),
    Action.LETTERS_ISSUE: frozenset({Role.COORDINATOR, Role.TEAM_LEAD}),
    Action.ADMIN: frozenset({Role.ADMIN}),
}


def user_roles(user: User) -> frozenset[Role]:
    return frozenset(Role(r) for r in user.roles if r in Role._value2member_map_)


def may(user: User, action: Action) -> bool:
    return bool(user_roles(user) & PERMISSIONS[action])


def require(user: User, action: Action) -> None:
    if not may(user, action):
        allowed = ", ".join(sorted(PERMISSIONS[action]))
        raise PermissionDenied(f"this needs one of the roles: {allowed}", action=str(action))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def create_user(
    session: Session,
    username: str,
    password: str,
    roles: list[str],
    display_name: str | None = None,
) -> User:
    unknown = [r for r in roles if r not in Role._value2member_map_]
    if unknown:
        raise InvalidInput(f"unknown roles: {', '.join(unknown)}", field="roles")
    if len(password) < 8:
        raise InvalidInput("a password needs at least 8 characters", field="password")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        roles=sorted(set(roles)),
    )
    session.add(user)
    session.flush()
    return user


def authenticate_password(session: Session, username: str, password: str) -> User:
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        raise NotAuthenticated("unknown user or wrong password")
    return user


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def create_token(session: Session, user: User, name: str) -> IssuedToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=_sha256(secret), prefix=secret[:8])
    session.add(token)
    session.flush()
    return IssuedToken(token, secret)


def authenticate_token(session: Session, secret: str) -> User:
    token = session.execute(
        select(ApiToken).where(ApiToken.token_hash == _sha256(secret))
    ).scalar_one_or_none()
    if token is None or token.revoked_at is not None:
        raise NotAuthenticated("invalid or revoked API token")
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated("the token's user is disabled")
    return user


@dataclass(frozen=True, slots=True)
class IssuedSession:
    session: WebSession
    secret: str


def create_web_session(session: Session, user: User, hours: int) -> IssuedSession:
    secret = secrets.token_urlsafe(32)
    row = WebSession(
        user_id=user.id,
        session_hash=_sha256(secret),
        csrf_token=secrets.token_urlsafe(24),
        expires_at=utcnow() + dt.timedelta(hours=hours),
    )
    session.add(row)
    session.flush()
    return IssuedSession(row, secret)


def find_web_session(session: Session, secret: str) -> WebSession | None:
    row = session.execute(
        select(WebSession).where(WebSession.session_hash == _sha256(secret))
    ).scalar_one_or_none()
    if row is None or row.expires_at <= utcnow():
        return None
    return row


def csrf_matches(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected, given)
