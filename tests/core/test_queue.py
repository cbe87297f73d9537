"""Celery configuration: what DESIGN.md's Celery-under-SIGKILL measurements require."""

from __future__ import annotations

from pathlib import Path

from core.queue import build_celery
from core.settings import Settings


def test_tasks_survive_a_killed_worker_and_children_have_time_to_load_models(
    tmp_path: Path,
) -> None:
    conf = build_celery(Settings(data_dir=tmp_path, broker_url="redis://127.0.0.1:6379/5")).conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.accept_content == ["json"]
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    # A replacement pool child loads spaCy and Presidio before it reports ready.
    assert conf.worker_proc_alive_timeout >= 60


def test_an_idle_worker_on_the_embedded_broker_looks_for_work_often(tmp_path: Path) -> None:
    """Each step of a document is a message: kombu's 1 s poll was added to each (issue 17)."""
    app = build_celery(Settings(data_dir=tmp_path))
    assert app.conf.broker_transport_options["polling_interval"] <= 0.2
    with app.connection_for_write() as connection:
        assert connection.default_channel.connection.polling_interval <= 0.2
