"""Cases: create, list, get (with their documents)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import services
from api.deps import allow, get_session
from api.facts import (
    case_document_ids,
    case_timeline,
    facts_json,
    first_upload_date,
    timeline_json,
)
from api.schemas import CaseDetailOut, CaseIn, CaseOut, DocumentOut
from core.auth import Action
from core.models import Case, Document, User

router = APIRouter(prefix="/api/cases", tags=["cases"])


@router.post("", response_model=CaseOut, status_code=201)
def create_case(
    body: CaseIn,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.CASES_CREATE))],
) -> Case:
    case = services.create_case(session, user, body.title, body.jurisdiction)
    session.commit()
    return case


@router.get("", response_model=list[CaseOut])
def list_cases(
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> list[Case]:
    return list(session.execute(select(Case).order_by(Case.id.desc())).scalars())


@router.get("/{case_id}", response_model=CaseDetailOut)
def get_case(
    case_id: int,
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> CaseDetailOut:
    case = services.get_case(session, case_id)
    documents = session.execute(
        select(Document).where(Document.case_id == case.id).order_by(Document.id)
    ).scalars()
    return CaseDetailOut(
        **CaseOut.model_validate(case).model_dump(),
        documents=[DocumentOut.model_validate(d) for d in documents],
    )


@router.get("/{case_id}/facts")
def case_facts(
    case_id: int,
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> dict[str, Any]:
    """Every document's facts together, with the case timeline (deadlines and flags)."""
    case = services.get_case(session, case_id)
    facts = facts_json(session, case_document_ids(session, case.id))
    first_upload = first_upload_date(session, case.id)
    facts["timeline"] = timeline_json(case_timeline(case, facts, dt.date.today(), first_upload))
    return facts
