"""Expected, explainable failures: each carries a stable snake_case code and an HTTP status.

Pure packages raise these; the API renders them with one handler and the worker marks a
document ``failed`` with the code and the human reason instead of retrying.
"""

from __future__ import annotations

from typing import Any, ClassVar


class AppError(Exception):
    """Base of every expected failure. ``message`` is safe to show a user (no document text)."""

    code: ClassVar[str] = "app_error"
    status_code: ClassVar[int] = 400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.details}


class NotFound(AppError):
    code = "not_found"
    status_code = 404


class Conflict(AppError):
    code = "conflict"
    status_code = 409


class PermissionDenied(AppError):
    code = "forbidden"
    status_code = 403


class NotAuthenticated(AppError):
    code = "not_authenticated"
    status_code = 401


class InvalidInput(AppError):
    code = "invalid_input"
    status_code = 422


class EmptyFile(AppError):
    code = "empty_file"
    status_code = 422


class TooLarge(AppError):
    code = "too_large"
    status_code = 413


class UnsupportedType(AppError):
    code = "unsupported_type"
    status_code = 415


class InvalidTransition(AppError):
    code = "invalid_transition"
    status_code = 409


# Bad documents: the worker marks the document failed with these codes; never retried.
class BadDocument(AppError):
    code = "bad_document"
    status_code = 422


class EncryptedPdf(BadDocument):
    code = "encrypted_pdf"


class CorruptPdf(BadDocument):
    code = "corrupt_pdf"


class CorruptDocument(BadDocument):
    code = "corrupt_document"


class MaliciousXml(BadDocument):
    code = "malicious_xml"


class ZipBomb(BadDocument):
    code = "zip_bomb"


class ImageTooLarge(BadDocument):
    code = "image_too_large"


class ResourceLimit(BadDocument):
    code = "resource_limit"


class TooManyPages(BadDocument):
    code = "too_many_pages"


class OcrFailed(BadDocument):
    code = "ocr_failed"


class Poison(BadDocument):
    """A document whose processing killed its worker three times: a person must look."""

    code = "poison"


class LeakDetected(AppError):
    """The release gate found a redacted string or a forbidden structure in an output."""

    code = "leak_detected"
    status_code = 422


class TemplateError(AppError):
    code = "template_error"
    status_code = 422


class MissingContext(TemplateError):
    code = "missing_context"


class ConversionFailed(AppError):
    code = "conversion_failed"
    status_code = 500


class ToolMissing(AppError):
    code = "tool_missing"
    status_code = 500
