"""Text messages through an SMS provider's HTTP API.

The wire format is Twilio's Messages API, which most providers also accept:

    POST {SMS_API_BASE_URL}/Messages.json
    Authorization: Basic base64(SMS_ACCOUNT_SID:SMS_AUTH_TOKEN)
    Idempotency-Key: outbox-<message id>
    Content-Type: application/x-www-form-urlencoded

    To=+15550101234&From=<SMS_FROM>&Body=<text>

For Twilio itself set ``SMS_API_BASE_URL=https://api.twilio.com/2010-04-01/Accounts/<account sid>``.
Any 2xx answer means the provider accepted the message; its JSON ``sid`` (or ``id``) is
returned. The ``Idempotency-Key`` is the same on every attempt at one outbox message, so a
provider that honours it sends a message once even when a worker crashed after the provider
accepted it and a second worker tried again; providers that do not know the header ignore it
(email has the same guarantee through a stable Message-ID).

This module only speaks HTTP. When to send, retries and falling back to email are the
outbox's job (``alongside.notifications.services``).
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

# 4xx answers that may succeed on a later try (timeout, conflict, rate limit); other 4xx are final.
_RETRYABLE_CLIENT_ERRORS = {408, 409, 425, 429}
_NOT_DIGITS = re.compile(r"[\s().\-/]")
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


class SmsError(Exception):
    """The provider did not accept the message. ``permanent``: trying again will not help
    (a refused number, bad credentials), so the outbox moves on to the next channel at once."""

    def __init__(self, message: str, *, permanent: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.status = status


class SmsNotConfigured(SmsError):
    def __init__(self) -> None:
        super().__init__("SMS is not configured (SMS_API_BASE_URL is empty)", permanent=True)


def sms_configured() -> bool:
    return bool(settings.SMS_API_BASE_URL)


def normalize_phone_number(raw: str) -> str:
    """``"+1 (555) 010-1234"`` → ``"+15550101234"``; ``""`` for nothing. Raises ``ValueError``
    when the result is not an E.164 number (a plus, the country code, at most 15 digits)."""
    number = _NOT_DIGITS.sub("", raw.strip())
    if number.startswith("00"):
        number = "+" + number[2:]
    if number and not E164.match(number):
        raise ValueError(number)
    return number


def mask_phone_number(number: str) -> str:
    """Only the last four digits: ``"•••• 1234"``."""
    return f"•••• {number[-4:]}" if number else ""


def send_sms(*, to: str, body: str, idempotency_key: str) -> str:
    """Hand one text message to the provider and return the provider's id for it.

    Raises ``SmsNotConfigured`` when SMS is off and ``SmsError`` when the provider refuses the
    message, answers with an error, or cannot be reached in ``SMS_TIMEOUT_SECONDS``. Error
    messages never contain the number or the text (they end up in the outbox's plain columns).
    """
    if not sms_configured():
        raise SmsNotConfigured()
    url = f"{settings.SMS_API_BASE_URL}/Messages.json"
    credentials = base64.b64encode(f"{settings.SMS_ACCOUNT_SID}:{settings.SMS_AUTH_TOKEN}".encode()).decode()
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked at start-up (envconf)
        url,
        data=urllib.parse.urlencode({"To": to, "From": settings.SMS_FROM, "Body": body}).encode(),
        method="POST",
        headers={
            "Authorization": f"Basic {credentials}",
            "Idempotency-Key": idempotency_key,
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "User-Agent": "Alongside",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT_SECONDS) as response:  # noqa: S310
            payload = response.read()
    except urllib.error.HTTPError as exc:
        code = _provider_error_code(exc.read())
        permanent = 400 <= exc.code < 500 and exc.code not in _RETRYABLE_CLIENT_ERRORS
        detail = f" (provider code {code})" if code else ""
        raise SmsError(
            f"the SMS provider answered HTTP {exc.code}{detail}", permanent=permanent, status=exc.code
        ) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        # Timeouts, refused connections, broken answers: worth another try.
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise SmsError(f"the SMS provider could not be reached: {type(reason).__name__}") from None
    try:
        answer = json.loads(payload or b"{}")
    except ValueError:
        answer = {}
    return str(answer.get("sid") or answer.get("id") or "") if isinstance(answer, dict) else ""


def _provider_error_code(payload: bytes) -> str:
    """The provider's numeric error code, if any. Never its message: it may repeat the number."""
    try:
        answer = json.loads(payload or b"{}")
    except ValueError:
        return ""
    code = answer.get("code") if isinstance(answer, dict) else None
    return str(code)[:20] if isinstance(code, int | str) else ""
