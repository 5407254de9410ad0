from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.contacts.models import ContactAddendum, ContactNote
from alongside.contacts.tests.factories import note_of
from alongside.core.localtime import local_today


def form_data(personas: Personas, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "occurred_on": local_today(personas.mentor).isoformat(),
        "duration_minutes": "25",
        "mode": "in_person",
        "topics": ["goals", "resources"],
        "summary": "Walked to the food bank together.",
        "agreed": "Apply for the housing list by Friday.",
        "follow_up_on": "",
        "client_id": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_the_form_starts_from_today_by_phone_for_15_minutes(personas: Personas) -> None:
    page = login_client(personas.mentor).get(reverse("contacts:new", args=[personas.participant.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{local_today(personas.mentor).isoformat()}"' in html
    assert 'name="duration_minutes" value="15"' in html
    assert 'value="phone" id="id_mode_1" required checked' in html
    assert "Log a contact with Pat Participant" in html


def test_a_mentor_logs_a_contact_and_lands_on_the_history(personas: Personas) -> None:
    client = login_client(personas.mentor)
    response = client.post(reverse("contacts:new", args=[personas.participant.pk]), form_data(personas))
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:list_for_participant", args=[personas.participant.pk])
    note = ContactNote.objects.get()
    assert (note.mentor, note.participant, note.duration_minutes, note.mode, note.topics) == (
        personas.mentor,
        personas.participant,
        25,
        "in_person",
        ["goals", "resources"],
    )
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "The contact is saved." in html
    assert "Walked to the food bank together." in html and "25 min in all" in html


def test_a_double_submit_makes_one_note(personas: Personas) -> None:
    client = login_client(personas.mentor)
    data = form_data(personas)
    client.post(reverse("contacts:new", args=[personas.participant.pk]), data)
    client.post(reverse("contacts:new", args=[personas.participant.pk]), data)
    assert ContactNote.objects.count() == 1


def test_bad_input_is_shown_next_to_each_field_and_saves_nothing(personas: Personas) -> None:
    tomorrow = (local_today(personas.mentor) + dt.timedelta(days=1)).isoformat()
    response = login_client(personas.mentor).post(
        reverse("contacts:new", args=[personas.participant.pk]),
        form_data(personas, occurred_on=tomorrow, duration_minutes="0", topics=[], summary=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    for field in ["duration_minutes", "topics", "summary"]:
        assert f'id="id_{field}_error"' in html
    assert 'aria-describedby="id_summary_helptext id_summary_error"' in html
    assert not ContactNote.objects.exists()
    # The service's own rules (the mentor's calendar) come back on the field too.
    response = login_client(personas.mentor).post(
        reverse("contacts:new", args=[personas.participant.pk]), form_data(personas, occurred_on=tomorrow)
    )
    assert response.status_code == 400 and b'id="id_occurred_on_error"' in response.content
    assert b"has not happened yet" in response.content


def test_markup_in_a_note_is_shown_as_text(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant, summary="<script>alert(1)</script>")
    client = login_client(personas.mentor)
    for url in [
        reverse("contacts:detail", args=[note.pk]),
        reverse("contacts:list_for_participant", args=[personas.participant.pk]),
    ]:
        page = client.get(url).content
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page and b"<script>alert(1)" not in page


def test_the_detail_shows_addenda_and_takes_a_new_one(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    client = login_client(personas.mentor)
    page = client.get(reverse("contacts:detail", args=[note.pk])).content.decode()
    assert "Add an addendum" in page and reverse("contacts:edit", args=[note.pk]) in page
    response = client.post(
        reverse("contacts:addendum", args=[note.pk]), {"text": "She got the interview", "client_id": str(uuid.uuid4())}
    )
    assert response["Location"] == reverse("contacts:detail", args=[note.pk])
    assert ContactAddendum.objects.get().text == "She got the interview"
    page = client.get(response["Location"]).content.decode()
    assert "She got the interview" in page and "The addendum is added." in page
    bad = client.post(reverse("contacts:addendum", args=[note.pk]), {"text": ""})
    assert bad.status_code == 400 and b'id="id_text_error"' in bad.content
    assert ContactAddendum.objects.count() == 1


def test_the_author_edits_within_24_hours(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    client = login_client(personas.mentor)
    page = client.get(reverse("contacts:edit", args=[note.pk]))
    assert page.status_code == 200 and "Talked through the week" in page.content.decode()
    response = client.post(
        reverse("contacts:edit", args=[note.pk]),
        form_data(personas, duration_minutes="50", summary="Talked through the week, and the new job."),
    )
    assert response["Location"] == reverse("contacts:detail", args=[note.pk])
    note.refresh_from_db()
    assert (note.duration_minutes, note.summary) == (50, "Talked through the week, and the new job.")
    bad = client.post(reverse("contacts:edit", args=[note.pk]), form_data(personas, summary=""))
    assert bad.status_code == 400


def test_after_24_hours_the_page_offers_an_addendum_instead(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    ContactNote.objects.filter(pk=note.pk).update(created_at=note.created_at - dt.timedelta(hours=25))
    client = login_client(personas.mentor)
    response = client.get(reverse("contacts:edit", args=[note.pk]))
    assert response["Location"] == reverse("contacts:detail", args=[note.pk])
    response = client.post(reverse("contacts:edit", args=[note.pk]), form_data(personas, summary="rewritten"))
    assert response["Location"] == reverse("contacts:detail", args=[note.pk])
    page = client.get(response["Location"]).content.decode()
    assert "notes can be edited for 24 hours" in page and "Add an addendum" in page
    assert reverse("contacts:edit", args=[note.pk]) not in page
    note.refresh_from_db()
    assert note.summary != "rewritten"


def test_the_supervisor_reads_without_write_controls(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    client = login_client(personas.supervisor)
    page = client.get(reverse("contacts:detail", args=[note.pk])).content.decode()
    assert "Talked through the week" in page
    assert "Add an addendum" not in page and reverse("contacts:edit", args=[note.pk]) not in page
    listing = client.get(reverse("contacts:list_for_participant", args=[personas.participant.pk])).content.decode()
    assert "Log a contact" not in listing
    assert (
        AuditEntry.objects.filter(
            action="contact.viewed", actor=personas.supervisor.user, subject=personas.participant
        ).count()
        == 2
    )


def test_the_hours_page_shows_a_mentor_their_own_and_a_supervisor_their_team(personas: Personas) -> None:
    note_of(personas.mentor, personas.participant, duration_minutes=90, mode="video")
    page = login_client(personas.mentor).get(reverse("contacts:hours")).content.decode()
    assert "My service hours" in page and "Your hours" in page and "1 h 30 min" in page
    team = login_client(personas.supervisor).get(reverse("contacts:hours")).content.decode()
    assert "Maria Mentor" in team and "1 h 30 min" in team and "Miguel Mentor" not in team
    other_team = login_client(personas.supervisor2).get(reverse("contacts:hours")).content.decode()
    assert "Miguel Mentor" in other_team and "Maria Mentor" not in other_team
    assert login_client(personas.participant).get(reverse("contacts:hours")).status_code == 403
