"""A person's own notifications over the API."""

from __future__ import annotations

from django.test import Client

from alongside.accounts.services import access_token_create
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import api_call
from alongside.notifications.models import Notification
from alongside.notifications.services import notify
from alongside.organizations.models import Membership, Role


def test_i_see_only_my_notifications_and_can_mark_them_read(personas: Personas) -> None:
    mine = notify(recipient=personas.participant.user, organization=personas.org, kind="t", title="Yours", email=False)
    notify(recipient=personas.participant2.user, organization=personas.org, kind="t", title="Not yours", email=False)
    client = login_client(personas.participant)

    _r, listed = api_call(client, "GET", "/notifications")
    response, body = api_call(client, "POST", "/notifications/read-all")

    assert [n["id"] for n in listed] == [mine.pk]
    assert listed[0]["read_at"] is None
    assert response.status_code == 200
    assert body == {"marked": 1}
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert Notification.objects.filter(recipient=personas.participant2.user, read_at__isnull=True).count() == 1


def test_a_token_shows_only_its_organizations_notifications(personas: Personas) -> None:
    Membership.objects.create(user=personas.participant.user, organization=personas.other_org, role=Role.PARTICIPANT)
    here = notify(recipient=personas.participant.user, organization=personas.org, kind="t", title="Here", email=False)
    notify(recipient=personas.participant.user, organization=personas.other_org, kind="t", title="There", email=False)
    _token, raw = access_token_create(viewer=personas.participant, name="script")

    _r, listed = api_call(Client(), "GET", "/notifications", headers={"Authorization": f"Bearer {raw}"})

    assert [n["id"] for n in listed] == [here.pk]
