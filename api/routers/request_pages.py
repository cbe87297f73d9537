"""FOI request pages: the list, a request's overview (due date, documents, jobs, release) and
the redaction review page. The pages' scripts call the JSON API under /api/requests."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from api import services
from api.deps import allow, get_session, get_state
from api.foi import jobs, marks, requests, views
from api.i18n import language_of, strings_for
from api.rendering import render
from api.schemas import Id
from api.state import AppState
from core import review
from core.auth import Action
from core.law.packs import exemption_code_for
from core.models import User
from core.vocab import JURISDICTIONS, POLICIES

router = APIRouter(include_in_schema=False)

Officer = Annotated[User, Depends(allow(Action.REQUESTS_MANAGE))]
Db = Annotated[Session, Depends(get_session)]


def _lang(lang: str) -> str:
    """A language posted back by a form (the page it came from was shown in it)."""
    return "fr" if lang == "fr" else "en"


@router.get("/requests", response_class=HTMLResponse)
def requests_page(
    request: Request,
    state: Annotated[AppState, Depends(get_state)],
    session: Db,
    user: Officer,
    lang: str | None = None,
) -> HTMLResponse:
    lang = language_of(request, lang)
    return render(
        request,
        "requests.html",
        user=user,
        lang=lang,
        t=strings_for(lang),
        requests=requests.list_requests(session),
        cases=requests.case_choices(session),
        requester_types=requests.REQUESTER_TYPES,
        policies=POLICIES,
        jurisdictions=JURISDICTIONS,
        default_jurisdiction=state.settings.default_jurisdiction,
        today=dt.date.today().isoformat(),
    )


@router.post("/requests", response_class=RedirectResponse)
def create_request_form(
    session: Db,
    user: Officer,
    received_on: Annotated[dt.date, Form()],
    requester_type: Annotated[str, Form()],
    policy: Annotated[str, Form()] = "public",
    jurisdiction: Annotated[str, Form()] = "CA-ON",
    requester_names: Annotated[str, Form(max_length=5000)] = "",
    requester_identifiers: Annotated[str, Form(max_length=5000)] = "",
    case_id: Annotated[str, Form()] = "",
    scope: Annotated[str, Form(max_length=4000)] = "",
    lang: Annotated[str, Form()] = "en",
) -> RedirectResponse:
    row = requests.create_request(
        session,
        user,
        received_on=received_on,
        requester_type=requester_type,
        policy=policy,
        jurisdiction=jurisdiction,
        requester_names=requester_names.splitlines(),
        requester_identifiers=requester_identifiers.splitlines(),
        case_id=int(case_id) if case_id.isdigit() else None,
        scope=scope,
    )
    session.commit()
    return RedirectResponse(f"/requests/{row.id}?lang={_lang(lang)}", status_code=303)


@router.post("/requests/{request_id}/requester", response_class=RedirectResponse)
def requester_form(
    request_id: Id,
    session: Db,
    user: Officer,
    requester_names: Annotated[str, Form(max_length=5000)] = "",
    requester_identifiers: Annotated[str, Form(max_length=5000)] = "",
    lang: Annotated[str, Form()] = "en",
) -> RedirectResponse:
    """The requester's names and identifiers, one a line (the request page's form)."""
    row = requests.get_request(session, request_id, lock=True)
    requests.set_requester(
        session, user, row, requester_names.splitlines(), requester_identifiers.splitlines()
    )
    session.commit()
    return RedirectResponse(f"/requests/{row.id}?lang={_lang(lang)}", status_code=303)


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def request_page(
    request: Request, request_id: Id, session: Db, user: Officer, lang: str | None = None
) -> HTMLResponse:
    lang = language_of(request, lang)
    row = requests.get_request(session, request_id)
    selected = [d.id for d in requests.request_documents(session, row.id)]
    candidates = services.documents_with_pdf(session)
    return render(
        request,
        "request.html",
        user=user,
        lang=lang,
        t=strings_for(lang),
        req=row,
        data=views.request_json(session, row),
        case_ref=services.case_reference(session, row.case_id),
        candidates=candidates,
        selected=selected,
        chosen_titles=review.chosen_titles(session, row.id),
        default_titles={
            doc.id: review.package_title(reference, doc.id) for doc, reference in candidates
        },
        gaps=jobs.review_gaps(session, row),
        preflight=None if row.status == "released" else views.preflight(session, row),
    )


@router.get("/requests/{request_id}/review", response_class=HTMLResponse)
def review_page(
    request: Request, request_id: Id, session: Db, user: Officer, lang: str | None = None
) -> HTMLResponse:
    lang = language_of(request, lang)
    row = requests.get_request(session, request_id)
    return render(
        request,
        "review.html",
        user=user,
        lang=lang,
        t=strings_for(lang),
        req=row,
        data=views.review_data(session, row),
        dispositions=marks.DISPOSITIONS,
        default_withheld_code=exemption_code_for(row.jurisdiction, "PERSON", row.received_on),
        job=jobs.latest_job(session, row.id, "package"),
        gaps=jobs.review_gaps(session, row),
    )
