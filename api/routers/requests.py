"""FOI requests: create, due dates, documents, the review decisions, jobs, downloads, release.

Every route is the FOI officer's (``requests.manage``). The review page's script calls these
with the session cookie and the X-CSRF-Token header.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse, Response
from sqlalchemy.orm import Session

from api.deps import allow, get_session, get_state
from api.foi import decisions, jobs, marks, requests, views
from api.page_images import page_png
from api.request_schemas import (
    AcceptedOut,
    BoxAddedOut,
    BoxDetailOut,
    BoxIn,
    BulkAcceptIn,
    BulkPreviewOut,
    DecidedManyOut,
    DecidedOut,
    DecisionIn,
    DecisionsIn,
    DispositionIn,
    DispositionOut,
    DocumentsIn,
    DuplicateOut,
    JobIn,
    JobOut,
    JobResumedOut,
    JobStatusOut,
    MarkedOut,
    PageWordsOut,
    PreflightOut,
    RemovedOut,
    RequesterIn,
    RequestIn,
    RequestOut,
    RequestSummaryOut,
    ReviewDataOut,
    TermIn,
    TermPreviewIn,
    TermPreviewOut,
    TermsAddedOut,
    TimeChangeIn,
)
from api.schemas import ERROR_RESPONSES, Id, PageNumber
from api.state import AppState
from api.work import enqueue_items
from core import review
from core.auth import Action
from core.errors import NotFound
from core.models import Document, User
from core.vocab import JOB_KINDS
from redaction.pdf_text import page_words
from redaction.preview import DEFAULT_DPI, MAX_DPI

router = APIRouter(tags=["requests"], responses=ERROR_RESPONSES)
log = logging.getLogger(__name__)

Officer = Annotated[User, Depends(allow(Action.REQUESTS_MANAGE))]
Db = Annotated[Session, Depends(get_session)]
State = Annotated[AppState, Depends(get_state)]
JSON = dict[str, Any]


@router.post("/api/requests", status_code=201, response_model=RequestOut)
def create_request(body: RequestIn, session: Db, user: Officer) -> JSON:
    request = requests.create_request(
        session,
        user,
        received_on=body.received_on,
        requester_type=body.requester_type,
        policy=body.policy,
        jurisdiction=body.jurisdiction,
        number=body.number,
        requester_names=body.requester.names if body.requester else (),
        requester_identifiers=body.requester.identifiers if body.requester else (),
        case_id=body.case_id,
        scope=body.scope,
    )
    session.commit()
    return views.request_json(session, request)


@router.get("/api/requests", response_model=list[RequestSummaryOut])
def list_requests(session: Db, _user: Officer) -> list[JSON]:
    return [
        {
            "id": r.id,
            "number": r.number,
            "status": r.status,
            "received_on": r.received_on,
            "due_on": r.due_on,
            "requester_type": r.requester_type,
        }
        for r in requests.list_requests(session)
    ]


@router.get("/api/requests/{request_id}", response_model=RequestOut)
def get_request(request_id: Id, session: Db, _user: Officer) -> JSON:
    return views.request_json(session, requests.get_request(session, request_id))


@router.put("/api/requests/{request_id}/requester", response_model=RequestOut)
def set_requester(request_id: Id, body: RequesterIn, session: Db, user: Officer) -> JSON:
    """Who asked: under the requester policy their own information stays in."""
    request = requests.get_request(session, request_id, lock=True)
    requests.set_requester(session, user, request, body.names, body.identifiers)
    session.commit()
    return views.request_json(session, request)


@router.post("/api/requests/{request_id}/time-changes", status_code=201, response_model=RequestOut)
def add_time_change(request_id: Id, body: TimeChangeIn, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    requests.add_time_change(session, user, request, body.kind, body.days, body.reason)
    session.commit()
    return views.request_json(session, request)


@router.put("/api/requests/{request_id}/documents", response_model=RequestOut)
def set_documents(request_id: Id, body: DocumentsIn, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    requests.set_documents(session, user, request, body.document_ids, body.titles)
    session.commit()
    return views.request_json(session, request)


@router.get("/api/requests/{request_id}/review", response_model=ReviewDataOut)
def review_data(request_id: Id, session: Db, _user: Officer) -> JSON:
    return views.review_data(session, requests.get_request(session, request_id))


def _request_pdf(session: Session, request_id: int, document_id: int) -> str:
    """The hash of the PDF of one of the request's documents (what its pages are drawn from)."""
    request = requests.get_request(session, request_id)
    documents = {d.id: d for d in requests.request_documents(session, request.id)}
    document: Document | None = documents.get(document_id)
    if document is None or document.pdf_sha256 is None:
        raise NotFound(f"document {document_id} is not part of this request")
    return document.pdf_sha256


