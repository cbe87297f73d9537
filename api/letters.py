"""Letter use cases: drafts rendered on a template version, their saved versions and the
approval state machine.

Each function works inside the caller's transaction and records its audit event there (ids and
hashes only); the caller commits, then enqueues the PDF task (never before the commit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.letter_prefill import with_letterhead
from api.letter_templates import active_template, get_template_version, template_bytes
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
    sha256_hex,
)
from correspondence.letters import RenderedLetter, letter_text, render_letter_bytes

CHANNELS: tuple[str, ...] = ("mail", "email", "portal")


EDITABLE = frozenset({LetterStatus.DRAFT, LetterStatus.RETURNED})
MAX_COMMENT = 4000


def render_for(
    state: AppState, version: TemplateVersion, context: Mapping[str, Any]
) -> RenderedLetter:
    """Render a context with one template version (MissingContext lists what is absent)."""
    return render_letter_bytes(
        template_bytes(state, version),
        version.kind,
        version.variant,
        version.lang,
        context,
        template_version=version.version,
    )


def reproduce_letter(session: Session, state: AppState, letter: Letter) -> RenderedLetter:
    """Render a letter again from its own template version and recorded context."""
    version = get_template_version(session, letter.template_version_id)
    return render_for(state, version, letter.context)


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
