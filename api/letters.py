"""Letter use cases: template versions in the database, drafts, the approval state machine.

Each function works inside the caller's transaction and records its audit event there (ids and
hashes only); the caller commits, then enqueues the PDF task (never before the commit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.facts import case_facts, key_dates
from api.state import AppState
from core import audit
from core.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    TemplateError,
)
from core.models import Case, Letter, LetterVersion, TemplateVersion, User, utcnow
from core.vocab import LetterStatus
from correspondence.catalog import (
    check_slot,
    check_template,
    find_templates,
    publish_template,
    read_manifest,
    relative_path,
    sha256_hex,
)
from correspondence.contexts import LetterContext, context_model_for
from correspondence.letters import RenderedLetter, letter_text, render_letter_bytes

CHANNELS: tuple[str, ...] = ("mail", "email", "portal")
EDITABLE = frozenset({LetterStatus.DRAFT, LetterStatus.RETURNED})
MAX_COMMENT = 4000
# Zip entries carry the time of writing; a fixed one makes a letter's DOCX reproducible.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class TemplateRejected(InvalidInput):
    """An uploaded template the catalogue check refuses; ``problems`` lists why."""

    code = "template_rejected"


# --- template versions ------------------------------------------------------------------------


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


# --- context prefill --------------------------------------------------------------------------

_PARTY_OFFICER_ROLES = frozenset({"officer", "subject_officer", "respondent_officer"})


def prefill_context(
    model: type[LetterContext],
    *,
    reference: str,
    jurisdiction: str,
    facts: Mapping[str, Any],
    today: dt.date,
    defaults: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A starting context for a letter: what the case knows, in the model's field names.

    ``facts`` may hold context keys directly (``complainant``, ``statute``, ...) and/or the
    extraction shape (``allegations`` with ``evidence``, ``dates`` with roles, ``parties``,
    ``police_service``); ``defaults`` (e.g. the organisation of the last letter) fill the rest.
    Nothing is validated here: the coordinator completes and checks the result.
    """
    fields = model.model_fields
    context: dict[str, Any] = {k: v for k, v in (defaults or {}).items() if k in fields}
    context.update({k: v for k, v in facts.items() if k in fields})
    context["reference"] = reference
    context["jurisdiction"] = jurisdiction
    context["letter_date"] = today.isoformat()
    allegations = facts.get("allegations")
    if isinstance(allegations, list):
        context["allegations"] = [
            {"category": a.get("category", ""), "summary": a.get("summary") or a.get("evidence")}
            for a in allegations
            # A "possible" allegation (low score) is for the coordinator to confirm, not for
            # a letter to state.
            if isinstance(a, dict) and not a.get("possible")
        ]
    # The same incident and receipt dates as the case page's timeline (a flagged date, a year
    # far off, is shown on the case page but never used).
    incident, received = key_dates(facts, today)
    if incident is not None:
        context.setdefault("incident_date", incident.isoformat())
    if received is not None:
        context.setdefault("received_date", received.isoformat())
    officers: dict[str, dict[str, Any]] = {}
    for party in facts.get("parties") or []:
        if not isinstance(party, dict) or not party.get("name"):
            continue
        if party.get("role") == "complainant":
            context.setdefault("complainant", party["name"])
            recipient = dict(context.get("recipient") or {})
            recipient.setdefault("name", party["name"])
            context["recipient"] = recipient
        elif party.get("role") in _PARTY_OFFICER_ROLES:
            _merge_officer(officers, party)
    if officers and "officers" not in facts:
        context["officers"] = list(officers.values())
    return context


def _merge_officer(officers: dict[str, dict[str, Any]], party: Mapping[str, Any]) -> None:
    """One row per officer: the same person named in several documents (or once with initials,
    once in full) is merged by surname and first initial, keeping the fullest name and the
    rank and badge any mention gave; words after the name that are not a name (a date in the
    next table column) are dropped."""
    words = [w for w in str(party["name"]).split() if w]
    while len(words) > 1 and _not_a_name_word(words[-1]):
        words.pop()
    name = " ".join(words)
    if not name:
        return
    key = f"{words[0][0].casefold()}|{words[-1].casefold()}" if len(words) > 1 else name.casefold()
    current = officers.get(key)
    if current is None:
        officers[key] = {"name": name, "rank": party.get("rank"), "badge": party.get("badge")}
        return
    if len(name) > len(current["name"]) and "." not in name:
        current["name"] = name
    current["rank"] = current.get("rank") or party.get("rank")
    current["badge"] = current.get("badge") or party.get("badge")


_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "janvier",
        "février",
        "mars",
        "avril",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
)


def _not_a_name_word(word: str) -> bool:
    bare = word.strip(".,;:").casefold()
    return not bare or bare in _MONTHS or any(ch.isdigit() for ch in bare)


