"""Settings → How we reach you: a mobile number for urgent text messages, and quiet hours."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client

URL = "accounts:settings"


def _post(client, **data: str):  # type: ignore[no-untyped-def]
    base = {"section": "delivery", "phone_number": "", "quiet_hours_start": "", "quiet_hours_end": ""}
    return client.post(reverse(URL), {**base, **data})


def test_it_saves_a_mobile_number_and_quiet_hours(personas: Personas) -> None:
    client = login_client(personas.mentor)
    response = _post(client, phone_number="+1 (555) 010-1234", quiet_hours_start="22:00", quiet_hours_end="07:00")
    assert response.status_code == 302
    user = personas.mentor.user
    user.refresh_from_db()
    assert (user.phone_number, user.quiet_hours_start, user.quiet_hours_end) == (
        "+15550101234",
        dt.time(22),
        dt.time(7),
    )
    entry = AuditEntry.objects.get(action="account.delivery_settings_changed")
    assert "5550101234" not in str(entry.extra)


def test_the_number_is_shown_masked_even_to_its_owner_and_encrypted_at_rest(personas: Personas) -> None:
    client = login_client(personas.participant)
    _post(client, phone_number="+15550101234")
    page = client.get(reverse(URL)).content.decode()
    assert "•••• 1234" in page
    assert "5550101234" not in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone_number FROM accounts_user WHERE id = %s", [personas.participant.user_id])
        assert "5550101234" not in cursor.fetchone()[0]


def test_an_empty_number_keeps_it_and_remove_deletes_it(personas: Personas) -> None:
    client = login_client(personas.mentor)
    _post(client, phone_number="+15550101234")
    assert _post(client, quiet_hours_start="21:30", quiet_hours_end="06:00").status_code == 302
    user = personas.mentor.user
    user.refresh_from_db()
    assert user.phone_number == "+15550101234" and user.quiet_hours_start == dt.time(21, 30)
    assert _post(client, remove_phone_number="on").status_code == 302
    user.refresh_from_db()
    assert user.phone_number == "" and user.quiet_hours_start is None


def test_a_number_without_a_country_code_is_refused_with_a_message(personas: Personas) -> None:
    response = _post(login_client(personas.mentor), phone_number="555 0101")
    assert response.status_code == 400
    assert b"country code" in response.content
    personas.mentor.user.refresh_from_db()
    assert personas.mentor.user.phone_number == ""


def test_quiet_hours_need_both_ends_that_differ(personas: Personas) -> None:
    client = login_client(personas.mentor)
    one_end = _post(client, quiet_hours_start="22:00")
    assert one_end.status_code == 400 and b"when quiet hours start and when they end" in one_end.content
    same = _post(client, quiet_hours_start="22:00", quiet_hours_end="22:00")
    assert same.status_code == 400 and b"different time" in same.content
    garbled = _post(client, quiet_hours_start="late", quiet_hours_end="07:00")
    assert garbled.status_code == 400
    personas.mentor.user.refresh_from_db()
    assert personas.mentor.user.quiet_hours_start is None


def test_saving_how_we_reach_you_leaves_name_and_language_alone(personas: Personas) -> None:
    client = login_client(personas.mentor)
    before = (personas.mentor.user.display_name, personas.mentor.user.language)
    assert _post(client, quiet_hours_start="22:00", quiet_hours_end="07:00").status_code == 302
    personas.mentor.user.refresh_from_db()
    assert (personas.mentor.user.display_name, personas.mentor.user.language) == before
