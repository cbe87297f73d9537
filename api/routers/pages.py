"""Server-rendered pages: sign in, cases, a case with its documents and an upload form."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from api import services
from api.deps import (
    SESSION_COOKIE,
    allow,
    allow_upload,
    get_session,
    get_state,
    page_user,
    read_upload,
)
from api.facts import (
    PARTY_ROLES,
    case_facts,
    case_timeline,
    correct_fact,
    first_upload_date,
)
from api.i18n import LANGUAGE_COOKIE, LANGUAGES, language_of, strings_for
from api.navigation import start_page
from api.rendering import render
from api.schemas import Id
from api.state import AppState
from api.work import enqueue_after_commit, enqueue_lists, store_upload
from core import audit
from core.auth import (
    Action,
    LoginLimits,
    TooManyAttempts,
    create_web_session,
    csrf_matches,
    may,
    sign_in,
)
from core.errors import NotAuthenticated, NotFound
from core.models import User, WebSession
from core.vocab import (
    ALLEGATION_CATEGORIES,
    DATE_ROLES,
    ENTITY_TYPES,
    FINAL_DOCUMENT_STATUSES,
    JURISDICTIONS,
)

LOGIN_CSRF_COOKIE = "casedesk_login_csrf"
router = APIRouter(include_in_schema=False)


# Error codes with a sentence of their own on the error page; the file errors share one.
_ERROR_LEADS = frozenset(
    {
        "not_found",
        "forbidden",
        "conflict",
        "invalid_transition",
        "invalid_input",
        "bad_request",
        "method_not_allowed",
        "too_large",
        "unsupported_type",
        "empty_file",
    }
)


def _error_lead(code: str) -> str:
    """The string key of the sentence that says, in the page's language, what went wrong."""
    if code in _ERROR_LEADS:
        return f"error_{code}"
    if code.endswith(("_pdf", "_document", "_xml", "_bomb", "_too_large", "_pages")):
        return "error_document"
    return "error_other"


async def error_page(
    request: Request, status_code: int, message: str, code: str = ""
) -> HTMLResponse:
    """An error page with the header and menu of the signed-in user and a way back. Its first
    sentence is in the page's language (from the error code); the detail, written by the code
    that refused, follows (in English, marked so, on a French page)."""
    state: AppState = request.app.state.casedesk

    def signed_in() -> User | None:
        with state.sessions() as session:
            user = page_user(request, session)
            if user is not None:
                session.expunge(user)
            return user

    user = await run_in_threadpool(signed_in)
    strings = strings_for(language_of(request))
    if status_code == 404 and message in {"Not Found", "not found"}:
        message = strings["http_404"]
        code = ""
    lead = strings[_error_lead(code)] if code else ""
    return render(
        request,
        "error.html",
        status_code,
        title=strings["error_title"],
        lead=lead,
        message=message,
        user=user,
        back=_same_site_referrer(request),
    )


def _same_site_referrer(request: Request) -> str | None:
    """The page the user came from, when it is one of ours (never an outside address)."""
    referrer = urlsplit(request.headers.get("referer", ""))
    if not referrer.path or referrer.netloc != request.url.netloc:
        return None
    back = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return None if referrer.path == request.url.path else _safe_next(back)


def _safe_next(target: str) -> str:
    # Only local paths: an open redirect would let a link send a signed-in user anywhere.
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/", response_class=RedirectResponse)
def home(request: Request, session: Annotated[Session, Depends(get_session)]) -> RedirectResponse:
    """Each role lands on its own start page; a visitor on the sign-in page."""
    return RedirectResponse(start_page(page_user(request, session)), status_code=303)


