"""Hardening from the black-box campaign: re-authentication before account changes, tokens that end with the
password, password-reset limits, a shared address that slows attackers without locking everyone out, and
failed bearer tokens counted per address."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from alongside.accounts import services
from alongside.accounts.models import PersonalAccessToken, RecoveryCode, ThrottleEvent
from alongside.accounts.services import access_token_create
from alongside.conftest import PASSWORD, Mailbox, Personas, login_client
from alongside.notifications.services import outbox_deliver_due
from alongside.notifications.testing import run_queued_tasks

NEW_PASSWORD = "a quiet river at dawn"


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the server chose, recorded instead of slept (tests never depend on timing)."""
    delays: list[float] = []
    monkeypatch.setattr(services, "_sleep", delays.append)
    return delays


# Re-authentication ------------------------------------------------------------------------------


def test_changing_the_password_asks_for_the_current_one(personas: Personas) -> None:
    client = login_client(personas.participant)
    page = client.get(reverse("accounts:password_change"))
    assert b'name="current_password"' in page.content
    refused = client.post(
        reverse("accounts:password_change"),
        {"current_password": "not my password", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert refused.status_code == 400
    personas.participant.user.refresh_from_db()
    assert personas.participant.user.check_password(PASSWORD)
    done = client.post(
        reverse("accounts:password_change"),
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert done.status_code == 302
    personas.participant.user.refresh_from_db()
    assert personas.participant.user.check_password(NEW_PASSWORD)


def test_new_recovery_codes_need_the_current_password(personas: Personas) -> None:
    from django.utils import timezone

    from alongside.accounts.models import TOTPDevice

    TOTPDevice.objects.create(user=personas.mentor.user, secret="JBSWY3DPEHPK3PXP", confirmed_at=timezone.now())
    RecoveryCode.objects.create(user=personas.mentor.user, code_hash=RecoveryCode.hash_code("aaaaaa-bbbbbb"))
    client = login_client(personas.mentor)
    refused = client.post(reverse("accounts:recovery_codes"), {"current_password": "wrong"})
    assert refused.status_code in {302, 400}
    assert RecoveryCode.objects.filter(user=personas.mentor.user).count() == 1
    done = client.post(reverse("accounts:recovery_codes"), {"current_password": PASSWORD})
    assert done.status_code == 200
    assert RecoveryCode.objects.filter(user=personas.mentor.user).count() == 10


def test_creating_a_token_needs_the_current_password_in_the_browser_and_the_api(personas: Personas) -> None:
    client = login_client(personas.mentor)
    client.post(reverse("accounts:token_create"), {"name": "script", "expires_days": 30, "current_password": "x"})
    assert not PersonalAccessToken.objects.filter(user=personas.mentor.user).exists()
    made = client.post(
        reverse("accounts:token_create"), {"name": "script", "expires_days": 30, "current_password": PASSWORD}
    )
    assert made.status_code == 200
    assert PersonalAccessToken.objects.filter(user=personas.mentor.user).count() == 1

    refused = client.post(
        "/api/v1/tokens",
        data=json.dumps({"name": "api", "expires_days": 30, "current_password": "nope"}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    missing = client.post(
        "/api/v1/tokens", data=json.dumps({"name": "api", "expires_days": 30}), content_type="application/json"
    )
    assert missing.status_code == 422
    ok = client.post(
        "/api/v1/tokens",
        data=json.dumps({"name": "api", "expires_days": 30, "current_password": PASSWORD}),
        content_type="application/json",
    )
    assert ok.status_code == 201
    assert PersonalAccessToken.objects.filter(user=personas.mentor.user).count() == 2


def test_wrong_current_passwords_are_throttled_like_logins(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    client = login_client(personas.participant)
    for _ in range(settings.LOGIN_FAILURES_PER_PAIR):
        client.post(
            reverse("accounts:password_change"),
            {"current_password": "guess", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        )
    blocked = client.post(
        reverse("accounts:password_change"),
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert blocked.status_code == 429


# Tokens end with the password and with "log out on every device" ------------------------------------


def _me(raw: str) -> int:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def test_log_out_on_every_device_ends_tokens_too(personas: Personas) -> None:
    _token, raw = access_token_create(viewer=personas.mentor, name="script")
    assert _me(raw) == 200
    client = login_client(personas.mentor)
    settings_page = client.get(reverse("accounts:settings"))
    assert b"also ends your API tokens" in settings_page.content
    client.post(reverse("accounts:logout_everywhere"))
    assert _me(raw) == 401
    assert PersonalAccessToken.objects.get(user=personas.mentor.user).revoked_at is not None


def test_a_password_change_ends_tokens(personas: Personas) -> None:
    _token, raw = access_token_create(viewer=personas.participant, name="script")
    services.password_set(user=personas.participant.user, password=NEW_PASSWORD)
    assert _me(raw) == 401


# Password resets ------------------------------------------------------------------------------------


def _resets_sent(box: Mailbox) -> list[str]:
    """Who got a reset email (the worker's other jobs may send other emails)."""
    return [m["To"] for m in box.messages if "Reset your Alongside password" in m["Subject"]]


def _reset(email: str, address: str = "198.51.100.20") -> int:
    return Client().post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address).status_code


def test_reset_emails_to_one_person_are_limited(personas: Personas, smtp_server: Mailbox, settings) -> None:  # type: ignore[no-untyped-def]
    """15 requests sent 15 emails to one person; an email naming Alongside can out someone's recovery."""
    for i in range(15):
        assert _reset("participant@example.test", address=f"203.0.113.{i + 1}") == 200
    run_queued_tasks()
    outbox_deliver_due()
    assert _resets_sent(smtp_server) == ["participant@example.test"] * settings.PASSWORD_RESETS_PER_ACCOUNT


def test_reset_requests_from_one_address_are_limited(personas: Personas, smtp_server: Mailbox, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_RESETS_PER_ADDRESS = 3
    for email in ["participant@example.test", "participant2@example.test", "mentor@example.test", "admin@example.test"]:
        assert _reset(email, address="203.0.113.77") == 200
    run_queued_tasks()
    outbox_deliver_due()
    assert len(_resets_sent(smtp_server)) == 3


def test_known_and_unknown_emails_do_the_same_work_in_the_request(personas: Personas) -> None:
    """The same statements for both, so the answer takes the same time; the lookup happens in the worker."""

    def statements(email: str) -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert _reset(email) == 200
        return [q["sql"].split(" ")[0] for q in ctx.captured_queries]

    known = statements("participant@example.test")
    unknown = statements("nobody-at-all@example.test")
    assert known == unknown
    assert DBTaskResult.objects.count() == 2


# A shared address -----------------------------------------------------------------------------------


def test_a_busy_shared_address_slows_guesses_but_lets_a_correct_password_in(
    personas: Personas, settings, slept: list[float]
) -> None:  # type: ignore[no-untyped-def]
    """A recovery centre's Wi-Fi: someone guessing many accounts must not lock everyone there out."""
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    for i in range(12):
        Client().post(
            reverse("accounts:login"),
            {"email": f"guess{i}@example.test", "password": "wrong-password-x"},
            REMOTE_ADDR="203.0.113.50",
        )
    assert slept, "guesses past the address's allowance are slowed down"
    assert slept == sorted(slept), "the delay grows"
    assert max(slept) <= settings.LOGIN_ADDRESS_DELAY_MAX_SECONDS
    neighbour = Client().post(
        reverse("accounts:login"),
        {"email": "participant@example.test", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.50",
    )
    assert neighbour.status_code == 302


# Bearer tokens --------------------------------------------------------------------------------------


def test_failed_bearer_tokens_are_counted_and_slowed_per_address(
    personas: Personas, settings, slept: list[float]
) -> None:  # type: ignore[no-untyped-def]
    """Past the allowance an unknown token answers 429 at once (no thread held); a valid token never waits."""
    settings.TOKEN_FAILURES_PER_ADDRESS = 3
    statuses = [
        Client()
        .get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer alg_guess{i:040d}", REMOTE_ADDR="203.0.113.90")
        .status_code
        for i in range(6)
    ]
    assert statuses == [401, 401, 401, 429, 429, 429]
    assert ThrottleEvent.objects.filter(kind=ThrottleEvent.Kind.TOKEN, address="203.0.113.90").count() == 6
    assert slept == []
    _token, raw = access_token_create(viewer=personas.mentor, name="script")
    for address in ("203.0.113.90", "198.51.100.4"):
        response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR=address)
        assert response.status_code == 200


def test_waiting_never_holds_more_than_a_few_threads(personas: Personas, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """While LOGIN_DELAYED_AT_ONCE requests are already waiting, another is asked to retry rather than wait too."""
    settings.LOGIN_FAILURES_PER_ADDRESS = 1
    Client().post(
        reverse("accounts:login"),
        {"email": "guess@example.test", "password": "wrong-password-x"},
        REMOTE_ADDR="203.0.113.51",
    )
    taken = [services._waiting.acquire(blocking=False) for _ in range(settings.LOGIN_DELAYED_AT_ONCE)]
    try:
        assert all(taken)
        busy = Client().post(
            reverse("accounts:login"),
            {"email": "participant@example.test", "password": PASSWORD},
            REMOTE_ADDR="203.0.113.51",
        )
        assert busy.status_code == 429
        assert b"try again in a few seconds" in busy.content
    finally:
        for _ in taken:
            services._waiting.release()
    monkeypatch.setattr(services, "_sleep", lambda seconds: None)
    ok = Client().post(
        reverse("accounts:login"),
        {"email": "participant@example.test", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.51",
    )
    assert ok.status_code == 302


def test_the_worker_forgets_old_throttle_counts(personas: Personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    old = ThrottleEvent.objects.create(kind=ThrottleEvent.Kind.TOKEN, address="203.0.113.1")
    ThrottleEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1))
    recent = ThrottleEvent.objects.create(kind=ThrottleEvent.Kind.TOKEN, address="203.0.113.1")
    assert services.throttle_events_purge() == 1
    assert list(ThrottleEvent.objects.values_list("pk", flat=True)) == [recent.pk]
