"""Cases: create, list, get (with their documents)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from api import services
from api.deps import allow, get_session, get_state
from api.facts import case_facts as case_facts_with_corrections
from api.facts import (
    case_timeline,
    correct_fact,
    first_upload_date,
    timeline_json,
)
from api.schemas import (
    ERROR_RESPONSES,
    CaseDetailOut,
    CaseFactsOut,
    CaseFactsTimelineOut,
    CaseIn,
    CaseOut,
    DocumentOut,
    FactCorrectionIn,
    Id,
    RedactionListsIn,
    RedactionListsOut,
)
from api.state import AppState
from api.work import enqueue_lists
from core.auth import Action
from core.models import Case, User

router = APIRouter(prefix="/api/cases", tags=["cases"], responses=ERROR_RESPONSES)
log = logging.getLogger(__name__)


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
    return services.list_cases(session)


@router.get("/{case_id}", response_model=CaseDetailOut)
def get_case(
    case_id: Id,
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> CaseDetailOut:
    case = services.get_case(session, case_id)
    documents = services.case_documents(session, case.id)
    read = services.pages_read(session, [d.id for d in documents])
    return CaseDetailOut(
        **CaseOut.model_validate(case).model_dump(),
        documents=[DocumentOut.with_progress(d, read) for d in documents],
    )


@router.get("/{case_id}/facts", response_model=CaseFactsTimelineOut)
def case_facts(
    case_id: Id,
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> dict[str, Any]:
    """Every document's facts together, with the case timeline (deadlines and flags)."""
    case = services.get_case(session, case_id)
    facts = case_facts_with_corrections(session, case)
    first_upload = first_upload_date(session, case.id)
    facts["timeline"] = timeline_json(case_timeline(case, facts, dt.date.today(), first_upload))
    return facts


@router.post("/{case_id}/facts/corrections", response_model=CaseFactsOut)
def correct_case_fact(
    case_id: Id,
    body: FactCorrectionIn,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.FACTS_CORRECT))],
) -> dict[str, Any]:
    """Change, remove or restore one extracted fact; kept when the documents are re-analysed."""
    case = services.get_case(session, case_id)
    form = body.model_dump(exclude={"key", "action"})
    correct_fact(session, user, case, body.key, body.action, form)
    session.commit()
    return case_facts_with_corrections(session, case)


@router.get("/{case_id}/redaction-lists", response_model=RedactionListsOut)
def get_redaction_lists(
    case_id: Id,
    session: Annotated[Session, Depends(get_session)],
    _user: Annotated[User, Depends(allow(Action.READ))],
) -> dict[str, Any]:
    """The case's allow and deny lists; ``pending`` until the worker has applied a change."""
    return services.redaction_lists_json(services.get_case(session, case_id))


@router.put("/{case_id}/redaction-lists", response_model=RedactionListsOut)
def set_redaction_lists(
    case_id: Id,
    body: RedactionListsIn,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.REDACTION_LISTS_EDIT))],
) -> dict[str, Any]:
    """Replace the lists; the worker applies them to the proposals of the case's documents."""
    case = services.get_case(session, case_id)
    services.set_redaction_lists(
        session, user, case, body.allow, [(d.term, d.entity_type) for d in body.deny]
    )
    session.commit()
    if case.lists_pending:
        enqueue_lists(state, case.id)
    return services.redaction_lists_json(case)
