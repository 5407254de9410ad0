from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.goals.models import Goal, GoalEvent, GoalStep
from alongside.goals.selectors import open_steps_for_today
from alongside.goals.services import GoalInput, StepInput, goal_create, goal_propose

FORM = {
    "title": "Go to 3 meetings a week",
    "description": "",
    "target_date": "",
    "counts_activity": "meeting",
    "weekly_target": "3",
    "template_key": "meetings",
    "step_1_title": "Find three meetings",
    "step_1_target": "",
    "step_2_title": "",
    "step_2_target": "",
}


@pytest.fixture
def goal(personas: Personas) -> Goal:
    return goal_create(
        participant=personas.participant,
        data=GoalInput(title="Stable housing", steps=[StepInput("Call the housing office")]),
    )


def test_the_template_picker_prefills_the_form(personas: Personas) -> None:
    client = login_client(personas.participant)
    page = client.get(reverse("goals:new")).content.decode()
    assert "Rebuild a relationship" in page and "Go back to school or training" in page and "Write my own" in page
    chosen = client.get(reverse("goals:new") + "?template=meetings").content.decode()
    assert 'value="Go to 3 meetings a week"' in chosen and 'value="Find three meetings that fit my week"' in chosen
    assert 'value="meeting" selected' in chosen


def test_a_participant_sets_a_goal_with_a_plain_form(personas: Personas) -> None:
    client = login_client(personas.participant)
    response = client.post(reverse("goals:new"), FORM)
    goal = Goal.objects.get()
    assert response["Location"] == reverse("goals:detail", args=[goal.pk])
    assert (goal.title, goal.counts_activity, goal.weekly_target, goal.template_key) == (
        "Go to 3 meetings a week",
        "meeting",
        3,
        "meetings",
    )
    assert list(goal.steps.values_list("title", flat=True)) == ["Find three meetings"]
    detail = client.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    assert "Find three meetings" in detail and "0% of steps done" in detail and "Created" in detail
    listing = client.get(reverse("goals:list")).content.decode()
    assert "Go to 3 meetings a week" in listing


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "t" * 121}, "title"),
        ({"target_date": "2001-01-01"}, "target_date"),
        ({"weekly_target": "0"}, "weekly_target"),
        ({"step_1_title": "s" * 201}, "step_1_title"),
        ({"template_key": "nope"}, "template_key"),
    ],
)
def test_bad_goal_input_is_shown_next_to_the_field_and_saves_nothing(
    personas: Personas, form: dict, field: str
) -> None:
    response = login_client(personas.participant).post(reverse("goals:new"), {**FORM, **form})
    assert response.status_code == 400
    content = response.content.decode()
    assert f"id_{field}_error" in content
    assert not Goal.objects.exists()


def test_markup_in_a_goal_is_shown_escaped(personas: Personas) -> None:
    client = login_client(personas.participant)
    client.post(reverse("goals:new"), {**FORM, "title": "<b>bold</b>", "template_key": ""})
    page = client.get(reverse("goals:detail", args=[Goal.objects.get().pk])).content
    assert b"&lt;b&gt;bold&lt;/b&gt;" in page and b"<b>bold</b>" not in page


def test_a_participant_edits_a_goal_and_marks_it_achieved(personas: Personas, goal: Goal) -> None:
    client = login_client(personas.participant)
    url = reverse("goals:edit", args=[goal.pk])
    step = goal.steps.get()
    assert b"Call the housing office" in client.get(url).content
    response = client.post(
        url,
        {
            "title": "Stable housing",
            "description": "",
            "target_date": "",
            "counts_activity": "",
            "weekly_target": "",
            "template_key": "",
            "status": "achieved",
            "step_1_id": str(step.pk),
            "step_1_title": "Call the office",
            "step_1_target": "",
            "step_2_title": "Visit",
            "step_2_target": "",
        },
    )
    assert response["Location"] == reverse("goals:detail", args=[goal.pk])
    goal.refresh_from_db()
    assert goal.status == "achieved" and list(goal.steps.values_list("title", flat=True)) == [
        "Call the office",
        "Visit",
    ]
    assert list(goal.events.values_list("kind", flat=True)) == ["created", "edited", "achieved"]


