"""What a worker process holds for its lifetime: settings, database, blob store (and models).

Built once per process in Celery's process-init hook (after the fork, so no connection is
shared between processes), or lazily on first use in a solo pool or the CLI.
"""

from __future__ import annotations

import atexit
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core import audit
from core.blobs import BlobStore
from core.db import build_engine, build_sessionmaker
from core.errors import ConversionFailed
from core.settings import Settings
from correspondence.pdf import (
    DEFAULT_UNO_PYTHON,
    UnoConverter,
    render_pdf,
    stop_stale_converters,
)
from extraction.nlp import Pipelines, build_pipelines
from redaction.analyzer import Analyzer, build_analyzer

log = logging.getLogger(__name__)


def converter_run_dir(settings: Settings) -> Path:
    """Where this host's running unoservers are recorded (pid files under the data dir)."""
    return settings.data_dir / "run"


def stop_stale(settings: Settings) -> int:
    """Stop unoservers (and their LibreOffice) whose worker process is gone: a crash's leftovers
    at start-up, a pool child's at shutdown. Logged by count only."""
    stopped = stop_stale_converters(converter_run_dir(settings))
    if stopped:
        log.warning("stopped %d unoserver process group(s) left by a worker that is gone", stopped)
    return stopped


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

    def convert_pdf(self, docx: bytes) -> bytes:
        """DOCX to PDF with this process's persistent LibreOffice (unoserver, ~150 ms a letter)
        when the system Python can run it; else a one-shot soffice (~1.3 s)."""
        converter = self._models.get("unoserver")
        if converter is None and "unoserver" not in self._models:
            python = self.settings.unoserver_python or str(DEFAULT_UNO_PYTHON)
            converter = (
                UnoConverter(python=python, run_dir=converter_run_dir(self.settings))
                if UnoConverter.available(python)
                else None
            )
            if converter is not None:
                atexit.register(converter.close)
            self._models["unoserver"] = converter
        if converter is None:
            return render_pdf(docx)
        try:
            pdf: bytes = converter.render_pdf(docx)
        except ConversionFailed:
            log.warning("unoserver failed; converting this letter with a one-shot soffice")
            return render_pdf(docx)
        return pdf

    def close_converter(self) -> None:
        """Stop this process's unoserver, if it started one (at the process's shutdown)."""
        converter = self._models.get("unoserver")
        if isinstance(converter, UnoConverter):
            converter.close()

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
        sessions=build_sessionmaker(engine, info=audit.session_info(settings)),
        blobs=BlobStore(settings.blob_dir, settings.max_upload_bytes),
        _models=models if models is not None else {},
    )
