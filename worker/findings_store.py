"""A document's findings and proposed boxes in the database.

Written as plain rows in batched INSERTs (a 500-page report has 100,000 findings; as ORM
objects they held 150 MiB until the commit), and read back with each PI value taken from the
stored text by its offsets, since only an HMAC of it is stored.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from core.blobs import BlobStore
from core.models import Document, Finding, Page, Redaction
from core.review import document_reviewed
from extraction.document import Box
from extraction.facts import Facts
from redaction.auto import text_hmac
from redaction.findings import PiFinding
from worker.stored_pages import StoredPages

_T = TypeVar("_T")
FACT_KINDS = ("allegation", "date", "party")


def replace_facts(session: Session, document: Document, stored: StoredPages, facts: Facts) -> None:
    """Idempotent: a re-run replaces what an earlier, interrupted run may have written."""
    session.execute(
        delete(Finding).where(Finding.document_id == document.id, Finding.kind.in_(FACT_KINDS))
    )
    allegations = (
        finding_row(
            document.id,
            "allegation",
            allegation.category,
            page=stored.page_of(allegation.start),
            start=allegation.start,
            end=allegation.end,
            recognizer=allegation.pattern_id,
            value={
                "evidence": allegation.evidence,
                "score": allegation.score,
                "possible": allegation.possible,
            },
        )
        for allegation in facts.allegations
    )
    dates = (
        finding_row(
            document.id,
            "date",
            mention.role,
            page=stored.page_of(mention.start),
            start=mention.start,
            end=mention.end,
            value={"text": mention.text, "iso": mention.iso}
            | ({"flag": mention.flag} if mention.flag else {}),
        )
        for mention in facts.dates
    )
    parties = [
        finding_row(
            document.id,
            "party",
            person.role,
            value={"name": person.name, "rank": person.rank, "badge": person.badge},
        )
        for person in facts.parties.all()
    ]
    if facts.parties.police_service:
        parties.append(
            finding_row(
                document.id,
                "party",
                "police_service",
                value={"name": facts.parties.police_service},
            )
        )
    for batch in batches(itertools.chain(allegations, dates, parties), ROWS_PER_INSERT):
        session.execute(insert(Finding), batch)


# Rows written per INSERT when a document's findings and boxes are stored.
ROWS_PER_INSERT = 1000


def batches(rows: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """``rows`` in lists of at most ``size`` (itertools.batched is Python 3.12)."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def finding_row(
    document_id: int,
    kind: str,
    label: str,
    *,
    page: int | None = None,
    start: int | None = None,
    end: int | None = None,
    score: float | None = None,
    recognizer: str | None = None,
    text_hmac: str | None = None,
    value: dict[str, Any],
) -> dict[str, Any]:
    """One ``findings`` row for a bulk INSERT (every row of a batch has the same columns)."""
    return {
        "document_id": document_id,
        "kind": kind,
        "label": label,
        "page": page,
        "start": start,
        "end": end,
        "score": score,
        "recognizer": recognizer,
        "text_hmac": text_hmac,
        "person_key": None,
        "value": value,
    }


def replace_proposals(
    session: Session,
    document: Document,
    stored: StoredPages,
    proposals: Sequence[PiFinding],
    secret: str,
) -> int:
    """PI findings (an HMAC of the text, never the text) and one proposed box per line they
    cover, for the FOI officer's review, located from the stored page boxes a few pages at a
    time. Reviewed boxes of an earlier run (in any FOI request) are kept."""
    if document_reviewed(session, document.id):
        return 0
    session.execute(delete(Redaction).where(Redaction.document_id == document.id))
    session.execute(delete(Finding).where(Finding.document_id == document.id, Finding.kind == "pi"))
    return add_proposals(
        session,
        document.id,
        (
            (proposal, stored.locate(proposal.start, proposal.end), stored.page_of(proposal.start))
            for proposal in proposals
        ),
        secret,
    )


def add_proposal(
    session: Session,
    document_id: int,
    proposal: PiFinding,
    located: list[tuple[int, Box]],
    secret: str,
    *,
    page: int | None,
) -> int:
    """One PI finding (its HMAC, never its text) and a proposed box per line it covers."""
    return add_proposals(session, document_id, [(proposal, located, page)], secret)


def add_proposals(
    session: Session,
    document_id: int,
    proposals: Iterable[tuple[PiFinding, list[tuple[int, Box]], int | None]],
    secret: str,
) -> int:
    """PI findings (an HMAC of each value, never the text) with a proposed box per line each
    covers, written a batch at a time; returns the number of boxes."""
    key = secret.encode("utf-8")
    boxes = 0
    for batch in batches(proposals, ROWS_PER_INSERT):
        finding_ids = session.scalars(
            insert(Finding).returning(Finding.id, sort_by_parameter_order=True),
            [
                finding_row(
                    document_id,
                    "pi",
                    proposal.entity_type,
                    page=located[0][0] if located else page,
                    start=proposal.start,
                    end=proposal.end,
                    score=proposal.score,
                    recognizer=proposal.recognizer,
                    text_hmac=text_hmac(key, proposal.text),
                    value={
                        "explanation": proposal.explanation,
                        "context_words": list(proposal.context_words),
                        "exemption_code": proposal.exemption_code,
                        "label": proposal.label,
                    },
                )
                for proposal, located, page in batch
            ],
        ).all()
        redactions = [
            {
                "document_id": document_id,
                "finding_id": finding_id,
                "page": number,
                "rect": box.as_list(),
                "entity_type": proposal.entity_type,
                "exemption_code": proposal.exemption_code or "",
                "label": proposal.label,
                "source": "auto",
                "request_id": None,
            }
            for finding_id, (proposal, located, _) in zip(finding_ids, batch, strict=True)
            for number, box in located
        ]
        for rows in batches(redactions, ROWS_PER_INSERT):
            session.execute(insert(Redaction), rows)
        boxes += len(redactions)
    return boxes


def stored_pages(session: Session, document_id: int, blobs: BlobStore | None) -> StoredPages:
    """A document's stored pages; without ``blobs`` they have text but cannot locate boxes."""
    return StoredPages.from_rows(
        list(
            session.execute(
                select(Page).where(Page.document_id == document_id).order_by(Page.number)
            ).scalars()
        ),
        blobs,
    )


def stored_findings(
    session: Session, document_id: int, blobs: BlobStore | None = None
) -> tuple[StoredPages, str, list[tuple[Finding, PiFinding]]]:
    """A document's stored pages, its text as analysis saw it, and its PI findings (rows and
    values; the value is read back from the text by its offsets, since only an HMAC is
    stored). Without ``blobs`` the pages have text but cannot locate boxes."""
    pages = stored_pages(session, document_id, blobs)
    text = pages.text
    rows = session.execute(
        select(Finding)
        .where(Finding.document_id == document_id, Finding.kind == "pi")
        .order_by(Finding.id)
    ).scalars()
    return (
        pages,
        text,
        [
            (
                row,
                PiFinding(
                    row.label,
                    row.start,
                    row.end,
                    row.score or 0.5,
                    row.recognizer or "",
                    text[row.start : row.end],
                ),
            )
            for row in rows
            if row.start is not None and row.end is not None
        ],
    )
