"""Case-level proposals, run after each document's analysis: a person identified in one
document is proposed wherever the case's other documents mention them, every PERSON finding
is linked to the person it names, and the case's allow and deny lists govern the proposals
of its open documents. Reviewed boxes are never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core import audit
from core.blobs import BlobStore
from core.db import transaction
from core.models import Case, Document, Finding, Page, Redaction
from core.review import undecided
from core.vocab import DocumentStatus
from extraction.document import Box
from redaction.auto import text_hmac
from redaction.consistency import (
    Person,
    find_case_mentions,
    find_people,
    find_persons,
    mention_terms,
    person_name,
)
from redaction.findings import PiFinding
from redaction.policy import (
    DENY_RECOGNIZER,
    CaseLists,
    allowed_findings,
    apply_policy,
    denied_findings,
    exemption_code,
    load_policy,
)
from worker.findings_store import (
    ROWS_PER_INSERT,
    add_proposal,
    add_proposals,
    batches,
    stored_findings,
)
from worker.resources import Resources
from worker.stored_pages import SpanIndex, StoredPages

DEFAULT_POLICY = "public"  # proposals; an FOI request's policy is applied at review
# Finding.value key: the case's allow list withdrew this finding's proposed boxes.
ALLOWED_MARK = "allowed"
# Documents whose proposals may still change (a released or redacted one is final).
_OPEN_FOR_PROPOSALS = (DocumentStatus.ANALYSED, DocumentStatus.IN_REVIEW)


def _open_documents(session: Session, case_id: int) -> list[int]:
    """The ids of the case's documents whose proposals may still change, in upload order."""
    return list(
        session.execute(
            select(Document.id)
            .where(Document.case_id == case_id, Document.status.in_(_OPEN_FOR_PROPOSALS))
            .order_by(Document.id)
        ).scalars()
    )


def propose_case_mentions(res: Resources, case_id: int) -> int:
    """Case-level consistency: a person identified in any analysed document of the case is
    proposed wherever they are mentioned in the others (surname alone, initials, possessive,
    other casing), and every PERSON finding of those documents is linked to the person it
    names (``Finding.person_key``), so that a reviewer can accept one person in all their
    forms. Runs after each document's analysis; adds proposals, never changes reviewed
    boxes. Returns the number of boxes added.

    Findings are read as plain columns, not ORM objects: PERSON findings with their values,
    every other only as a span, so a big case costs a few dozen bytes a finding. A document
    already searched for the same people (``case_people_hmac``) is not searched or linked
    again: searching every document after every analysis made a case's analysis quadratic
    (on 45 short documents of one case the case step took 15 of 53 s)."""
    added = 0
    secret = res.settings.secret_key
    with transaction(res.sessions) as session:
        case = session.execute(
            select(Case).where(Case.id == case_id).with_for_update()
        ).scalar_one()
        document_ids = _open_documents(session, case.id)
        if not document_ids:
            return 0
        documents = {
            str(document.id): document
            for document in _CaseDocument.load_all(session, document_ids, res.blobs)
        }
        known = {key: document.findings() for key, document in documents.items()}
        people = find_people(known)
        person_keys = [_person_key(secret, case.id, person_name(p)) for p in people]
        searched = len(documents) > 1  # a lone document's own analysis spread its people
        fingerprint = _people_fingerprint(secret, case.id, people) if searched else None
        last_searched = {
            document_id: hmac
            for document_id, hmac in session.execute(
                select(Document.id, Document.case_people_hmac).where(Document.id.in_(document_ids))
            )
        }
        # The documents to search and link: all, unless already searched for these people.
        stale = {
            key: document
            for key, document in documents.items()
            if fingerprint is None or last_searched.get(document.id) != fingerprint
        }
        widened = (
            find_case_mentions(
                {key: document.pages.text for key, document in stale.items()},
                {key: known[key] for key in stale},
                people=people,
            )
            if searched
            else {}
        )
        del known
        policy = load_policy(DEFAULT_POLICY)
        for key, document in stale.items():
            new = [f for f in widened.get(key, []) if not document.spans.covers(f.start, f.end)]
            if not new:
                continue
            proposals = apply_policy(
                document.pages.text, new, policy=policy, jurisdiction=case.jurisdiction
            )
            last_id = document.last_id
            added += add_proposals(
                session,
                document.id,
                (
                    (proposal, located, None)
                    for proposal in proposals
                    if (located := document.pages.locate(proposal.start, proposal.end))
                ),
                secret,
            )
            # The new mentions' findings are linked with the others.
            document.persons.extend(
                _person_findings(session, document.id, document.pages.text, after_id=last_id)
            )
        linked = _link_people(session, stale.values(), people, person_keys)
        if fingerprint is not None and stale:
            session.execute(
                update(Document)
                .where(Document.id.in_([document.id for document in stale.values()]))
                .values(case_people_hmac=fingerprint)
                .execution_options(synchronize_session=False)
            )
        if added:
            audit.record(session, "case.mentions_proposed", "case", case.id, boxes=added)
        if linked:
            # Counts only: the key is derived from a name.
            audit.record(
                session, "case.people_linked", "case", case.id, people=len(people), findings=linked
            )
    return added


