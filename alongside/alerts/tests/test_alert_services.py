from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from alongside.alerts.models import Alert, AlertEvent, AlertKind, AlertStatus
from alongside.alerts.services import alert_acknowledge, alert_note_add, alert_raise, alert_resolve
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput, NotFound
from alongside.notifications.models import Notification, OutboxMessage
from alongside.organizations.models import MatchStatus
from alongside.organizations.services import match_end

REASON = "Craving 8 of 10 three days running."


def raise_for(personas: Personas, kind: str = AlertKind.SIGNAL, reason: str = REASON, source: str = "") -> Alert:
    return alert_raise(participant=personas.participant, kind=kind, reason=reason, source=source)


def event_kinds(alert: Alert) -> list[str]:
    return list(alert.events.values_list("kind", flat=True))


def test_it_raises_an_alert_and_tells_the_matched_mentor_without_the_reason(personas: Personas) -> None:
    alert = raise_for(personas, source="signal:1")
    assert (alert.status, alert.kind, alert.reason, alert.source) == ("open", "signal", REASON, "signal:1")
    assert alert.organization == personas.org and event_kinds(alert) == ["raised"]
    assert AuditEntry.objects.filter(action="alert.raised", subject=personas.participant).count() == 1
    note = Notification.objects.get(recipient=personas.mentor.user)
    assert note.kind == "alert.escalation" and note.link == f"/alerts/{alert.pk}/"
    assert "Pat Participant" in note.title
    email = OutboxMessage.objects.get(notification=note)
    for text in (note.title, note.body, email.subject, email.body):
        assert "Craving" not in text and "signal" not in text


def test_raising_the_same_kind_again_joins_the_open_alert(personas: Personas) -> None:
    first = raise_for(personas, source="signal:1")
    again = raise_for(personas, reason="Mood 2 below their own average.", source="signal:2")
    assert again.pk == first.pk and Alert.objects.count() == 1
    assert event_kinds(first) == ["raised", "repeated"]
    assert first.events.last().text == "Mood 2 below their own average."  # type: ignore[union-attr]
    assert Notification.objects.filter(recipient=personas.mentor.user).count() == 1
    assert AuditEntry.objects.filter(action="alert.repeated").count() == 1


def test_the_same_source_raising_twice_adds_nothing(personas: Personas) -> None:
    first = raise_for(personas, source="checkin:7")
    again = raise_for(personas, source="checkin:7")
    assert again.pk == first.pk and event_kinds(first) == ["raised"]


def test_another_kind_is_its_own_alert(personas: Personas) -> None:
    signal = raise_for(personas)
    outreach = raise_for(personas, kind=AlertKind.OUTREACH_REQUESTED, reason="Asked for outreach.")
    assert signal.pk != outreach.pk and Alert.objects.filter(status="open").count() == 2


def test_an_acknowledged_alert_still_collects_repeats(personas: Personas) -> None:
    alert = raise_for(personas, source="a")
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    again = raise_for(personas, source="b")
    assert again.pk == alert.pk and again.status == AlertStatus.ACKNOWLEDGED
    assert event_kinds(alert) == ["raised", "acknowledged", "repeated"]


def test_after_resolving_a_new_raise_opens_a_new_alert(personas: Personas) -> None:
    alert = raise_for(personas, source="a")
    alert_resolve(viewer=personas.mentor, alert=alert, note="We talked; they are safe.")
    fresh = raise_for(personas, source="a")
    assert fresh.pk != alert.pk and fresh.status == AlertStatus.OPEN
    assert Notification.objects.filter(recipient=personas.mentor.user).count() == 2


def test_the_database_holds_one_open_alert_per_participant_and_kind(personas: Personas) -> None:
    raise_for(personas)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(
            organization=personas.org, participant=personas.participant, kind=AlertKind.SIGNAL, reason="x"
        )


