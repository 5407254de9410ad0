from __future__ import annotations

import datetime as dt

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput, NotAllowed, NotFound
from alongside.core.localtime import local_today
from alongside.goals.models import Goal, GoalEvent, GoalStep
from alongside.goals.selectors import goal_activity_progress, goals_for_participant, open_steps_for_today
from alongside.goals.services import (
    GoalInput,
    StepInput,
    goal_accept,
    goal_create,
    goal_decline,
    goal_propose,
    goal_update,
    step_toggle,
)
from alongside.notifications.models import Notification


def goal_input(**overrides: object) -> GoalInput:
    base: dict[str, object] = {
        "title": "Find work",
        "description": "A job that supports my recovery.",
        "steps": [StepInput("Update my résumé"), StepInput("Apply to three jobs")],
    }
    base.update(overrides)
    return GoalInput(**base)  # type: ignore[arg-type]


def kinds(goal: Goal) -> list[str]:
    return list(GoalEvent.objects.filter(goal=goal).values_list("kind", flat=True))


def test_a_participant_sets_a_goal_with_steps(personas: Personas) -> None:
    goal = goal_create(participant=personas.participant, data=goal_input(template_key="work"))
    assert (goal.status, goal.template_key, goal.organization) == ("active", "work", personas.org)
    assert list(goal.steps.values_list("order", "title")) == [(0, "Update my résumé"), (1, "Apply to three jobs")]
    assert kinds(goal) == ["created"]
    assert AuditEntry.objects.filter(action="goal.created", subject=personas.participant).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "t" * 121}, "title"),
        ({"description": "d" * 2001}, "description"),
        ({"target_date": dt.date(2001, 1, 1)}, "target_date"),
        ({"target_date": dt.date(2999, 1, 1)}, "target_date"),
        ({"template_key": "fly"}, "template_key"),
        ({"counts_activity": "knitting"}, "counts_activity"),
        ({"weekly_target": 0}, "weekly_target"),
        ({"weekly_target": 51}, "weekly_target"),
        ({"steps": [StepInput(f"s{i}") for i in range(13)]}, "steps"),
        ({"steps": [StepInput("s" * 201)]}, "steps"),
        ({"steps": [StepInput("late", target_date=dt.date(2001, 1, 1))]}, "steps"),
    ],
)
def test_bad_goal_input_names_the_field_and_saves_nothing(personas: Personas, overrides: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        goal_create(participant=personas.participant, data=goal_input(**overrides))
    assert field in exc.value.field_errors
    assert not Goal.objects.exists() and not GoalStep.objects.exists() and not GoalEvent.objects.exists()


def test_a_matched_mentor_proposes_and_the_participant_accepts(personas: Personas) -> None:
    goal = goal_propose(mentor=personas.mentor, participant=personas.participant, data=goal_input())
    assert goal.status == "proposed" and goal.proposed_by == personas.mentor
    note = Notification.objects.get(recipient=personas.participant.user)
    assert note.kind == "goal.proposed" and note.link == f"/goals/{goal.pk}/"
    goal_accept(participant=personas.participant, goal=goal)
    goal.refresh_from_db()
    assert goal.status == "active" and kinds(goal) == ["proposed", "accepted"]
    assert Notification.objects.filter(recipient=personas.mentor.user, kind="goal.accepted").exists()
    with pytest.raises(InvalidInput):
        goal_accept(participant=personas.participant, goal=goal)


def test_declining_a_proposal_sets_it_aside_and_keeps_it(personas: Personas) -> None:
    goal = goal_propose(mentor=personas.mentor, participant=personas.participant, data=goal_input())
    goal_decline(participant=personas.participant, goal=goal)
    goal.refresh_from_db()
    assert goal.status == "set_aside" and kinds(goal) == ["proposed", "set_aside"]
    assert GoalEvent.objects.get(goal=goal, kind="set_aside").detail == {"declined": True}
    assert Notification.objects.filter(recipient=personas.mentor.user, kind="goal.declined").exists()


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("supervisor", NotAllowed),
        ("admin", NotFound),
        ("mentor2", NotFound),
        ("outsider", NotFound),
        ("participant2", NotFound),
    ],
)
def test_only_the_matched_mentor_may_propose(personas: Personas, persona: str, error: type) -> None:
    with pytest.raises(error):
        goal_propose(mentor=getattr(personas, persona), participant=personas.participant, data=goal_input())
    assert not Goal.objects.exists() and not Notification.objects.exists()


def test_editing_a_proposed_goal_accepts_it_and_keeps_done_steps(personas: Personas) -> None:
    p = personas.participant
    goal = goal_propose(mentor=personas.mentor, participant=p, data=goal_input())
    first, second = goal.steps.all()
    goal_update(
        participant=p,
        goal=goal,
        data=goal_input(
            title="Find part-time work", steps=[StepInput("Update my CV", id=first.pk), StepInput("Ask my cousin")]
        ),
    )
    goal.refresh_from_db()
    assert goal.status == "active" and goal.title == "Find part-time work"
    assert kinds(goal) == ["proposed", "edited", "accepted"]
    assert GoalEvent.objects.get(goal=goal, kind="edited").detail == {"changed": ["title", "steps"]}
    assert list(goal.steps.values_list("title", flat=True)) == ["Update my CV", "Ask my cousin"]
    assert not GoalStep.objects.filter(pk=second.pk).exists()
    step_toggle(participant=p, step=GoalStep.objects.get(pk=first.pk))
    goal_update(
        participant=p,
        goal=goal,
        data=goal_input(title="Find part-time work", steps=[StepInput("Update my CV", id=first.pk)]),
    )
    assert GoalStep.objects.get(pk=first.pk).is_done and goal.progress_percent == 100


