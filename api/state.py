"""What the API process holds: settings, database, blob store and a Celery client (no tasks)."""

from __future__ import annotations

from dataclasses import dataclass

from celery import Celery
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core import audit
from core.blobs import BlobStore
from core.db import build_engine, build_sessionmaker
from core.queue import build_celery
from core.settings import Settings


@dataclass(frozen=True, slots=True)
class AppState:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    celery: Celery


def build_state(settings: Settings) -> AppState:
    engine = build_engine(settings.database_url)
    return AppState(
        settings=settings,
        engine=engine,
        sessions=build_sessionmaker(engine, info=audit.session_info(settings)),
        blobs=BlobStore(settings.blob_dir, settings.max_upload_bytes),
        celery=build_celery(settings),
    )
