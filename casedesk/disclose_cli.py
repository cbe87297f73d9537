"""``casedesk disclose REQUEST_ID [--wait]``: start (or resume) a request's disclosure job.

The job runs on the workers; ``--wait`` follows its progress in the database with a progress
bar on stderr and prints the package's sha256 on stdout. Exit 0 done, 1 done with failed
documents or a failed job, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from core.errors import AppError
from core.settings import Settings
from core.vocab import JOB_KINDS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.models import DisclosureRequest, Job, User

# The database, queue and API modules are imported where they are used: every `casedesk`
# command builds this parser, and `casedesk redact` must not pay a second for them.

USAGE = 2
BAR = 30
FINISHED = ("done", "done_with_errors", "failed")


def add_disclose_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "disclose", help="build an FOI disclosure package (or consult copy) on the workers"
    )
    parser.add_argument("request", metavar="REQUEST_ID", help="the request id or its number")
    parser.add_argument("--kind", choices=["package", "consult"], default="package")
    parser.add_argument("--wait", action="store_true", help="follow the job until it ends")
    parser.add_argument("--user", default="", help="the FOI officer running it (default: first)")
    parser.add_argument("--timeout", type=float, default=0, help="give up waiting after seconds")
    parser.set_defaults(func=cmd_disclose)


def _find_request(session: Session, ref: str) -> DisclosureRequest | None:
    from sqlalchemy import select

    from core.models import DisclosureRequest

    query = select(DisclosureRequest)
    query = (
        query.where(DisclosureRequest.id == int(ref))
        if ref.isdigit()
        else query.where(DisclosureRequest.number == ref)
    )
    return session.execute(query).scalar_one_or_none()


def _officer(session: Session, username: str) -> User | None:
    from sqlalchemy import select

    from core.auth import Action, may
    from core.models import User

    query = select(User).where(User.is_active.is_(True)).order_by(User.id)
    if username:
        query = query.where(User.username == username)
    for user in session.execute(query).scalars():
        if may(user, Action.REQUESTS_MANAGE):
            return user
    return None


def draw(job: Job, out: TextIO) -> None:
    finished = job.done + job.failed
    filled = int(BAR * finished / job.total) if job.total else BAR
    failed = f", {job.failed} failed" if job.failed else ""
    bar = "#" * filled + "-" * (BAR - filled)
    out.write(f"\r[{bar}] {finished}/{job.total} documents{failed} - {job.status}   ")
    out.flush()


def cmd_disclose(settings: Settings, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from api.foi import jobs
    from core import audit
    from core.db import build_engine, build_sessionmaker, transaction
    from core.models import Job
    from core.queue import TASK_DISCLOSURE_APPLY, TASK_DISCLOSURE_BUILD, build_celery, enqueue

    engine = build_engine(settings.database_url)
    sessions = build_sessionmaker(engine, info=audit.session_info(settings))
    try:
        with transaction(sessions) as session:
            request = _find_request(session, args.request)
            if request is None:
                print(f"casedesk disclose: no request {args.request!r}", file=sys.stderr)
                return USAGE
            user = _officer(session, args.user)
            if user is None:
                print("casedesk disclose: no active FOI officer to run it as", file=sys.stderr)
                return USAGE
            kind = JOB_KINDS[args.kind]
            running = (
                session.execute(
                    select(Job)
                    .where(
                        Job.request_id == request.id,
                        Job.kind == kind,
                        Job.status.in_(["queued", "running"]),
                    )
                    .order_by(Job.id.desc())
                )
                .scalars()
                .first()
            )
            if running is not None:
                job = running
                pending = jobs.resume_job(session, user, request, job)
                print(f"resuming job {job.id} ({len(pending)} documents to do)", file=sys.stderr)
            else:
                job = jobs.start_job(session, user, request, args.kind)
                pending = jobs.unfinished_items(session, job)
                print(f"job {job.id}: {job.total} documents", file=sys.stderr)
            job_id = job.id
        app = build_celery(settings)
        for document_id in pending:
            enqueue(app, TASK_DISCLOSURE_APPLY, job_id, document_id)
        if not pending:
            enqueue(app, TASK_DISCLOSURE_BUILD, job_id)
        if not args.wait:
            print(job_id)
            return 0
        return _wait(sessions, job_id, args.timeout)
    except AppError as exc:
        print(f"casedesk disclose: {exc.code}: {exc.message}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _wait(sessions: Any, job_id: int, timeout: float) -> int:
    from api.foi import jobs
    from core.models import Job

    deadline = time.monotonic() + timeout if timeout else None
    while True:
        with sessions() as session:
            job = session.get(Job, job_id)
            assert job is not None
            draw(job, sys.stderr)
            if job.status in FINISHED:
                sys.stderr.write("\n")
                items = jobs.job_items(session, job_id)
                for item in items:
                    if item.error_code:
                        print(
                            f"document {item.document_id}: {item.error_code}: {item.error_message}",
                            file=sys.stderr,
                        )
                if job.error_message:
                    print(f"job {job_id}: {job.error_message}", file=sys.stderr)
                if job.package_sha256:
                    print(f"{job.package_sha256}  {job.pages} pages")
                return 0 if job.status == "done" else 1
        if deadline is not None and time.monotonic() > deadline:
            sys.stderr.write("\n")
            print(f"casedesk disclose: job {job_id} still running", file=sys.stderr)
            return 1
        time.sleep(0.5)