def test_a_step_of_another_goal_cannot_be_smuggled_into_an_edit(personas: Personas) -> None:
    mine = goal_create(participant=personas.participant, data=goal_input())
    other = goal_create(participant=personas.participant2, data=goal_input())
    with pytest.raises(InvalidInput) as exc:
        goal_update(
            participant=personas.participant,
            goal=mine,
            data=goal_input(steps=[StepInput("x", id=other.steps.first().pk)]),
        )  # type: ignore[union-attr]
    assert "steps" in exc.value.field_errors and other.steps.count() == 2


def test_steps_are_checked_off_and_undone_with_history(personas: Personas) -> None:
    p = personas.participant
    goal = goal_create(participant=p, data=goal_input())
    step = goal.steps.first()
    assert step is not None
    step_toggle(participant=p, step=step)
    assert step.is_done and goal.progress_percent == 50
    step_toggle(participant=p, step=step)
    step.refresh_from_db()
    assert not step.is_done
    assert kinds(goal) == ["created", "step_done", "step_undone"]
    assert GoalEvent.objects.get(goal=goal, kind="step_done").detail == {"step": "Update my résumé"}
    assert "résumé" not in str(AuditEntry.objects.get(action="goal.step_done").extra)
    with pytest.raises(NotAllowed):
        step_toggle(participant=personas.mentor, step=step)


def test_steps_of_a_proposal_wait_until_it_is_accepted(personas: Personas) -> None:
    goal = goal_propose(mentor=personas.mentor, participant=personas.participant, data=goal_input())
    with pytest.raises(InvalidInput):
        step_toggle(participant=personas.participant, step=goal.steps.first())  # type: ignore[arg-type]
    assert not GoalStep.objects.filter(done_at__isnull=False).exists()


def test_achieving_and_setting_aside_are_recorded(personas: Personas) -> None:
    p = personas.participant
    goal = goal_create(participant=p, data=goal_input(steps=[]))
    goal_update(participant=p, goal=goal, data=goal_input(steps=[]), status="achieved")
    assert goal.achieved_at is not None and goal.progress_percent == 100
    goal_update(participant=p, goal=goal, data=goal_input(steps=[]), status="set_aside")
    goal_update(participant=p, goal=goal, data=goal_input(steps=[]), status="active")
    assert kinds(goal) == ["created", "achieved", "set_aside", "edited"]
    assert goal.achieved_at is None
    with pytest.raises(InvalidInput):
        goal_update(participant=p, goal=goal, data=goal_input(), status="proposed")


def test_open_steps_for_today_lists_due_soon_then_each_goals_next_step(personas: Personas) -> None:
    p = personas.participant
    today = local_today(p)
    a = goal_create(
        participant=p,
        data=goal_input(
            steps=[
                StepInput("later", target_date=today + dt.timedelta(days=30)),
                StepInput("tomorrow", target_date=today + dt.timedelta(days=1)),
                StepInput("today", target_date=today),
            ]
        ),
    )
    goal_create(participant=p, data=goal_input(steps=[StepInput("first undated"), StepInput("second undated")]))
    goal_propose(mentor=personas.mentor, participant=p, data=goal_input(steps=[StepInput("not accepted yet")]))
    step_toggle(participant=p, step=a.steps.get(title="today"))
    titles = [s.title for s in open_steps_for_today(participant=p, today=today)]
    assert titles == ["tomorrow", "first undated"]
    assert len(open_steps_for_today(participant=p, limit=1, today=today)) == 1
    with pytest.raises(NotAllowed):
        open_steps_for_today(participant=personas.mentor)


def test_logged_activities_count_toward_a_goal_with_a_weekly_target(personas: Personas) -> None:
    goal = goal_create(participant=personas.participant, data=goal_input(counts_activity="meeting", weekly_target=3))
    progress = goal_activity_progress(goal, {"meeting": 2, "exercise": 5})
    assert progress is not None and (progress.done, progress.target, progress.percent, progress.met) == (
        2,
        3,
        67,
        False,
    )
    assert goal_activity_progress(goal, {"meeting": 4}).met  # type: ignore[union-attr]
    assert (
        goal_activity_progress(goal_create(participant=personas.participant, data=goal_input()), {"meeting": 4}) is None
    )


def test_the_mentors_reading_is_audited(personas: Personas) -> None:
    goal_create(participant=personas.participant, data=goal_input())
    assert len(goals_for_participant(viewer=personas.participant, participant=personas.participant)) == 1
    assert not AuditEntry.objects.filter(action="goals.viewed").exists()
    assert len(goals_for_participant(viewer=personas.supervisor, participant=personas.participant)) == 1
    assert AuditEntry.objects.get(action="goals.viewed").actor == personas.supervisor.user
