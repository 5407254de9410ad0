from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.coping.models import Activity, CopingStrategy
from alongside.coping.services import activity_log, strategy_add
from alongside.core.localtime import local_today

EXERCISES = ["coping:toolbox", "coping:breathing", "coping:grounding", "coping:urge_surfing"]


@pytest.mark.parametrize("name", EXERCISES)
def test_every_exercise_page_is_complete_without_javascript(personas: Personas, name: str) -> None:
    page = login_client(personas.participant).get(reverse(name))
    assert page.status_code == 200
    html = page.content.decode()
    assert "tel:988" in html  # the crisis bar on every participant page
    assert "<script>" not in html and 'style="' not in html


def test_the_breathing_page_gives_written_steps_and_an_enhanced_timer(personas: Personas) -> None:
    html = login_client(personas.participant).get(reverse("coping:breathing")).content.decode()
    assert "Breathe in through your nose for a count of 4." in html
    assert 'aria-live="polite"' in html and 'data-action="pause"' in html and 'data-action="stop"' in html
    assert "js/coping.js" in html and "css/coping.css" in html


def test_grounding_walks_through_five_senses_with_unsaved_inputs(personas: Personas) -> None:
    html = login_client(personas.participant).get(reverse("coping:grounding")).content.decode()
    for title in (
        "5 things you can see",
        "4 things you can touch",
        "3 things you can hear",
        "2 things you can smell",
        "1 thing you can taste",
    ):
        assert title in html
    assert html.count('autocomplete="off"') == 15
    assert "<form" not in html.split("<main")[1].split("</main>")[0]  # nothing typed is ever submitted


def test_urge_surfing_offers_five_ten_and_fifteen_minutes(personas: Personas) -> None:
    html = login_client(personas.participant).get(reverse("coping:urge_surfing")).content.decode()
    for minutes in (5, 10, 15):
        assert f'value="{minutes}"' in html
    assert "Notice the urge rise, peak and fall" in html


def test_a_participant_adds_reorders_and_removes_strategies(personas: Personas) -> None:
    client = login_client(personas.participant)
    url = reverse("coping:strategies")
    assert client.post(url, {"text": "Call Ana"})["Location"] == url
    client.post(url, {"text": "Go for a walk"})
    walk = CopingStrategy.objects.get(text__isnull=False, position=1)
    client.post(reverse("coping:strategy_move", args=[walk.pk]), {"direction": "up"})
    assert [s.text for s in CopingStrategy.objects.order_by("position")] == ["Go for a walk", "Call Ana"]
    page = client.get(url).content.decode()
    assert page.index("Go for a walk") < page.index("Call Ana")
    client.post(reverse("coping:strategy_delete", args=[walk.pk]))
    assert [s.text for s in CopingStrategy.objects.all()] == ["Call Ana"]


def test_a_bad_move_is_explained_and_changes_nothing(personas: Personas) -> None:
    strategy = strategy_add(participant=personas.participant, text="one")
    client = login_client(personas.participant)
    response = client.post(reverse("coping:strategy_move", args=[strategy.pk]), {"direction": "sideways"}, follow=True)
    assert b"Choose up or down." in response.content
    assert CopingStrategy.objects.get().position == 0


def test_an_oversized_strategy_is_refused_next_to_the_field(personas: Personas) -> None:
    response = login_client(personas.participant).post(reverse("coping:strategies"), {"text": "<b>" + "x" * 200})
    assert response.status_code == 400
    assert b"id_text_error" in response.content
    assert not CopingStrategy.objects.exists()


def test_markup_in_a_strategy_is_shown_escaped(personas: Personas) -> None:
    strategy_add(participant=personas.participant, text="<i>breathe</i>")
    page = login_client(personas.participant).get(reverse("coping:strategies")).content
    assert b"&lt;i&gt;breathe&lt;/i&gt;" in page and b"<i>breathe</i>" not in page


