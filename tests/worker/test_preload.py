"""Issue 17: the worker loads the models once, in its main process, before the pool forks, so
each pool process starts with every language loaded (a French document no longer waits for
the French model in each process) and shares them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from extraction.nlp import LazyModels
from worker import tasks


def test_the_pool_processes_use_the_models_the_main_process_preloaded(
    tmp_path: Path, shared_models: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(environment="test", data_dir=tmp_path)
    monkeypatch.setattr(tasks, "_preloaded", shared_models)
    monkeypatch.setattr(tasks, "_resources", None)
    monkeypatch.setattr(tasks, "_settings", None)
    tasks.build_worker_app(settings)

    assert tasks.preload_models(settings) == ("en", "fr")
    models = shared_models["spacy"].by_language
    assert isinstance(models, LazyModels) and models.loaded() == ("en", "fr")

    tasks._init_process()  # what Celery calls in each forked pool process
    child = tasks.resources()
    assert child.pipelines() is shared_models["spacy"]
    assert child.analyzer() is shared_models["analyzer"]
    # What a process adds for itself (its LibreOffice client) is not written back.
    assert child._models is not shared_models
    child.engine.dispose()
