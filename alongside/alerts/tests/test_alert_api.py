from __future__ import annotations

import pytest

from alongside.alerts.models import Alert, AlertEvent, AlertKind, AlertStatus
from alongside.alerts.services import alert_raise
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response

REASON = "Asked for someone to reach out, in the check-in for June 3."
ALERT_ACCESS = [
    ("mentor", 200),
    ("supervisor", 200),
    ("mentor2", 404),
    ("supervisor2", 404),
    ("participant2", 404),
    # An alert is seen only by those who respond to it: to anyone else it does not exist.
    ("admin", 404),
    ("participant", 404),
    ("outsider", 404),
]
REFUSED = [(persona, status) for persona, status in ALERT_ACCESS if status != 200]


def make_alert(personas: Personas) -> Alert:
    return alert_raise(
        participant=personas.participant, kind=AlertKind.OUTREACH_REQUESTED, reason=REASON, source="checkin:1"
    )


def test_a_mentor_lists_opens_acknowledges_notes_and_resolves_an_alert(personas: Personas) -> None:
    alert = make_alert(personas)
    client = login_client(personas.mentor)
    listing = client.get("/api/v1/alerts")
    assert listing.status_code == 200
    body = assert_valid_response(listing)
    assert [(a["id"], a["kind"], a["status"], a["reason"]) for a in body] == [
        (alert.pk, "outreach_requested", "open", REASON)
    ]
    assert body[0]["participant"] == {"id": personas.participant.pk, "display_name": "Pat Participant"}
    acknowledged = client.post(f"/api/v1/alerts/{alert.pk}/acknowledge")
    assert acknowledged.status_code == 200
    assert assert_valid_response(acknowledged)["acknowledged_by"]["id"] == personas.mentor.pk
    note = client.post(
        f"/api/v1/alerts/{alert.pk}/notes",
        {"text": "Called, left a message."},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="n-1",
    )
    replay = client.post(
        f"/api/v1/alerts/{alert.pk}/notes",
        {"text": "Called, left a message."},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="n-1",
    )
    assert note.status_code == replay.status_code == 201
    assert assert_valid_response(note)["kind"] == "note" and note.json() == replay.json()
    assert AlertEvent.objects.filter(kind="note").count() == 1
    resolved = client.post(
        f"/api/v1/alerts/{alert.pk}/resolve", {"note": "We talked tonight."}, content_type="application/json"
    )
    assert resolved.status_code == 200
    assert assert_valid_response(resolved)["status"] == "resolved"
    detail = client.get(f"/api/v1/alerts/{alert.pk}")
    body = assert_valid_response(detail)
    assert body["resolution_note"] == "We talked tonight."
    assert [e["kind"] for e in body["events"]] == ["raised", "acknowledged", "note", "resolved"]
    assert AuditEntry.objects.filter(action="alert.viewed", actor=personas.mentor.user).count() == 1


def test_the_list_filters_by_status_over_the_api(personas: Personas) -> None:
    alert = make_alert(personas)
    client = login_client(personas.supervisor)
    assert assert_valid_response(client.get("/api/v1/alerts", {"status": "resolved"})) == []
    assert [a["id"] for a in assert_valid_response(client.get("/api/v1/alerts", {"status": "open"}))] == [alert.pk]
    bad = client.get("/api/v1/alerts", {"status": "sideways"})
    assert bad.status_code == 422 and assert_valid_response(bad)


@pytest.mark.parametrize(
    ("persona", "status", "count"),
    [
        ("mentor", 200, 1),
        ("supervisor", 200, 1),
        ("mentor2", 200, 0),
        ("supervisor2", 200, 0),
        ("outsider", 200, 0),
        ("admin", 403, 0),
        ("participant", 403, 0),
    ],
)
def test_who_lists_alerts_over_the_api(personas: Personas, persona: str, status: int, count: int) -> None:
    make_alert(personas)
    response = login_client(getattr(personas, persona)).get("/api/v1/alerts")
    assert response.status_code == status
    body = assert_valid_response(response)
    if status == 200:
        assert len(body) == count


@pytest.mark.parametrize(("persona", "status"), ALERT_ACCESS)
def test_who_reads_an_alert_over_the_api(personas: Personas, persona: str, status: int) -> None:
    alert = make_alert(personas)
    response = login_client(getattr(personas, persona)).get(f"/api/v1/alerts/{alert.pk}")
    assert response.status_code == status
    body = assert_valid_response(response)
    assert (body.get("reason") == REASON) is (status == 200)


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_nobody_else_answers_an_alert_over_the_api(personas: Personas, persona: str, status: int) -> None:
    alert = make_alert(personas)
    client = login_client(getattr(personas, persona))
    responses = [
        client.post(f"/api/v1/alerts/{alert.pk}/acknowledge"),
        client.post(f"/api/v1/alerts/{alert.pk}/resolve", {"note": "Closing."}, content_type="application/json"),
        client.post(f"/api/v1/alerts/{alert.pk}/notes", {"text": "Hello."}, content_type="application/json"),
    ]
    assert [r.status_code for r in responses] == [status] * 3
    for response in responses:
        assert_valid_response(response)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and alert.events.count() == 1


def test_state_and_input_errors_are_problem_json_naming_the_field(personas: Personas) -> None:
    alert = make_alert(personas)
    client = login_client(personas.mentor)
    empty = client.post(f"/api/v1/alerts/{alert.pk}/resolve", {"note": ""}, content_type="application/json")
    assert empty.status_code == 422 and assert_valid_response(empty)["errors"][0]["field"] == "note"
    blank = client.post(f"/api/v1/alerts/{alert.pk}/resolve", {"note": "   "}, content_type="application/json")
    assert blank.status_code == 422 and assert_valid_response(blank)["errors"][0]["field"] == "note"
    client.post(f"/api/v1/alerts/{alert.pk}/resolve", {"note": "Done."}, content_type="application/json")
    twice = client.post(f"/api/v1/alerts/{alert.pk}/resolve", {"note": "Again."}, content_type="application/json")
    assert twice.status_code == 422
    problem = assert_valid_response(twice)
    assert problem["errors"][0]["field"] == "status" and "already resolved" in problem["detail"]
    late = client.post(f"/api/v1/alerts/{alert.pk}/acknowledge")
    assert late.status_code == 422 and assert_valid_response(late)["errors"][0]["field"] == "status"


def test_an_unknown_alert_is_not_found(personas: Personas) -> None:
    response = login_client(personas.mentor).get("/api/v1/alerts/999999")
    assert response.status_code == 404 and assert_valid_response(response)
