"""The escalation ladder on a controllable clock: who is told, when, and what stops it."""

from __future__ import annotations

import datetime as dt

import pytest

from alongside.access import policy
from alongside.alerts.escalation import escalations_advance_due, on_call_now, on_delivery_exhausted
from alongside.alerts.models import (
    Alert,
    AlertKind,
    AlertSeverity,
    AlertStatus,
    EscalationPlaybook,
    EscalationStep,
)
from alongside.alerts.selectors import alert_get, alerts_for_viewer
from alongside.alerts.services import alert_acknowledge, alert_raise, alert_resolve, crisis_button_press
from alongside.alerts.tests.conftest import T0, minutes, put_on_call
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import NotFound
from alongside.notifications.models import Notification
from alongside.organizations.models import Membership


def told(alert: Alert) -> list[tuple[int, str, int]]:
    return list(EscalationStep.objects.filter(alert=alert).values_list("index", "step", "recipient_id"))


def notified_users(alert: Alert) -> list[int]:
    return list(
        Notification.objects.filter(alert=alert).order_by("created_at", "pk").values_list("recipient", flat=True)
    )


def crisis(personas: Personas, now: dt.datetime = T0) -> Alert:
    return crisis_button_press(participant=personas.participant, now=now)


@pytest.mark.parametrize(
    ("kind", "severity"),
    [
        (AlertKind.CRISIS_BUTTON, "crisis"),
        (AlertKind.CRISIS_LANGUAGE, "crisis"),
        (AlertKind.REPORTED_USE, "high"),
        (AlertKind.SIGNAL, "high"),
        (AlertKind.OUTREACH_REQUESTED, "normal"),
    ],
)
def test_severity_comes_from_the_kind(personas: Personas, kind: str, severity: str) -> None:
    alert = alert_raise(participant=personas.participant, kind=kind, reason="Because.", now=T0)
    assert alert.severity == severity


def test_a_caller_may_set_the_severity(personas: Personas) -> None:
    alert = alert_raise(
        participant=personas.participant, kind=AlertKind.SIGNAL, reason="Many signals.", severity="crisis", now=T0
    )
    assert alert.severity == AlertSeverity.CRISIS


@pytest.mark.parametrize(
    ("kind", "wait"),
    [
        (AlertKind.CRISIS_BUTTON, minutes(5)),
        (AlertKind.SIGNAL, minutes(4 * 60)),
        (AlertKind.OUTREACH_REQUESTED, minutes(24 * 60)),
    ],
)
def test_the_mentor_is_told_first_and_the_timer_follows_the_severity(
    personas: Personas, kind: str, wait: dt.timedelta
) -> None:
    alert = alert_raise(participant=personas.participant, kind=kind, reason="Because.", now=T0)
    assert told(alert) == [(1, "mentor", personas.mentor.pk)]
    assert (alert.escalation_step, alert.escalation_due_at) == (1, T0 + wait)
    assert escalations_advance_due(now=T0 + wait - dt.timedelta(seconds=1)) == 0
    assert escalations_advance_due(now=T0 + wait) == 1
    assert told(alert)[-1] == (2, "supervisor", personas.supervisor.pk)


def test_the_mentors_notification_is_urgent_for_a_crisis_and_says_nothing_private(personas: Personas) -> None:
    alert = crisis(personas)
    note = Notification.objects.get(recipient=personas.mentor.user)
    assert (note.kind, note.urgent, note.alert_id, note.link) == (
        "alert.escalation",
        True,
        alert.pk,
        f"/alerts/{alert.pk}/",
    )
    assert note.dedupe_key == f"alert-{alert.pk}-step-1-user-{personas.mentor.user_id}"
    assert "crisis" not in f"{note.title} {note.body}".lower()
    step = EscalationStep.objects.get(alert=alert)
    assert step.notification_id == note.pk and step.notified_at == T0 and step.due_at == T0 + minutes(5)


def test_a_normal_alert_is_not_urgent(personas: Personas) -> None:
    alert_raise(participant=personas.participant, kind=AlertKind.OUTREACH_REQUESTED, reason="Asked.", now=T0)
    assert Notification.objects.get(recipient=personas.mentor.user).urgent is False


