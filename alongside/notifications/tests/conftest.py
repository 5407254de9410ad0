from __future__ import annotations

from collections.abc import Iterator

import pytest

from alongside.notifications.testing import ACCOUNT_SID, AUTH_TOKEN, SENDER, FakeSmsProvider


@pytest.fixture
def sms_provider(settings) -> Iterator[FakeSmsProvider]:  # type: ignore[no-untyped-def]
    """A real HTTP SMS provider on a free local port; settings point the app at it."""
    with FakeSmsProvider() as provider:
        settings.SMS_API_BASE_URL = provider.base_url
        settings.SMS_ACCOUNT_SID = ACCOUNT_SID
        settings.SMS_AUTH_TOKEN = AUTH_TOKEN
        settings.SMS_FROM = SENDER
        settings.SMS_TIMEOUT_SECONDS = 2
        yield provider


@pytest.fixture(autouse=True)
def _no_real_sms_provider(settings) -> None:  # type: ignore[no-untyped-def]
    """Text messages go nowhere unless a test starts the local provider."""
    settings.SMS_API_BASE_URL = ""
