"""Passwords (argon2), API tokens and browser sessions (stored hashed), and who may do what.

``PERMISSIONS`` is the one place that says which roles may perform each action (DESIGN.md,
"Who may do what"); every route names one of these actions.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import logging
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import AppError, InvalidInput, NotAuthenticated, PermissionDenied
from core.models import ApiToken, LoginAttempt, User, WebSession, utcnow
from core.vocab import Role

log = logging.getLogger(__name__)
_hasher = PasswordHasher()
TOKEN_PREFIX = "cd_"  # noqa: S105 - a visible prefix, not a secret


class Action(StrEnum):
    READ = "read"
    CASES_CREATE = "cases.create"
    DOCUMENTS_UPLOAD = "documents.upload"
    REDACTION_LISTS_EDIT = "cases.redaction_lists"
    FACTS_CORRECT = "cases.facts"
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
    # The coordinator who works the case corrects what extraction got wrong (audited).
    Action.FACTS_CORRECT: frozenset({Role.COORDINATOR}),
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


@functools.cache
def _dummy_hash() -> str:
    """A hash no password matches, made once with the same parameters as real ones."""
    return _hasher.hash(secrets.token_urlsafe(16))


def authenticate_password(session: Session, username: str, password: str) -> User:
    """The user, if the password is theirs. An unknown or disabled user costs the same argon2
    verification as a real one, so the answer's timing does not tell which names exist."""
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    matches = verify_password(user.password_hash if user else _dummy_hash(), password)
    if user is None or not user.is_active or not matches:
        raise NotAuthenticated("unknown user or wrong password")
    return user


class TooManyAttempts(AppError):
    """Sign-in refused while an account or a client address is locked out."""

    code = "too_many_attempts"
    status_code = 429

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            f"too many failed sign-ins: try again in {minutes} minute{'s' if minutes > 1 else ''}",
            retry_after=retry_after,
        )
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class LoginLimits:
    per_account: int
    per_address: int
    lockout_seconds: int


def _login_keys(username: str, address: str, limits: LoginLimits) -> list[tuple[str, int]]:
    # Hashed: the table holds neither user names nor client addresses.
    return [
        ("account:" + _sha256(username.strip().casefold()), limits.per_account),
        ("address:" + _sha256(address), limits.per_address),
    ]


def _check_not_locked(session: Session, keys: Sequence[str], now: dt.datetime) -> None:
    locked: Sequence[dt.datetime | None] = (
        session.execute(
            select(LoginAttempt.locked_until).where(
                LoginAttempt.key.in_(keys), LoginAttempt.locked_until > now
            )
        )
        .scalars()
        .all()
    )
    until = max((u for u in locked if u is not None), default=None)
    if until is not None:
        raise TooManyAttempts(max(1, math.ceil((until - now).total_seconds())))


def _count_failure(
    session: Session, key: str, limit: int, lockout: dt.timedelta, now: dt.datetime
) -> None:
    """One more failure for ``key``; the limit-th within the lock-out time locks it."""
    query = select(LoginAttempt).where(LoginAttempt.key == key).with_for_update()
    row = session.execute(query).scalar_one_or_none()
    if row is None:
        try:
            with session.begin_nested():
                row = LoginAttempt(key=key, failures=0, first_failed_at=now)
                session.add(row)
        except IntegrityError:  # another API process counted this key's first failure
            row = session.execute(query).scalar_one()
    expired_lock = row.locked_until is not None and row.locked_until <= now
    if expired_lock or row.first_failed_at <= now - lockout:
        row.failures, row.first_failed_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= limit and row.locked_until is None:
        row.locked_until = now + lockout
        log.warning(
            "sign-in locked out for %ds (by %s)", lockout.total_seconds(), key.split(":")[0]
        )
    session.flush()


def sign_in(
    session: Session,
    username: str,
    password: str,
    *,
    address: str,
    limits: LoginLimits,
    now: dt.datetime | None = None,
) -> User:
    """``authenticate_password`` behind per-account and per-address lock-outs kept in the
    database (every API process sees them). The caller commits, on failure too, so the
    failure is counted. Raises TooManyAttempts while locked, NotAuthenticated otherwise."""
    now = now or utcnow()
    keyed = _login_keys(username, address, limits)
    _check_not_locked(session, [key for key, _ in keyed], now)
    try:
        user = authenticate_password(session, username, password)
    except NotAuthenticated:
        for key, limit in keyed:
            _count_failure(session, key, limit, dt.timedelta(seconds=limits.lockout_seconds), now)
        raise
    # A success forgets the account's failures (not the address's: one address guessing
    # many accounts stays counted).
    session.query(LoginAttempt).filter(LoginAttempt.key == keyed[0][0]).delete()
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
