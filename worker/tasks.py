"""Celery tasks: thin wrappers that call the pipeline with this process's resources.

Errors split three ways: expected bad input is handled inside the pipeline (``failed``, no
retry); named transient infrastructure errors are retried with back-off; anything else marks
the document failed and is re-raised so it shows in the worker log.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery, Task
from celery.signals import worker_process_init, worker_process_shutdown, worker_shutdown
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.exc import OperationalError as DatabaseError

from core.queue import (
    RETRY_OPTIONS,
    TASK_APPLY_CASE_LISTS,
    TASK_PROCESS_DOCUMENT,
    TASK_READ_PAGES,
    build_celery,
    enqueue,
)
from core.settings import Settings
from worker import case_step, pipeline
from worker.disclosure import register_disclosure_tasks
from worker.letters import register_letter_tasks
from worker.resources import Resources, build_resources, stop_stale

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (DatabaseError, BrokerError, RedisConnectionError, TimeoutError)

_settings: Settings | None = None
_resources: Resources | None = None
# The models ``preload_models`` loaded in the main process before the pool forked: every pool
# child (and the replacement of a killed one) starts with them, sharing their memory.
_preloaded: dict[str, Any] = {}


def resources() -> Resources:
    """This process's resources, built on first use after the fork."""
    global _resources
    if _resources is None:
        if _settings is None:
            raise RuntimeError("the worker app was not built with settings")
        # A copy: what a process adds (its own LibreOffice) stays its own.
        _resources = build_resources(_settings, dict(_preloaded))
    return _resources


def preload_models(settings: Settings) -> tuple[str, ...]:
    """Load spaCy for every installed language and the PI analyzer in this (the main) process,
    before Celery forks its pool. Loaded after the fork, each child paid for them on its
    first task and the first French document of each child waited for the French model
    (seconds; 20 s on a loaded machine), and each child held its own copy. Returns the
    languages loaded."""
    loader = build_resources(settings, _preloaded)
    try:
        pipelines = loader.pipelines()
        for language in pipelines.by_language:
            pipelines.by_language[language]
        loader.analyzer()
    finally:
        loader.engine.dispose()  # no connection of this process may reach a child
    return tuple(pipelines.by_language)


@worker_process_init.connect  # type: ignore[untyped-decorator]
def _init_process(**_: Any) -> None:
    # A forked pool child must not reuse the parent's database connections; it builds its
    # own resources here, with the preloaded models (or loads them, once, before its first
    # task when nothing was preloaded).
    global _resources
    _resources = None
    resources().analyzer()


@worker_process_shutdown.connect  # type: ignore[untyped-decorator]
def _shutdown_process(**_: Any) -> None:
    # A pool child exits through os._exit (no atexit): stop its LibreOffice here.
    if _resources is not None:
        _resources.close_converter()


@worker_shutdown.connect  # type: ignore[untyped-decorator]
def _shutdown_worker(**_: Any) -> None:
    # The main process (a solo pool's converter is its own), then whatever a pool child that
    # was killed (SIGKILL, a hard time limit) left running.
    if _resources is not None:
        _resources.close_converter()
    if _settings is not None:
        stop_stale(_settings)


def build_worker_app(settings: Settings) -> Celery:
    """The Celery app with the pipeline tasks registered on it."""
    global _settings
    _settings = settings
    app = build_celery(settings)

    @app.task(  # type: ignore[untyped-decorator]
        name=TASK_PROCESS_DOCUMENT,
        bind=True,
        autoretry_for=TRANSIENT_ERRORS,
        **RETRY_OPTIONS,
    )
    def process_document(self: Task, document_id: int) -> None:
        try:
            follow_up = pipeline.process_document(resources(), document_id, self.request.id)
        except TRANSIENT_ERRORS:
            raise
        except Exception:
            log.exception("document %s: unexpected error", document_id)
            pipeline.mark_failed(
                resources(), document_id, "internal_error", "unexpected error; see the worker log"
            )
            raise
        for first in follow_up.page_ranges:
            enqueue(app, TASK_READ_PAGES, document_id, first)
        for child_id in follow_up.children:
            enqueue(app, TASK_PROCESS_DOCUMENT, child_id)

    @app.task(  # type: ignore[untyped-decorator]
        name=TASK_READ_PAGES,
        bind=True,
        autoretry_for=TRANSIENT_ERRORS,
        **RETRY_OPTIONS,
    )
    def read_pages(self: Task, document_id: int, first: int) -> None:
        try:
            pipeline.process_page_range(resources(), document_id, first)
        except TRANSIENT_ERRORS:
            raise
        except Exception:
            log.exception("document %s, pages from %s: unexpected error", document_id, first)
            pipeline.mark_failed(
                resources(), document_id, "internal_error", "unexpected error; see the worker log"
            )
            raise

    @app.task(  # type: ignore[untyped-decorator]
        name=TASK_APPLY_CASE_LISTS,
        bind=True,
        autoretry_for=TRANSIENT_ERRORS,
        **RETRY_OPTIONS,
    )
    def apply_case_lists(self: Task, case_id: int) -> None:
        case_step.apply_case_lists(resources(), case_id)

    register_letter_tasks(app, resources, TRANSIENT_ERRORS)
    register_disclosure_tasks(app, resources, TRANSIENT_ERRORS)
    return app
