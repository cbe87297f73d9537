"""Helpers for letter tests: letters in a given status, and a context as the pages post it."""

from __future__ import annotations

from typing import Any

from api import letters
from api.state import AppState
from core.db import transaction
from core.models import Case, User
from core.vocab import LetterStatus
from correspondence.samples import read_sample

KIND, VARIANT, LANG = "acknowledgement", "standard", "en"
# Stands in for the worker's PDF where a test is about permissions, not conversion.
FAKE_PDF = b"%PDF-1.4\n% test stand-in for the worker's PDF\n"


def make_letter(state: AppState, case_id: int, author_id: int, status: str) -> int:
    """A letter drafted by ``author_id`` and moved straight to ``status`` (test data)."""
    with transaction(state.sessions) as session:
        author, case = session.get(User, author_id), session.get(Case, case_id)
        assert author is not None and case is not None
        letter = letters.create_letter(
            session,
            state,
            author,
            case,
            kind=KIND,
            variant=VARIANT,
            lang=LANG,
            context=read_sample(KIND, VARIANT, LANG),
        )
        if status != LetterStatus.DRAFT:
            letter.pdf_sha256 = state.blobs.write_bytes(FAKE_PDF).sha256
            letter.status = status
        return letter.id


def form_of(context: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """A context flattened into the field names of the generated letter form."""
    form: dict[str, str] = {}
    for key, value in context.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            form.update(form_of(value, f"{name}."))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                form.update(form_of(item, f"{name}.{index}."))
        elif isinstance(value, list):
            form[name] = "\n".join(str(v) for v in value)
        elif isinstance(value, bool):
            if value:
                form[name] = "on"
        elif value is not None:
            form[name] = str(value)
    return form


def letter_form(slot: str = f"{KIND}/{VARIANT}", lang: str = LANG) -> dict[str, str]:
    kind, variant = slot.split("/")
    return {"slot": slot, "lang": lang, **form_of(read_sample(kind, variant, lang))}
