"""The Celery application as configuration only: no tasks are defined here.

The worker registers its tasks on this app; the API sends work by task name with
``enqueue`` so it never imports the worker. Messages carry ids as JSON.
"""

from __future__ import annotations

from typing import Any, Final

from celery import Celery

from core.settings import Settings

QUEUE = "casedesk"  # the default of ``Settings.queue_name``

# How long a new pool child may take to load its models and report ready.
WORKER_START_SECONDS = 120.0

# Stable task names (the contract between the API, the CLI and the worker).
TASK_PROCESS_DOCUMENT = "documents.process"
TASK_READ_PAGES = "documents.read_pages"  # (document id, first page of the range)
TASK_RENDER_LETTER_PDF = "letters.render_pdf"
TASK_DISCLOSURE_APPLY = "disclosure.apply_document"  # (job id, document id)
TASK_DISCLOSURE_BUILD = "disclosure.build_package"  # (job id)
TASK_APPLY_CASE_LISTS = "cases.apply_redaction_lists"  # (case id)


def _transport_options(settings: Settings) -> dict[str, Any]:
    if settings.embedded_broker:
        queue_dir = settings.broker_dir / "queue"
        control_dir = settings.broker_dir / "control"
        queue_dir.mkdir(parents=True, exist_ok=True)
        control_dir.mkdir(parents=True, exist_ok=True)
        return {
            "data_folder_in": str(queue_dir),
            "data_folder_out": str(queue_dir),
            "control_folder": str(control_dir),
            "store_processed": False,
            # An idle worker looks for a new message every 0.2 s (kombu's default, 1 s, was
            # added to each step of a document: upload, page ranges, case lists).
            "polling_interval": 0.2,
        }
    return {
        # Redelivery of a killed worker's task: after the visibility timeout, found by a
        # sweep every unacked_restore_interval seconds (kombu's default waits ~100 s).
        "visibility_timeout": settings.visibility_timeout,
        "unacked_restore_interval": settings.unacked_restore_interval,
        "unacked_restore_throttle": 1,
    }


# How every task retries a transient infrastructure error (the database or the broker away for
# a moment): exponential back-off from 2 s up to 2 minutes, with jitter, at most eight times.
RETRY_OPTIONS: Final[dict[str, Any]] = {
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 8,
}


def build_celery(settings: Settings) -> Celery:
    """A Celery app configured from settings: JSON only, late acks, prefetch 1, time limits."""
    app = Celery("casedesk")
    options = _transport_options(settings)
    app.conf.update(
        broker_url=settings.broker_url,
        broker_transport_options=options,
        result_backend=None,
        result_backend_transport_options=options,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_time_limit=settings.task_time_limit,
        task_soft_time_limit=settings.task_soft_time_limit,
        task_default_queue=settings.queue_name,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        worker_enable_remote_control=not settings.embedded_broker,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        # A pool child loads the language models before it reports ready (several seconds, more
        # under load); Celery's default 4 s would kill every replacement child in a loop.
        worker_proc_alive_timeout=WORKER_START_SECONDS,
    )
    return app


def enqueue(app: Celery, task_name: str, *args: int | str, task_id: str | None = None) -> None:
    """Send a task by name with id arguments only; call after the transaction commits.

    ``task_id``: the id a sweep claimed the row with (worker/claims), so that this message is
    the delivery that may take it; else Celery makes one up.
    """
    queue = str(app.conf.task_default_queue or QUEUE)
    app.send_task(task_name, args=list(args), queue=queue, task_id=task_id)


def check_broker(app: Celery) -> str:
    """Health: open a connection to the broker."""
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=3)
    return "ok"