@dataclass(frozen=True, slots=True)
class _StoredPerson:
    """A stored PERSON finding as the case step needs it: its row id, its person key, and
    the finding with its value read back from the text."""

    id: int
    person_key: str | None
    finding: PiFinding


@dataclass(slots=True)
class _CaseDocument:
    """One open document of a case, as the case step reads it."""

    id: int
    pages: StoredPages
    spans: SpanIndex  # every PI finding's span
    persons: list[_StoredPerson]
    last_id: int  # the highest PI finding id when read

    @classmethod
    def load_all(
        cls, session: Session, document_ids: Sequence[int], blobs: BlobStore
    ) -> list[_CaseDocument]:
        """Each document as the case step reads it, in three queries a ``CASE_READ_BATCH`` of
        documents instead of three a document (the case step reads the whole case after
        each analysis)."""
        loaded: list[_CaseDocument] = []
        for chunk in batches(list(document_ids), CASE_READ_BATCH):
            pages: dict[int, list[Page]] = {document_id: [] for document_id in chunk}
            for page in session.execute(
                select(Page).where(Page.document_id.in_(chunk)).order_by(Page.number)
            ).scalars():
                pages[page.document_id].append(page)
            spans: dict[int, list[tuple[int, int]]] = {document_id: [] for document_id in chunk}
            last_ids = dict.fromkeys(chunk, 0)
            for document_id, start, end, finding_id in session.execute(
                select(Finding.document_id, Finding.start, Finding.end, Finding.id).where(
                    Finding.document_id.in_(chunk), Finding.kind == "pi"
                )
            ):
                last_ids[document_id] = max(last_ids[document_id], finding_id)
                if start is not None and end is not None:
                    spans[document_id].append((start, end))
            persons: dict[int, list[tuple[Any, ...]]] = {document_id: [] for document_id in chunk}
            for row in session.execute(
                _PERSON_COLUMNS.where(
                    Finding.document_id.in_(chunk),
                    Finding.kind == "pi",
                    Finding.label == "PERSON",
                ).order_by(Finding.id)
            ):
                persons[row[0]].append(tuple(row[1:]))
            for document_id in chunk:
                stored = StoredPages.from_rows(pages[document_id], blobs)
                loaded.append(
                    cls(
                        id=document_id,
                        pages=stored,
                        spans=SpanIndex(spans[document_id]),
                        persons=_stored_persons(persons[document_id], stored.text),
                        last_id=last_ids[document_id],
                    )
                )
        return loaded

    def findings(self) -> list[PiFinding]:
        return [person.finding for person in self.persons]


