"""Letter pages: draft from a case (form generated from the context model), preview, submit;
the team lead's queue, side-by-side review of letter and case facts, approve or return; issue."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from api import letter_prefill, letters, services
from api.deps import allow, get_session, get_state
from api.facts import case_facts
from api.i18n import language_of, strings_for
from api.letter_forms import FieldProblem, attach_errors, context_from_form, form_groups
from api.rendering import render
from api.schemas import Id
from api.state import AppState
from api.work import enqueue_pdf
from core.auth import Action, may
from core.errors import AppError, InvalidInput, TemplateError
from core.models import Case, Letter, User
from core.vocab import LANGUAGES, LETTER_VARIANTS, LetterStatus
from correspondence.contexts import context_model_for

router = APIRouter(include_in_schema=False)

SLOTS: tuple[str, ...] = tuple(f"{k}/{v}" for k, vs in LETTER_VARIANTS.items() for v in vs)

# What the context models say beside a refused field, as interface strings (others are shown
# in the model's own words).
FIELD_ERRORS: dict[str, str] = {
    "required": "ferror_required",
    "is after the letter date": "ferror_after_letter_date",
    "is after the complaint was received": "ferror_after_received",
    "must be after the letter date": "ferror_must_follow_letter_date",
}


def _words(request: Request) -> dict[str, str]:
    """The interface strings of the user's language (never the letter's)."""
    return strings_for(language_of(request))


def _field_errors(fields: dict[str, Any], words: dict[str, str]) -> dict[str, str]:
    return {
        key: words.get(FIELD_ERRORS.get(str(message), ""), str(message))
        for key, message in fields.items()
    }


async def form_data(request: Request) -> dict[str, str]:
    """Every text field of a posted form (the context form's names are generated)."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _split_slot(slot: str) -> tuple[str, str]:
    kind, _, variant = slot.partition("/")
    context_model_for(kind, variant)  # InvalidInput for an unknown pair
    return kind, variant


def _form_page(
    request: Request,
    state: AppState,
    user: User,
    case: Case,
    *,
    slot: str,
    lang: str,
    values: dict[str, Any],
    action: str,
    letter: Letter | None = None,
    error: AppError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    words = _words(request)
    groups = []
    problems: list[FieldProblem] = []
    if slot:
        kind, variant = _split_slot(slot)
        groups = form_groups(context_model_for(kind, variant), values, words)
    fields = error.details.get("fields") if error is not None else None
    if isinstance(fields, dict):
        groups, problems = attach_errors(groups, _field_errors(fields, words))
    elif error is not None:
        problems = [FieldProblem(words["form_the_letter"], error.message, "letter-form")]
    return render(
        request,
        "letter_form.html",
        status_code,
        user=user,
        case=case,
        letter=letter,
        return_comment=letters.last_return_comment(letter) if letter is not None else None,
        slots=SLOTS,
        languages=LANGUAGES,
        slot=slot,
        letter_lang=lang,
        groups=groups,
        action=action,
        problems=problems,
        letterhead=state.settings.letterhead,
    )


@router.get("/letters", response_class=HTMLResponse)
def letters_page(
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.READ))],
    status: str = "",
    case_id: Id | None = None,
) -> HTMLResponse:
    views = letters.list_letters(session, status=status or None, case_id=case_id)
    show_queue = may(user, Action.LETTERS_APPROVE)
    queue = []
    if show_queue:
        submitted = letters.list_letters(session, status=LetterStatus.SUBMITTED)
        authors = letters.authors_of(session, [v.letter for v in submitted])
        queue = [v for v in submitted if user.id not in authors[v.letter.id]]
    cases = services.cases_by_id(session, {v.letter.case_id for v in [*views, *queue]})
    return render(
        request,
        "letters.html",
        user=user,
        views=views,
        queue=queue,
        show_queue=show_queue,
        cases=cases,
        status=status,
        statuses=[s.value for s in LetterStatus],
        case_id=case_id,
    )


@router.get("/cases/{case_id}/letters/new", response_class=HTMLResponse)
def new_letter_page(
    request: Request,
    case_id: Id,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_DRAFT))],
    slot: str = "",
    lang: str = "en",
) -> HTMLResponse:
    case = services.get_case(session, case_id)
    if lang not in LANGUAGES:
        lang = "en"
    values: dict[str, Any] = {}
    if slot:
        kind, variant = _split_slot(slot)
        values = letter_prefill.case_prefill(
            session, case, kind, variant, dt.date.today(), state.settings.letterhead
        )
    return _form_page(
        request,
        state,
        user,
        case,
        slot=slot,
        lang=lang,
        values=values,
        action=f"/cases/{case.id}/letters",
    )


@router.post("/cases/{case_id}/letters", response_class=HTMLResponse)
def create_letter_form(
    request: Request,
    case_id: Id,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_DRAFT))],
    form: Annotated[dict[str, str], Depends(form_data)],
) -> Response:
    case = services.get_case(session, case_id)
    slot, lang = form.get("slot", ""), form.get("lang", "")
    kind, variant = _split_slot(slot)
    if lang not in LANGUAGES:
        raise InvalidInput("choose English or French")
    context = context_from_form(context_model_for(kind, variant), form)
    try:
        letter = letters.create_letter(
            session, state, user, case, kind=kind, variant=variant, lang=lang, context=context
        )
    except (TemplateError, InvalidInput) as exc:
        session.rollback()
        return _form_page(
            request,
            state,
            user,
            case,
            slot=slot,
            lang=lang,
            values=context,
            action=f"/cases/{case.id}/letters",
            error=exc,
            status_code=422,
        )
    session.commit()
    enqueue_pdf(state, letter.id)
    return RedirectResponse(f"/letters/{letter.id}", status_code=303)


