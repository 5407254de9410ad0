"""Crisis lines as settings: US defaults until a program or its organization sets its own, in the reader's language."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.crisis.models import CrisisLine
from alongside.crisis.services import LineInput, crisis_lines_replace
from alongside.organizations.models import Program, SettingType

UK_LINES = [
    LineInput(
        name={"en": "Samaritans", "es": "Samaritanos"},
        how={"en": "Call 116 123, free, any time.", "es": "Llama gratis al 116 123, a cualquier hora."},
        phone="116 123",
    ),
    LineInput(name={"en": "Shout"}, how={"en": "Text SHOUT to 85258."}, text_number="85258", text_body={"en": "SHOUT"}),
    LineInput(name={"en": "Emergency", "es": "Emergencias"}, phone="999", is_emergency=True),
]


def _page(client: Client, path: str = "/coping/", language: str = "en") -> str:
    client.cookies["alongside_language"] = language
    return client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_new_organization_shows_the_us_defaults_with_988_in_spanish(personas: Personas) -> None:
    client = login_client(personas.participant)
    html = _page(client)
    for href in ("tel:988", "sms:988", "tel:18006624357", "sms:741741?&amp;body=HOME", "tel:911"):
        assert href in html
    spanish = _page(client, language="es")
    assert "marca 2" in spanish or "AYUDA" in spanish
    assert "sms:741741?&amp;body=AYUDA" in spanish


def test_an_organization_sets_its_own_lines_and_every_participant_page_shows_them(personas: Personas) -> None:
    crisis_lines_replace(viewer=personas.admin, program=None, lines=UK_LINES)
    client = login_client(personas.participant)
    for path in ("/coping/", reverse("crisis:help"), reverse("alerts:crisis_alerted"), reverse("safety:plan")):
        html = _page(client, path)
        assert "tel:116123" in html, path
        assert "tel:999" in html, path
        assert "tel:988" not in html, path
    assert "Samaritanos" in _page(client, reverse("crisis:help"), language="es")
    # The outsider's organization still has the defaults.
    assert "tel:988" in _page(login_client(personas.outsider), reverse("crisis:help"))


def test_a_program_s_own_lines_replace_the_organization_s_for_its_participants_only(personas: Personas) -> None:
    crisis_lines_replace(viewer=personas.admin, program=None, lines=UK_LINES)
    crisis_lines_replace(
        viewer=personas.admin,
        program=personas.program,
        lines=[LineInput(name={"en": "Campus line"}, phone="5550100")],
    )
    html = _page(login_client(personas.participant), reverse("crisis:help"))
    assert "tel:5550100" in html and "tel:116123" not in html
    other = Program.objects.create(
        organization=personas.org, name="Evenings", setting_type=SettingType.RECOVERY_CENTER, time_zone="UTC"
    )
    personas.participant2.program = other
    personas.participant2.save()
    assert "tel:116123" in _page(login_client(personas.participant2), reverse("crisis:help"))


def test_the_admin_edits_the_lines_in_the_browser_form_prefilled_with_the_defaults(personas: Personas) -> None:
    client = login_client(personas.admin)
    page = client.get(reverse("crisis:lines"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="988"' in html and "US defaults" in html
    data = {
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "12",
        "lines-0-name_en": "Lifeline",
        "lines-0-name_es": "Línea de vida",
        "lines-0-phone": "13 11 14",
        "lines-1-name_en": "Emergency",
        "lines-1-phone": "000",
        "lines-1-is_emergency": "on",
    }
    saved = client.post(reverse("crisis:lines"), data)
    assert saved.status_code == 302
    assert list(CrisisLine.objects.values_list("phone", flat=True)) == ["131114", "000"]
    assert AuditEntry.objects.filter(action="crisis_lines.updated").exists()
    bad = client.post(reverse("crisis:lines"), {**data, "lines-0-phone": "call us", "lines-1-phone": ""})
    assert bad.status_code == 400
    assert "Line 1" in bad.content.decode()
    assert list(CrisisLine.objects.values_list("phone", flat=True)) == ["131114", "000"]  # nothing half-saved
    inherit = client.post(reverse("crisis:lines"), {"action": "inherit"})
    assert inherit.status_code == 302
    assert not CrisisLine.objects.exists()


@pytest.mark.parametrize("persona", ["participant", "mentor", "supervisor", "outsider"])
def test_only_the_organization_s_admin_sets_lines(personas: Personas, persona: str) -> None:
    client = login_client(getattr(personas, persona))
    assert client.get(reverse("crisis:lines")).status_code in {403, 404}
    response = client.put(
        "/api/v1/crisis-lines/settings", data=json.dumps({"lines": []}), content_type="application/json"
    )
    assert response.status_code in {403, 404}


def test_the_outsider_admin_cannot_reach_another_organization_s_program(personas: Personas) -> None:
    from alongside.conftest import make_member
    from alongside.organizations.models import Role

    other_admin = make_member(personas.other_org, "harbor-admin@example.test", "Harbor Admin", Role.ADMIN)
    client = login_client(other_admin)
    assert client.get(reverse("crisis:lines") + f"?program={personas.program.pk}").status_code == 404
    response = client.get(f"/api/v1/crisis-lines/settings?program_id={personas.program.pk}")
    assert response.status_code == 404


def test_the_api_shows_my_lines_and_lets_the_admin_set_them(personas: Personas) -> None:
    participant = login_client(personas.participant)
    mine = participant.get("/api/v1/crisis-lines").json()
    assert mine[0]["tel_href"] == "tel:988"
    admin = login_client(personas.admin)
    body = {
        "lines": [
            {"name": {"en": "Samaritans", "es": "Samaritanos"}, "phone": "116123"},
            {"name": {"en": "Emergency"}, "phone": "999", "is_emergency": True},
        ]
    }
    put = admin.put(
        f"/api/v1/crisis-lines/settings?program_id={personas.program.pk}",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert put.status_code == 200, put.content
    assert [line["phone"] for line in put.json()["lines"]] == ["116123", "999"]
    spanish = participant.get("/api/v1/crisis-lines", HTTP_ACCEPT_LANGUAGE="es").json()
    assert spanish[0]["name"] in {"Samaritanos", "Samaritans"}
    for bad in (
        {"lines": [{"name": {"en": "No way to reach it"}}]},
        {"lines": [{"name": {"en": "x"}, "phone": "call me"}]},
        {"lines": [{"name": {"en": "x"}, "chat_url": "http://example.test"}]},
        {"lines": [{"name": {"en": "a\u0000b"}, "phone": "988"}]},
        {"lines": [{"name": {}, "phone": "988"}]},
    ):
        refused = admin.put("/api/v1/crisis-lines/settings", data=json.dumps(bad), content_type="application/json")
        assert refused.status_code == 422, (bad, refused.content)
    assert CrisisLine.objects.filter(program__isnull=True).count() == 0


def test_the_emergency_number_follows_the_program_s_lines(personas: Personas) -> None:
    crisis_lines_replace(viewer=personas.admin, program=None, lines=UK_LINES)
    client = login_client(personas.participant)
    overdose = _page(client, reverse("crisis:overdose"))
    assert 'href="tel:999"' in overdose and "Call 999 now" in overdose
    assert 'href="tel:911"' not in overdose and "Good Samaritan" not in overdose
    client.post(reverse("alerts:crisis_alert"), {"client_id": "6b3bd5a4-1f0c-4c1b-9f4e-1e1f2b3c4d5e"})
    sent = _page(client, reverse("alerts:crisis_alerted"))
    assert "If you are in danger now, call 999." in sent and "In an emergency call 999." in sent
    assert "call 999" in client.post("/api/v1/crisis/alert").json()["message"]
    # A visitor (no organization) sees the US default.
    assert "Call 911 now" in _page(Client(), reverse("crisis:overdose"))
