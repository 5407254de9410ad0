from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from alongside.access.models import BreakGlassGrant
from alongside.access.services import break_glass_open
from alongside.conftest import Personas
from alongside.core.crypto import decrypt_text, encrypt_text

REASON = "Participant said they were unsafe and the mentor is unreachable"


def raw_reason(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM access_breakglassgrant WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_sensitive_text_is_encrypted_in_the_database_and_plain_in_python(personas: Personas) -> None:
    grant = break_glass_open(viewer=personas.supervisor, participant=personas.participant2, reason=REASON)
    stored = raw_reason(grant.pk)
    assert REASON not in stored and stored.startswith("enc1:")
    assert BreakGlassGrant.objects.get(pk=grant.pk).reason == REASON


def test_rotation_re_encrypts_with_the_new_key_and_old_key_can_then_go(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    grant = break_glass_open(viewer=personas.supervisor, participant=personas.participant2, reason=REASON)
    before = raw_reason(grant.pk)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "re-encrypted" in out.getvalue()
    after = raw_reason(grant.pk)
    assert after != before
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert BreakGlassGrant.objects.get(pk=grant.pk).reason == REASON
    assert decrypt_text(after) == REASON


def test_reading_without_the_right_key_fails_loudly(settings) -> None:  # type: ignore[no-untyped-def]
    token = encrypt_text("private words")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="could not be read"):
        decrypt_text(token)