def test_a_participant_logs_an_activity_with_a_plain_form_and_a_double_tap_makes_one(personas: Personas) -> None:
    client = login_client(personas.participant)
    form = {
        "kind": "volunteering",
        "local_date": local_today(personas.participant).isoformat(),
        "minutes": "90",
        "note": "food bank",
        "client_id": str(uuid.uuid4()),
    }
    url = reverse("coping:activities")
    assert client.post(url, form)["Location"] == url
    client.post(url, form)
    activity = Activity.objects.get()
    assert (activity.kind, activity.minutes, activity.note) == ("volunteering", 90, "food bank")
    page = client.get(url).content.decode()
    assert "food bank" in page and "Activities in the last 7 days" in page


def test_a_future_activity_is_refused_next_to_the_field(personas: Personas) -> None:
    import datetime as dt

    day = local_today(personas.participant) + dt.timedelta(days=1)
    response = login_client(personas.participant).post(
        reverse("coping:activities"), {"kind": "exercise", "local_date": day.isoformat(), "minutes": "700"}
    )
    assert response.status_code == 400
    assert b"id_minutes_error" in response.content
    assert not Activity.objects.exists()
    response = login_client(personas.participant).post(
        reverse("coping:activities"), {"kind": "exercise", "local_date": day.isoformat()}
    )
    assert response.status_code == 400 and b"id_local_date_error" in response.content
    assert not Activity.objects.exists()


def test_a_participant_deletes_their_own_activity(personas: Personas) -> None:
    activity, _ = activity_log(participant=personas.participant, kind="exercise")
    response = login_client(personas.participant).post(reverse("coping:activity_delete", args=[activity.pk]))
    assert response["Location"] == reverse("coping:activities")
    assert not Activity.objects.exists()


@pytest.mark.parametrize("persona", ["participant2", "mentor", "mentor2", "supervisor", "admin", "outsider"])
def test_nobody_else_can_delete_or_move_a_participants_items(personas: Personas, persona: str) -> None:
    strategy = strategy_add(participant=personas.participant, text="mine")
    activity, _ = activity_log(participant=personas.participant, kind="exercise")
    client = login_client(getattr(personas, persona))
    for url, data in [
        (reverse("coping:strategy_delete", args=[strategy.pk]), {}),
        (reverse("coping:strategy_move", args=[strategy.pk]), {"direction": "down"}),
        (reverse("coping:activity_delete", args=[activity.pk]), {}),
    ]:
        assert client.post(url, data).status_code in {403, 404}
    assert CopingStrategy.objects.count() == 1 and Activity.objects.count() == 1


@pytest.mark.parametrize("persona", ["mentor", "supervisor", "admin", "outsider"])
def test_staff_have_no_coping_list_or_activity_log_of_their_own(personas: Personas, persona: str) -> None:
    client = login_client(getattr(personas, persona))
    assert client.get(reverse("coping:strategies")).status_code in {403, 404}
    assert client.get(reverse("coping:activities")).status_code in {403, 404}


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
def test_who_sees_a_participants_toolkit(personas: Personas, persona: str, status: int) -> None:
    strategy_add(participant=personas.participant, text="Call my sponsor")
    activity_log(participant=personas.participant, kind="meeting", note="step meeting")
    response = login_client(getattr(personas, persona)).get(
        reverse("coping:participant_toolkit", args=[personas.participant.pk])
    )
    assert response.status_code == status
    assert (b"Call my sponsor" in response.content) is (status == 200)
    assert (b"step meeting" in response.content) is (status == 200)


def test_a_mentors_view_of_the_toolkit_is_audited_and_the_participants_own_is_not(personas: Personas) -> None:
    url = reverse("coping:participant_toolkit", args=[personas.participant.pk])
    login_client(personas.participant).get(url)
    login_client(personas.participant).get(reverse("coping:strategies"))
    assert not AuditEntry.objects.filter(action="coping.viewed").exists()
    login_client(personas.supervisor).get(url)
    entry = AuditEntry.objects.get(action="coping.viewed")
    assert entry.actor == personas.supervisor.user and entry.subject == personas.participant
