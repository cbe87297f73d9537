"""Short secrets held at rest only while they wait (an encrypted PDF's password), sealed with
the installation key so that the database file, its WAL and backups never hold them in clear.

AES-256-GCM under a key derived by HKDF-SHA256 from ``CASEDESK_SECRET_KEY`` and the purpose;
the purpose is also the associated data, so a value sealed for one use never opens as another.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "v1:"
NONCE_BYTES = 12
PDF_PASSWORD = "casedesk/pdf-password"  # noqa: S105 - a purpose label, not a secret


def _key(secret_key: str, purpose: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode("utf-8"))
    return hkdf.derive(secret_key.encode("utf-8"))


def seal(secret_key: str, value: str, purpose: str = PDF_PASSWORD) -> str:
    """``value`` encrypted with a fresh nonce: ``v1:`` + URL-safe base64 (nonce, ciphertext)."""
    nonce = os.urandom(NONCE_BYTES)
    purpose_bytes = purpose.encode("utf-8")
    sealed = AESGCM(_key(secret_key, purpose)).encrypt(nonce, value.encode("utf-8"), purpose_bytes)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(secret_key: str, token: str | None, purpose: str = PDF_PASSWORD) -> str | None:
    """The sealed value, or None when there is none or it does not open (another key, or a
    value from before sealing): the document then asks for its password again."""
    if not token or not token.startswith(PREFIX):
        return None
    try:
        raw = base64.urlsafe_b64decode(token[len(PREFIX) :].encode("ascii"))
        opened = AESGCM(_key(secret_key, purpose)).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode("utf-8")
        )
    except (InvalidTag, ValueError):
        return None
    return opened.decode("utf-8")
