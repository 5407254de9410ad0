"""Encryption of sensitive free text at rest.

Keys come from settings.FIELD_ENCRYPTION_KEYS (newest first). Values are Fernet tokens
(AES-128-CBC + HMAC-SHA256, with a timestamp), so tampering is detected on read. Reading
tries every configured key, so rotation is: put a new key first, deploy, then run
``manage.py rotate_encryption_keys`` to re-encrypt, then drop the old key.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models

TOKEN_PREFIX = "enc1:"


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be url-safe base64 Fernet keys "
            "(generate one with `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)"
        ) from exc


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def _reset(**kwargs: Any) -> None:
    if kwargs.get("setting") == "FIELD_ENCRYPTION_KEYS":
        _fernet_for.cache_clear()


setting_changed.connect(_reset)


def encrypt_text(plain: str) -> str:
    return TOKEN_PREFIX + fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(stored: str) -> str:
    if not stored.startswith(TOKEN_PREFIX):
        raise ValueError("value is not an Alongside encrypted token")
    try:
        return fernet().decrypt(stored[len(TOKEN_PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted value could not be read with any configured key; "
            "was a key removed from FIELD_ENCRYPTION_KEYS before rotation finished?"
        ) from exc


def rotate_token(stored: str) -> str:
    """Re-encrypt a stored token with the newest key (keeps its plaintext)."""
    token = stored[len(TOKEN_PREFIX) :].encode("ascii")
    return TOKEN_PREFIX + fernet().rotate(token).decode("ascii")


class EncryptedTextField(models.TextField[str, str]):
    """A text field whose value is encrypted in the database and plain in Python.

    It cannot be searched or ordered in SQL, by design: search sensitive text in Python,
    after the access policy has narrowed the rows to the viewer's own.
    """

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt_text(str(value))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt_text(value)

    def get_internal_type(self) -> str:
        return "TextField"
