"""Invitations and password resets, delivered over real SMTP through the outbox."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from alongside.accounts.models import User
from alongside.conftest import PASSWORD, Mailbox, Personas, login_client
from alongside.notifications.models import OutboxMessage, OutboxStatus
from alongside.notifications.services import outbox_deliver_due
from alongside.notifications.testing import run_queued_tasks
from alongside.organizations.models import Invitation, Membership, Role
from alongside.organizations.services import invitation_create

NEW_PASSWORD = "a quiet river at dawn"


def link_in(body: str) -> str:
    match = re.search(r"https?://[^\s]+", body)
    assert match, body
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_an_invitation_is_emailed_and_makes_one_membership(personas: Personas, smtp_server: Mailbox) -> None:
    invitation_create(
        viewer=personas.admin, email="New.Person@example.test", role=Role.PARTICIPANT, program_id=personas.program.pk
    )
    assert outbox_deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    [body] = smtp_server.bodies("new.person@example.test")
    path = link_in(body)
    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    assert personas.org.name.encode() in page.content
    bad = client.post(path, {"display_name": "Noor", "language": "en", "password": "short", "password_again": "short"})
    assert bad.status_code == 400
    assert not User.objects.filter(email="new.person@example.test").exists()
    done = client.post(
        path, {"display_name": "Noor", "language": "es", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert done.status_code == 302
    member = Membership.objects.get(user__email="new.person@example.test")
    assert (member.role, member.organization, member.program) == (Role.PARTICIPANT, personas.org, personas.program)
    assert member.user.language == "es"
    # Single use: the same link does nothing the second time.
    assert Client().get(path).status_code == 404
    assert Membership.objects.filter(user__email="new.person@example.test").count() == 1


def test_an_expired_or_revoked_invitation_link_is_refused(personas: Personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    invitation, raw = invitation_create(viewer=personas.admin, email="late@example.test", role=Role.MENTOR)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(reverse("accounts:accept_invitation", args=[raw])).status_code == 404
    assert Client().get(reverse("accounts:accept_invitation", args=["not-a-token"])).status_code == 404


def test_a_logged_in_person_joins_a_second_organization_with_one_click(personas: Personas) -> None:
    from alongside.organizations.models import Membership as M

    other_admin = M.objects.create(
        user=User.objects.create_user("boss@example.test", PASSWORD, display_name="Boss"),
        organization=personas.other_org,
        role=Role.ADMIN,
    )
    _inv, raw = invitation_create(viewer=other_admin, email="mentor@example.test", role=Role.MENTOR)
    client = login_client(personas.mentor)
    assert client.post(reverse("accounts:accept_invitation", args=[raw])).status_code == 302
    assert M.objects.filter(user=personas.mentor.user, organization=personas.other_org, role=Role.MENTOR).exists()


def test_a_password_reset_is_emailed_and_ends_old_sessions(personas: Personas, smtp_server: Mailbox) -> None:
    old_session = login_client(personas.participant)
    response = Client().post(reverse("accounts:password_reset"), {"email": "participant@example.test"})
    assert response.status_code == 200
    Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})  # says the same, sends nothing
    run_queued_tasks()  # the worker looks the address up and queues the email
    outbox_deliver_due()
    assert len(smtp_server.messages) == 1
    path = link_in(smtp_server.bodies("participant@example.test")[0])
    client = Client()
    assert client.get(path).status_code == 200
    mismatch = client.post(path, {"password": NEW_PASSWORD, "password_again": "something else"})
    assert mismatch.status_code == 400
    assert client.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}).status_code == 302
    assert old_session.get("/").status_code == 302
    assert (
        Client().post("/accounts/login/", {"email": "participant@example.test", "password": NEW_PASSWORD}).status_code
        == 302
    )
    # The link works once.
    assert Client().get(path).status_code == 404


def test_email_that_fails_stays_in_the_outbox_and_is_retried(
    personas: Personas, smtp_server: Mailbox, settings
) -> None:  # type: ignore[no-untyped-def]
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # nothing listens: the send fails
    Client().post(reverse("accounts:password_reset"), {"email": "participant@example.test"})
    run_queued_tasks()
    assert outbox_deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1 and message.last_error
    settings.EMAIL_PORT = working_port
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    assert outbox_deliver_due()["sent"] == 1
    assert len(smtp_server.messages) == 1
    assert outbox_deliver_due() == {"sent": 0, "retry": 0, "failed": 0}  # never twice