@router.get("/letters/{letter_id}", response_class=HTMLResponse)
def letter_page(
    request: Request,
    letter_id: Id,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.READ))],
    message: str = "",
) -> HTMLResponse:
    view = letters.view_of(session, letters.get_letter(session, letter_id))
    letter = view.letter
    case = services.get_case(session, letter.case_id)
    documents = services.case_documents(session, case.id)
    versions = letters.letter_versions(session, letter.id)
    authors = letters.authors_of(session, [letter])[letter.id]
    people = services.users_by_id(session, {*authors, letter.drafted_by_id, letter.approved_by_id})
    is_author = user.id in authors
    return render(
        request,
        "letter.html",
        user=user,
        view=view,
        letter=letter,
        case=case,
        documents=documents,
        people=people,
        versions=versions,
        text=letters.letter_preview_text(state, letter),
        is_author=is_author,
        can_edit=may(user, Action.LETTERS_DRAFT) and letter.status in letters.EDITABLE,
        can_review=may(user, Action.LETTERS_APPROVE)
        and letter.status == LetterStatus.SUBMITTED
        and not is_author,
        can_issue=may(user, Action.LETTERS_ISSUE) and letter.status == LetterStatus.APPROVED,
        channels=letters.CHANNELS,
        today=dt.date.today().isoformat(),
        pdf_pending=letter.pdf_sha256 is None and letter.pdf_error is None,
        message=message[:200],
        facts=case_facts(session, case),
        changes=letters.changes_since_return(letter),
        return_comment=letters.last_return_comment(letter),
    )


@router.get("/letters/{letter_id}/edit", response_class=HTMLResponse)
def edit_letter_page(
    request: Request,
    letter_id: Id,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_DRAFT))],
) -> Response:
    view = letters.view_of(session, letters.get_letter(session, letter_id))
    if view.letter.status not in letters.EDITABLE:
        # An approved or issued letter is frozen, a submitted one is the team lead's: no form.
        words = _words(request)
        status = words.get(f"status_{view.letter.status}", view.letter.status)
        return _back(letter_id, words["note_not_editable"].format(status=status))
    case = services.get_case(session, view.letter.case_id)
    return _form_page(
        request,
        state,
        user,
        case,
        slot=f"{view.version.kind}/{view.version.variant}",
        lang=view.version.lang,
        values=view.letter.context,
        action=f"/letters/{letter_id}/edit",
        letter=view.letter,
    )


@router.post("/letters/{letter_id}/edit", response_class=HTMLResponse)
def edit_letter_form(
    request: Request,
    letter_id: Id,
    state: Annotated[AppState, Depends(get_state)],
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_DRAFT))],
    form: Annotated[dict[str, str], Depends(form_data)],
) -> Response:
    view = letters.view_of(session, letters.get_letter(session, letter_id, lock=True))
    letter, version = view.letter, view.version
    context = context_from_form(context_model_for(version.kind, version.variant), form)
    try:
        letters.edit_letter(session, state, user, letter, context)
    except (TemplateError, InvalidInput) as exc:
        session.rollback()
        case = services.get_case(session, letter.case_id)
        return _form_page(
            request,
            state,
            user,
            case,
            slot=f"{version.kind}/{version.variant}",
            lang=version.lang,
            values=context,
            action=f"/letters/{letter_id}/edit",
            letter=letter,
            error=exc,
            status_code=422,
        )
    session.commit()
    if letter.pdf_sha256 is None:
        enqueue_pdf(state, letter.id)
    return RedirectResponse(f"/letters/{letter.id}", status_code=303)


def _back(letter_id: int, note: str) -> RedirectResponse:
    return RedirectResponse(f"/letters/{letter_id}?message={quote(note)}", status_code=303)


@router.post("/letters/{letter_id}/submit", response_class=RedirectResponse)
def submit_letter_form(
    request: Request,
    letter_id: Id,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_DRAFT))],
) -> RedirectResponse:
    letters.submit_letter(session, user, letters.get_letter(session, letter_id, lock=True))
    session.commit()
    return _back(letter_id, _words(request)["note_submitted"])


@router.post("/letters/{letter_id}/approve", response_class=RedirectResponse)
def approve_letter_form(
    request: Request,
    letter_id: Id,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_APPROVE))],
) -> RedirectResponse:
    letters.approve_letter(session, user, letters.get_letter(session, letter_id, lock=True))
    session.commit()
    return _back(letter_id, _words(request)["note_approved"])


@router.post("/letters/{letter_id}/return", response_class=RedirectResponse)
def return_letter_form(
    request: Request,
    letter_id: Id,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_APPROVE))],
    comment: Annotated[str, Form(max_length=4000)] = "",
) -> RedirectResponse:
    letter = letters.get_letter(session, letter_id, lock=True)
    letters.return_letter(session, user, letter, comment)
    session.commit()
    return _back(letter_id, _words(request)["note_returned"])


@router.post("/letters/{letter_id}/issue", response_class=RedirectResponse)
def issue_letter_form(
    request: Request,
    letter_id: Id,
    session: Annotated[Session, Depends(get_session)],
    user: Annotated[User, Depends(allow(Action.LETTERS_ISSUE))],
    channel: Annotated[str, Form()] = "mail",
    issued_on: Annotated[str, Form()] = "",
) -> RedirectResponse:
    try:
        day = dt.date.fromisoformat(issued_on) if issued_on else None
    except ValueError as exc:
        raise InvalidInput("the issue date must be a date (YYYY-MM-DD)") from exc
    letter = letters.get_letter(session, letter_id, lock=True)
    letters.issue_letter(session, user, letter, channel=channel, issued_on=day)
    session.commit()
    words = _words(request)
    return _back(
        letter_id, words["note_issued"].format(channel=words.get(f"channel_{channel}", channel))
    )