def with_letterhead(state: AppState, context: Mapping[str, Any]) -> dict[str, Any]:
    """The context with the installation's letterhead as its organisation, when one is set."""
    letterhead = state.settings.letterhead
    result = dict(context)
    if letterhead is not None:
        result["organisation"] = letterhead
    return result


def case_prefill(
    session: Session,
    case: Case,
    kind: str,
    variant: str,
    today: dt.date,
    letterhead: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """``prefill_context`` from the case row, with the signatory last used and the letterhead
    (the installation's, else the organisation of the last letter)."""
    model = context_model_for(kind, variant)
    last = session.execute(select(Letter).order_by(Letter.id.desc()).limit(1)).scalar_one_or_none()
    defaults: dict[str, Any] = {}
    if last is not None:
        defaults = {k: last.context[k] for k in ("organisation", "signatory") if k in last.context}
    if letterhead is not None:
        defaults["organisation"] = dict(letterhead)
    return prefill_context(
        model,
        reference=case.reference,
        jurisdiction=case.jurisdiction,
        facts={
            **case_facts(session, case),
            **{k: v for k, v in (case.facts or {}).items() if k != "corrections"},
        },
        today=today,
        defaults=defaults,
    )


# --- rendering --------------------------------------------------------------------------------


def normalise_docx(data: bytes) -> bytes:
    """The same DOCX with fixed zip timestamps, so one template and context give one hash."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def render_for(
    state: AppState, version: TemplateVersion, context: Mapping[str, Any]
) -> RenderedLetter:
    """Render a context with one template version (MissingContext lists what is absent)."""
    rendered = render_letter_bytes(
        template_bytes(state, version),
        version.kind,
        version.variant,
        version.lang,
        context,
        template_version=version.version,
    )
    docx = normalise_docx(rendered.docx)
    return RenderedLetter(
        kind=rendered.kind,
        variant=rendered.variant,
        lang=rendered.lang,
        locale=rendered.locale,
        template_version=rendered.template_version,
        template_sha256=rendered.template_sha256,
        docx=docx,
        docx_sha256=sha256_hex(docx),
        context_json=rendered.context_json,
    )


def reproduce_letter(session: Session, state: AppState, letter: Letter) -> RenderedLetter:
    """Render a letter again from its own template version and recorded context."""
    version = get_template_version(session, letter.template_version_id)
    return render_for(state, version, letter.context)


# --- letters ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LetterView:
    """A letter with its template version, for the API and the pages."""

    letter: Letter
    version: TemplateVersion


def get_letter(session: Session, letter_id: int, *, lock: bool = False) -> Letter:
    query = select(Letter).where(Letter.id == letter_id)
    if lock:
        query = query.with_for_update()
    letter = session.execute(query).scalar_one_or_none()
    if letter is None:
        raise NotFound(f"letter {letter_id} does not exist")
    return letter


def view_of(session: Session, letter: Letter) -> LetterView:
    return LetterView(letter, get_template_version(session, letter.template_version_id))


# --- versions: every saved draft or edit, and who made it ------------------------------------


def context_sha256(context: Mapping[str, Any]) -> str:
    """A hash of a letter's context (canonical JSON), recorded per version instead of the text."""
    canonical = json.dumps(context, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _add_version(session: Session, letter: Letter, user: User, action: str) -> LetterVersion:
    """Record the letter as just saved; the caller holds the letter's row lock."""
    last: int | None = session.execute(
        select(func.max(LetterVersion.number)).where(LetterVersion.letter_id == letter.id)
    ).scalar_one_or_none()
    version = LetterVersion(
        letter_id=letter.id,
        number=(last or 0) + 1,
        action=action,
        editor_id=user.id,
        at=utcnow(),
        context_sha256=context_sha256(letter.context),
        docx_sha256=letter.docx_sha256,
    )
    session.add(version)
    session.flush()
    return version


def letter_versions(session: Session, letter_id: int) -> list[LetterVersion]:
    """The letter's saved versions, oldest first."""
    query = (
        select(LetterVersion)
        .where(LetterVersion.letter_id == letter_id)
        .order_by(LetterVersion.number)
    )
    return list(session.execute(query).scalars())


def authors_of(session: Session, items: list[Letter]) -> dict[int, set[int]]:
    """Per letter id, everyone who drafted or edited any version of it (never its approver)."""
    result = {
        letter.id: {uid for uid in (letter.drafted_by_id, letter.edited_by_id) if uid is not None}
        for letter in items
    }
    if not result:
        return result
    rows = session.execute(
        select(LetterVersion.letter_id, LetterVersion.editor_id).where(
            LetterVersion.letter_id.in_(result), LetterVersion.editor_id.is_not(None)
        )
    )
    for letter_id, editor_id in rows:
        if editor_id is not None:
            result[letter_id].add(editor_id)
    return result


def create_letter(
    session: Session,
    state: AppState,
    user: User,
    case: Case,
    *,
    kind: str,
    variant: str,
    lang: str,
    context: Mapping[str, Any],
) -> Letter:
    """A draft on the slot's active template version, its DOCX rendered and stored now."""
    version = active_template(session, state, kind, variant, lang)
    context = with_letterhead(state, context)
    rendered = render_for(state, version, context)
    blob = state.blobs.write_bytes(rendered.docx)
    letter = Letter(
        case_id=case.id,
        template_version_id=version.id,
        template_sha256=version.sha256,
        status=LetterStatus.DRAFT,
        context=json.loads(rendered.context_json),
        docx_sha256=blob.sha256,
        drafted_by_id=user.id,
        edited_by_id=user.id,
    )
    session.add(letter)
    session.flush()
    _add_version(session, letter, user, "drafted")
    audit.record(
        session,
        "letter.drafted",
        "letter",
        letter.id,
        actor=user,
        case_id=case.id,
        template_version_id=version.id,
        template_sha256=version.sha256,
        docx_sha256=blob.sha256,
    )
    return letter


def edit_letter(
    session: Session, state: AppState, user: User, letter: Letter, context: Mapping[str, Any]
) -> Letter:
    """Change a draft's (or a returned letter's) context; a returned letter is a draft again."""
    if letter.status not in EDITABLE:
        frozen = letter.status in (LetterStatus.APPROVED, LetterStatus.ISSUED)
        raise InvalidTransition(
            "an approved letter is frozen and cannot be edited"
            if frozen
            else f"a {letter.status} letter cannot be edited; the team lead must return it first",
            status=letter.status,
        )
    version = get_template_version(session, letter.template_version_id)
    rendered = render_for(state, version, with_letterhead(state, context))
    blob = state.blobs.write_bytes(rendered.docx)
    previous = letter.status
    letter.context = json.loads(rendered.context_json)
    if letter.docx_sha256 != blob.sha256:
        letter.pdf_sha256 = None
        letter.pdf_error = None
        # A new DOCX is new work: the PDF task enqueued for it may take the row at once.
        letter.deliveries = 0
        letter.delivered_at = letter.delivery_id = None
    letter.docx_sha256 = blob.sha256
    letter.edited_by_id = user.id
    letter.status = LetterStatus.DRAFT
    session.flush()
    saved = _add_version(session, letter, user, "edited")
    audit.record(
        session,
        "letter.edited",
        "letter",
        letter.id,
        actor=user,
        from_status=previous,
        version=saved.number,
        context_sha256=saved.context_sha256,
        docx_sha256=blob.sha256,
    )
    return letter


def _move(letter: Letter, allowed_from: frozenset[LetterStatus], target: LetterStatus) -> str:
    if letter.status not in allowed_from:
        raise InvalidTransition(
            f"a {letter.status} letter cannot become {target}",
            status=letter.status,
            target=str(target),
        )
    previous = letter.status
    letter.status = target
    return previous


def _check_not_author(session: Session, user: User, letter: Letter, verb: str) -> None:
    """Four eyes: nobody who drafted or edited any version reviews it (not only the last)."""
    if user.id in authors_of(session, [letter])[letter.id]:
        raise PermissionDenied(
            f"you drafted or edited a version of this letter, so you cannot {verb} it: "
            "another team lead must review it",
            reason="own_letter",
        )


def submit_letter(session: Session, user: User, letter: Letter) -> Letter:
    if letter.docx_sha256 is None:
        raise Conflict("the letter has not been rendered yet")
    _move(letter, frozenset(EDITABLE), LetterStatus.SUBMITTED)
    session.flush()
    audit.record(
        session, "letter.submitted", "letter", letter.id, actor=user, docx_sha256=letter.docx_sha256
    )
    return letter


def approve_letter(session: Session, user: User, letter: Letter) -> Letter:
    """Approve and freeze: the DOCX and PDF hashes are recorded and no edit is possible."""
    _check_not_author(session, user, letter, "approve")
    if letter.status == LetterStatus.SUBMITTED and letter.pdf_sha256 is None:
        raise Conflict(
            "the letter's PDF is not ready yet; approve it once you have seen it",
            reason="pdf_pending",
            pdf_error=letter.pdf_error,
        )
    _move(letter, frozenset({LetterStatus.SUBMITTED}), LetterStatus.APPROVED)
    letter.approved_by_id = user.id
    letter.approved_at = utcnow()
    session.flush()
    audit.record(
        session,
        "letter.approved",
        "letter",
        letter.id,
        actor=user,
        template_version_id=letter.template_version_id,
        template_sha256=letter.template_sha256,
        docx_sha256=letter.docx_sha256,
        pdf_sha256=letter.pdf_sha256,
    )
    return letter


def return_letter(session: Session, user: User, letter: Letter, comment: str) -> Letter:
    """Send a submitted letter back to its author with a comment (kept on the letter row)."""
    _check_not_author(session, user, letter, "return")
    comment = comment.strip()
    if not comment:
        raise InvalidInput("say what needs to change", field="comment")
    if len(comment) > MAX_COMMENT:
        raise InvalidInput(f"a comment has at most {MAX_COMMENT} characters", field="comment")
    _move(letter, frozenset({LetterStatus.SUBMITTED}), LetterStatus.RETURNED)
    letter.returned_context = dict(letter.context)
    letter.comments = [
        *letter.comments,
        {
            "at": utcnow().isoformat(),
            "by_id": user.id,
            "by": user.display_name,
            "action": "returned",
            "text": comment,
        },
    ]
    session.flush()
    audit.record(
        session,
        "letter.returned",
        "letter",
        letter.id,
        actor=user,
        comment_sha256=sha256_hex(comment.encode()),
        comments=len(letter.comments),
    )
    return letter


def issue_letter(
    session: Session, user: User, letter: Letter, *, channel: str, issued_on: dt.date | None
) -> Letter:
    if channel not in CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(CHANNELS)}", field="channel")
    _move(letter, frozenset({LetterStatus.APPROVED}), LetterStatus.ISSUED)
    letter.channel = channel
    letter.issued_on = issued_on or dt.date.today()
    session.flush()
    audit.record(
        session,
        "letter.issued",
        "letter",
        letter.id,
        actor=user,
        channel=channel,
        issued_on=letter.issued_on.isoformat(),
        docx_sha256=letter.docx_sha256,
        pdf_sha256=letter.pdf_sha256,
    )
    return letter


@dataclass(frozen=True, slots=True)
class Change:
    """One value of a letter's context that differs from the version last returned."""

    field: str  # dotted, as the form names it ("recipient.address_lines", "allegations.1")
    before: str
    after: str

    @property
    def label(self) -> str:
        """ "Recipient › Address lines", "Allegations 2 › Summary": the form's words."""
        return self.label_in({})

    def label_in(self, words: Mapping[str, str]) -> str:
        """The label in the interface language of ``words`` (its ``field_<name>`` strings)."""
        parts: list[str] = []
        for part in self.field.split("."):
            if part.isdigit() and parts:
                parts[-1] = f"{parts[-1]} {int(part) + 1}"
            else:
                parts.append(words.get(f"field_{part}", part.replace("_", " ").capitalize()))
        return " › ".join(parts)


def _flatten(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, Mapping):
        flat: dict[str, str] = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}{key}."))
        return flat
    if isinstance(value, list) and any(isinstance(item, Mapping) for item in value):
        flat = {}
        for index, item in enumerate(value):
            flat.update(_flatten(item, f"{prefix}{index}."))
        return flat
    if isinstance(value, list):
        return {prefix.rstrip("."): "; ".join(str(item) for item in value)}
    return {prefix.rstrip("."): "" if value is None else str(value)}


