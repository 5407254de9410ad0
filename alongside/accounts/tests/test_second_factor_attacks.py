"""An attacker who holds only a password must never get in, nor lock the owner out of their own second factor.

Each test drives the real login pages with a real TOTP library (pyotp), the way the black-box campaign did.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import RecoveryCode, TOTPDevice
from alongside.accounts.services import totp_enroll
from alongside.conftest import PASSWORD, Mailbox, Personas, login_client
from alongside.core.exceptions import InvalidInput
from alongside.notifications.services import outbox_deliver_due

OWNER_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ENROLL = reverse("accounts:login_enroll")
VERIFY = reverse("accounts:login_verify")


def enroll_owner(personas: Personas) -> TOTPDevice:
    user = personas.mentor.user
    device = TOTPDevice.objects.create(user=user, secret=OWNER_SECRET, confirmed_at=timezone.now())
    RecoveryCode.objects.create(user=user, code_hash=RecoveryCode.hash_code("aaaaaa-bbbbbb"))
    return device


def password_step(client: Client, email: str = "mentor@example.test", address: str = "203.0.113.66") -> None:
    response = client.post(reverse("accounts:login"), {"email": email, "password": PASSWORD}, REMOTE_ADDR=address)
    assert response.status_code == 302, response.content


def test_the_enroll_step_is_closed_to_an_account_that_already_has_an_authenticator(personas: Personas) -> None:
    """The campaign's repro: password, GET enroll, read the secret, POST its code, GET /api/v1/me."""
    enroll_owner(personas)
    attacker = Client()
    password_step(attacker)
    page = attacker.get(ENROLL, REMOTE_ADDR="203.0.113.66")
    assert page.status_code == 302
    assert page["Location"] == VERIFY
    assert "alongside_pending_secret" not in attacker.session
    assert not re.search(rb"[A-Z2-7]{32}", page.content)

    # Even a forged secret in a POST gets nowhere: the step never enrolls over a confirmed device.
    attacker_secret = pyotp.random_base32()
    session = attacker.session
    session["alongside_pending_secret"] = attacker_secret
    session.save()
    posted = attacker.post(ENROLL, {"code": pyotp.TOTP(attacker_secret).now()}, REMOTE_ADDR="203.0.113.66")
    assert posted.status_code == 302
    assert posted["Location"] == VERIFY
    assert attacker.get("/api/v1/me").status_code in {401, 403}

    device = TOTPDevice.objects.get(user=personas.mentor.user)
    assert device.secret == OWNER_SECRET
    assert RecoveryCode.objects.filter(user=personas.mentor.user, used_at__isnull=True).count() == 1
    # The owner still logs in with their own app.
    owner = Client()
    password_step(owner, address="198.51.100.7")
    done = owner.post(VERIFY, {"code": pyotp.TOTP(OWNER_SECRET).now()}, REMOTE_ADDR="198.51.100.7")
    assert done.status_code == 302
    assert owner.get("/api/v1/me").status_code == 200


def test_the_enroll_service_never_replaces_a_confirmed_authenticator(personas: Personas) -> None:
    enroll_owner(personas)
    secret = pyotp.random_base32()
    with pytest.raises(InvalidInput):
        totp_enroll(user=personas.mentor.user, secret=secret, code=pyotp.TOTP(secret).now())
    assert TOTPDevice.objects.get(user=personas.mentor.user).secret == OWNER_SECRET


def _wrong(client: Client, address: str = "203.0.113.66") -> int:
    return client.post(VERIFY, {"code": "000000"}, REMOTE_ADDR=address).status_code