@router.get("/language/{code}", response_class=RedirectResponse)
def choose_language(code: str, next: str = "/") -> RedirectResponse:
    """Remember the interface language (a year), then go back to the page it was chosen on."""
    response = RedirectResponse(_safe_next(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True
        )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", csrf_token=token, next=_safe_next(next), user=None)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    if not csrf_matches(request.cookies.get(LOGIN_CSRF_COOKIE, ""), csrf_token) or not csrf_token:
        return render(
            request,
            "login.html",
            403,
            error=strings_for(language_of(request))["form_expired"],
            csrf_token="",
            next=_safe_next(next),
            user=None,
        )
    limits = LoginLimits(
        per_account=state.settings.login_max_failures,
        per_address=state.settings.login_max_failures_per_address,
        lockout_seconds=state.settings.login_lockout_seconds,
    )
    address = request.client.host if request.client else "unknown"
    try:
        user = sign_in(session, username, password, address=address, limits=limits)
    except TooManyAttempts as exc:
        response = render(
            request,
            "login.html",
            429,
            error=exc.message[0].upper() + exc.message[1:] + ".",
            csrf_token=csrf_token,
            next=_safe_next(next),
            user=None,
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except NotAuthenticated:
        session.commit()  # the failure is counted
        return render(
            request,
            "login.html",
            401,
            error=strings_for(language_of(request))["wrong_password"],
            csrf_token=csrf_token,
            next=_safe_next(next),
            user=None,
        )
    issued = create_web_session(session, user, state.settings.session_hours)
    audit.record(session, "session.created", "user", user.id, actor=user)
    session.commit()
    target = _safe_next(next)
    redirect = RedirectResponse(start_page(user) if target == "/" else target, status_code=303)
    redirect.set_cookie(
        SESSION_COOKIE,
        issued.secret,
        httponly=True,
        samesite="lax",
        secure=state.settings.environment == "production",
        max_age=state.settings.session_hours * 3600,
    )
    redirect.delete_cookie(LOGIN_CSRF_COOKIE)
    return redirect


@router.post("/logout", response_class=RedirectResponse)
def logout(
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.READ))],
) -> RedirectResponse:
    session.query(WebSession).filter(WebSession.user_id == user.id).delete()
    audit.record(session, "session.ended", "user", user.id, actor=user)
    session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/cases", response_class=HTMLResponse)
def cases_page(
    request: Request,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.READ))],
) -> HTMLResponse:
    cases = services.list_cases(session)
    return render(
        request,
        "cases.html",
        user=user,
        cases=cases,
        jurisdictions=JURISDICTIONS,
        default_jurisdiction=state.settings.default_jurisdiction,
        can_create=may(user, Action.CASES_CREATE),
    )


@router.post("/cases", response_class=RedirectResponse)
def create_case_form(
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.CASES_CREATE))],
    title: Annotated[str, Form(min_length=1, max_length=300)],
    jurisdiction: Annotated[str, Form()] = "CA-ON",
) -> RedirectResponse:
    if jurisdiction not in JURISDICTIONS:
        jurisdiction = "CA-ON"
    case = services.create_case(session, user, title, jurisdiction)
    session.commit()
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    request: Request,
    case_id: Id,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.READ))],
    message: str = "",
) -> HTMLResponse:
    case = services.get_case(session, case_id)
    documents = services.case_documents(session, case.id)
    pending = any(d.status not in FINAL_DOCUMENT_STATUSES for d in documents)
    pages_read = services.pages_read(
        session, [d.id for d in documents if d.status not in FINAL_DOCUMENT_STATUSES]
    )
    facts = case_facts(session, case)
    timeline = case_timeline(case, facts, dt.date.today(), first_upload_date(session, case.id))
    return render(
        request,
        "case.html",
        user=user,
        case=case,
        documents=documents,
        pages_read=pages_read,
        facts=facts,
        timeline=timeline,
        pending=pending,
        can_upload=may(user, Action.DOCUMENTS_UPLOAD),
        can_draft_letters=may(user, Action.LETTERS_DRAFT),
        can_edit_lists=may(user, Action.REDACTION_LISTS_EDIT),
        can_correct=may(user, Action.FACTS_CORRECT),
        categories=ALLEGATION_CATEGORIES,
        date_roles=DATE_ROLES,
        party_roles=PARTY_ROLES,
        lists=services.redaction_lists_json(case),
        entity_types=ENTITY_TYPES,
        message=message[:200],
    )


