"""The shared vocabularies of DESIGN.md: roles, statuses, PI entity types, categories, date roles.

Pure values only (no I/O), so every layer may import them.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COORDINATOR = "coordinator"
    FOI_OFFICER = "foi_officer"
    TEAM_LEAD = "team_lead"
    ADMIN = "admin"


class DocumentStatus(StrEnum):
    RECEIVED = "received"
    STORED = "stored"
    EXTRACTING = "extracting"
    ANALYSED = "analysed"
    IN_REVIEW = "in_review"
    REDACTED = "redacted"
    RELEASED = "released"
    FAILED = "failed"
    QUARANTINED = "quarantined"


# Statuses from which no worker step continues on its own.
FINAL_DOCUMENT_STATUSES = frozenset(
    {
        DocumentStatus.ANALYSED,
        DocumentStatus.IN_REVIEW,
        DocumentStatus.REDACTED,
        DocumentStatus.RELEASED,
        DocumentStatus.FAILED,
        DocumentStatus.QUARANTINED,
    }
)


class RequestStatus(StrEnum):
    OPEN = "open"
    IN_REVIEW = "in_review"
    READY = "ready"
    RELEASED = "released"


class LetterStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    ISSUED = "issued"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    DONE_WITH_ERRORS = "done_with_errors"
    FAILED = "failed"


class DocumentType(StrEnum):
    """Types sniffed from content, never from the file name or the client's claim."""

    PDF = "pdf"
    DOCX = "docx"
    EML = "eml"
    MSG = "msg"
    TXT = "txt"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"


ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "STREET_ADDRESS",
    "POSTAL_CODE",
    "DATE_OF_BIRTH",
    "CA_SIN",
    "CA_HEALTH_CARD",
    "DRIVERS_LICENCE",
    "LICENCE_PLATE",
    "BADGE_NUMBER",
    "UK_NINO",
    "IP_ADDRESS",
    "CREDIT_CARD",
    "BANK_ACCOUNT",
    "AGE",
    "MEDICAL",
)

ALLEGATION_CATEGORIES: tuple[str, ...] = (
    "use_of_force",
    "unlawful_arrest_or_detention",
    "unlawful_search_or_seizure",
    "discourtesy",
    "discrimination",
    "neglect_of_duty",
    "deceit",
    "breach_of_confidence",
    "corrupt_practice",
    "damage_to_property",
    "sexual_misconduct",
    "harassment_or_intimidation",
    "service_or_policy",
)

DATE_ROLES: tuple[str, ...] = (
    "incident",
    "complaint_received",
    "date_of_birth",
    "letter_date",
    "interview",
    "other",
)

JURISDICTIONS: tuple[str, ...] = ("CA-ON", "CA-ON-MUN", "CA-AB", "CA-FED", "UK-ENG", "UK-WLS")

LETTER_VARIANTS: dict[str, tuple[str, ...]] = {
    "acknowledgement": ("standard",),
    "decision": (
        "investigate",
        "frivolous_vexatious",
        "out_of_time",
        "no_jurisdiction",
        "refer_to_service",
    ),
    "disposition": ("substantiated", "unsubstantiated", "informal_resolution", "withdrawn"),
    "notification": ("extension", "delay"),
    "outcome": ("upheld", "not_upheld"),
}

LANGUAGES: tuple[str, ...] = ("en", "fr")
# Redaction policies (redaction/policies/<name>.yaml): for the public, or for the requester
# (whose own information stays readable).
POLICIES: tuple[str, ...] = ("public", "requester")


# FOI disclosure jobs: the two kinds of package, the page dispositions a package leaves out,
# and the marker a request holds while its package job runs (any review change clears it).
PACKAGE_KIND = "disclosure.package"
CONSULT_KIND = "disclosure.consult"
JOB_KINDS: dict[str, str] = {"package": PACKAGE_KIND, "consult": CONSULT_KIND}
LEFT_OUT: frozenset[str] = frozenset({"withheld_in_full", "not_responsive", "duplicate"})
_PENDING = "pending:"


def pending_marker(job_id: int) -> str:
    """What ``package_sha256`` holds while the request's package job ``job_id`` runs."""
    return f"{_PENDING}{job_id}"


def is_pending(package_sha256: str | None) -> bool:
    """Whether the request's package is still being built (no package to release yet)."""
    return package_sha256 is not None and package_sha256.startswith(_PENDING)
