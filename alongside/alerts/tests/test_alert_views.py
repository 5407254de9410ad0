from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.alerts.models import Alert, AlertKind, AlertStatus
from alongside.alerts.services import alert_acknowledge, alert_raise, alert_resolve
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client

REASON = "Reported use on June 3. A good moment to check in, without judgment."

# Who may open and answer one alert about participant (matched with mentor, supervised by supervisor).
ALERT_ACCESS = [
    ("mentor", 200),
    ("supervisor", 200),
    ("mentor2", 404),
    ("supervisor2", 404),
    ("participant2", 404),
    # An alert is seen only by those who respond to it: to anyone else it does not exist.
    ("admin", 404),
    ("participant", 404),
    ("outsider", 404),
]
REFUSED = [(persona, status) for persona, status in ALERT_ACCESS if status != 200]


def make_alert(personas: Personas) -> Alert:
    return alert_raise(participant=personas.participant, kind=AlertKind.REPORTED_USE, reason=REASON)


def test_the_list_shows_the_mentors_alerts_open_first(personas: Personas) -> None:
    old = alert_raise(participant=personas.participant2, kind=AlertKind.SIGNAL, reason="Craving rising.")
    alert_resolve(viewer=personas.mentor, alert=old, note="Talked it through.")
    make_alert(personas)
    response = login_client(personas.mentor).get(reverse("alerts:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pat Participant" in page and "Paz Participant" in page
    assert page.index("Pat Participant") < page.index("Paz Participant")  # open before resolved
    assert "Reported use on June 3" in page


def test_the_list_filters_by_status(personas: Personas) -> None:
    make_alert(personas)
    client = login_client(personas.mentor)
    resolved = client.get(reverse("alerts:list"), {"status": "resolved"})
    assert resolved.status_code == 200 and "Pat Participant" not in resolved.content.decode()
    assert "No alerts with this status." in resolved.content.decode()
    open_ = client.get(reverse("alerts:list"), {"status": "open"})
    assert "Pat Participant" in open_.content.decode()
    nonsense = client.get(reverse("alerts:list"), {"status": "sideways"})
    assert nonsense.status_code == 200 and "Pat Participant" in nonsense.content.decode()


@pytest.mark.parametrize(
    ("persona", "status", "sees_it"),
    [
        ("mentor", 200, True),
        ("supervisor", 200, True),
        ("mentor2", 200, False),
        ("supervisor2", 200, False),
        ("outsider", 200, False),
        ("admin", 403, False),
        ("participant", 403, False),
    ],
)
def test_who_sees_the_alert_list(personas: Personas, persona: str, status: int, sees_it: bool) -> None:
    make_alert(personas)
    response = login_client(getattr(personas, persona)).get(reverse("alerts:list"))
    assert response.status_code == status
    assert ("Reported use on June 3" in response.content.decode()) is sees_it


@pytest.mark.parametrize(("persona", "status"), ALERT_ACCESS)
def test_who_may_open_an_alert(personas: Personas, persona: str, status: int) -> None:
    alert = make_alert(personas)
    response = login_client(getattr(personas, persona)).get(reverse("alerts:detail", args=[alert.pk]))
    assert response.status_code == status
    page = response.content.decode()
    assert ("Reported use on June 3" in page) is (status == 200)
    viewed = AuditEntry.objects.filter(action="alert.viewed", actor=getattr(personas, persona).user)
    assert viewed.count() == (1 if status == 200 else 0)


def test_the_alert_page_shows_its_history_and_the_ways_to_answer(personas: Personas) -> None:
    alert = make_alert(personas)
    page = login_client(personas.mentor).get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert reverse("alerts:acknowledge", args=[alert.pk]) in page
    assert reverse("alerts:resolve", args=[alert.pk]) in page
    assert reverse("alerts:note", args=[alert.pk]) in page
    assert "Raised" in page and 'name="resolve-note"' in page


def test_the_mentor_acknowledges_from_the_page(personas: Personas) -> None:
    alert = make_alert(personas)
    client = login_client(personas.mentor)
    response = client.post(reverse("alerts:acknowledge", args=[alert.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("alerts:detail", args=[alert.pk])
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED and alert.acknowledged_by == personas.mentor
    again = client.post(reverse("alerts:acknowledge", args=[alert.pk]), follow=True)
    assert "already acknowledged" in again.content.decode()
    page = client.get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert "Acknowledged by Maria Mentor" in page


def test_resolving_needs_a_note_on_the_page(personas: Personas) -> None:
    alert = make_alert(personas)
    client = login_client(personas.supervisor)
    response = client.post(reverse("alerts:resolve", args=[alert.pk]), {"resolve-note": "  "})
    assert response.status_code == 400
    assert 'id="id_resolve-note_error"' in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    done = client.post(reverse("alerts:resolve", args=[alert.pk]), {"resolve-note": "We met; they have a plan."})
    assert done.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED and alert.resolution_note == "We met; they have a plan."
    twice = client.post(reverse("alerts:resolve", args=[alert.pk]), {"resolve-note": "Again."}, follow=True)
    assert "already resolved" in twice.content.decode()
    alert.refresh_from_db()
    assert alert.resolution_note == "We met; they have a plan."


def test_a_note_is_added_from_the_page(personas: Personas) -> None:
    alert = make_alert(personas)
    client = login_client(personas.mentor)
    response = client.post(reverse("alerts:note", args=[alert.pk]), {"note-text": "Called, left a message."})
    assert response.status_code == 302
    assert [e.text for e in alert.events.filter(kind="note")] == ["Called, left a message."]
    empty = client.post(reverse("alerts:note", args=[alert.pk]), {"note-text": ""})
    assert empty.status_code == 400 and alert.events.filter(kind="note").count() == 1


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_nobody_else_answers_an_alert(personas: Personas, persona: str, status: int) -> None:
    alert = make_alert(personas)
    client = login_client(getattr(personas, persona))
    responses = [
        client.post(reverse("alerts:acknowledge", args=[alert.pk])),
        client.post(reverse("alerts:resolve", args=[alert.pk]), {"resolve-note": "Closing it."}),
        client.post(reverse("alerts:note", args=[alert.pk]), {"note-text": "Hello."}),
    ]
    assert [r.status_code for r in responses] == [status] * 3
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and [e.kind for e in alert.events.all()] == ["raised"]


@pytest.mark.parametrize("name", ["alerts:acknowledge", "alerts:resolve", "alerts:note"])
def test_answers_are_posted_never_got(personas: Personas, name: str) -> None:
    alert = make_alert(personas)
    assert login_client(personas.mentor).get(reverse(name, args=[alert.pk])).status_code == 405


def test_a_resolved_alert_shows_its_closing_note_instead_of_the_forms(personas: Personas) -> None:
    alert = make_alert(personas)
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    alert_resolve(viewer=personas.mentor, alert=alert, note="We met; they have a plan.")
    page = login_client(personas.supervisor).get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert "We met; they have a plan." in page
    assert reverse("alerts:resolve", args=[alert.pk]) not in page
    assert reverse("alerts:acknowledge", args=[alert.pk]) not in page


@pytest.mark.parametrize(("persona", "has_link"), [("mentor", True), ("supervisor", True), ("participant", False)])
def test_the_nav_links_to_alerts_for_mentors_and_supervisors(personas: Personas, persona: str, has_link: bool) -> None:
    page = login_client(getattr(personas, persona)).get(reverse("pages:home")).content.decode()
    assert (f'href="{reverse("alerts:list")}"' in page) is has_link