def changes_since_return(letter: Letter) -> list[Change] | None:
    """What the author changed since the letter was last returned; None if it never was."""
    if letter.returned_context is None:
        return None
    before, after = _flatten(letter.returned_context), _flatten(letter.context)
    keys = list(dict.fromkeys([*before, *after]))
    return [
        Change(key, before.get(key, ""), after.get(key, ""))
        for key in keys
        if before.get(key, "") != after.get(key, "")
    ]


def last_return_comment(letter: Letter) -> Mapping[str, Any] | None:
    """The team lead's latest return comment (what the author has to address)."""
    for comment in reversed(letter.comments):
        if isinstance(comment, Mapping) and comment.get("action") == "returned":
            return comment
    return None


def letter_preview_text(state: AppState, letter: Letter) -> str:
    """The letter's visible text (shown until its PDF exists)."""
    if letter.docx_sha256 is None:
        return ""
    return letter_text(state.blobs.read_bytes(letter.docx_sha256))


def list_letters(
    session: Session, *, status: str | None = None, case_id: int | None = None
) -> list[LetterView]:
    query = select(Letter, TemplateVersion).join(
        TemplateVersion, TemplateVersion.id == Letter.template_version_id
    )
    if status:
        query = query.where(Letter.status == status)
    if case_id is not None:
        query = query.where(Letter.case_id == case_id)
    rows = session.execute(query.order_by(Letter.id.desc())).all()
    return [LetterView(letter, version) for letter, version in rows]


def check_template_error(exc: TemplateError) -> list[str]:
    """The missing names of a MissingContext (or nothing), for forms and messages."""
    missing = exc.details.get("missing")
    return [str(name) for name in missing] if isinstance(missing, list) else []
