"""Administration: users, their API tokens, and verification of the audit chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from api import services
from api.deps import allow, get_session
from api.schemas import ERROR_RESPONSES, AuditVerifyOut, Id, TokenIn, TokenOut, UserIn, UserOut
from core import audit
from core.auth import Action, create_token, create_user
from core.errors import Conflict
from core.models import AuditEvent, User

router = APIRouter(prefix="/api", tags=["admin"], responses=ERROR_RESPONSES)


@router.get("/users", response_model=list[UserOut])
def list_users(
    session: Annotated[Session, Depends(get_session)],
    _admin: Annotated[User, Depends(allow(Action.ADMIN))],
) -> list[User]:
    return services.list_users(session)


@router.post("/users", response_model=UserOut, status_code=201)
def add_user(
    body: UserIn,
    session: Annotated[Session, Depends(get_session)],
    admin: Annotated[User, Depends(allow(Action.ADMIN))],
) -> User:
    if services.username_taken(session, body.username):
        raise Conflict(f"the user name {body.username!r} is taken")
    user = create_user(
        session, body.username, body.password, [str(r) for r in body.roles], body.display_name
    )
    audit.record(session, "user.created", "user", user.id, actor=admin, roles=user.roles)
    session.commit()
    return user


@router.post("/users/{user_id}/tokens", response_model=TokenOut, status_code=201)
def add_token(
    user_id: Id,
    body: TokenIn,
    session: Annotated[Session, Depends(get_session)],
    admin: Annotated[User, Depends(allow(Action.ADMIN))],
) -> TokenOut:
    user = services.get_user(session, user_id)
    issued = create_token(session, user, body.name)
    audit.record(
        session, "token.created", "api_token", issued.token.id, actor=admin, user_id=user.id
    )
    session.commit()
    return TokenOut(
        id=issued.token.id, name=issued.token.name, prefix=issued.token.prefix, token=issued.secret
    )


@router.get("/audit/verify", response_model=AuditVerifyOut)
def verify_audit(
    session: Annotated[Session, Depends(get_session)],
    _admin: Annotated[User, Depends(allow(Action.ADMIN))],
) -> AuditVerifyOut:
    problem = audit.verify_chain(session)
    count = session.query(AuditEvent).count()
    if problem is None:
        return AuditVerifyOut(ok=True, events=count)
    return AuditVerifyOut(
        ok=False, events=count, first_problem_seq=problem.seq, reason=problem.reason
    )