def test_the_mentor_acknowledges_then_resolves_with_a_note(personas: Personas) -> None:
    alert = raise_for(personas)
    acknowledged = alert_acknowledge(viewer=personas.mentor, alert=alert)
    assert acknowledged.status == AlertStatus.ACKNOWLEDGED and acknowledged.acknowledged_by == personas.mentor
    resolved = alert_resolve(viewer=personas.mentor, alert=alert, note="  Called; we meet tomorrow.  ")
    alert.refresh_from_db()
    assert resolved.status == alert.status == AlertStatus.RESOLVED
    assert alert.resolved_by == personas.mentor and alert.resolution_note == "Called; we meet tomorrow."
    assert alert.acknowledged_at is not None and alert.resolved_at is not None
    assert event_kinds(alert) == ["raised", "acknowledged", "resolved"]
    actions = set(AuditEntry.objects.filter(subject=personas.participant).values_list("action", flat=True))
    assert {"alert.raised", "alert.acknowledged", "alert.resolved"} <= actions


def test_the_supervisor_may_resolve_straight_from_open(personas: Personas) -> None:
    alert = alert_resolve(viewer=personas.supervisor, alert=raise_for(personas), note="Covered while Maria was off.")
    assert alert.status == AlertStatus.RESOLVED and alert.acknowledged_at is None


@pytest.mark.parametrize("note", ["", "   ", "x" * 2001])
def test_resolving_needs_a_short_note(personas: Personas, note: str) -> None:
    alert = raise_for(personas)
    with pytest.raises(InvalidInput) as exc:
        alert_resolve(viewer=personas.mentor, alert=alert, note=note)
    assert "note" in exc.value.field_errors
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and not AuditEntry.objects.filter(action="alert.resolved").exists()


def test_the_state_machine_explains_what_cannot_happen(personas: Personas) -> None:
    alert = raise_for(personas)
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    with pytest.raises(InvalidInput, match="already acknowledged") as exc:
        alert_acknowledge(viewer=personas.supervisor, alert=alert)
    assert "status" in exc.value.field_errors
    alert_resolve(viewer=personas.mentor, alert=alert, note="Done.")
    with pytest.raises(InvalidInput, match="already resolved"):
        alert_resolve(viewer=personas.supervisor, alert=alert, note="Done again.")
    with pytest.raises(InvalidInput, match="already resolved"):
        alert_acknowledge(viewer=personas.supervisor, alert=alert)
    assert event_kinds(alert) == ["raised", "acknowledged", "resolved"]


def test_a_stale_copy_cannot_resolve_twice(personas: Personas) -> None:
    alert = raise_for(personas)
    stale = Alert.objects.get(pk=alert.pk)
    alert_resolve(viewer=personas.mentor, alert=alert, note="Done.")
    with pytest.raises(InvalidInput, match="already resolved"):
        alert_resolve(viewer=personas.supervisor, alert=stale, note="Me too.")
    assert Alert.objects.get(pk=alert.pk).resolved_by == personas.mentor


def test_a_note_joins_the_history_at_any_status(personas: Personas) -> None:
    alert = raise_for(personas)
    event = alert_note_add(viewer=personas.mentor, alert=alert, text="Called, left a message.")
    assert event.kind == "note" and event.actor == personas.mentor
    alert_resolve(viewer=personas.mentor, alert=alert, note="Talked in the evening.")
    alert_note_add(viewer=personas.supervisor, alert=alert, text="Discussed in supervision.")
    assert event_kinds(alert) == ["raised", "note", "resolved", "note"]
    assert AuditEntry.objects.filter(action="alert.noted").count() == 2
    with pytest.raises(InvalidInput) as exc:
        alert_note_add(viewer=personas.mentor, alert=alert, text=" ")
    assert "text" in exc.value.field_errors


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("mentor2", NotFound),
        ("supervisor2", NotFound),
        ("participant2", NotFound),
        ("outsider", NotFound),
        ("admin", NotFound),  # knows the participant exists, but not their alerts
        ("participant", NotFound),  # it is about them, for the people who respond
    ],
)
def test_only_the_matched_mentor_and_their_supervisor_respond(
    personas: Personas, persona: str, error: type[Exception]
) -> None:
    alert = raise_for(personas)
    viewer = getattr(personas, persona)
    with pytest.raises(error):
        alert_acknowledge(viewer=viewer, alert=alert)
    with pytest.raises(error):
        alert_resolve(viewer=viewer, alert=alert, note="Not mine to close.")
    with pytest.raises(error):
        alert_note_add(viewer=viewer, alert=alert, text="Not mine to add.")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and event_kinds(alert) == ["raised"]