def test_a_crisis_reaches_the_supervisor_after_five_minutes(personas: Personas) -> None:
    alert = crisis(personas)
    assert escalations_advance_due(now=T0 + minutes(5)) == 1
    alert.refresh_from_db()
    assert (alert.escalation_step, alert.escalation_due_at) == (2, T0 + minutes(10))
    note = Notification.objects.get(recipient=personas.supervisor.user)
    assert note.urgent and note.alert_id == alert.pk and "Pat Participant" in note.title
    assert note.dedupe_key == f"alert-{alert.pk}-step-2-user-{personas.supervisor.user_id}"
    assert "crisis button" not in f"{note.title} {note.body}".lower()
    event = alert.events.get(kind="escalated")
    assert event.text == "Sam Supervisor" and event.occurred_at == T0 + minutes(5)
    entry = AuditEntry.objects.get(action="alert.escalated")
    assert entry.extra["to"] == [personas.supervisor.pk] and entry.extra["why"] == "no_acknowledgement"
    # Running the sweep again at the same moment moves nothing more.
    assert escalations_advance_due(now=T0 + minutes(5)) == 0


def test_acknowledging_stops_the_escalation(personas: Personas) -> None:
    alert = crisis(personas)
    alert_acknowledge(viewer=personas.mentor, alert=alert, now=T0 + minutes(2))
    alert.refresh_from_db()
    assert alert.escalation_due_at is None
    assert escalations_advance_due(now=T0 + minutes(60)) == 0
    assert notified_users(alert) == [personas.mentor.user_id]


def test_resolving_stops_the_escalation_too(personas: Personas) -> None:
    alert = crisis(personas)
    alert_resolve(viewer=personas.supervisor, alert=alert, note="Called them; they are safe.")
    assert escalations_advance_due(now=T0 + minutes(60)) == 0
    assert told(alert) == [(1, "mentor", personas.mentor.pk)]


def test_an_acknowledgement_after_one_step_stops_the_next(personas: Personas) -> None:
    alert = crisis(personas)
    escalations_advance_due(now=T0 + minutes(5))
    alert_acknowledge(viewer=personas.supervisor, alert=alert, now=T0 + minutes(7))
    assert escalations_advance_due(now=T0 + minutes(30)) == 0
    assert [step for _, step, _ in told(alert)] == ["mentor", "supervisor"]


def test_at_night_on_a_weekend_it_reaches_the_person_on_call_then_the_admins(personas: Personas) -> None:
    # Saturday 10 pm to Sunday 8 am, Chicago time: supervisor2 (another team) is on call.
    saturday_night = dt.datetime(2026, 3, 14, 22, 0)
    put_on_call(personas, personas.supervisor2, saturday_night, saturday_night + dt.timedelta(hours=10))
    raised = dt.datetime(2026, 3, 14, 23, 50, tzinfo=T0.tzinfo)
    alert = crisis(personas, now=raised)
    assert escalations_advance_due(now=raised + minutes(5)) == 1  # supervisor
    assert escalations_advance_due(now=raised + minutes(10)) == 1  # on call
    assert told(alert)[-1] == (3, "on_call", personas.supervisor2.pk)
    assert escalations_advance_due(now=raised + minutes(15)) == 1  # admins, last
    assert told(alert)[-1] == (4, "admin", personas.admin.pk)
    # No one further: the whole ladder is told again, and again every period, until someone acknowledges.
    assert escalations_advance_due(now=raised + minutes(20)) == 1
    alert.refresh_from_db()
    assert alert.escalation_due_at == raised + minutes(25) and alert.status == AlertStatus.OPEN
    assert alert.escalation_round == 1
    assert AuditEntry.objects.filter(action="alert.escalation_exhausted", target_id=str(alert.pk)).count() == 1
    ladder = [
        personas.mentor.user_id,
        personas.supervisor.user_id,
        personas.supervisor2.user_id,
        personas.admin.user_id,
    ]
    assert notified_users(alert) == ladder + ladder  # told again, each once more


def test_the_shift_is_read_in_the_programs_time_zone(personas: Personas) -> None:
    # 10 pm to 6 am Chicago is 03:00 to 11:00 UTC (CDT, UTC-5).
    put_on_call(personas, personas.mentor2, dt.datetime(2026, 3, 11, 22, 0), dt.datetime(2026, 3, 12, 6, 0))

    def at(hour: int, minute: int) -> list[Membership]:
        return on_call_now(program=personas.program, now=dt.datetime(2026, 3, 12, hour, minute, tzinfo=dt.UTC))

    assert (at(2, 59), at(3, 0), at(10, 59), at(11, 0)) == ([], [personas.mentor2], [personas.mentor2], [])


