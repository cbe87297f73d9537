"""Start-up recovery: re-enqueue what the database shows unfinished.

The embedded filesystem broker forgets a message once a worker has taken it, so a worker
killed mid-task would lose the task; the database still says the document is unfinished,
and every idempotent task can safely run again. With Redis, a killed worker's task comes
back after the visibility timeout, so only work untouched for longer than that (lost, e.g.
by a Redis restart without persistence) is re-enqueued.
"""

from __future__ import annotations

import datetime as dt

from celery import Celery

from core.queue import (
    TASK_APPLY_CASE_LISTS,
    TASK_DISCLOSURE_APPLY,
    TASK_DISCLOSURE_BUILD,
    TASK_PROCESS_DOCUMENT,
    TASK_RENDER_LETTER_PDF,
    enqueue,
)
from core.settings import Settings
from worker.case_step import find_pending_lists
from worker.disclosure import find_unfinished_work
from worker.letters import find_letters_without_pdf
from worker.pipeline import find_unfinished
from worker.resources import build_resources


def requeue_unfinished(settings: Settings, app: Celery) -> int:
    res = build_resources(settings)
    untouched_for = (
        None if settings.embedded_broker else dt.timedelta(seconds=settings.visibility_timeout)
    )
    try:
        document_ids = find_unfinished(res, untouched_for)
        # Redis redelivers a lost letter task itself; the embedded broker forgets it.
        letter_ids = find_letters_without_pdf(res) if settings.embedded_broker else []
        # Disclosure job items: the same rule (Redis redelivers what is younger).
        job_items, job_builds = find_unfinished_work(
            res, None if untouched_for is None else untouched_for.total_seconds()
        )
        # Changed case lists not yet applied (idempotent: applying twice changes nothing).
        case_ids = find_pending_lists(res)
    finally:
        res.engine.dispose()
    for document_id in document_ids:
        enqueue(app, TASK_PROCESS_DOCUMENT, document_id)
    for letter_id in letter_ids:
        enqueue(app, TASK_RENDER_LETTER_PDF, letter_id)
    for job_id, document_id in job_items:
        enqueue(app, TASK_DISCLOSURE_APPLY, job_id, document_id)
    for job_id in job_builds:  # idempotent: a package already built is left alone
        enqueue(app, TASK_DISCLOSURE_BUILD, job_id)
    for case_id in case_ids:
        enqueue(app, TASK_APPLY_CASE_LISTS, case_id)
    return len(document_ids) + len(letter_ids) + len(job_items) + len(job_builds) + len(case_ids)
