from __future__ import annotations

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import RecoveryCode, ThrottleEvent, TOTPDevice
from alongside.audit.models import AuditEntry
from alongside.conftest import PASSWORD, Personas

LOGIN = "/accounts/login/"


def post_login(client: Client, email: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"email": email, "password": password}, REMOTE_ADDR=address)


def enroll(membership, secret: str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP") -> str:  # type: ignore[no-untyped-def]
    TOTPDevice.objects.create(user=membership.user, secret=secret, confirmed_at=timezone.now())
    return secret


def test_it_logs_a_participant_in_with_email_and_password(personas: Personas) -> None:
    client = Client()
    response = post_login(client, "Participant@Example.test", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.logged_in", actor=personas.participant.user).exists()


def test_it_refuses_a_wrong_password_with_one_message_for_unknown_and_known_emails(personas: Personas) -> None:
    wrong = post_login(Client(), "participant@example.test", "nope-nope-nope")
    unknown = post_login(Client(), "nobody@example.test", "nope-nope-nope")
    assert wrong.status_code == unknown.status_code == 400
    assert b"do not match an active account" in wrong.content
    assert b"do not match an active account" in unknown.content
    assert ThrottleEvent.objects.count() == 2


def test_twenty_wrong_passwords_from_twenty_addresses_do_not_lock_out_the_owner(personas: Personas) -> None:
    for i in range(20):
        post_login(Client(), "participant@example.test", "wrong-password-x", address=f"203.0.113.{i + 1}")
    owner = Client()
    response = post_login(owner, "participant@example.test", PASSWORD, address="198.51.100.7")
    assert response.status_code == 302
    assert owner.get("/").status_code == 200


def test_it_cools_off_one_address_after_repeated_failures_for_the_same_account(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURES_PER_PAIR = 3
    for _ in range(3):
        post_login(Client(), "participant@example.test", "wrong-password-x", address="203.0.113.9")
    blocked = post_login(Client(), "participant@example.test", PASSWORD, address="203.0.113.9")
    assert blocked.status_code == 429
    assert b"Too many attempts" in blocked.content
    elsewhere = post_login(Client(), "participant@example.test", PASSWORD, address="198.51.100.7")
    assert elsewhere.status_code == 302


def test_an_address_that_tries_many_accounts_is_slowed_not_refused(personas: Personas, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alongside.accounts import services

    waited: list[float] = []
    monkeypatch.setattr(services, "_sleep", waited.append)
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    for i in range(5):
        post_login(Client(), f"guess{i}@example.test", "wrong-password-x", address="203.0.113.50")
    assert waited == []
    assert post_login(Client(), "participant@example.test", PASSWORD, address="203.0.113.50").status_code == 302
    assert waited == [0.5]


def test_a_deactivated_account_cannot_log_in(personas: Personas) -> None:
    user = personas.participant.user
    user.is_active = False
    user.save()
    assert post_login(Client(), "participant@example.test", PASSWORD).status_code == 400


def test_staff_must_enroll_two_factor_before_the_login_completes(personas: Personas) -> None:
    client = Client()
    response = post_login(client, "mentor@example.test", PASSWORD)
    assert response["Location"] == reverse("accounts:login_enroll")
    assert client.get("/").status_code == 302  # not logged in yet
    page = client.get(reverse("accounts:login_enroll"))
    assert page.status_code == 200
    secret = client.session["alongside_pending_secret"]
    assert b"<svg" in page.content
    wrong = client.post(reverse("accounts:login_enroll"), {"code": "000000"})
    assert b"did not match" in wrong.content
    done = client.post(reverse("accounts:login_enroll"), {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    assert b"Save your recovery codes" in done.content
    assert RecoveryCode.objects.filter(user=personas.mentor.user).count() == 10
    assert TOTPDevice.objects.get(user=personas.mentor.user).is_confirmed
    assert client.get("/").status_code == 200


def test_staff_with_two_factor_need_the_current_code(personas: Personas) -> None:
    secret = enroll(personas.supervisor)
    client = Client()
    response = post_login(client, "supervisor@example.test", PASSWORD)
    assert response["Location"] == reverse("accounts:login_verify")
    bad = client.post(reverse("accounts:login_verify"), {"code": "123456"})
    assert bad.status_code == 400
    good = client.post(reverse("accounts:login_verify"), {"code": pyotp.TOTP(secret).now()})
    assert good.status_code == 302
    assert client.get("/").status_code == 200


def test_a_totp_code_cannot_be_replayed(personas: Personas) -> None:
    secret = enroll(personas.supervisor)
    code = pyotp.TOTP(secret).now()
    first = Client()
    post_login(first, "supervisor@example.test", PASSWORD)
    assert first.post(reverse("accounts:login_verify"), {"code": code}).status_code == 302
    second = Client()
    post_login(second, "supervisor@example.test", PASSWORD, address="10.0.0.2")
    assert second.post(reverse("accounts:login_verify"), {"code": code}).status_code == 400


def test_a_recovery_code_works_once(personas: Personas) -> None:
    enroll(personas.admin)
    RecoveryCode.objects.create(user=personas.admin.user, code_hash=RecoveryCode.hash_code("abc123-def456"))
    client = Client()
    post_login(client, "admin@example.test", PASSWORD)
    assert client.post(reverse("accounts:login_verify"), {"code": "ABC123-DEF456"}).status_code == 302
    again = Client()
    post_login(again, "admin@example.test", PASSWORD)
    assert again.post(reverse("accounts:login_verify"), {"code": "abc123-def456"}).status_code == 400


def test_the_verify_and_enroll_steps_need_a_password_first(db: None) -> None:
    client = Client()
    assert client.get(reverse("accounts:login_verify"))["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:login_enroll"))["Location"] == reverse("accounts:login")


def test_login_ignores_an_offsite_next_url(personas: Personas) -> None:
    response = Client().post(
        LOGIN + "?next=https://evil.example/", {"email": "participant@example.test", "password": PASSWORD}
    )
    assert response["Location"] == "/"


def test_login_page_shows_crisis_resources(db: None) -> None:
    page = Client().get(LOGIN)
    assert page.status_code == 200
    for text in (b"988", b"1-800-662-4357", b"741741", b"911"):
        assert text in page.content


@pytest.mark.parametrize("email", ["", "not-an-email"])
def test_a_malformed_login_form_gets_a_clear_error(db: None, email: str) -> None:
    response = Client().post(LOGIN, {"email": email, "password": ""})
    assert response.status_code == 400
    assert b"This field is required" in response.content or b"valid email" in response.content
