"""Letter template versions in the database: synced from the published files, listed,
uploaded and activated (one active version a slot).

Each function works inside the caller's transaction and records its audit event there.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.state import AppState
from core import audit
from core.errors import (
    InvalidInput,
    NotFound,
)
from core.models import TemplateVersion, User
from correspondence.catalog import (
    check_slot,
    check_template,
    find_templates,
    publish_template,
    read_manifest,
    relative_path,
    sha256_hex,
)


class TemplateRejected(InvalidInput):
    """An uploaded template the catalogue check refuses; ``problems`` lists why."""

    code = "template_rejected"


def sync_template_versions(session: Session, state: AppState) -> int:
    """Add a row (and a blob) for every published file the database does not know yet.

    Idempotent: reads only the manifest unless something is new. A file whose bytes no longer
    match the manifest is skipped (a published file never changes). In a slot, a newly seen
    version higher than every known one becomes active, so the highest is active by default.
    """
    root = state.settings.templates_dir
    known = {
        (row.kind, row.variant, row.lang, row.version)
        for row in session.execute(
            select(
                TemplateVersion.kind,
                TemplateVersion.variant,
                TemplateVersion.lang,
                TemplateVersion.version,
            )
        )
    }
    entries = [
        entry
        for entry in read_manifest(root)
        if (entry.kind, entry.variant, entry.lang, entry.version) not in known
    ]
    if not entries:
        return 0
    files = {
        (item.kind, item.variant, item.lang, item.version): item for item in find_templates(root)
    }
    added = 0
    for entry in sorted(entries, key=lambda e: (e.kind, e.variant, e.lang, e.version)):
        item = files.get((entry.kind, entry.variant, entry.lang, entry.version))
        if item is None or item.sha256 != entry.sha256:
            continue
        blob = state.blobs.write_bytes(item.path.read_bytes())
        highest = _highest_version(session, entry.kind, entry.variant, entry.lang)
        becomes_active = highest is None or entry.version > highest
        if becomes_active:
            _deactivate_slot(session, entry.kind, entry.variant, entry.lang)
        session.add(
            TemplateVersion(
                kind=entry.kind,
                variant=entry.variant,
                lang=entry.lang,
                version=entry.version,
                sha256=blob.sha256,
                change_note=entry.change_note,
                author_name=entry.author[:200],
                active=becomes_active,
                created_at=dt.datetime.combine(
                    dt.date.fromisoformat(entry.date), dt.time(), tzinfo=dt.UTC
                ),
            )
        )
        session.flush()
        added += 1
    return added


def _highest_version(session: Session, kind: str, variant: str, lang: str) -> int | None:
    value: int | None = session.execute(
        select(func.max(TemplateVersion.version)).where(
            TemplateVersion.kind == kind,
            TemplateVersion.variant == variant,
            TemplateVersion.lang == lang,
        )
    ).scalar_one_or_none()
    return value


def _deactivate_slot(session: Session, kind: str, variant: str, lang: str) -> None:
    for row in session.execute(
        select(TemplateVersion).where(
            TemplateVersion.kind == kind,
            TemplateVersion.variant == variant,
            TemplateVersion.lang == lang,
            TemplateVersion.active.is_(True),
        )
    ).scalars():
        row.active = False
    session.flush()


def list_template_versions(
    session: Session,
    state: AppState,
    kind: str | None = None,
    variant: str | None = None,
    lang: str | None = None,
) -> list[TemplateVersion]:
    sync_template_versions(session, state)
    query = select(TemplateVersion)
    if kind:
        query = query.where(TemplateVersion.kind == kind)
    if variant:
        query = query.where(TemplateVersion.variant == variant)
    if lang:
        query = query.where(TemplateVersion.lang == lang)
    order = (
        TemplateVersion.kind,
        TemplateVersion.variant,
        TemplateVersion.lang,
        TemplateVersion.version,
    )
    return list(session.execute(query.order_by(*order)).scalars())


def get_template_version(session: Session, version_id: int) -> TemplateVersion:
    row = session.get(TemplateVersion, version_id)
    if row is None:
        raise NotFound(f"template version {version_id} does not exist")
    return row


def active_template(
    session: Session, state: AppState, kind: str, variant: str, lang: str
) -> TemplateVersion:
    check_slot(kind, variant, lang)
    sync_template_versions(session, state)
    row = session.execute(
        select(TemplateVersion).where(
            TemplateVersion.kind == kind,
            TemplateVersion.variant == variant,
            TemplateVersion.lang == lang,
            TemplateVersion.active.is_(True),
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no active template for {kind}/{variant}/{lang}")
    return row


def template_bytes(state: AppState, version: TemplateVersion) -> bytes:
    """The exact bytes of a version: its blob, else its published file if the hash matches."""
    if state.blobs.exists(version.sha256):
        return state.blobs.read_bytes(version.sha256)
    rel = relative_path(version.kind, version.variant, version.lang, version.version)
    path = state.settings.templates_dir / rel
    if path.is_file():
        data = path.read_bytes()
        if sha256_hex(data) == version.sha256:
            return data
    raise NotFound(f"the file of template {rel} is missing or has changed")


def upload_template_version(
    session: Session,
    state: AppState,
    user: User,
    *,
    kind: str,
    variant: str,
    lang: str,
    data: bytes,
    change_note: str,
) -> TemplateVersion:
    """Publish a new, inactive version; TemplateRejected lists the problems of a bad file."""
    check_slot(kind, variant, lang)
    if not change_note.strip():
        raise InvalidInput("a new template version needs a change note", field="change_note")
    problems = check_template(data, kind, variant)
    if problems:
        raise TemplateRejected("the template cannot be published", problems=problems)
    sync_template_versions(session, state)
    root = state.settings.templates_dir
    on_disk = [
        item.version
        for item in find_templates(root)
        if (item.kind, item.variant, item.lang) == (kind, variant, lang)
    ]
    number = max([*on_disk, _highest_version(session, kind, variant, lang) or 0]) + 1
    entry = publish_template(
        root,
        kind,
        variant,
        lang,
        data,
        author=user.display_name or user.username,
        change_note=change_note.strip(),
        published_on=dt.date.today(),
        version=number,
    )
    blob = state.blobs.write_bytes(data)
    row = TemplateVersion(
        kind=kind,
        variant=variant,
        lang=lang,
        version=entry.version,
        sha256=blob.sha256,
        change_note=entry.change_note,
        author_id=user.id,
        author_name=entry.author[:200],
        active=False,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "template.published",
        "template_version",
        row.id,
        actor=user,
        kind=kind,
        variant=variant,
        lang=lang,
        version=row.version,
        sha256=row.sha256,
    )
    return row


def activate_template_version(session: Session, user: User, version_id: int) -> TemplateVersion:
    """Make one version the slot's active one. Letters already made keep their own version."""
    row = get_template_version(session, version_id)
    if not row.active:
        _deactivate_slot(session, row.kind, row.variant, row.lang)
        row.active = True
        session.flush()
    audit.record(
        session,
        "template.activated",
        "template_version",
        row.id,
        actor=user,
        kind=row.kind,
        variant=row.variant,
        lang=row.lang,
        version=row.version,
        sha256=row.sha256,
    )
    return row
