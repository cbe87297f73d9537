"""Package and consult-copy jobs of a request, what keeps a package from being built, and
release (which locks the request)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.foi.decisions import requester_box_ids
from api.foi.requests import ensure_editable, request_document_ids
from core import audit, review
from core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from core.models import DisclosureRequest, Job, JobItem, User
from core.vocab import JOB_KINDS, JobStatus, RequestStatus, is_pending, pending_marker

UNFINISHED_ITEMS = ("queued", "running")


def get_job(session: Session, request: DisclosureRequest, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None or job.request_id != request.id:
        raise NotFound(f"job {job_id} is not a job of this request")
    return job


def job_items(session: Session, job_id: int) -> list[JobItem]:
    return list(
        session.execute(
            select(JobItem).where(JobItem.job_id == job_id).order_by(JobItem.position)
        ).scalars()
    )


def start_job(session: Session, user: User, request: DisclosureRequest, kind: str) -> Job:
    """A package (or consult copy) job with one item per document; enqueue after commit."""
    ensure_editable(request)
    if kind not in JOB_KINDS:
        raise InvalidInput("kind must be 'package' or 'consult'", field="kind")
    ids = request_document_ids(session, request.id)
    if not ids:
        raise Conflict("select the documents of the request first", reason="no_documents")
    running = session.execute(
        select(Job.id).where(
            Job.request_id == request.id,
            Job.kind == JOB_KINDS[kind],
            Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
        )
    ).first()
    if running:
        raise Conflict(f"job {running[0]} is still running; resume it instead", job_id=running[0])
    if kind == "package":
        # The worker checks again before it builds: proposals may be added meanwhile.
        review.require_reviewed(
            session, request.id, ids, settled=requester_box_ids(session, request)
        )
    job = Job(
        kind=JOB_KINDS[kind],
        request_id=request.id,
        status=JobStatus.QUEUED,
        total=len(ids),
        created_by_id=user.id,
    )
    session.add(job)
    session.flush()
    for position, document_id in enumerate(ids, start=1):
        session.add(JobItem(job_id=job.id, document_id=document_id, position=position))
    if kind == "package":
        # The worker makes the request ready only if this marker is still there when the
        # package is built: any review change in between clears it (see ``mark_changed``).
        request.package_sha256 = pending_marker(job.id)
        if request.status in (RequestStatus.READY, RequestStatus.OPEN):
            request.status = RequestStatus.IN_REVIEW
    session.flush()
    audit.record(
        session,
        "job.started",
        "job",
        job.id,
        actor=user,
        request_id=request.id,
        kind=job.kind,
        documents=len(ids),
    )
    return job


def review_gaps(session: Session, request: DisclosureRequest, limit: int = 50) -> dict[str, Any]:
    """What keeps a package from being built (the request page lists it): the first
    ``limit`` undecided boxes and pages without a disposition, and how many of each."""
    ids = request_document_ids(session, request.id)
    boxes = review.undecided_boxes(
        session, request.id, ids, settled=requester_box_ids(session, request)
    )
    pages = review.pages_without_disposition(session, request.id, ids)
    return {
        "boxes": boxes[:limit],
        "box_count": len(boxes),
        "pages": pages[:limit],
        "page_count": len(pages),
    }


def unfinished_items(session: Session, job: Job) -> list[int]:
    """The documents of a job still to be done (what a resume re-enqueues)."""
    return [i.document_id for i in job_items(session, job.id) if i.status in UNFINISHED_ITEMS]


def resume_job(session: Session, user: User, request: DisclosureRequest, job: Job) -> list[int]:
    ensure_editable(request)
    if job.status in (JobStatus.DONE, JobStatus.DONE_WITH_ERRORS, JobStatus.FAILED):
        raise InvalidTransition(f"job {job.id} has finished ({job.status})", status=job.status)
    pending = unfinished_items(session, job)
    audit.record(
        session,
        "job.resumed",
        "job",
        job.id,
        actor=user,
        request_id=request.id,
        pending=len(pending),
    )
    return pending


def release(
    session: Session,
    user: User,
    request: DisclosureRequest,
    *,
    second_person: bool = False,
) -> DisclosureRequest:
    """Lock the request with its package: no change is possible afterwards. With
    ``second_person`` (the installation's second-person-release setting) the officer who
    started the package job may not release it: another officer checks it first."""
    ensure_editable(request)
    if (
        request.status != RequestStatus.READY
        or not request.package_sha256
        or is_pending(request.package_sha256)
    ):
        raise InvalidTransition(
            "only a request whose package is built and current can be released",
            status=request.status,
        )
    job = (
        session.execute(
            select(Job)
            .where(Job.request_id == request.id, Job.package_sha256 == request.package_sha256)
            .order_by(Job.id.desc())
        )
        .scalars()
        .first()
    )
    built_by = job.created_by_id if job else None
    if second_person and built_by is None:
        raise Conflict(
            "a second officer must release this package, and nobody is recorded as its "
            "builder: build it again",
            reason="second_person_required",
        )
    if second_person and built_by == user.id:
        raise PermissionDenied(
            "you built this package: a second FOI officer must release it",
            reason="second_person_required",
        )
    request.status = RequestStatus.RELEASED
    session.flush()
    audit.record(
        session,
        "request.released",
        "disclosure_request",
        request.id,
        actor=user,
        package_sha256=request.package_sha256,
        job_id=job.id if job else None,
        pages=job.pages if job else None,
        built_by_id=built_by,
        second_person=second_person,
    )
    return request


def latest_job(session: Session, request_id: int, kind: str) -> Job | None:
    return session.execute(
        select(Job)
        .where(Job.request_id == request_id, Job.kind == JOB_KINDS[kind])
        .order_by(Job.id.desc())
        .limit(1)
    ).scalar_one_or_none()
