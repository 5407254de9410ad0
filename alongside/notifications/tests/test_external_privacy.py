"""By default nothing identifying leaves the app: an email or a text only says there is something
to see, and where (EXTERNAL_NOTIFICATION_DETAILS="none"). Delivered for real: SMTP and the local
SMS provider."""

from __future__ import annotations

import pytest

from alongside.alerts.models import AlertKind
from alongside.alerts.services import alert_raise
from alongside.conftest import Mailbox, Personas
from alongside.notifications.services import notify, outbox_deliver_due
from alongside.notifications.testing import FakeSmsProvider


@pytest.fixture(autouse=True)
def _private_default(settings):  # type: ignore[no-untyped-def]
    settings.EXTERNAL_NOTIFICATION_DETAILS = "none"


def test_a_crisis_alert_reaches_the_mentor_without_naming_anyone(
    personas: Personas, smtp_server: Mailbox, sms_provider: FakeSmsProvider
) -> None:
    mentor = personas.mentor.user
    mentor.phone_number = "+15550101234"
    mentor.save()
    alert_raise(participant=personas.participant, kind=AlertKind.CRISIS_BUTTON, reason="Pressed the crisis button")
    outbox_deliver_due()
    [text] = sms_provider.delivered
    assert text.form["Body"].startswith("Alongside: urgent, please open the app now http")
    assert "/alerts/" in text.form["Body"]
    for name in ("Pat", "Participant", "crisis button"):
        assert name not in text.form["Body"]
    assert smtp_server.to(mentor.email) == []  # the text got through: no second message


def test_an_email_says_only_that_there_is_something_to_see_in_the_persons_language(
    personas: Personas, smtp_server: Mailbox
) -> None:
    user = personas.participant.user
    user.language = "es"
    user.save()
    notify(recipient=user, kind="k", title="Pat, Maria wrote to you", body="About your goal", link="/messages/")
    outbox_deliver_due()
    [message] = smtp_server.to(user.email)
    assert message["Subject"] == "Alongside: tienes una notificación nueva"
    content = message.get_content()
    assert "/messages/" in content and "Maria" not in content and "goal" not in content and "Pat" not in content
