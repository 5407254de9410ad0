from __future__ import annotations

import pytest

from alongside.alerts.models import AlertKind
from alongside.alerts.selectors import alert_get, alerts_for_viewer, open_alerts_by_participant
from alongside.alerts.services import alert_acknowledge, alert_raise, alert_resolve
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import NotAllowed, NotFound
from alongside.organizations.services import match_end


def setup_alerts(personas: Personas) -> dict[str, int]:
    """participant: one open, one acknowledged, one resolved; participant2: one open; outsider's participant: one."""
    use = alert_raise(participant=personas.participant, kind=AlertKind.REPORTED_USE, reason="Reported use.")
    outreach = alert_raise(
        participant=personas.participant, kind=AlertKind.OUTREACH_REQUESTED, reason="Asked for outreach."
    )
    alert_acknowledge(viewer=personas.mentor, alert=outreach)
    old = alert_raise(participant=personas.participant, kind=AlertKind.SIGNAL, reason="Craving rising.")
    alert_resolve(viewer=personas.mentor, alert=old, note="Talked it through.")
    other = alert_raise(participant=personas.participant2, kind=AlertKind.SIGNAL, reason="Sleep poor.")
    elsewhere = alert_raise(participant=personas.outsider_participant, kind=AlertKind.SIGNAL, reason="Elsewhere.")
    return {"use": use.pk, "outreach": outreach.pk, "old": old.pk, "other": other.pk, "elsewhere": elsewhere.pk}


def test_open_alerts_by_participant_groups_newest_first_in_one_query(
    personas: Personas, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    made = setup_alerts(personas)
    with django_assert_num_queries(1):
        grouped = open_alerts_by_participant(participant_ids=[personas.participant.pk, personas.participant2.pk])
        summary = {pid: [(a.pk, a.kind, a.reason) for a in alerts] for pid, alerts in grouped.items()}
    assert summary == {
        personas.participant.pk: [
            (made["outreach"], "outreach_requested", "Asked for outreach."),
            (made["use"], "reported_use", "Reported use."),
        ],
        personas.participant2.pk: [(made["other"], "signal", "Sleep poor.")],
    }


@pytest.mark.parametrize("persona", ["mentor", "supervisor"])
def test_the_list_shows_open_then_acknowledged_then_resolved(personas: Personas, persona: str) -> None:
    made = setup_alerts(personas)
    alerts = alerts_for_viewer(viewer=getattr(personas, persona))
    assert [a.pk for a in alerts] == [made["other"], made["use"], made["outreach"], made["old"]]
    listed = AuditEntry.objects.filter(action="alert.listed", actor=getattr(personas, persona).user)
    assert sorted(e.subject_id for e in listed) == sorted([personas.participant.pk, personas.participant2.pk])


def test_the_list_filters_by_status(personas: Personas) -> None:
    made = setup_alerts(personas)
    assert [a.pk for a in alerts_for_viewer(viewer=personas.mentor, status="acknowledged")] == [made["outreach"]]
    assert [a.pk for a in alerts_for_viewer(viewer=personas.mentor, status="resolved")] == [made["old"]]


@pytest.mark.parametrize("persona", ["mentor2", "supervisor2", "outsider"])
def test_other_teams_and_organizations_list_none_of_them(personas: Personas, persona: str) -> None:
    made = setup_alerts(personas)
    pks = [a.pk for a in alerts_for_viewer(viewer=getattr(personas, persona))]
    assert pks == ([made["elsewhere"]] if persona == "outsider" else [])


@pytest.mark.parametrize("persona", ["admin", "participant"])
def test_the_list_is_not_for_admins_or_participants(personas: Personas, persona: str) -> None:
    setup_alerts(personas)
    with pytest.raises(NotAllowed):
        alerts_for_viewer(viewer=getattr(personas, persona))


def test_an_ended_match_leaves_the_mentors_list(personas: Personas) -> None:
    made = setup_alerts(personas)
    match_end(viewer=personas.supervisor, match=personas.match)
    assert [a.pk for a in alerts_for_viewer(viewer=personas.mentor)] == [made["other"]]


def test_reading_one_alert_is_audited(personas: Personas) -> None:
    made = setup_alerts(personas)
    alert = alert_get(viewer=personas.supervisor, alert_id=made["outreach"])
    assert [e.kind for e in alert.events.all()] == ["raised", "acknowledged"]
    entry = AuditEntry.objects.get(action="alert.viewed")
    assert entry.subject == personas.participant and entry.target_id == str(alert.pk)


@pytest.mark.parametrize(
    ("persona", "error"),
    [("mentor2", NotFound), ("supervisor2", NotFound), ("outsider", NotFound), ("admin", NotFound)],
)
def test_reading_one_alert_is_refused_outside_the_participants_care(
    personas: Personas, persona: str, error: type[Exception]
) -> None:
    made = setup_alerts(personas)
    with pytest.raises(error):
        alert_get(viewer=getattr(personas, persona), alert_id=made["use"])
    with pytest.raises(NotFound):
        alert_get(viewer=personas.mentor, alert_id=made["elsewhere"])
    with pytest.raises(NotFound):
        alert_get(viewer=personas.mentor, alert_id=999_999)
    assert not AuditEntry.objects.filter(action="alert.viewed").exists()
