from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.localtime import local_today
from alongside.recovery.models import RecoveryStart, Setback
from alongside.recovery.services import recovery_start_create, setback_record


@pytest.fixture
def start(personas: Personas) -> RecoveryStart:
    start = recovery_start_create(
        participant=personas.participant, pathway="twelve_step", started_on=dt.date(2023, 1, 1)
    )
    setback_record(
        participant=personas.participant,
        start=start,
        occurred_on=dt.date(2023, 6, 1),
        private_note="only mine",
        learned="weekends are hard",
    )
    return start


def test_a_participant_adds_a_start_date_with_a_plain_form(personas: Personas) -> None:
    client = login_client(personas.participant)
    assert b"Add a start date" in client.get(reverse("recovery:start_add")).content
    response = client.post(
        reverse("recovery:start_add"),
        {"pathway": "harm_reduction", "substance": "alcohol", "started_on": "2024-02-01", "count_from": "start"},
    )
    assert response["Location"] == reverse("recovery:timeline")
    start = RecoveryStart.objects.get()
    assert (start.pathway, start.substance, start.started_on) == ("harm_reduction", "alcohol", dt.date(2024, 2, 1))
    page = client.get(reverse("recovery:timeline"))
    assert (
        b"Harm reduction" in page.content
        and b"Your days still count." in page.content
        and b"days to go" in page.content
    )


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"started_on": "2999-01-01"}, "started_on"),
        ({"started_on": "1850-01-01"}, "started_on"),
        ({"started_on": "not a date"}, "started_on"),
        ({"substance": "x" * 61}, "substance"),
        ({"pathway": "unknown"}, "pathway"),
    ],
)
def test_bad_start_input_is_shown_next_to_the_field_and_saves_nothing(
    personas: Personas, form: dict, field: str
) -> None:
    data = {"pathway": "secular", "substance": "", "started_on": "2024-01-01", "count_from": "start", **form}
    response = login_client(personas.participant).post(reverse("recovery:start_add"), data)
    assert response.status_code == 400
    assert f"id_{field}_error".encode() in response.content
    assert not RecoveryStart.objects.exists()


def test_a_participant_changes_and_removes_a_start(personas: Personas, start: RecoveryStart) -> None:
    client = login_client(personas.participant)
    edit = reverse("recovery:start_edit", args=[start.pk])
    assert b"2023-01-01" in client.get(edit).content
    client.post(edit, {"pathway": "faith", "substance": "", "started_on": "2022-12-01", "count_from": "latest_setback"})
    start.refresh_from_db()
    assert (start.pathway, start.started_on, start.count_from) == ("faith", dt.date(2022, 12, 1), "latest_setback")
    bad = client.post(edit, {"pathway": "faith", "substance": "", "started_on": "2023-07-01", "count_from": "start"})
    assert bad.status_code == 400 and b"A setback is recorded before this date" in bad.content
    delete = reverse("recovery:start_delete", args=[start.pk])
    assert b"Remove it" in client.get(delete).content
    assert client.post(delete)["Location"] == reverse("recovery:timeline")
    assert not RecoveryStart.objects.exists()


def test_a_participant_records_a_setback_with_care(personas: Personas, start: RecoveryStart) -> None:
    client = login_client(personas.participant)
    url = reverse("recovery:setback_add", args=[start.pk])
    page = client.get(url)
    assert b"A setback is part of many recoveries. Your days still count." in page.content
    today = local_today(personas.participant)
    response = client.post(
        url,
        {
            "occurred_on": today.isoformat(),
            "learned": "<b>ask for help</b>",
            "private_note": "",
            "count_from": "latest_setback",
        },
    )
    assert response["Location"] == reverse("recovery:timeline")
    assert Setback.objects.filter(start=start).count() == 2
    start.refresh_from_db()
    assert start.count_from == "latest_setback"
    timeline = client.get(reverse("recovery:timeline")).content
    assert b"&lt;b&gt;ask for help&lt;/b&gt;" in timeline and b"<b>ask for help</b>" not in timeline
    assert b"since your latest fresh start" in timeline


def test_a_setback_before_the_start_is_refused_next_to_the_field(personas: Personas, start: RecoveryStart) -> None:
    response = login_client(personas.participant).post(
        reverse("recovery:setback_add", args=[start.pk]),
        {"occurred_on": "2022-01-01", "learned": "", "private_note": "", "count_from": "start"},
    )
    assert response.status_code == 400 and b"id_occurred_on_error" in response.content
    assert Setback.objects.filter(start=start).count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("participant", 200),
        ("mentor", 200),
        ("supervisor", 200),
        ("participant2", 404),
        ("mentor2", 404),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_a_participants_timeline(personas: Personas, start: RecoveryStart, persona: str, status: int) -> None:
    response = login_client(getattr(personas, persona)).get(
        reverse("recovery:participant_timeline", args=[personas.participant.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert b"weekends are hard" in response.content
    else:
        assert b"weekends are hard" not in response.content


def test_the_private_note_is_shown_only_to_the_participant(personas: Personas, start: RecoveryStart) -> None:
    assert b"only mine" in login_client(personas.participant).get(reverse("recovery:timeline")).content
    for viewer in (personas.mentor, personas.supervisor):
        page = login_client(viewer).get(reverse("recovery:participant_timeline", args=[personas.participant.pk]))
        assert page.status_code == 200 and b"only mine" not in page.content and b"Record a setback" not in page.content


def test_views_by_the_mentor_and_supervisor_are_audited_and_the_participants_own_are_not(
    personas: Personas, start: RecoveryStart
) -> None:
    login_client(personas.participant).get(reverse("recovery:timeline"))
    login_client(personas.participant).get(reverse("recovery:participant_timeline", args=[personas.participant.pk]))
    assert not AuditEntry.objects.filter(action="timeline.viewed").exists()
    for viewer in (personas.mentor, personas.supervisor):
        login_client(viewer).get(reverse("recovery:participant_timeline", args=[personas.participant.pk]))
    entries = AuditEntry.objects.filter(action="timeline.viewed", subject=personas.participant)
    assert {e.actor for e in entries} == {personas.mentor.user, personas.supervisor.user}


@pytest.mark.parametrize("route", ["recovery:start_edit", "recovery:start_delete", "recovery:setback_add"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentor", 403), ("supervisor", 403), ("participant2", 404), ("mentor2", 404), ("admin", 404), ("outsider", 404)],
)
def test_nobody_else_changes_a_timeline(
    personas: Personas, start: RecoveryStart, route: str, persona: str, status: int
) -> None:
    client = login_client(getattr(personas, persona))
    url = reverse(route, args=[start.pk])
    assert client.get(url).status_code == status
    assert (
        client.post(
            url, {"pathway": "secular", "started_on": "2020-01-01", "occurred_on": "2024-01-01", "count_from": "start"}
        ).status_code
        == status
    )
    start.refresh_from_db()
    assert start.pathway == "twelve_step" and Setback.objects.count() == 1


def test_staff_have_no_timeline_of_their_own(personas: Personas) -> None:
    for persona in (personas.mentor, personas.outsider):
        client = login_client(persona)
        assert client.get(reverse("recovery:timeline")).status_code == 403
        assert client.get(reverse("recovery:start_add")).status_code == 403