def test_a_gap_in_the_rota_passes_straight_to_the_admins(personas: Personas) -> None:
    alert = crisis(personas)
    escalations_advance_due(now=T0 + minutes(5))
    escalations_advance_due(now=T0 + minutes(10))
    assert [step for _, step, _ in told(alert)] == ["mentor", "supervisor", "admin"]
    assert told(alert)[-1][0] == 4


def test_someone_already_told_is_not_told_again(personas: Personas) -> None:
    # The mentor's own supervisor is on call: the on-call step has no one new, so the admins.
    put_on_call(personas, personas.supervisor, T0 - minutes(60), T0 + minutes(600))
    alert = crisis(personas)
    escalations_advance_due(now=T0 + minutes(5))
    escalations_advance_due(now=T0 + minutes(10))
    assert [step for _, step, _ in told(alert)] == ["mentor", "supervisor", "admin"]
    assert Notification.objects.filter(recipient=personas.supervisor.user).count() == 1


def test_everyone_on_call_at_the_time_is_told(personas: Personas) -> None:
    put_on_call(personas, personas.supervisor2, T0 - minutes(60), T0 + minutes(600))
    put_on_call(personas, personas.mentor2, T0 - minutes(30), T0 + minutes(600))
    alert = crisis(personas)
    escalations_advance_due(now=T0 + minutes(5))
    escalations_advance_due(now=T0 + minutes(10))
    assert {r for i, _, r in told(alert) if i == 3} == {personas.supervisor2.pk, personas.mentor2.pk}


def test_the_playbook_sets_the_order_and_the_timers(personas: Personas) -> None:
    EscalationPlaybook.objects.create(
        organization=personas.org, program=personas.program, steps=["supervisor", "admin"], crisis_ack_minutes=2
    )
    alert = crisis(personas)
    assert told(alert) == [(1, "supervisor", personas.supervisor.pk)]
    assert alert.escalation_due_at == T0 + minutes(2)
    assert escalations_advance_due(now=T0 + minutes(2)) == 1
    assert told(alert)[-1] == (2, "admin", personas.admin.pk)


def test_a_step_with_no_one_is_skipped_at_the_start(personas: Personas) -> None:
    # A mentor without a supervisor, and no mentor step: the admins first.
    Membership.objects.filter(pk=personas.mentor.pk).update(supervisor=None)
    EscalationPlaybook.objects.create(
        organization=personas.org, program=personas.program, steps=["supervisor", "on_call", "admin"]
    )
    alert = crisis(personas)
    assert told(alert) == [(3, "admin", personas.admin.pk)]


def test_a_caller_that_told_the_mentor_itself_still_starts_the_timer(personas: Personas) -> None:
    alert = alert_raise(
        participant=personas.participant,
        kind=AlertKind.CRISIS_LANGUAGE,
        reason="Something they wrote may mean they are in crisis.",
        notify_mentor=False,
        now=T0,
    )
    assert told(alert) == [(1, "mentor", personas.mentor.pk)]
    assert not Notification.objects.exists()
    assert escalations_advance_due(now=T0 + minutes(5)) == 1
    assert notified_users(alert) == [personas.supervisor.user_id]


def test_when_every_channel_fails_for_the_mentor_it_moves_on_at_once(personas: Personas) -> None:
    alert = crisis(personas)
    note = Notification.objects.get(recipient=personas.mentor.user)
    assert on_delivery_exhausted(notification_id=note.pk, now=T0 + minutes(1)) is True
    alert.refresh_from_db()
    assert (alert.escalation_step, alert.escalation_due_at) == (2, T0 + minutes(6))
    assert EscalationStep.objects.get(alert=alert, index=1).delivery_failed_at == T0 + minutes(1)
    assert AuditEntry.objects.get(action="alert.escalated").extra["why"] == "delivery_failed"
    # Idempotent: again, or the timer running out meanwhile, tells no one new.
    assert on_delivery_exhausted(notification_id=note.pk, now=T0 + minutes(2)) is False
    assert escalations_advance_due(now=T0 + minutes(5)) == 0
    assert notified_users(alert) == [personas.mentor.user_id, personas.supervisor.user_id]