# Documents read together by the case step (bounded, so the IN list stays small).
CASE_READ_BATCH = 200
_PERSON_COLUMNS = select(
    Finding.document_id,
    Finding.id,
    Finding.person_key,
    Finding.start,
    Finding.end,
    Finding.score,
    Finding.recognizer,
)


def _stored_persons(rows: Iterable[tuple[Any, ...]], text: str) -> list[_StoredPerson]:
    """(id, person_key, start, end, score, recognizer) rows as stored PERSON findings."""
    return [
        _StoredPerson(
            finding_id,
            person_key,
            PiFinding("PERSON", start, end, score or 0.5, recognizer or "", text[start:end]),
        )
        for finding_id, person_key, start, end, score, recognizer in rows
        if start is not None and end is not None
    ]


def _person_findings(
    session: Session, document_id: int, text: str, *, after_id: int = 0
) -> list[_StoredPerson]:
    """A document's stored PERSON findings (with ids above ``after_id``), in id order."""
    rows = session.execute(
        _PERSON_COLUMNS.where(
            Finding.document_id == document_id,
            Finding.kind == "pi",
            Finding.label == "PERSON",
            Finding.id > after_id,
        ).order_by(Finding.id)
    )
    return _stored_persons((tuple(row[1:]) for row in rows), text)


def _people_fingerprint(secret: str, case_id: int, people: Sequence[Person]) -> str:
    """What a search for the case's people depends on: every term that names one of them and
    whom it names. Keyed with the installation's secret, as it is made of names."""
    names = [person_name(person) for person in people]
    terms = sorted({f"{term}\t{names[index]}" for term, index in mention_terms(people)})
    return text_hmac(secret.encode("utf-8"), f"people {case_id}\n" + "\n".join(terms))


def _person_key(secret: str, case_id: int, name: str) -> str:
    """A person's stable key within a case: an HMAC of the case and their normalised full
    name, so the same person gets the same key however often the case is analysed, and the
    key says nothing of the name without the installation's secret."""
    return text_hmac(secret.encode("utf-8"), f"person {case_id} {name}")


def _link_people(
    session: Session,
    documents: Iterable[_CaseDocument],
    people: Sequence[Person],
    person_keys: Sequence[str],
) -> int:
    """Set each stored PERSON finding's person key (None for one that names no single known
    person), in batched UPDATEs of the changed rows; returns how many changed."""
    changes: list[dict[str, Any]] = []
    for document in documents:
        persons = find_persons(document.findings(), people)
        for stored, person in zip(document.persons, persons, strict=True):
            key = None if person is None else person_keys[person]
            if stored.person_key != key:
                changes.append({"id": stored.id, "person_key": key})
    for batch in batches(changes, ROWS_PER_INSERT):
        session.execute(update(Finding), batch)
    return len(changes)


def apply_case_lists(res: Resources, case_id: int) -> int:
    """Bring the proposals of the case's open documents in line with its allow and deny lists.

    An allowed value's proposed boxes are withdrawn (its finding is marked, so they come back
    if the term leaves the list); every occurrence of a denied term not already proposed gets
    proposed boxes, located from the stored page boxes; a term taken off the deny list takes
    its proposed boxes with it. Reviewed boxes are never touched. Idempotent; returns the
    number of boxes added, withdrawn or restored."""
    with transaction(res.sessions) as session:
        case = session.execute(
            select(Case).where(Case.id == case_id).with_for_update()
        ).scalar_one_or_none()
        if case is None:
            return 0
        lists = CaseLists.from_json(case.redaction_lists)
        documents = _open_documents(session, case.id)
        counts = {"added": 0, "withdrawn": 0, "restored": 0}
        for document_id in documents:
            changes = _apply_lists_to_document(res, session, document_id, lists, case.jurisdiction)
            for key, value in changes.items():
                counts[key] += value
            if any(changes.values()):
                # Its findings changed: the next case step searches it for the people again.
                session.execute(
                    update(Document)
                    .where(Document.id == document_id)
                    .values(case_people_hmac=None)
                    .execution_options(synchronize_session=False)
                )
        was_pending = case.lists_pending
        case.lists_pending = False
        if was_pending or any(counts.values()):
            audit.record(
                session,
                "case.redaction_lists_applied",
                "case",
                case.id,
                actor_name="worker",
                documents=len(documents),
                boxes_added=counts["added"],
                boxes_withdrawn=counts["withdrawn"],
                boxes_restored=counts["restored"],
            )
    return sum(counts.values())


