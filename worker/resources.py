"""What a worker process holds for its lifetime: settings, database, blob store (and models).

Built once per process in Celery's process-init hook (after the fork, so no connection is
shared between processes), or lazily on first use in a solo pool or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.blobs import BlobStore
from core.db import build_engine, build_sessionmaker
from core.settings import Settings
from extraction.nlp import Pipelines, build_pipelines
from redaction.analyzer import Analyzer, build_analyzer


@dataclass(frozen=True, slots=True)
class Resources:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    # Models: loaded at most once per process (see ``pipelines``), never at import time.
    _models: dict[str, Any] = field(default_factory=dict)

    def pipelines(self) -> Pipelines:
        """The spaCy pipelines of this process, loaded on first use."""
        if "spacy" not in self._models:
            self._models["spacy"] = build_pipelines()
        pipelines: Pipelines = self._models["spacy"]
        return pipelines

    def analyzer(self) -> Analyzer:
        """The PI analyzer (Presidio over the same pipelines), built on first use."""
        if "analyzer" not in self._models:
            self._models["analyzer"] = build_analyzer(self.pipelines())
        analyzer: Analyzer = self._models["analyzer"]
        return analyzer


def build_resources(settings: Settings, models: dict[str, Any] | None = None) -> Resources:
    """``models`` lets a caller that already loaded the models (tests, the CLI) share them."""
    engine = build_engine(settings.database_url)
    return Resources(
        settings=settings,
        engine=engine,
        sessions=build_sessionmaker(engine),
        blobs=BlobStore(settings.blob_dir, settings.max_upload_bytes),
        _models=models if models is not None else {},
    )
