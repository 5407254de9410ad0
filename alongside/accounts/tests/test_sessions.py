from __future__ import annotations

import time

from django.urls import reverse

from alongside.accounts.middleware import SESSION_AUTH_AT, SESSION_LAST_SEEN
from alongside.conftest import Personas, login_client
from alongside.organizations.services import membership_deactivate


def test_logging_out_everywhere_ends_every_session(personas: Personas) -> None:
    phone = login_client(personas.participant)
    laptop = login_client(personas.participant)
    assert phone.get("/").status_code == 200
    response = laptop.post(reverse("accounts:logout_everywhere"))
    assert response.status_code == 302
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302


def test_logout_needs_a_post_and_ends_the_session(personas: Personas) -> None:
    client = login_client(personas.participant)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get("/")["Location"] == reverse("accounts:login")


def test_deactivating_a_user_ends_their_open_sessions(personas: Personas) -> None:
    client = login_client(personas.participant)
    assert client.get("/").status_code == 200
    membership_deactivate(viewer=personas.admin, membership=personas.participant)
    assert client.get("/").status_code == 302


def test_a_staff_session_ends_after_the_idle_timeout(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 15
    client = login_client(personas.mentor)
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - 16 * 60
    session.save()
    response = client.get("/")
    assert response["Location"] == reverse("accounts:login")
    assert client.get("/").status_code == 302


def test_background_polling_does_not_keep_an_unattended_session_alive(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 15
    client = login_client(personas.mentor)
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - 5 * 60
    session.save()
    assert client.get("/", headers={"X-Alongside-Background": "1"}).status_code == 200
    assert client.session[SESSION_LAST_SEEN] < time.time() - 4 * 60  # not refreshed by the poll
    assert client.get("/").status_code == 200
    assert client.session[SESSION_LAST_SEEN] > time.time() - 60  # a real visit refreshes it


def test_a_participant_session_survives_a_staff_length_pause(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 15
    settings.PARTICIPANT_IDLE_TIMEOUT_MINUTES = 60
    client = login_client(personas.participant)
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - 16 * 60
    session.save()
    assert client.get("/").status_code == 200


def test_a_session_ends_after_the_absolute_timeout_even_when_active(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SESSION_ABSOLUTE_TIMEOUT_HOURS = 12
    client = login_client(personas.participant)
    session = client.session
    session[SESSION_AUTH_AT] = time.time() - 13 * 3600
    session.save()
    assert client.get("/")["Location"] == reverse("accounts:login")


def test_a_person_in_two_organizations_sees_each_separately(personas: Personas) -> None:
    from alongside.organizations.models import Membership, Role

    second = Membership.objects.create(user=personas.mentor.user, organization=personas.other_org, role=Role.MENTOR)
    client = login_client(personas.mentor)
    home = client.get("/")
    assert personas.participant.user.display_name.encode() in home.content
    response = client.post(reverse("accounts:switch_membership", args=[second.pk]))
    assert response.status_code == 302
    other_home = client.get("/")
    assert personas.other_org.name.encode() in other_home.content
    assert personas.participant.user.display_name.encode() not in other_home.content


def test_nobody_can_switch_into_someone_elses_membership(personas: Personas) -> None:
    client = login_client(personas.outsider)
    assert client.post(reverse("accounts:switch_membership", args=[personas.mentor.pk])).status_code == 404


def test_an_idled_out_session_no_longer_works_on_the_api(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 15
    client = login_client(personas.mentor)
    assert client.get("/api/v1/me").status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - 16 * 60
    session.save()
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