def test_a_failed_delivery_after_an_acknowledgement_changes_nothing(personas: Personas) -> None:
    alert = crisis(personas)
    note = Notification.objects.get(recipient=personas.mentor.user)
    alert_acknowledge(viewer=personas.mentor, alert=alert, now=T0 + minutes(1))
    assert on_delivery_exhausted(notification_id=note.pk, now=T0 + minutes(2)) is False
    assert notified_users(alert) == [personas.mentor.user_id]


def test_a_failed_delivery_of_another_notification_is_ignored(personas: Personas) -> None:
    from alongside.notifications.services import notify

    other = notify(recipient=personas.mentor.user, kind="reminder", title="Hello", urgent=True)
    assert on_delivery_exhausted(notification_id=other.pk) is False
    assert on_delivery_exhausted(notification_id=999_999) is False


def test_a_failed_delivery_for_an_earlier_step_changes_nothing(personas: Personas) -> None:
    alert = crisis(personas)
    note = Notification.objects.get(recipient=personas.mentor.user)
    escalations_advance_due(now=T0 + minutes(5))
    assert on_delivery_exhausted(notification_id=note.pk, now=T0 + minutes(6)) is False
    assert [step for _, step, _ in told(alert)] == ["mentor", "supervisor"]


def test_the_on_call_person_and_the_admins_may_answer_that_alert_only(personas: Personas) -> None:
    put_on_call(personas, personas.supervisor2, T0 - minutes(60), T0 + minutes(600))
    alert = crisis(personas)
    other = alert_raise(participant=personas.participant, kind=AlertKind.SIGNAL, reason="Craving up.", now=T0)
    for person in (personas.supervisor2, personas.admin, personas.mentor2):
        assert not policy.can(person, policy.ALERT_RESPOND, alert)
    for n in (5, 10, 15):
        escalations_advance_due(now=T0 + minutes(n))
    for person in (personas.supervisor2, personas.admin):
        assert policy.can(person, policy.ALERT_RESPOND, alert)
        assert not policy.can(person, policy.ALERT_RESPOND, other)
        assert not policy.can(person, policy.ALERT_RESPOND, personas.participant)
        assert not policy.can(person, policy.PARTICIPANT_VIEW_SENSITIVE, personas.participant)
    assert not policy.can(personas.mentor2, policy.ALERT_RESPOND, alert)
    assert not policy.can(personas.participant, policy.ALERT_RESPOND, alert)
    assert not policy.can(personas.outsider, policy.ALERT_RESPOND, alert)
    # The earlier on-call person keeps it after the admins were told; sees it listed; answers it.
    assert [a.pk for a in alerts_for_viewer(viewer=personas.supervisor2)] == [alert.pk]
    alert_get(viewer=personas.supervisor2, alert_id=alert.pk)
    entry = AuditEntry.objects.filter(action="alert.viewed").latest("pk")
    assert entry.extra == {"access": "escalation"} and entry.subject_id == personas.participant.pk
    alert_acknowledge(viewer=personas.supervisor2, alert=alert)
    with pytest.raises(NotFound):
        alert_get(viewer=personas.mentor2, alert_id=alert.pk)


def test_being_told_as_mentor_gives_nothing_once_the_match_ends(personas: Personas) -> None:
    from alongside.organizations.services import match_end

    alert = crisis(personas)
    match_end(viewer=personas.supervisor, match=personas.match)
    assert not policy.can(personas.mentor, policy.ALERT_RESPOND, alert)


@pytest.mark.django_db(transaction=True)  # the worker closes stale connections, as it must in production
def test_the_worker_sweep_advances_due_escalations(personas: Personas) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    alert = crisis(personas, now=timezone.now() - minutes(6))
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert [step for _, step, _ in told(alert)] == ["mentor", "supervisor"]
    assert "alerts passed to the next escalation step: 1" in out.getvalue()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_several_workers_at_once_move_an_alert_one_step(personas: Personas) -> None:
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locking is only real on PostgreSQL (run with DATABASE_URL set)")
    alert = crisis(personas)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []
    moved: list[int] = []

    def sweep() -> None:
        try:
            barrier.wait()
            moved.append(escalations_advance_due(now=T0 + minutes(5)))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sum(moved) == 1
    assert [step for _, step, _ in told(alert)] == ["mentor", "supervisor"]
    assert Notification.objects.filter(recipient=personas.supervisor.user).count() == 1