def test_ending_the_match_ends_the_mentors_part_in_the_alert(personas: Personas) -> None:
    alert = raise_for(personas)
    match_end(viewer=personas.supervisor, match=personas.match)
    with pytest.raises(NotFound):
        alert_acknowledge(viewer=personas.mentor, alert=alert)
    with pytest.raises(NotFound):
        alert_acknowledge(viewer=personas.supervisor, alert=alert)


def test_without_a_match_the_alert_is_recorded_and_escalation_reaches_the_admins(personas: Personas) -> None:
    personas.match.status = MatchStatus.ENDED
    personas.match.save()
    alert = raise_for(personas)
    assert alert.status == AlertStatus.OPEN
    # No mentor, so no mentor's supervisor, and no one on call: the ladder's last step.
    assert list(Notification.objects.values_list("recipient", flat=True)) == [personas.admin.user_id]


def test_the_new_mentor_is_told_after_a_reassignment(personas: Personas) -> None:
    personas.match.status = MatchStatus.ENDED
    personas.match.save()
    personas.match.pk = None
    personas.match.mentor = personas.mentor2
    personas.match.status = MatchStatus.ACTIVE
    personas.match.save()
    raise_for(personas)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [personas.mentor2.user_id]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"kind": "vibes"}, "kind"), ({"reason": "  "}, "reason"), ({"participant": "mentor"}, "participant")],
)
def test_a_raise_with_bad_input_is_refused(personas: Personas, changes: dict, field: str) -> None:
    kwargs: dict = {"participant": personas.participant, "kind": AlertKind.SIGNAL, "reason": REASON, **changes}
    if changes.get("participant"):
        kwargs["participant"] = getattr(personas, changes["participant"])
    with pytest.raises(InvalidInput) as exc:
        alert_raise(**kwargs)
    assert field in exc.value.field_errors and not Alert.objects.exists()


def test_reasons_and_notes_are_encrypted_at_rest(personas: Personas) -> None:
    alert = raise_for(personas, reason="Reported use on Tuesday.")
    alert_resolve(viewer=personas.mentor, alert=alert, note="We met for coffee.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason, resolution_note FROM alerts_alert")
        stored = " ".join(cursor.fetchone())
        cursor.execute("SELECT text FROM alerts_alertevent")
        stored += " ".join(row[0] for row in cursor.fetchall())
    assert "Tuesday" not in stored and "coffee" not in stored
    assert [e.text for e in AlertEvent.objects.all()] == ["Reported use on Tuesday.", "We met for coffee."]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_raises_make_one_alert(personas: Personas) -> None:
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("row locking is only real on PostgreSQL (run with DATABASE_URL set)")
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []
    raised: list[int] = []

    def submit(n: int) -> None:
        try:
            barrier.wait()
            alert = alert_raise(
                participant=personas.participant, kind=AlertKind.CRISIS_BUTTON, reason="Pressed", source=f"tap:{n}"
            )
            raised.append(alert.pk)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    alert = Alert.objects.get(participant=personas.participant)
    assert set(raised) == {alert.pk}
    assert sorted(event_kinds(alert)) == ["raised"] + ["repeated"] * 7
    assert Notification.objects.filter(recipient=personas.mentor.user).count() == 1
