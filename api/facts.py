"""Facts of a document or a case, read from the findings the worker stored, and the case timeline.

The timeline is computed when asked (deadlines depend on today's date and on the rule packs),
never stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import Case, Document, Finding
from extraction.dates import DateMention
from extraction.deadlines import Timeline, build_timeline

FACT_KINDS = ("allegation", "date", "party")


def _findings(session: Session, document_ids: list[int]) -> list[Finding]:
    if not document_ids:
        return []
    return list(
        session.execute(
            select(Finding)
            .where(Finding.document_id.in_(document_ids), Finding.kind.in_(FACT_KINDS))
            .order_by(Finding.document_id, Finding.start, Finding.id)
        ).scalars()
    )


def facts_json(session: Session, document_ids: list[int]) -> dict[str, Any]:
    """The extract contract's shape (allegations, dates, parties, police_service), with sources."""
    allegations: list[dict[str, Any]] = []
    dates: list[dict[str, Any]] = []
    parties: list[dict[str, Any]] = []
    services: list[str] = []
    seen_parties: set[tuple[str, str]] = set()
    for finding in _findings(session, document_ids):
        source = {"document_id": finding.document_id, "page": finding.page}
        if finding.kind == "allegation":
            allegations.append(
                {
                    "category": finding.label,
                    "evidence": finding.value.get("evidence", ""),
                    "score": finding.value.get("score", 1.0),
                    "possible": bool(finding.value.get("possible", False)),
                    **source,
                }
            )
        elif finding.kind == "date":
            dates.append(
                {
                    "text": finding.value.get("text", ""),
                    "iso": finding.value.get("iso", ""),
                    "role": finding.label,
                    **({"flag": finding.value["flag"]} if finding.value.get("flag") else {}),
                    **source,
                }
            )
        elif finding.label == "police_service":
            if finding.value.get("name") and finding.value["name"] not in services:
                services.append(finding.value["name"])
        else:
            key = (finding.label, str(finding.value.get("name", "")).casefold())
            if key in seen_parties:
                continue
            seen_parties.add(key)
            parties.append(
                {"role": finding.label, **finding.value, "document_id": finding.document_id}
            )
    return {
        "allegations": allegations,
        "dates": dates,
        "parties": parties,
        "police_service": services[0] if services else None,
        "police_services": services,
    }


def case_document_ids(session: Session, case_id: int) -> list[int]:
    return list(session.execute(select(Document.id).where(Document.case_id == case_id)).scalars())


def case_timeline(
    case: Case, facts: dict[str, Any], today: dt.date, first_upload: dt.date | None = None
) -> Timeline:
    """The timeline from the case's dates. Without a stated receipt date, the complaint counts
    as received when its first document reached the office (``first_upload``)."""
    mentions = [
        DateMention(
            text=d["text"], iso=d["iso"], role=d["role"], start=0, end=0, flag=d.get("flag", "")
        )
        for d in facts["dates"]
        if d.get("iso")
    ]
    if first_upload is not None and not any(m.role == "complaint_received" for m in mentions):
        iso = first_upload.isoformat()
        mentions.append(DateMention(text=iso, iso=iso, role="complaint_received", start=0, end=0))
    return build_timeline(mentions, case.jurisdiction, today)


def first_upload_date(session: Session, case_id: int) -> dt.date | None:
    first = session.execute(
        select(func.min(Document.created_at)).where(Document.case_id == case_id)
    ).scalar_one_or_none()
    return first.date() if first is not None else None


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    return {
        "jurisdiction": timeline.jurisdiction,
        "statute": timeline.statute,
        "items": [
            {
                "label": i.label,
                "on": i.on.isoformat(),
                "kind": i.kind,
                "citation": i.citation,
                "overdue": i.overdue,
                "confirmed": i.confirmed,
            }
            for i in timeline.items
        ],
        "flags": [
            {
                "code": f.code,
                "message": f.message,
                "citation": f.citation,
                "discretionary": f.discretionary,
                "confirmed": f.confirmed,
            }
            for f in timeline.flags
        ],
    }
