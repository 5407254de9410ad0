"""The participant's choice to keep their safety plan on this phone for when they are offline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client

if TYPE_CHECKING:
    from django.test import Client


def test_it_is_on_unless_the_person_turns_it_off(personas: Personas) -> None:
    assert personas.participant.user.offline_safety_plan is True


def test_the_plan_may_be_kept_on_the_device_while_it_is_on(personas: Personas) -> None:
    client = login_client(personas.participant)
    response = client.get("/safety/")
    assert "no-store" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert 'data-offline-plan="keep"' in response.content.decode()


def test_turning_it_off_marks_the_plan_no_store_and_tells_the_phone_to_forget_it(personas: Personas) -> None:
    client = login_client(personas.participant)
    page = client.get("/accounts/settings/").content.decode()
    assert "Keep my safety plan on this phone for when I am offline" in page
    response = client.post("/accounts/settings/", {"section": "offline"})  # the box unticked
    assert response.status_code == 302
    personas.participant.user.refresh_from_db()
    assert personas.participant.user.offline_safety_plan is False
    assert AuditEntry.objects.filter(action="account.offline_plan_changed").exists()
    plan = client.get("/safety/")
    assert plan["Cache-Control"] == "no-store"
    assert 'data-offline-plan="forget"' in plan.content.decode()
    client.post("/accounts/settings/", {"section": "offline", "offline_safety_plan": "on"})
    personas.participant.user.refresh_from_db()
    assert personas.participant.user.offline_safety_plan is True


def test_staff_are_not_offered_it_and_their_pages_keep_no_store(personas: Personas) -> None:
    client = login_client(personas.mentor)
    assert "Keep my safety plan on this phone" not in client.get("/accounts/settings/").content.decode()
    assert client.get(f"/safety/participant/{personas.participant.pk}/")["Cache-Control"] == "no-store"


def test_logging_out_clears_what_the_phone_kept_but_not_checkins_waiting_to_be_sent(personas: Personas) -> None:
    client = login_client(personas.participant)
    response = client.post("/accounts/logout/")
    # "storage" would also wipe check-ins saved offline and not sent yet (no check-in is ever lost):
    # the service worker forgets the person's kept pages itself.
    assert response["Clear-Site-Data"] == '"cache"'


def test_a_page_says_whose_it_is_by_membership_id_and_the_logout_notice_is_translated(personas: Personas) -> None:
    client = login_client(personas.participant)
    html = client.get("/checkin/").content.decode()
    assert f'<body data-viewer="{personas.participant.pk}">' in html
    assert f'<input type="hidden" name="owner" value="{personas.participant.pk}">' in html
    assert "data-offline-forget" not in html
    client.cookies["alongside_language"] = "es"
    spanish = client.get("/checkin/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "%(n)s registro(s) guardado(s) en este teléfono todavía no se han enviado" in spanish
    assert 'data-logout-anyway="Cerrar sesión de todos modos"' in spanish


def test_a_logged_out_page_tells_the_phone_to_forget_the_last_persons_pages(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "data-offline-forget" in html
    assert "data-viewer" not in html