def test_wrong_codes_are_throttled_and_then_even_the_right_code_waits(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    """300 wrong codes then the right one: the right one must not be accepted during the cool-off."""
    enroll_owner(personas)
    attacker = Client()
    password_step(attacker)
    statuses = [_wrong(attacker) for _ in range(settings.SECOND_FACTOR_FAILURES_PER_PAIR + 3)]
    assert statuses[: settings.SECOND_FACTOR_FAILURES_PER_PAIR] == [400] * settings.SECOND_FACTOR_FAILURES_PER_PAIR
    assert set(statuses[settings.SECOND_FACTOR_FAILURES_PER_PAIR :]) == {429}
    right = attacker.post(VERIFY, {"code": pyotp.TOTP(OWNER_SECRET).now()}, REMOTE_ADDR="203.0.113.66")
    assert right.status_code == 429
    assert attacker.get("/api/v1/me").status_code in {401, 403}
    # A recovery code is held back too.
    assert attacker.post(VERIFY, {"code": "aaaaaa-bbbbbb"}, REMOTE_ADDR="203.0.113.66").status_code == 429
    assert RecoveryCode.objects.get(user=personas.mentor.user).used_at is None


def test_entering_the_password_again_does_not_reset_the_count(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    enroll_owner(personas)
    for _ in range(settings.SECOND_FACTOR_FAILURES_PER_PAIR):
        attacker = Client()
        password_step(attacker)
        assert _wrong(attacker) == 400
    attacker = Client()
    password_step(attacker)
    assert _wrong(attacker) == 429


def test_wrong_codes_from_many_addresses_are_limited_per_account(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    enroll_owner(personas)
    limit = settings.SECOND_FACTOR_FAILURES_PER_ACCOUNT
    for i in range(limit):
        attacker = Client()
        address = f"203.0.113.{i + 1}"
        password_step(attacker, address=address)
        assert _wrong(attacker, address=address) == 400
    fresh = Client()
    password_step(fresh, address="192.0.2.200")
    assert fresh.post(VERIFY, {"code": pyotp.TOTP(OWNER_SECRET).now()}, REMOTE_ADDR="192.0.2.200").status_code == 429
    # The owner learns, once, that someone knows their password.
    from alongside.notifications.models import OutboxMessage

    [warning] = [m for m in OutboxMessage.objects.all() if m.to_address == "mentor@example.test"]  # stored encrypted
    assert "Someone may know your Alongside password" in warning.subject


def test_the_count_is_kept_when_the_failure_is_rolled_back(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    """The wrong-code error is raised inside the verify transaction; the failure must outlive it."""
    from alongside.accounts.models import ThrottleEvent

    enroll_owner(personas)
    attacker = Client()
    password_step(attacker)
    for _ in range(3):
        _wrong(attacker)
    assert ThrottleEvent.objects.filter(kind=ThrottleEvent.Kind.SECOND_FACTOR).count() == 3


def test_replacing_the_authenticator_needs_the_current_code_and_tells_the_owner(
    personas: Personas, smtp_server: Mailbox
) -> None:
    enroll_owner(personas)
    client = login_client(personas.mentor)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    new_secret = client.session["alongside_setup_secret"]
    refused = client.post(
        reverse("accounts:two_factor_setup"),
        {"current_password": PASSWORD, "current_code": "000000", "code": pyotp.TOTP(new_secret).now()},
    )
    assert refused.status_code == 400
    assert TOTPDevice.objects.get(user=personas.mentor.user).secret == OWNER_SECRET
    done = client.post(
        reverse("accounts:two_factor_setup"),
        {
            "current_password": PASSWORD,
            "current_code": pyotp.TOTP(OWNER_SECRET).now(),
            "code": pyotp.TOTP(new_secret).now(),
        },
    )
    assert done.status_code == 200
    assert b"Save your recovery codes" in done.content
    assert TOTPDevice.objects.get(user=personas.mentor.user).secret == new_secret
    outbox_deliver_due()
    [body] = smtp_server.bodies("mentor@example.test")
    assert "authenticator" in body.lower()


def test_a_participant_turns_on_two_step_login_from_settings(personas: Personas) -> None:
    client = login_client(personas.participant)
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200
    secret = client.session["alongside_setup_secret"]
    done = client.post(
        reverse("accounts:two_factor_setup"), {"current_password": PASSWORD, "code": pyotp.TOTP(secret).now()}
    )
    assert done.status_code == 200
    assert TOTPDevice.objects.get(user=personas.participant.user).is_confirmed
