from __future__ import annotations

import datetime as dt

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput, NotAllowed, NotFound
from alongside.core.localtime import local_today
from alongside.notifications.models import Notification
from alongside.recovery.models import RecoveryStart, Setback
from alongside.recovery.selectors import start_for_owner, timeline_for
from alongside.recovery.services import (
    milestones_celebrate_due,
    recovery_start_create,
    recovery_start_delete,
    recovery_start_update,
    setback_record,
)


def days_ago(personas: Personas, n: int) -> dt.date:
    return local_today(personas.participant) - dt.timedelta(days=n)


def test_it_adds_a_start_date_per_pathway_and_substance(personas: Personas) -> None:
    p = personas.participant
    start = recovery_start_create(participant=p, pathway="twelve_step", started_on=days_ago(personas, 40))
    recovery_start_create(participant=p, pathway="twelve_step", substance="alcohol", started_on=days_ago(personas, 10))
    assert RecoveryStart.objects.filter(participant=p).count() == 2
    assert start.organization == personas.org and start.count_from == "start"
    assert AuditEntry.objects.filter(action="timeline.start_added", subject=p).count() == 2
    summary = timeline_for(viewer=p, participant=p).starts[0]
    assert summary.numbers.shown_days == 40 and [m.key for m in summary.reached] == ["d1", "d7", "d30"]
    assert summary.next_up.key == "d60" and summary.next_up.days_to_go == 20


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"started_on": dt.date.today() + dt.timedelta(days=3)}, "started_on"),
        ({"started_on": dt.date(1899, 12, 31)}, "started_on"),
        ({"started_on": None}, "started_on"),
        ({"pathway": "willpower"}, "pathway"),
        ({"substance": "s" * 61}, "substance"),
        ({"count_from": "yesterday"}, "count_from"),
    ],
)
def test_bad_start_input_names_the_field_and_saves_nothing(personas: Personas, overrides: dict, field: str) -> None:
    data = {
        "pathway": "secular",
        "started_on": dt.date(2020, 1, 1),
        "substance": "",
        "count_from": "start",
        **overrides,
    }
    with pytest.raises(InvalidInput) as exc:
        recovery_start_create(participant=personas.participant, **data)
    assert field in exc.value.field_errors
    assert not RecoveryStart.objects.exists() and not AuditEntry.objects.filter(action="timeline.start_added").exists()


def test_the_same_pathway_and_substance_twice_is_refused(personas: Personas) -> None:
    recovery_start_create(
        participant=personas.participant, pathway="faith", substance="Opioids", started_on=dt.date(2022, 1, 1)
    )
    with pytest.raises(InvalidInput) as exc:
        recovery_start_create(
            participant=personas.participant, pathway="faith", substance="opioids", started_on=dt.date(2023, 1, 1)
        )
    assert "pathway" in exc.value.field_errors and RecoveryStart.objects.count() == 1


def test_a_setback_keeps_history_and_the_participant_chooses_the_number(personas: Personas) -> None:
    p = personas.participant
    start = recovery_start_create(participant=p, pathway="medication", started_on=days_ago(personas, 50))
    setback_record(
        participant=p, start=start, occurred_on=days_ago(personas, 5), private_note="hard week", learned="call earlier"
    )
    numbers = timeline_for(viewer=p, participant=p).starts[0].numbers
    assert (numbers.total_days, numbers.current_days, numbers.longest_days, numbers.shown_days) == (49, 5, 44, 49)
    setback_record(participant=p, start=start, occurred_on=days_ago(personas, 2), count_from="latest_setback")
    start.refresh_from_db()
    assert start.count_from == "latest_setback" and Setback.objects.filter(start=start).count() == 2
    numbers = timeline_for(viewer=p, participant=p).starts[0].numbers
    assert (numbers.shown_days, numbers.total_days, numbers.longest_days) == (2, 48, 44)
    entry = AuditEntry.objects.filter(action="timeline.setback_recorded").first()
    assert entry is not None and "hard week" not in str(entry.extra)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_on": dt.date.today() + dt.timedelta(days=3)}, "occurred_on"),
        ({"occurred_on": dt.date(2019, 12, 31)}, "occurred_on"),
        ({"private_note": "n" * 2001}, "private_note"),
        ({"learned": "n" * 2001}, "learned"),
        ({"count_from": "never"}, "count_from"),
    ],
)
def test_bad_setback_input_names_the_field_and_saves_nothing(personas: Personas, overrides: dict, field: str) -> None:
    start = recovery_start_create(participant=personas.participant, pathway="secular", started_on=dt.date(2020, 1, 1))
    with pytest.raises(InvalidInput) as exc:
        setback_record(
            participant=personas.participant, start=start, **{"occurred_on": dt.date(2021, 1, 1), **overrides}
        )
    assert field in exc.value.field_errors
    assert not Setback.objects.exists()
    start.refresh_from_db()
    assert start.count_from == "start"


