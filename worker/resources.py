"""What a worker process holds for its lifetime: settings, database, blob store (and models).

Built once per process in Celery's process-init hook (after the fork, so no connection is
shared between processes), or lazily on first use in a solo pool or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.blobs import BlobStore
from core.db import build_engine, build_sessionmaker
from core.settings import Settings


@dataclass(frozen=True, slots=True)
class Resources:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore


def build_resources(settings: Settings) -> Resources:
    engine = build_engine(settings.database_url)
    return Resources(
        settings=settings,
        engine=engine,
        sessions=build_sessionmaker(engine),
        blobs=BlobStore(settings.blob_dir, settings.max_upload_bytes),
    )
