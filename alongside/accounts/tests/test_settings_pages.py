from __future__ import annotations

from django.urls import reverse

from alongside.accounts.models import PersonalAccessToken
from alongside.audit.services import log_action
from alongside.conftest import PASSWORD, Personas, login_client


def test_it_saves_language_time_zone_and_name(personas: Personas) -> None:
    client = login_client(personas.participant)
    assert client.get(reverse("accounts:settings")).status_code == 200
    response = client.post(
        reverse("accounts:settings"), {"display_name": "Pat R.", "language": "es", "time_zone": "America/Denver"}
    )
    assert response.status_code == 302
    user = personas.participant.user
    user.refresh_from_db()
    assert (user.display_name, user.language, user.time_zone) == ("Pat R.", "es", "America/Denver")
    assert (
        "Configuración".encode() in client.get(reverse("accounts:settings")).content
        or b"Settings" in client.get(reverse("accounts:settings")).content
    )


def test_an_unknown_time_zone_gets_a_message_and_saves_nothing(personas: Personas) -> None:
    client = login_client(personas.participant)
    response = client.post(
        reverse("accounts:settings"), {"display_name": "X", "language": "en", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 400
    assert b"known time zone" in response.content
    personas.participant.user.refresh_from_db()
    assert personas.participant.user.time_zone == "UTC"


def test_a_participant_sees_who_viewed_their_information(personas: Personas) -> None:
    log_action("participant.viewed", actor=personas.mentor, target=personas.participant)
    page = login_client(personas.participant).get(reverse("accounts:access_log"))
    assert page.status_code == 200
    assert b"Your mentor Maria Mentor opened your record." in page.content
    assert b"participant.viewed" not in page.content  # a sentence, never the code


def test_staff_have_no_access_log_of_their_own_participants(personas: Personas) -> None:
    assert login_client(personas.mentor).get(reverse("accounts:access_log")).status_code == 403


def test_tokens_are_created_shown_once_and_revoked(personas: Personas) -> None:
    client = login_client(personas.mentor)
    page = client.post(
        reverse("accounts:token_create"), {"name": "export", "expires_days": 30, "current_password": PASSWORD}
    )
    assert page.status_code == 200
    token = PersonalAccessToken.objects.get(user=personas.mentor.user)
    assert token.prefix.encode() in page.content
    assert token.token_hash.encode() not in page.content
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_bad_token_form_creates_nothing(personas: Personas) -> None:
    client = login_client(personas.mentor)
    response = client.post(reverse("accounts:token_create"), {"name": "", "expires_days": 999})
    assert response.status_code == 302
    assert not PersonalAccessToken.objects.exists()


def test_the_outsider_cannot_revoke_someone_elses_token(personas: Personas) -> None:
    client = login_client(personas.mentor)
    client.post(reverse("accounts:token_create"), {"name": "export", "expires_days": 30, "current_password": PASSWORD})
    token = PersonalAccessToken.objects.get()
    assert login_client(personas.outsider).post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_changing_the_password_keeps_this_session_and_ends_the_others(personas: Personas) -> None:
    other = login_client(personas.participant)
    client = login_client(personas.participant)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    weak = client.post(
        reverse("accounts:password_change"),
        {"current_password": PASSWORD, "password": "password", "password_again": "password"},
    )
    assert weak.status_code == 400
    ok = client.post(
        reverse("accounts:password_change"),
        {"current_password": PASSWORD, "password": "a quiet river at dawn", "password_again": "a quiet river at dawn"},
    )
    assert ok.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302


def test_staff_can_make_new_recovery_codes(personas: Personas) -> None:
    from django.utils import timezone

    from alongside.accounts.models import RecoveryCode, TOTPDevice

    TOTPDevice.objects.create(
        user=personas.mentor.user, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", confirmed_at=timezone.now()
    )
    client = login_client(personas.mentor)
    assert b"Two-step login is on" in client.get(reverse("accounts:settings")).content
    page = client.post(reverse("accounts:recovery_codes"), {"current_password": PASSWORD})
    assert page.status_code == 200
    assert RecoveryCode.objects.filter(user=personas.mentor.user).count() == 10
