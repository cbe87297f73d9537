"""The value every PI detector returns: a typed character span with its evidence.

Policies fill in the exemption code and label; ``boxes`` maps the span to page rectangles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from extraction.document import Box, Document


@dataclass(frozen=True, slots=True)
class PiFinding:
    """One proposed redaction: ``text[start:end]`` of a document is PI of ``entity_type``.

    ``explanation`` says why (pattern, checksum, model); ``context_words`` are the words near
    the span that raised it. ``exemption_code`` and ``label`` are set by a policy.
    """

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str
    text: str = ""
    explanation: str = ""
    context_words: tuple[str, ...] = ()
    exemption_code: str | None = None
    label: str | None = None

    def boxes(self, document: Document) -> list[tuple[int, Box]]:
        """(1-based page number, box) pairs covering the span in ``document.text``."""
        return document.locate(self.start, self.end)

    def with_policy(self, exemption_code: str | None, label: str | None = None) -> PiFinding:
        return replace(self, exemption_code=exemption_code, label=label)

    def overlaps(self, other: PiFinding) -> bool:
        return self.start < other.end and other.start < self.end

    def covers(self, other: PiFinding) -> bool:
        return self.start <= other.start and other.end <= self.end
