"""Encrypted model fields: what people wrote in confidence is ciphertext in the database and in
backups, and plain text only in memory.

Fernet (AES-128-CBC + HMAC-SHA256) under a list of keys: the first encrypts, every one decrypts,
so a new key goes first, `manage.py rotate_field_keys` re-encrypts every row under it, and the
old key can then be dropped. Keys come from FIELD_ENCRYPTION_KEYS (comma-separated Fernet keys);
without it, one key is derived from SECRET_KEY, which is enough for a demo and a test run, never
for production (`check --deploy` warns).
"""

import base64
import hashlib
import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "gAAAAA"  # every Fernet token starts so (version byte and timestamp)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds a bad key: {error}") from None


def keys() -> tuple[str, ...]:
    configured = tuple(k.strip() for k in settings.FIELD_ENCRYPTION_KEYS if k.strip())
    if configured:
        return configured
    derived = hashlib.sha256(b"upward-field-encryption:" + settings.SECRET_KEY.encode()).digest()
    return (base64.urlsafe_b64encode(derived).decode(),)


def encrypt(text: str) -> str:
    return _fernet(keys()).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        return token  # written before encryption was switched on; re-encrypted on next save
    try:
        return _fernet(keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A field cannot be decrypted with FIELD_ENCRYPTION_KEYS: was a key removed before "
            "`manage.py rotate_field_keys` ran?"
        ) from None


def rotate(token: str) -> str:
    """The same text under the first key."""
    if not token.startswith(PREFIX):
        return encrypt(token)
    return _fernet(keys()).rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text encrypted at rest. Not searchable or sortable in the database, on purpose."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else decrypt(value)

    def to_python(self, value: Any) -> Any:
        return decrypt(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        return value if value is None or value == "" else encrypt(str(value))

    def value_to_string(self, obj: Any) -> str:
        # Serialised (dumpdata, backups) as ciphertext: a backup holds no plain text either.
        text = self.value_from_object(obj)
        return "" if not text else encrypt(str(text))


class EncryptedJSONField(models.TextField):
    """JSON encrypted at rest (a survey's answers). Read and written as Python values."""

    # For django-stubs: the Python value is whatever JSON holds, not the column's str.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else self._load(decrypt(value))

    def to_python(self, value: Any) -> Any:
        return self._load(decrypt(value)) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        return None if value is None else encrypt(json.dumps(value))

    def value_to_string(self, obj: Any) -> str:
        return encrypt(json.dumps(self.value_from_object(obj)))

    @staticmethod
    def _load(text: str) -> Any:
        try:
            return json.loads(text)
        except ValueError:
            return text