def test_a_step_is_checked_off_and_back_to_where_it_came_from(personas: Personas, goal: Goal) -> None:
    client = login_client(personas.participant)
    step = goal.steps.get()
    response = client.post(reverse("goals:step_toggle", args=[step.pk]), {"next": reverse("checkins:checkin")})
    assert response["Location"] == reverse("checkins:checkin")
    step.refresh_from_db()
    assert step.is_done
    response = client.post(reverse("goals:step_toggle", args=[step.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("goals:detail", args=[goal.pk])
    step.refresh_from_db()
    assert not step.is_done
    assert client.get(reverse("goals:step_toggle", args=[step.pk])).status_code == 405


def test_the_check_in_include_lists_todays_steps_as_buttons(personas: Personas, goal: Goal) -> None:
    request = RequestFactory().get("/checkin/")
    html = render_to_string(
        "goals/_today_steps.html",
        {"steps": open_steps_for_today(participant=personas.participant), "next": "/checkin/"},
        request=request,
    )
    step = goal.steps.get()
    assert reverse("goals:step_toggle", args=[step.pk]) in html and 'name="next" value="/checkin/"' in html
    assert "Call the housing office" in html
    assert render_to_string("goals/_today_steps.html", {"steps": []}).strip() == ""


def test_a_mentor_proposes_and_the_participant_accepts_or_declines(personas: Personas) -> None:
    mentor = login_client(personas.mentor)
    url = reverse("goals:propose", args=[personas.participant.pk])
    assert b"Suggest a goal to Pat Participant" in mentor.get(url + "?template=health").content
    response = mentor.post(url, {**FORM, "title": "Take care of my health", "template_key": "health"})
    assert response["Location"] == reverse("goals:participant_goals", args=[personas.participant.pk])
    goal = Goal.objects.get()
    assert goal.status == "proposed" and goal.proposed_by == personas.mentor
    participant = login_client(personas.participant)
    detail = participant.get(reverse("goals:detail", args=[goal.pk])).content.decode()
    assert "Maria Mentor suggested this goal" in detail
    participant.post(reverse("goals:accept", args=[goal.pk]))
    goal.refresh_from_db()
    assert goal.status == "active"
    again = participant.post(reverse("goals:accept", args=[goal.pk]), follow=True)
    assert b"not waiting for your answer" in again.content
    second = goal_propose(mentor=personas.mentor, participant=personas.participant, data=GoalInput(title="Volunteer"))
    assert participant.post(reverse("goals:decline", args=[second.pk]))["Location"] == reverse("goals:list")
    second.refresh_from_db()
    assert second.status == "set_aside"
    assert participant.post(reverse("goals:decline", args=[second.pk])).status_code == 302
    assert GoalEvent.objects.filter(goal=second).count() == 2


def test_a_participant_edits_a_proposal_to_accept_it(personas: Personas) -> None:
    goal = goal_propose(mentor=personas.mentor, participant=personas.participant, data=GoalInput(title="Exercise"))
    client = login_client(personas.participant)
    assert b"Save and accept" in client.get(reverse("goals:edit", args=[goal.pk])).content
    client.post(reverse("goals:edit", args=[goal.pk]), {**FORM, "title": "Walk every day", "template_key": ""})
    goal.refresh_from_db()
    assert (goal.status, goal.title) == ("active", "Walk every day")


PERSONA_STATUS = [
    ("participant", 200),
    ("mentor", 200),
    ("supervisor", 200),
    ("participant2", 404),
    ("mentor2", 404),
    ("admin", 404),
    ("outsider", 404),
]


@pytest.mark.parametrize(("persona", "status"), PERSONA_STATUS)
def test_who_sees_a_participants_goals(personas: Personas, goal: Goal, persona: str, status: int) -> None:
    client = login_client(getattr(personas, persona))
    listing = client.get(reverse("goals:participant_goals", args=[personas.participant.pk]))
    detail = client.get(reverse("goals:detail", args=[goal.pk]))
    assert listing.status_code == detail.status_code == status
    assert (b"Stable housing" in listing.content) is (status == 200)
    assert (b"Call the housing office" in detail.content) is (status == 200)


def test_views_by_the_mentor_and_supervisor_are_audited(personas: Personas, goal: Goal) -> None:
    login_client(personas.participant).get(reverse("goals:detail", args=[goal.pk]))
    assert not AuditEntry.objects.filter(action="goals.viewed").exists()
    login_client(personas.mentor).get(reverse("goals:participant_goals", args=[personas.participant.pk]))
    login_client(personas.supervisor).get(reverse("goals:detail", args=[goal.pk]))
    entries = AuditEntry.objects.filter(action="goals.viewed", subject=personas.participant)
    assert {e.actor for e in entries} == {personas.mentor.user, personas.supervisor.user}


@pytest.mark.parametrize(("persona", "status"), [p for p in PERSONA_STATUS if p[0] != "participant"])
def test_nobody_else_changes_a_goal(personas: Personas, goal: Goal, persona: str, status: int) -> None:
    expected = 403 if persona in {"mentor", "supervisor"} else 404
    proposal = goal_propose(mentor=personas.mentor, participant=personas.participant, data=GoalInput(title="Proposed"))
    client = login_client(getattr(personas, persona))
    step = goal.steps.get()
    assert client.get(reverse("goals:edit", args=[goal.pk])).status_code == expected
    assert client.post(reverse("goals:edit", args=[goal.pk]), {**FORM, "status": "active"}).status_code == expected
    assert client.post(reverse("goals:step_toggle", args=[step.pk])).status_code == expected
    assert client.post(reverse("goals:accept", args=[proposal.pk])).status_code == expected
    assert client.post(reverse("goals:decline", args=[proposal.pk])).status_code == expected
    goal.refresh_from_db()
    proposal.refresh_from_db()
    assert (
        goal.title == "Stable housing"
        and proposal.status == "proposed"
        and not GoalStep.objects.filter(done_at__isnull=False).exists()
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor", 200),
        ("supervisor", 403),
        ("participant", 403),
        ("participant2", 404),
        ("mentor2", 404),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_only_the_matched_mentor_may_open_the_proposal_form(personas: Personas, persona: str, status: int) -> None:
    client = login_client(getattr(personas, persona))
    url = reverse("goals:propose", args=[personas.participant.pk])
    assert client.get(url).status_code == status
    response = client.post(url, FORM)
    assert response.status_code == (302 if status == 200 else status)
    assert Goal.objects.count() == (1 if status == 200 else 0)


def test_staff_have_no_goals_of_their_own(personas: Personas) -> None:
    for persona in (personas.mentor, personas.outsider):
        client = login_client(persona)
        assert client.get(reverse("goals:list")).status_code == 403
        assert client.get(reverse("goals:new")).status_code == 403
        assert client.post(reverse("goals:new"), FORM).status_code == 403
    assert not Goal.objects.exists()
