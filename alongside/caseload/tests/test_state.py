"""The caseload state: marked stale by every write that changes an input (in the writer's
transaction), recomputed by the worker from history with the one risk engine, rebuilt from history
by one command, and read by the pages one row per person (a crisis read live)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from alongside.alerts.models import Alert, AlertKind
from alongside.alerts.services import alert_acknowledge, alert_raise, alert_resolve, crisis_button_press
from alongside.caseload.models import CaseloadState
from alongside.caseload.state import COMPUTED_FIELDS, mark_stale, rebuild, recompute_stale
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.conftest import Personas
from alongside.contacts.services import ContactNoteInput, contact_note_create
from alongside.core.jobs import EVERY_PASS, registry
from alongside.core.localtime import local_today
from alongside.goals.models import GoalStep
from alongside.goals.services import GoalInput, StepInput, goal_create, step_toggle
from alongside.messaging.services import message_send, thread_mark_read, thread_open
from alongside.organizations.models import Match, MatchStatus
from alongside.organizations.services import match_end, program_set_contact_expectation
from alongside.recovery.services import recovery_start_create, recovery_start_update
from alongside.signals.rules import SignalCode
from alongside.signals.services import signal_settings_update
from alongside.workspace.selectors import caseload_today
from alongside.workspace.tests.conftest import caught_up, checkin, contact, goal_with_overdue_step, recovery_start

AsPersona = Callable[[str], Client]
TODAY_URL = reverse("workspace:today")


def row(personas: Personas) -> CaseloadState:
    return CaseloadState.objects.get(participant=personas.participant)


def _checkin(p: Personas) -> None:
    checkin_record(participant=p.participant, data=CheckInInput(mood=2, craving=9, used=True))


def _contact(p: Personas) -> None:
    contact_note_create(
        mentor=p.mentor,
        participant=p.participant,
        data=ContactNoteInput(
            occurred_on=local_today(p.mentor), duration_minutes=20, mode="phone", topics=["goals"], summary="Talked"
        ),
    )


def _message(p: Personas) -> None:
    thread = thread_open(viewer=p.participant, participant=p.participant)
    message_send(viewer=p.participant, thread=thread, body="Are you around?")


def _message_read(p: Personas) -> None:
    thread = thread_open(viewer=p.mentor, participant=p.participant)
    thread_mark_read(viewer=p.mentor, thread=thread)


def _alert_raised(p: Personas) -> None:
    alert_raise(participant=p.participant, kind=AlertKind.OUTREACH_REQUESTED, reason="Asked", notify_mentor=False)


def _alert_acknowledged(p: Personas) -> None:
    alert_acknowledge(viewer=p.mentor, alert=Alert.objects.get(participant=p.participant))


def _alert_resolved(p: Personas) -> None:
    alert_resolve(viewer=p.mentor, alert=Alert.objects.get(participant=p.participant), note="Called them")


def _goal_added(p: Personas) -> None:
    today = local_today(p.participant)
    goal_create(
        participant=p.participant,
        data=GoalInput(title="Walk daily", steps=[StepInput("Buy shoes", target_date=today + dt.timedelta(days=3))]),
    )


def _step_done(p: Personas) -> None:
    step_toggle(participant=p.participant, step=GoalStep.objects.get(goal__participant=p.participant))


def _match_ended(p: Personas) -> None:
    match_end(viewer=p.supervisor, match=Match.objects.get(participant=p.participant, status=MatchStatus.ACTIVE))


def _recovery_date_changed(p: Personas) -> None:
    start = p.participant.recovery_starts.get()
    today = local_today(p.participant)
    recovery_start_update(
        participant=p.participant, start=start, pathway="mutual_help", started_on=today - dt.timedelta(days=5)
    )


def _signal_settings_changed(p: Personas) -> None:
    signal_settings_update(
        viewer=p.admin,
        program=p.program,
        alert_threshold=4,
        weights={},
        thresholds={"craving_high": 7},
        enabled=SignalCode.values,
    )


def _time_zone_changed(p: Personas) -> None:
    user = p.participant.user
    user.time_zone = "Pacific/Kiritimati"
    user.save()


def _contact_expectation_changed(p: Personas) -> None:
    program_set_contact_expectation(viewer=p.admin, program=p.program, contact_expected_days=3)


def _setup_alert(p: Personas) -> None:
    _alert_raised(p)


def _setup_acknowledged(p: Personas) -> None:
    _alert_raised(p)
    _alert_acknowledged(p)


def _setup_goal(p: Personas) -> None:
    _goal_added(p)


def _setup_start(p: Personas) -> None:
    recovery_start_create(
        participant=p.participant, pathway="mutual_help", started_on=local_today(p.participant) - dt.timedelta(days=20)
    )


def _nothing(p: Personas) -> None:
    pass


WRITES: dict[str, tuple[Callable[[Personas], None], Callable[[Personas], None]]] = {
    # name: (what comes before, the write)
    "check-in": (_nothing, _checkin),
    "contact note": (_nothing, _contact),
    "message sent": (_nothing, _message),
    "message read": (_message, _message_read),
    "alert opened": (_nothing, _alert_raised),
    "alert acknowledged": (_setup_alert, _alert_acknowledged),
    "alert resolved": (_setup_acknowledged, _alert_resolved),
    "goal step added": (_nothing, _goal_added),
    "goal step done": (_setup_goal, _step_done),
    "match ended": (_nothing, _match_ended),
    "recovery start date changed": (_setup_start, _recovery_date_changed),
    "program signal settings changed": (_nothing, _signal_settings_changed),
    "program contact expectation changed": (_nothing, _contact_expectation_changed),
    "their time zone changed": (_nothing, _time_zone_changed),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_that_changes_an_input_marks_the_row_stale(personas: Personas, name: str) -> None:
    before, write = WRITES[name]
    before(personas)
    caught_up()
    assert row(personas).dirty_since is None
    write(personas)
    assert row(personas).dirty_since is not None, name
    caught_up()
    assert row(personas).dirty_since is None


@pytest.mark.parametrize("name", ["check-in", "contact note", "alert opened"])
def test_the_mark_is_part_of_the_write_a_failed_write_leaves_no_mark(personas: Personas, name: str) -> None:
    caught_up()
    _before, write = WRITES[name]
    with pytest.raises(RuntimeError), transaction.atomic():
        write(personas)
        assert row(personas).dirty_since is not None  # marked in the writer's transaction...
        raise RuntimeError("the request failed after the write")
    assert row(personas).dirty_since is None  # ...and rolled back with it


def test_the_worker_recomputes_a_marked_row_from_history(personas: Personas) -> None:
    caught_up()
    _checkin(personas)
    assert row(personas).reasons == []  # not yet: the worker has not run
    assert recompute_stale()["recomputed"] >= 1
    state = row(personas)
    assert {r["code"] for r in state.reasons} >= {SignalCode.CRAVING_RISING, SignalCode.REPORTED_USE}
    assert (state.latest_mood, state.latest_craving) == (2, 9)
    assert state.open_alerts == 1 and state.alerts_by_kind == {"reported_use": 1}
    assert state.dirty_since is None and state.computed_at is not None


def test_a_write_during_the_recompute_leaves_the_row_marked(personas: Personas) -> None:
    caught_up()
    mark_stale(personas.participant.pk)
    read_mark = row(personas).dirty_since
    mark_stale(personas.participant.pk, now=timezone.now() + dt.timedelta(seconds=1))  # a write meanwhile
    from alongside.caseload.state import _write

    _write([personas.participant.pk], now=timezone.now(), marks={personas.participant.pk: read_mark})
    assert row(personas).dirty_since is not None  # computed again on the next pass


def test_a_row_is_recomputed_once_its_day_is_over(personas: Personas) -> None:
    personas.match.started_at = timezone.now() - dt.timedelta(days=6)
    personas.match.save()
    caught_up()
    assert row(personas).reasons == []  # 6 days without contact: within the week the program expects
    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert row(personas).valid_until <= tomorrow
    assert recompute_stale(now=tomorrow)["recomputed"] >= 1
    assert [r["code"] for r in row(personas).reasons] == ["no_contact"]


def test_a_failing_participant_is_left_marked_and_the_others_are_written(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    caught_up()
    mark_stale(personas.participant.pk, personas.participant2.pk)
    from alongside.caseload import state as state_module

    real = state_module.compute

    def compute(ids: list[int], *, now: dt.datetime) -> dict[int, Any]:
        if personas.participant.pk in ids:
            raise RuntimeError("broken history")
        return real(ids, now=now)

    monkeypatch.setattr(state_module, "compute", compute)
    assert recompute_stale() == {"recomputed": 1, "failed": 1}
    assert row(personas).dirty_since is not None
    assert CaseloadState.objects.get(participant=personas.participant2).dirty_since is None


def _history(personas: Personas) -> None:
    p = personas.participant
    for n in range(3, 30):
        checkin(p, n, mood=4)
    _checkin(personas)
    contact(personas.mentor, p, 9)
    goal_with_overdue_step(p)
    recovery_start(p, 28)
    _message(personas)
    crisis_button_press(participant=personas.participant2)


def test_a_rebuilt_row_equals_the_incrementally_maintained_one(personas: Personas) -> None:
    now = timezone.now()
    caught_up(now)
    _history(personas)
    caught_up(now)
    kept = {s.pk: {f: getattr(s, f) for f in COMPUTED_FIELDS} for s in CaseloadState.objects.all()}
    assert kept[personas.participant.pk]["reasons"]  # something to compare
    CaseloadState.objects.all().delete()
    rebuild(now=now)
    rebuilt = {s.pk: {f: getattr(s, f) for f in COMPUTED_FIELDS} for s in CaseloadState.objects.all()}
    assert rebuilt == kept


def test_the_command_rebuilds_every_participants_row(personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:
    _history(personas)
    CaseloadState.objects.all().delete()
    call_command("rebuild_caseload_state")
    assert "Caseload state rebuilt" in capsys.readouterr().out
    participants = {personas.participant.pk, personas.participant2.pk, personas.outsider_participant.pk}
    assert participants <= set(CaseloadState.objects.values_list("pk", flat=True))
    assert not CaseloadState.objects.filter(dirty_since__isnull=False).exists()
    assert row(personas).reasons


def test_the_worker_runs_the_recompute_on_every_pass() -> None:
    job = registry.get("caseload_recompute_stale")
    assert job.every == EVERY_PASS and job.run is recompute_stale


# The pages ----------------------------------------------------------------------------------------


def test_the_page_says_how_fresh_the_state_is(personas: Personas, as_persona: AsPersona) -> None:
    caught_up()
    mentor = as_persona("mentor")
    content = mentor.get(TODAY_URL).content.decode()
    assert "Updated just now." in content and "being updated" not in content
    _checkin(personas)  # the worker has not run yet
    content = mentor.get(TODAY_URL).content.decode()
    assert "Some of this is being updated" in content
    CaseloadState.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=2))
    caseload = caseload_today(viewer=personas.mentor)
    assert caseload.freshness.updating == 1 and not caseload.freshness.just_now
    assert "Updated 2\xa0minutes ago." in mentor.get(TODAY_URL).content.decode()


def test_a_crisis_shows_at_once_while_the_worker_is_behind(personas: Personas, as_persona: AsPersona) -> None:
    caught_up()
    crisis_button_press(participant=personas.participant2)  # no worker run after this
    assert CaseloadState.objects.get(participant=personas.participant2).crisis_open == 0  # the row is behind
    rows = caseload_today(viewer=personas.mentor).rows
    assert rows[0].participant == personas.participant2 and rows[0].need.crisis_level == 2
    content = as_persona("mentor").get(TODAY_URL).content.decode()
    assert "not yet acknowledged" in content and 'class="crisis-mark"' in content


def test_a_person_without_a_row_yet_is_listed_as_being_updated(personas: Personas) -> None:
    CaseloadState.objects.all().delete()
    caseload = caseload_today(viewer=personas.mentor)
    assert len(caseload.rows) == 2 and caseload.freshness.updating == 2
    assert all(r.need.reasons == [] for r in caseload.rows)


def test_reasons_computed_in_english_read_in_spanish(personas: Personas, as_persona: AsPersona) -> None:
    contact(personas.mentor, personas.participant2, 1)
    _checkin(personas)
    with translation.override("en"):
        caught_up()
    user = personas.mentor.user
    user.language = "es"
    user.save()
    content = as_persona("mentor").get(TODAY_URL).content.decode()
    assert "El registro más reciente indica 9 de 10." in content
    assert "The latest check-in says" not in content


def test_the_team_page_reads_the_same_rows(personas: Personas, as_persona: AsPersona) -> None:
    _checkin(personas)
    caught_up()
    content = as_persona("supervisor").get(reverse("workspace:team")).content.decode()
    assert "The latest check-in says 9 out of 10." in content
    assert "Updated just now." in content


def test_a_login_marks_nothing(personas: Personas, as_persona: AsPersona) -> None:
    caught_up()
    user = personas.participant.user
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    as_persona("participant").get(reverse("workspace:today"))
    assert not CaseloadState.objects.filter(dirty_since__isnull=False).exists()
