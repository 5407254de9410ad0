from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from alongside.envconf import check_sms_settings
from alongside.notifications.sms import (
    SmsError,
    SmsNotConfigured,
    mask_phone_number,
    normalize_phone_number,
    send_sms,
)
from alongside.notifications.testing import ACCOUNT_SID, SENDER, FakeSmsProvider


def test_it_posts_a_form_with_basic_auth_and_an_idempotency_key(sms_provider: FakeSmsProvider) -> None:
    sid = send_sms(to="+15550101234", body="Alongside: Sam may need you", idempotency_key="outbox-7")
    [request] = sms_provider.requests
    assert request.authorized
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert request.form == {"To": "+15550101234", "From": SENDER, "Body": "Alongside: Sam may need you"}
    assert request.idempotency_key == "outbox-7"
    assert sid.startswith("SM")


def test_the_same_idempotency_key_is_sent_once_by_the_provider(sms_provider: FakeSmsProvider) -> None:
    first = send_sms(to="+15550101234", body="x", idempotency_key="outbox-7")
    second = send_sms(to="+15550101234", body="x", idempotency_key="outbox-7")
    assert first == second
    assert (len(sms_provider.requests), sms_provider.unique_keys, len(sms_provider.delivered)) == (2, 1, 1)


def test_a_provider_error_is_a_retryable_failure(sms_provider: FakeSmsProvider) -> None:
    sms_provider.mode = "fail"
    with pytest.raises(SmsError) as caught:
        send_sms(to="+15550101234", body="x", idempotency_key="k")
    assert (caught.value.status, caught.value.permanent) == (500, False)
    assert "HTTP 500" in str(caught.value) and "20500" in str(caught.value)


def test_a_refused_number_is_final_and_the_error_does_not_repeat_the_number(sms_provider: FakeSmsProvider) -> None:
    sms_provider.mode = "refuse"
    with pytest.raises(SmsError) as caught:
        send_sms(to="+15550101234", body="x", idempotency_key="k")
    assert (caught.value.status, caught.value.permanent) == (400, True)
    assert "5550101234" not in str(caught.value)


def test_wrong_credentials_are_final(sms_provider: FakeSmsProvider, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SMS_AUTH_TOKEN = "wrong"
    with pytest.raises(SmsError) as caught:
        send_sms(to="+15550101234", body="x", idempotency_key="k")
    assert (caught.value.status, caught.value.permanent) == (401, True)


def test_a_provider_that_does_not_answer_in_time_is_a_retryable_failure(
    sms_provider: FakeSmsProvider,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    sms_provider.mode = "hang"
    settings.SMS_TIMEOUT_SECONDS = 0.3
    with pytest.raises(SmsError) as caught:
        send_sms(to="+15550101234", body="x", idempotency_key="k")
    assert caught.value.permanent is False
    assert "could not be reached" in str(caught.value)


def test_a_provider_that_is_down_is_a_retryable_failure(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SMS_API_BASE_URL = "http://127.0.0.1:9/2010-04-01/Accounts/AC1"  # nothing listens
    settings.SMS_ACCOUNT_SID, settings.SMS_AUTH_TOKEN, settings.SMS_FROM = "AC1", "t", SENDER
    with pytest.raises(SmsError) as caught:
        send_sms(to="+15550101234", body="x", idempotency_key="k")
    assert caught.value.permanent is False


def test_nothing_is_sent_when_sms_is_not_configured() -> None:
    with pytest.raises(SmsNotConfigured):
        send_sms(to="+15550101234", body="x", idempotency_key="k")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("+1 (555) 010-1234", "+15550101234"), ("0044 20 7946 0958", "+442079460958"), ("  ", "")],
)
def test_phone_numbers_are_normalized_to_e164(raw: str, expected: str) -> None:
    assert normalize_phone_number(raw) == expected


@pytest.mark.parametrize("raw", ["555 0101", "+0 555 010 1234", "+1 555 CALL NOW", "+1234567890123456"])
def test_numbers_that_are_not_e164_are_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        normalize_phone_number(raw)


def test_a_number_is_masked_to_its_last_four_digits() -> None:
    assert mask_phone_number("+15550101234") == "•••• 1234"
    assert mask_phone_number("") == ""


def test_sms_settings_are_checked_at_start() -> None:
    check_sms_settings(base_url="", account_sid="", auth_token="", sender="")  # off: fine
    check_sms_settings(
        base_url="https://api.twilio.com/2010-04-01/Accounts/AC1", account_sid="AC1", auth_token="t", sender="+1"
    )
    check_sms_settings(base_url="http://127.0.0.1:8025", account_sid="AC1", auth_token="t", sender="+1")
    with pytest.raises(ImproperlyConfigured, match="SMS_AUTH_TOKEN"):
        check_sms_settings(base_url="https://sms.example.org", account_sid="AC1", auth_token="", sender="+1")
    with pytest.raises(ImproperlyConfigured, match="https"):
        check_sms_settings(base_url="http://sms.example.org", account_sid="AC1", auth_token="t", sender="+1")
    with pytest.raises(ImproperlyConfigured):
        check_sms_settings(base_url="sms.example.org", account_sid="AC1", auth_token="t", sender="+1")