def _withdraw_proposed(session: Session, finding_id: int) -> int:
    """Delete a finding's boxes no FOI request has decided about (reviewed ones stay);
    returns how many."""
    result = session.execute(
        delete(Redaction).where(Redaction.finding_id == finding_id, undecided())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _has_boxes(session: Session, finding_id: int) -> bool:
    return (
        session.execute(select(Redaction.id).where(Redaction.finding_id == finding_id)).first()
        is not None
    )


def _apply_lists_to_document(
    res: Resources, session: Session, document_id: int, lists: CaseLists, jurisdiction: str
) -> dict[str, int]:
    pages, text, stored = stored_findings(session, document_id, res.blobs)
    counts = {"added": 0, "withdrawn": 0, "restored": 0}

    def locate(finding: PiFinding) -> list[tuple[int, Box]]:
        return pages.locate(finding.start, finding.end)

    detected = [(row, f) for row, f in stored if f.recognizer != DENY_RECOGNIZER]
    allowed = {id(f) for f in allowed_findings(text, [f for _, f in detected], lists)}
    for row, finding in detected:
        marked = bool((row.value or {}).get(ALLOWED_MARK))
        if id(finding) in allowed and not marked:
            counts["withdrawn"] += _withdraw_proposed(session, row.id)
            row.value = {**(row.value or {}), ALLOWED_MARK: True}
        elif marked and id(finding) not in allowed:
            row.value = {k: v for k, v in (row.value or {}).items() if k != ALLOWED_MARK}
            if not _has_boxes(session, row.id):
                code = (row.value or {}).get("exemption_code") or exemption_code(
                    finding.entity_type, jurisdiction
                )
                counts["restored"] += _add_boxes(session, row, locate(finding), str(code))
    listed = {
        (f.start, f.end, f.entity_type): row for row, f in stored if f.recognizer == DENY_RECOGNIZER
    }
    proposed = [(f.start, f.end) for _, f in detected if id(f) not in allowed]
    for finding in denied_findings(text, lists):
        if listed.pop((finding.start, finding.end, finding.entity_type), None) is not None:
            continue  # already proposed from the deny list
        if any(s <= finding.start and finding.end <= e for s, e in proposed):
            continue  # detection proposed it already
        located = locate(finding)
        if located:
            coded = finding.with_policy(exemption_code(finding.entity_type, jurisdiction))
            counts["added"] += add_proposal(
                session, document_id, coded, located, res.settings.secret_key, page=None
            )
    for row in listed.values():  # taken off the deny list
        counts["withdrawn"] += _withdraw_proposed(session, row.id)
        if not _has_boxes(session, row.id):
            session.delete(row)
    session.flush()
    return counts


def _add_boxes(
    session: Session, finding: Finding, located: list[tuple[int, Box]], code: str
) -> int:
    """Proposed boxes for an existing finding (one brought back after leaving the allow list)."""
    for number, box in located:
        session.add(
            Redaction(
                document_id=finding.document_id,
                finding_id=finding.id,
                page=number,
                rect=box.as_list(),
                entity_type=finding.label,
                exemption_code=code,
                label=(finding.value or {}).get("label"),
                source="auto",
            )
        )
    return len(located)


def find_pending_lists(res: Resources) -> list[int]:
    """Cases whose changed allow and deny lists are not yet applied (for start-up recovery)."""
    with res.sessions() as session:
        query = select(Case.id).where(Case.lists_pending.is_(True)).order_by(Case.id)
        return [row[0] for row in session.execute(query)]
