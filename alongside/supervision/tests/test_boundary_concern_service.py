from __future__ import annotations

import uuid

import pytest
from django.db import connection

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput, NotAllowed, NotFound
from alongside.notifications.models import Notification
from alongside.organizations.services import match_end
from alongside.supervision.models import BoundaryConcern, ConcernStatus
from alongside.supervision.selectors import concern_for_viewer, concerns_for_viewer
from alongside.supervision.services import boundary_concern_acknowledge, boundary_concern_report
from alongside.supervision.tests.factories import report_concern


def test_a_mentor_reports_a_concern_and_the_supervisor_is_told_without_details(personas: Personas) -> None:
    concern = report_concern(personas)
    assert (concern.status, concern.participant, concern.kind) == ("open", personas.participant, "money_or_favours")
    told = Notification.objects.get(recipient=personas.supervisor.user, kind="boundary_concern.reported")
    assert "forty dollars" not in told.title + told.body and "Pat" not in told.title + told.body
    assert told.link == f"/supervision/concerns/{concern.pk}/"
    assert not Notification.objects.filter(recipient=personas.supervisor2.user).exists()
    assert AuditEntry.objects.filter(action="boundary_concern.reported").count() == 1


def test_a_concern_need_not_name_anyone(personas: Personas) -> None:
    concern = report_concern(personas, participant_id=None, kind="other")
    assert concern.participant is None


def test_the_same_client_id_twice_stores_one_concern(personas: Personas) -> None:
    key = uuid.uuid4()
    report_concern(personas, client_id=key)
    report_concern(personas, client_id=key)
    assert BoundaryConcern.objects.count() == 1
    assert Notification.objects.filter(kind="boundary_concern.reported").count() == 1


@pytest.mark.parametrize("who", ["participant2_unmatched", "outsider_participant", "mentor2"])
def test_the_participant_must_be_in_the_mentors_caseload(personas: Personas, who: str) -> None:
    if who == "participant2_unmatched":
        match_end(viewer=personas.admin, match=personas.match2)
        target = personas.participant2
    else:
        target = getattr(personas, who)
    with pytest.raises(InvalidInput) as exc:
        report_concern(personas, participant_id=target.pk)
    assert "participant" in exc.value.field_errors
    assert not BoundaryConcern.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"kind": "gossip"}, "kind"), ({"details": " "}, "details"), ({"details": "d" * 5001}, "details")],
)
def test_bad_input_is_refused(personas: Personas, overrides: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        report_concern(personas, **overrides)
    assert field in exc.value.field_errors


@pytest.mark.parametrize("who", ["supervisor", "admin", "participant"])
def test_only_mentors_report_concerns(personas: Personas, who: str) -> None:
    with pytest.raises(NotAllowed):
        boundary_concern_report(mentor=getattr(personas, who), kind="other", details="x")


def test_details_and_response_are_encrypted_at_rest(personas: Personas) -> None:
    concern = report_concern(personas)
    boundary_concern_acknowledge(viewer=personas.supervisor, concern=concern, response="Let's talk Tuesday.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT details, response FROM supervision_boundaryconcern")
        details, response = cursor.fetchone()
    assert details.startswith("enc1:") and "dollars" not in details
    assert response.startswith("enc1:") and "Tuesday" not in response


def test_the_supervisor_acknowledges_with_a_note_and_the_mentor_is_told(personas: Personas) -> None:
    concern = report_concern(personas)
    done = boundary_concern_acknowledge(viewer=personas.supervisor, concern=concern, response="Let's talk Tuesday.")
    assert (done.status, done.response, done.acknowledged_by) == (
        ConcernStatus.ACKNOWLEDGED,
        "Let's talk Tuesday.",
        personas.supervisor,
    )
    told = Notification.objects.get(recipient=personas.mentor.user, kind="boundary_concern.acknowledged")
    assert "Tuesday" not in told.title + told.body
    assert AuditEntry.objects.filter(action="boundary_concern.acknowledged").count() == 1


def test_acknowledging_twice_with_the_same_note_is_harmless_and_a_different_one_is_refused(personas: Personas) -> None:
    concern = report_concern(personas)
    boundary_concern_acknowledge(viewer=personas.supervisor, concern=concern, response="Got it.")
    boundary_concern_acknowledge(viewer=personas.supervisor, concern=concern, response="Got it.")
    with pytest.raises(InvalidInput):
        boundary_concern_acknowledge(viewer=personas.supervisor, concern=concern, response="Something else")
    assert BoundaryConcern.objects.get().response == "Got it."
    assert AuditEntry.objects.filter(action="boundary_concern.acknowledged").count() == 1


def test_an_empty_acknowledgement_is_refused(personas: Personas) -> None:
    with pytest.raises(InvalidInput):
        boundary_concern_acknowledge(viewer=personas.supervisor, concern=report_concern(personas), response=" ")


@pytest.mark.parametrize(
    ("who", "error"), [("mentor", NotAllowed), ("supervisor2", NotFound), ("admin", NotFound), ("outsider", NotFound)]
)
def test_only_the_mentors_supervisor_acknowledges(personas: Personas, who: str, error: type) -> None:
    concern = report_concern(personas)
    with pytest.raises(error):
        boundary_concern_acknowledge(viewer=getattr(personas, who), concern=concern, response="ok")
    assert BoundaryConcern.objects.get().status == ConcernStatus.OPEN


def test_lists_hold_the_mentors_own_or_the_supervisors_teams_reports(personas: Personas) -> None:
    mine = report_concern(personas)
    theirs = boundary_concern_report(mentor=personas.mentor2, kind="other", details="Miguel's worry")[0]
    assert list(concerns_for_viewer(viewer=personas.mentor)) == [mine]
    assert list(concerns_for_viewer(viewer=personas.mentor2)) == [theirs]
    assert list(concerns_for_viewer(viewer=personas.supervisor)) == [mine]
    assert list(concerns_for_viewer(viewer=personas.supervisor2)) == [theirs]
    assert list(concerns_for_viewer(viewer=personas.outsider)) == []
    for who in ("admin", "participant"):
        with pytest.raises(NotAllowed):
            concerns_for_viewer(viewer=getattr(personas, who))


def test_open_concerns_are_listed_first(personas: Personas) -> None:
    older = report_concern(personas, details="first")
    newer = report_concern(personas, details="second")
    boundary_concern_acknowledge(viewer=personas.supervisor, concern=newer, response="ok")
    assert list(concerns_for_viewer(viewer=personas.supervisor)) == [older, newer]


def test_the_supervisors_read_is_audited_and_the_mentors_is_not(personas: Personas) -> None:
    concern = report_concern(personas)
    concern_for_viewer(viewer=personas.mentor, concern_id=concern.pk)
    assert not AuditEntry.objects.filter(action="boundary_concern.viewed").exists()
    concern_for_viewer(viewer=personas.supervisor, concern_id=concern.pk)
    assert AuditEntry.objects.filter(action="boundary_concern.viewed").count() == 1