@router.get(
    "/api/requests/{request_id}/documents/{document_id}/pages/{page}/image",
    response_class=FileResponse,
)
def page_image(
    request_id: Id,
    document_id: Id,
    page: PageNumber,
    state: State,
    session: Db,
    _user: Officer,
    dpi: Annotated[int, Query(ge=36, le=MAX_DPI)] = DEFAULT_DPI,
) -> FileResponse:
    sha256 = _request_pdf(session, request_id, document_id)
    session.close()  # rendering may take a moment: do not hold a connection for it
    path = page_png(state, sha256, page, dpi)
    # The image is derived from immutable content: cache it in the (signed-in) browser.
    return FileResponse(
        path, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"}
    )


@router.get(
    "/api/requests/{request_id}/documents/{document_id}/pages/{page}/words",
    response_model=PageWordsOut,
)
def page_words_json(
    request_id: Id, document_id: Id, page: PageNumber, state: State, session: Db, _user: Officer
) -> JSON:
    """The page's words and boxes (PDF points), so the officer can box words by selecting them."""
    words = page_words(state.blobs.read_bytes(_request_pdf(session, request_id, document_id)), page)
    return {"words": [{"text": w.text, "rect": w.box.as_list()} for w in words]}


@router.put(
    "/api/requests/{request_id}/documents/{document_id}/pages/{page}/disposition",
    response_model=DispositionOut,
)
def set_disposition(
    request_id: Id,
    document_id: Id,
    page: PageNumber,
    body: DispositionIn,
    session: Db,
    user: Officer,
) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    disposition = marks.set_disposition(
        session, user, request, document_id, page, body.disposition, body.exemption_code
    )
    session.commit()
    withheld = review.withheld_page_codes(session, request.id, [document_id])
    return {
        "document_id": document_id,
        "page": page,
        "disposition": disposition,
        "withheld_under": withheld.get((document_id, page)),
        "progress": decisions.progress(session, request.id).as_dict(),
    }


@router.get("/api/requests/{request_id}/duplicates", response_model=list[DuplicateOut])
def duplicates(request_id: Id, session: Db, _user: Officer) -> list[JSON]:
    request = requests.get_request(session, request_id)
    return [
        {
            "document_id": d.key[0],
            "page": d.key[1],
            "of_document_id": d.of[0],
            "of_page": d.of[1],
            "method": d.method,
            "similarity": d.similarity,
        }
        for d in marks.request_duplicates(session, request.id)
    ]


