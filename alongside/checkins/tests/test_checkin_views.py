from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.checkins.models import CheckIn
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.conftest import Personas, login_client
from alongside.organizations.models import MatchStatus

FORM = {
    "mood": "4",
    "craving": "3",
    "sleep_quality": "4",
    "halt": ["lonely"],
    "triggers": ["boredom"],
    "coping": ["meeting"],
    "used": "no",
    "note": "went to a meeting",
    "local_date": "",
}


def test_a_participant_checks_in_with_a_plain_form_post(personas: Personas) -> None:
    client = login_client(personas.participant)
    page = client.get(reverse("checkins:checkin"))
    assert page.status_code == 200
    for text in (b"How are you feeling?", b"Very low", b"tel:988"):
        assert text in page.content
    response = client.post(reverse("checkins:checkin"), {**FORM, "client_id": str(uuid.uuid4())})
    assert response["Location"] == reverse("checkins:history")
    checkin = CheckIn.objects.get()
    assert (checkin.mood, checkin.craving, checkin.halt, checkin.coping, checkin.used) == (
        4,
        3,
        ["lonely"],
        ["meeting"],
        False,
    )
    history = client.get(reverse("checkins:history"))
    assert b"went to a meeting" in history.content


def test_a_double_tap_makes_one_checkin(personas: Personas) -> None:
    client = login_client(personas.participant)
    form = {**FORM, "client_id": str(uuid.uuid4())}
    client.post(reverse("checkins:checkin"), form)
    client.post(reverse("checkins:checkin"), form)
    assert CheckIn.objects.count() == 1


def test_bad_input_is_shown_next_to_the_field_and_saves_nothing(personas: Personas) -> None:
    client = login_client(personas.participant)
    response = client.post(reverse("checkins:checkin"), {**FORM, "mood": "9", "note": "<script>alert(1)</script>"})
    assert response.status_code == 400
    assert b"mood_error" in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert not CheckIn.objects.exists()


def test_markup_in_a_note_is_shown_escaped(personas: Personas) -> None:
    client = login_client(personas.participant)
    client.post(reverse("checkins:checkin"), {**FORM, "note": "<b>bold</b>"})
    page = client.get(reverse("checkins:history")).content
    assert b"&lt;b&gt;bold&lt;/b&gt;" in page and b"<b>bold</b>" not in page


def test_the_form_is_prefilled_with_todays_answers(personas: Personas) -> None:
    checkin_record(participant=personas.participant, data=CheckInInput(mood=2, craving=7))
    page = login_client(personas.participant).get(reverse("checkins:checkin")).content.decode()
    assert (
        'value="2" class="" required id="id_mood_1" checked' in page.replace("\n", "")
        or "already checked in today" in page
    )


def test_staff_have_no_checkin_form_of_their_own(personas: Personas) -> None:
    assert login_client(personas.mentor).get(reverse("checkins:checkin")).status_code == 403
    assert login_client(personas.outsider).get(reverse("checkins:history")).status_code == 403


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
def test_who_sees_a_participants_checkins(personas: Personas, persona: str, status: int) -> None:
    checkin_record(participant=personas.participant, data=CheckInInput(mood=3, craving=4, note="private note"))
    response = login_client(getattr(personas, persona)).get(
        reverse("checkins:participant_history", args=[personas.participant.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert b"private note" in response.content
    else:
        assert b"private note" not in response.content


def test_a_mentors_view_is_audited_and_the_participants_own_is_not(personas: Personas) -> None:
    url = reverse("checkins:participant_history", args=[personas.participant.pk])
    login_client(personas.participant).get(url)
    assert not AuditEntry.objects.filter(action="checkin.viewed").exists()
    login_client(personas.mentor).get(url)
    entry = AuditEntry.objects.get(action="checkin.viewed")
    assert entry.actor == personas.mentor.user and entry.subject == personas.participant


def test_ending_the_match_ends_the_mentors_view_on_an_open_session(personas: Personas) -> None:
    client = login_client(personas.mentor)
    url = reverse("checkins:participant_history", args=[personas.participant.pk])
    assert client.get(url).status_code == 200
    personas.match.status = MatchStatus.ENDED
    personas.match.save()
    assert client.get(url).status_code == 404
