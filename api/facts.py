"""Facts of a document or a case, read from the findings the worker stored, and the case timeline.

The timeline is computed when asked (deadlines depend on today's date and on the rule packs),
never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from core.errors import InvalidInput, NotFound
from core.models import Case, Document, Finding, User, utcnow
from core.vocab import ALLEGATION_CATEGORIES, DATE_ROLES, DocumentStatus
from extraction.dates import DateMention
from extraction.deadlines import Timeline, build_timeline, case_dates

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


def _mentions(facts: Mapping[str, Any]) -> list[DateMention]:
    return [
        DateMention(
            text=str(d.get("text") or d["iso"]),
            iso=d["iso"],
            role=str(d.get("role", "other")),
            start=0,
            end=0,
            flag=d.get("flag", ""),
        )
        for d in facts.get("dates") or []
        if isinstance(d, Mapping) and d.get("iso")
    ]


def key_dates(facts: Mapping[str, Any], today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """(incident, complaint received) as the timeline chooses them, for a letter's prefill."""
    return case_dates(_mentions(facts), today)


def case_timeline(
    case: Case, facts: dict[str, Any], today: dt.date, first_upload: dt.date | None = None
) -> Timeline:
    """The timeline from the case's dates. Without a stated receipt date, the complaint counts
    as received when its first document reached the office (``first_upload``)."""
    mentions = _mentions(facts)
    if first_upload is not None and not any(m.role == "complaint_received" for m in mentions):
        iso = first_upload.isoformat()
        mentions.append(DateMention(text=iso, iso=iso, role="complaint_received", start=0, end=0))
    return build_timeline(mentions, case.jurisdiction, today)