@router.post("/cases/{case_id}/documents", response_class=RedirectResponse)
async def upload_form(
    case_id: Id,
    request: Request,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow_upload(Action.DOCUMENTS_UPLOAD))],
) -> RedirectResponse:
    """The case page's upload form (``file``, ``password``, ``csrf_token``), read only once
    the user and role are known (see ``api.deps.allow_upload``)."""
    upload = await read_upload(request)
    try:
        _, created = await run_in_threadpool(store_upload, state, session, case_id, user, upload)
    finally:
        await upload.form.close()
    words = strings_for(language_of(request))
    note = words["note_uploaded"] if created else words["note_duplicate"]
    return RedirectResponse(f"/cases/{case_id}?message={quote(note)}", status_code=303)


@router.post("/cases/{case_id}/documents/{document_id}/password", response_class=RedirectResponse)
def password_form(
    request: Request,
    case_id: Id,
    document_id: Id,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.DOCUMENTS_UPLOAD))],
    password: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """The password of a PDF refused as encrypted, from the case page."""
    document = services.get_document(session, document_id)
    if document.case_id != case_id:
        raise NotFound(f"document {document_id} is not in case {case_id}")
    services.supply_password(
        session, document, user, password, secret_key=state.settings.secret_key
    )
    session.commit()
    enqueue_after_commit(state, document.id)
    note = strings_for(language_of(request))["note_password"].format(filename=document.filename)
    return RedirectResponse(f"/cases/{case_id}?message={quote(note)}", status_code=303)


def _deny_line(line: str) -> tuple[str, str]:
    """'Jimbo' or 'Jimbo | PERSON': a deny term and the PI type its boxes are coded as."""
    term, _, entity_type = line.partition("|")
    return term.strip(), entity_type.strip().upper() or "PERSON"


@router.post("/cases/{case_id}/redaction-lists", response_class=RedirectResponse)
def redaction_lists_form(
    request: Request,
    case_id: Id,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.REDACTION_LISTS_EDIT))],
    allow_terms: Annotated[str, Form(max_length=20000)] = "",
    deny_terms: Annotated[str, Form(max_length=20000)] = "",
) -> RedirectResponse:
    """The case page's lists form: one term a line (a deny line may end in '| TYPE')."""
    case = services.get_case(session, case_id)
    allow_list = [line for line in allow_terms.splitlines() if line.strip()]
    deny_list = [_deny_line(line) for line in deny_terms.splitlines() if line.strip()]
    services.set_redaction_lists(session, user, case, allow_list, deny_list)
    session.commit()
    if case.lists_pending:
        enqueue_lists(state, case.id)
    note = strings_for(language_of(request))["note_lists_saved"]
    return RedirectResponse(f"/cases/{case.id}?message={quote(note)}", status_code=303)


@router.post("/cases/{case_id}/facts/correct", response_class=RedirectResponse)
def correct_fact_form(
    request: Request,
    case_id: Id,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.FACTS_CORRECT))],
    key: Annotated[str, Form(max_length=100)] = "",
    action: Annotated[str, Form(max_length=20)] = "change",
    category: Annotated[str, Form(max_length=60)] = "",
    iso: Annotated[str, Form(max_length=20)] = "",
    role: Annotated[str, Form(max_length=40)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """One "Correct" form of the case page: change, remove or restore an extracted fact."""
    case = services.get_case(session, case_id)
    form = {"category": category, "iso": iso, "role": role, "name": name}
    correct_fact(session, user, case, key, action, form)
    session.commit()
    words = strings_for(language_of(request))
    code = key.partition(":")[0]
    kind = words.get(f"fact_kind_{code}", code.replace("_", " "))
    done = words[
        {"remove": "note_fact_removed", "restore": "note_fact_restored"}.get(
            action, "note_fact_corrected"
        )
    ]
    anchor = {"allegation": "allegations", "date": "dates"}.get(code, "parties")
    message = quote(words["note_fact"].format(kind=kind, done=done))
    return RedirectResponse(f"/cases/{case.id}?message={message}#{anchor}", status_code=303)