@router.post("/api/requests/{request_id}/duplicates/mark", response_model=MarkedOut)
def mark_duplicates(request_id: Id, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    count = marks.mark_duplicates(session, user, request)
    session.commit()
    return {"marked": count, "progress": decisions.progress(session, request.id).as_dict()}


@router.get("/api/requests/{request_id}/redactions/{redaction_id}", response_model=BoxDetailOut)
def redaction_detail(
    request_id: Id, redaction_id: Id, state: State, session: Db, _user: Officer
) -> JSON:
    request = requests.get_request(session, request_id)
    return views.box_detail(session, state, request, redaction_id)


@router.post(
    "/api/requests/{request_id}/redactions/{redaction_id}/decision", response_model=DecidedOut
)
def decide(request_id: Id, redaction_id: Id, body: DecisionIn, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    box = decisions.decide(session, user, request, redaction_id, body.decision, body.exemption_code)
    session.commit()
    kept = box.status == "proposed" and box.id in decisions.requester_box_ids(session, request)
    return {
        "box": views.box_json(box, kept_for_requester=kept),
        "progress": decisions.progress(session, request.id).as_dict(),
        # Same value, other decision, same document: the release check would refuse it.
        "contradicting": decisions.contradicting_boxes(session, request, box),
    }


@router.post("/api/requests/{request_id}/decisions", response_model=DecidedManyOut)
def decide_many(request_id: Id, body: DecisionsIn, session: Db, user: Officer) -> JSON:
    """Accept, reject, re-code or reset (undo) a selection of boxes at once."""
    request = requests.get_request(session, request_id, lock=True)
    boxes = decisions.decide_many(
        session, user, request, body.redaction_ids, body.decision, body.exemption_code
    )
    session.commit()
    kept = decisions.requester_box_ids(session, request)
    return {
        "boxes": [
            views.box_json(b, kept_for_requester=b.status == "proposed" and b.id in kept)
            for b in boxes
        ],
        "progress": decisions.progress(session, request.id).as_dict(),
    }


@router.delete("/api/requests/{request_id}/redactions/{redaction_id}", response_model=RemovedOut)
def remove_box(request_id: Id, redaction_id: Id, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    marks.remove_box(session, user, request, redaction_id)
    session.commit()
    return {"removed": redaction_id, "progress": decisions.progress(session, request.id).as_dict()}


@router.post("/api/requests/{request_id}/redactions", status_code=201, response_model=BoxAddedOut)
def add_box(request_id: Id, body: BoxIn, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    box = marks.add_box(
        session,
        user,
        request,
        document_id=body.document_id,
        page=body.page,
        rect=body.rect,
        exemption_code=body.exemption_code,
        entity_type=body.entity_type,
        label=body.label,
    )
    session.commit()
    return {
        "box": views.box_json(box),
        "progress": decisions.progress(session, request.id).as_dict(),
    }


@router.post("/api/requests/{request_id}/bulk-accept", response_model=AcceptedOut)
def bulk_accept(request_id: Id, body: BulkAcceptIn, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    count = decisions.bulk_accept(
        session, user, request, body.entity_type, body.same_as, body.match, body.box_ids
    )
    session.commit()
    return {"accepted": count, "progress": decisions.progress(session, request.id).as_dict()}


@router.post("/api/requests/{request_id}/bulk-accept/preview", response_model=BulkPreviewOut)
def bulk_preview(request_id: Id, body: BulkAcceptIn, session: Db, _user: Officer) -> JSON:
    """What the bulk accept would change (values, counts, pages), changing nothing."""
    request = requests.get_request(session, request_id)
    requests.ensure_editable(request)
    match = decisions.bulk_matches(session, request, body.entity_type, body.same_as, body.match)
    return views.bulk_preview(session, request, match)


@router.get("/api/requests/{request_id}/preflight", response_model=PreflightOut)
def preflight(request_id: Id, session: Db, _user: Officer) -> JSON:
    """What would stop the package being built, checkable before building it."""
    return views.preflight(session, requests.get_request(session, request_id))


@router.post("/api/requests/{request_id}/terms", response_model=TermsAddedOut)
def redact_term(request_id: Id, body: TermIn, state: State, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    count = marks.redact_term(
        session, state, user, request, body.term, body.exemption_code, body.entity_type, body.hits
    )
    session.commit()
    return {"added": count, "progress": decisions.progress(session, request.id).as_dict()}


@router.post("/api/requests/{request_id}/terms/preview", response_model=TermPreviewOut)
def term_preview(
    request_id: Id, body: TermPreviewIn, state: State, session: Db, _user: Officer
) -> JSON:
    """Every occurrence a search would box, with the words around it, changing nothing."""
    request = requests.get_request(session, request_id)
    return views.term_preview(session, state, request, body.term)


@router.post("/api/requests/{request_id}/jobs", status_code=202, response_model=JobOut)
def start_job(request_id: Id, body: JobIn, state: State, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    job = jobs.start_job(session, user, request, body.kind)
    session.commit()
    enqueue_items(state, job.id, jobs.unfinished_items(session, job))
    return views.job_json(session, job)


@router.get("/api/requests/{request_id}/jobs/{job_id}", response_model=JobStatusOut)
def get_job(request_id: Id, job_id: Id, session: Db, _user: Officer) -> JSON:
    request = requests.get_request(session, request_id)
    job = jobs.get_job(session, request, job_id)
    return {
        **views.job_json(session, job),
        "request_status": request.status,
        "progress": decisions.progress(session, request.id).as_dict(),
    }


@router.post(
    "/api/requests/{request_id}/jobs/{job_id}/resume", status_code=202, response_model=JobResumedOut
)
def resume_job(request_id: Id, job_id: Id, state: State, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    job = jobs.get_job(session, request, job_id)
    pending = jobs.resume_job(session, user, request, job)
    session.commit()
    enqueue_items(state, job.id, pending)
    return {**views.job_json(session, job), "requeued": len(pending)}


def _blob(state: AppState, sha256: str | None, what: str) -> bytes:
    if not sha256:
        raise NotFound(f"the job has no {what} yet")
    return state.blobs.read_bytes(sha256)


@router.get("/api/requests/{request_id}/jobs/{job_id}/pdf", response_class=Response)
def job_pdf(request_id: Id, job_id: Id, state: State, session: Db, _user: Officer) -> Response:
    request = requests.get_request(session, request_id)
    job = jobs.get_job(session, request, job_id)
    consult = job.kind == JOB_KINDS["consult"]
    name = f"{request.number}{'-CONSULT-NOT-FOR-RELEASE' if consult else ''}.pdf"
    return Response(
        _blob(state, job.package_sha256, "PDF"),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/api/requests/{request_id}/jobs/{job_id}/csv", response_class=Response)
def job_csv(request_id: Id, job_id: Id, state: State, session: Db, _user: Officer) -> Response:
    request = requests.get_request(session, request_id)
    job = jobs.get_job(session, request, job_id)
    return Response(
        _blob(state, job.csv_sha256, "redaction log"),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{request.number}-log.csv"'},
    )


@router.post("/api/requests/{request_id}/release", response_model=RequestOut)
def release(request_id: Id, state: State, session: Db, user: Officer) -> JSON:
    request = requests.get_request(session, request_id, lock=True)
    second = state.settings.second_person_release
    jobs.release(session, user, request, second_person=second)
    session.commit()
    return views.request_json(session, request)