def first_upload_date(session: Session, case_id: int) -> dt.date | None:
    """When the first analysed document reached the office. Until a document is analysed
    nobody knows whether it states a receipt date, so no "received today" is assumed."""
    first = session.execute(
        select(func.min(Document.created_at)).where(
            Document.case_id == case_id, Document.status == DocumentStatus.ANALYSED
        )
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


# --- coordinator corrections ------------------------------------------------------------------
#
# A correction is kept on the case (``case.facts["corrections"]``), keyed by what was extracted
# rather than by the finding row: re-analysing a document replaces its findings, and the same
# text extracted again gets the same key, so the correction applies again.

CORRECTABLE = ("allegation", "date", "party", "police_service")
PARTY_ROLES = ("complainant", "subject_officer", "witness")
MAX_FACT_TEXT = 200


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fact_key(kind: str, item: Mapping[str, Any]) -> str:
    """A stable name of one extracted fact (hashes only: it goes into the audit chain)."""
    if kind == "allegation":
        body = f"{item.get('document_id')}|{item.get('category')}|{item.get('evidence', '')}"
    elif kind == "date":
        body = f"{item.get('document_id')}|{item.get('iso')}|{item.get('text', '')}"
    elif kind == "party":
        body = f"{item.get('role')}|{str(item.get('name') or '').casefold()}"
    elif kind == "police_service":
        body = str(item.get("name") or "").casefold()
    else:
        raise InvalidInput(f"{kind} is not a fact that can be corrected", field="kind")
    return f"{kind}:{_digest(body)}"


def corrections_of(case: Case) -> dict[str, dict[str, Any]]:
    stored = (case.facts or {}).get("corrections")
    return {str(k): dict(v) for k, v in stored.items()} if isinstance(stored, Mapping) else {}


def apply_corrections(
    facts: dict[str, Any], corrections: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """``facts`` with every item keyed and the coordinator's corrections applied: a changed
    item says so (``corrected``, with what was ``extracted``); a removed one moves to
    ``removed`` so the page can show it and undo the removal."""
    removed: list[dict[str, Any]] = []

    def fix(kind: str, item: dict[str, Any]) -> dict[str, Any] | None:
        key = fact_key(kind, item)
        item = {**item, "key": key, "kind": kind}
        correction = corrections.get(key)
        if correction is None:
            return item
        if correction.get("action") == "remove":
            removed.append({**item, "corrected": True})
            return None
        changes = dict(correction.get("value") or {})
        extracted = {name: item.get(name) for name in changes}
        item.update(changes, corrected=True, extracted=extracted)
        if kind == "allegation":
            item["possible"] = False  # a coordinator's category is confirmed
        if kind == "date":
            item.pop("flag", None)  # a coordinator's date is usable
        return item

    result = dict(facts)
    for kind, name in (("allegation", "allegations"), ("date", "dates"), ("party", "parties")):
        fixed = [fix(kind, dict(item)) for item in facts.get(name) or []]
        result[name] = [item for item in fixed if item is not None]
    services = [
        fix("police_service", {"name": name}) for name in facts.get("police_services") or []
    ]
    kept = [str(s["name"]) for s in services if s is not None]
    result["police_services"] = list(dict.fromkeys(kept))
    result["police_service_items"] = [s for s in services if s is not None]
    result["police_service"] = kept[0] if kept else None
    result["removed"] = removed
    return result


def case_facts(session: Session, case: Case) -> dict[str, Any]:
    """The case's facts from every document, with the coordinator's corrections applied."""
    return apply_corrections(
        facts_json(session, case_document_ids(session, case.id)), corrections_of(case)
    )


def _correction_value(kind: str, form: Mapping[str, str]) -> dict[str, Any]:
    """The changed values of one fact, checked (InvalidInput names the field)."""
    value: dict[str, Any] = {}
    if kind == "allegation":
        category = form.get("category", "").strip()
        if category not in ALLEGATION_CATEGORIES:
            raise InvalidInput("choose an allegation category", field="category")
        value["category"] = category
    elif kind == "date":
        try:
            value["iso"] = dt.date.fromisoformat(form.get("iso", "").strip()).isoformat()
        except ValueError:
            raise InvalidInput("the date must be a date (YYYY-MM-DD)", field="iso") from None
        role = form.get("role", "").strip()
        if role not in DATE_ROLES:
            raise InvalidInput("choose what the date is", field="role")
        value["role"] = role
    else:
        name = " ".join(form.get("name", "").split())
        if not name or len(name) > MAX_FACT_TEXT:
            raise InvalidInput(f"give the name (at most {MAX_FACT_TEXT} characters)", field="name")
        value["name"] = name
        if kind == "party":
            role = form.get("role", "").strip()
            if role not in PARTY_ROLES:
                raise InvalidInput("choose the party's role", field="role")
            value["role"] = role
    return value


def correct_fact(
    session: Session, user: User, case: Case, key: str, action: str, form: Mapping[str, str]
) -> None:
    """Change, remove or restore (undo) one extracted fact of the case; audited by key and
    hashes (never the names or text). The key must name a fact the case has now."""
    kind = key.partition(":")[0]
    if kind not in CORRECTABLE:
        raise InvalidInput("unknown fact", field="key")
    current = case_facts(session, case)
    known = {
        item["key"]
        for name in ("allegations", "dates", "parties", "police_service_items", "removed")
        for item in current.get(name) or []
    }
    if key not in known:
        raise NotFound("that fact is no longer extracted from the case's documents")
    corrections = corrections_of(case)
    if action == "restore":
        corrections.pop(key, None)
        value: dict[str, Any] = {}
    elif action == "remove":
        value = {}
        corrections[key] = {"action": "remove", "by_id": user.id, "at": utcnow().isoformat()}
    elif action == "change":
        value = _correction_value(kind, form)
        corrections[key] = {
            "action": "change",
            "value": value,
            "by_id": user.id,
            "at": utcnow().isoformat(),
        }
    else:
        raise InvalidInput("choose change, remove or restore", field="action")
    case.facts = {**(case.facts or {}), "corrections": corrections}
    session.flush()
    audit.record(
        session,
        "case.fact_corrected",
        "case",
        case.id,
        actor=user,
        fact=kind,
        fact_key=key,
        correction=action,
        value_sha256=hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()
        if value
        else None,
    )