def test_a_start_cannot_move_past_a_recorded_setback(personas: Personas) -> None:
    p = personas.participant
    start = recovery_start_create(participant=p, pathway="secular", started_on=dt.date(2020, 1, 1))
    setback_record(participant=p, start=start, occurred_on=dt.date(2021, 1, 1))
    with pytest.raises(InvalidInput) as exc:
        recovery_start_update(participant=p, start=start, pathway="secular", started_on=dt.date(2022, 1, 1))
    assert "started_on" in exc.value.field_errors
    start.refresh_from_db()
    assert start.started_on == dt.date(2020, 1, 1)
    recovery_start_update(
        participant=p, start=start, pathway="faith", started_on=dt.date(2019, 6, 1), count_from="latest_setback"
    )
    start.refresh_from_db()
    assert (start.pathway, start.started_on, start.count_from) == ("faith", dt.date(2019, 6, 1), "latest_setback")
    assert AuditEntry.objects.filter(action="timeline.start_changed").count() == 1


def test_removing_a_start_removes_its_setbacks_and_is_audited(personas: Personas) -> None:
    p = personas.participant
    start = recovery_start_create(participant=p, pathway="secular", started_on=dt.date(2020, 1, 1))
    setback_record(participant=p, start=start, occurred_on=dt.date(2021, 1, 1))
    recovery_start_delete(participant=p, start=start)
    assert not RecoveryStart.objects.exists() and not Setback.objects.exists()
    assert AuditEntry.objects.get(action="timeline.start_removed").extra["setbacks"] == 1


def test_only_the_participant_changes_their_timeline(personas: Personas) -> None:
    start = recovery_start_create(participant=personas.participant, pathway="secular", started_on=dt.date(2020, 1, 1))
    with pytest.raises(NotAllowed):
        start_for_owner(viewer=personas.mentor, start_id=start.pk)
    with pytest.raises(NotFound):
        start_for_owner(viewer=personas.participant2, start_id=start.pk)
    with pytest.raises(NotFound):
        setback_record(participant=personas.outsider_participant, start=start, occurred_on=dt.date(2021, 1, 1))
    with pytest.raises(NotAllowed):
        recovery_start_create(participant=personas.mentor, pathway="secular", started_on=dt.date(2020, 1, 1))
    assert not Setback.objects.exists() and RecoveryStart.objects.count() == 1


def test_the_worker_celebrates_a_milestone_once(personas: Personas) -> None:
    p = personas.participant
    recovery_start_create(participant=p, pathway="twelve_step", started_on=dt.date(2024, 1, 1))
    today = dt.date(2024, 1, 31)
    assert milestones_celebrate_due(today=today) == 1
    assert milestones_celebrate_due(today=today + dt.timedelta(days=1)) == 1
    note = Notification.objects.get(recipient=p.user)
    assert note.kind == "recovery.milestone" and note.title == "You reached 30 days" and note.link == "/recovery/"
    assert milestones_celebrate_due(today=dt.date(2024, 2, 20)) == 0  # 30 days is old news; 60 not yet
    assert Notification.objects.filter(recipient=p.user).count() == 1
    assert not Notification.objects.filter(recipient=personas.mentor.user).exists()


def test_a_fresh_count_after_a_setback_is_celebrated_again(personas: Personas) -> None:
    p = personas.participant
    start = recovery_start_create(
        participant=p, pathway="secular", started_on=dt.date(2024, 1, 1), count_from="latest_setback"
    )
    milestones_celebrate_due(today=dt.date(2024, 1, 8))  # 7 days
    setback_record(participant=p, start=start, occurred_on=dt.date(2024, 1, 20))
    milestones_celebrate_due(today=dt.date(2024, 1, 27))  # 7 days again, from the setback
    titles = Notification.objects.filter(recipient=p.user).values_list("title", flat=True)
    assert sorted(titles) == ["You reached 7 days", "You reached 7 days"]


def test_the_worker_uses_each_participants_own_day(personas: Personas) -> None:
    recovery_start_create(participant=personas.participant, pathway="secular", started_on=days_ago(personas, 7))
    assert milestones_celebrate_due() == 1
    assert Notification.objects.get(recipient=personas.participant.user).title == "You reached 7 days"


def test_the_daily_task_runs_the_celebration(personas: Personas) -> None:
    from alongside.recovery.tasks import celebrate_milestones

    recovery_start_create(participant=personas.participant, pathway="secular", started_on=days_ago(personas, 30))
    assert celebrate_milestones.call() == 1
    assert Notification.objects.get(recipient=personas.participant.user).title == "You reached 30 days"
