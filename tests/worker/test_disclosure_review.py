"""The worker does not trust the API: its package task checks the review again. A box the
case step proposed after the job started, or a job started without the API's check, fails
the job with ``review_incomplete`` and the request is not made ready. ``casedesk disclose``
refuses an unfinished review the same way. Runs on SQLite and PostgreSQL, in-process."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.foi import jobs, requests
from api.state import AppState
from core.db import transaction
from core.models import Job, JobItem, Redaction, User
from core.settings import Settings
from core.vocab import JobStatus, RequestStatus, pending_marker
from tests.api.disclosure_support import (
    CODE,
    make_case,
    make_pdf,
    make_request,
    page_lines,
    run_job_inline,
    seed_document,
    settle_request,
)

pytestmark = [pytest.mark.db]


def _officer(state: AppState) -> int:
    with transaction(state.sessions) as session:
        user = User(
            username="officer", display_name="Officer", password_hash="!", roles=["foi_officer"]
        )
        session.add(user)
        session.flush()
        return user.id


def _reviewed_request(state: AppState, officer_id: int) -> tuple[int, int]:
    document = seed_document(state, make_case(state), make_pdf([page_lines(1), page_lines(2)]))
    request_id = make_request(state, officer_id, [document])
    with transaction(state.sessions) as session:
        officer = session.get(User, officer_id)
        assert officer is not None
        settle_request(session, officer, requests.get_request(session, request_id))
    return request_id, document


def test_a_box_proposed_after_the_job_started_fails_the_package(state: AppState) -> None:
    officer_id = _officer(state)
    request_id, document = _reviewed_request(state, officer_id)
    with transaction(state.sessions) as session:
        officer = session.get(User, officer_id)
        assert officer is not None
        job_id = jobs.start_job(
            session, officer, requests.get_request(session, request_id), "package"
        ).id
        # The case step finds a person in this document after the API's check.
        late = Redaction(
            document_id=document, page=2, rect=[72.0, 500.0, 200.0, 512.0],
            entity_type="PERSON", exemption_code=CODE, source="auto",
        )  # fmt: skip
        session.add(late)
        session.flush()
        late_id = late.id
    run_job_inline(state, job_id)
    with state.sessions() as session:
        job = session.get(Job, job_id)
        request = requests.get_request(session, request_id)
        assert job is not None
        assert job.status == JobStatus.FAILED
        assert job.error_message is not None
        assert job.error_message.startswith("review_incomplete")
        assert f"page 2 box {late_id} (PERSON)" in job.error_message
        assert job.package_sha256 is None
        assert request.status != RequestStatus.READY
        assert request.package_sha256 == pending_marker(job_id)  # never made current


def test_a_job_started_without_the_api_check_is_refused(state: AppState) -> None:
    """A job row written straight into the database (no start_job, nothing decided)."""
    officer_id = _officer(state)
    document = seed_document(state, make_case(state), make_pdf([page_lines(1)]))
    request_id = make_request(state, officer_id, [document])
    with transaction(state.sessions) as session:
        row = Job(kind="disclosure.package", request_id=request_id, total=1, status="queued")
        session.add(row)
        session.flush()
        session.add(JobItem(job_id=row.id, document_id=document, position=1))
        requests.get_request(session, request_id).package_sha256 = pending_marker(row.id)
        job_id = row.id
    run_job_inline(state, job_id)
    with state.sessions() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.status == JobStatus.FAILED
        assert job.error_message and "proposed box(es) have no decision" in job.error_message
        assert "1 page(s) have no disposition" in job.error_message
        assert requests.get_request(session, request_id).status != RequestStatus.READY


def test_casedesk_disclose_refuses_an_unfinished_review(
    state: AppState,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from casedesk.cli import main

    monkeypatch.setenv("CASEDESK_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(settings.data_dir))
    officer_id = _officer(state)
    document = seed_document(state, make_case(state), make_pdf([page_lines(1)]))
    request_id = make_request(state, officer_id, [document])
    assert main(["disclose", str(request_id)]) == 1
    err = capsys.readouterr().err
    assert "review_incomplete" in err and f"document {document} page 1 box" in err
    assert "Okonkwo" not in err and "555-0199" not in err
    with state.sessions() as session:
        assert session.execute(select(Job.id)).first() is None
