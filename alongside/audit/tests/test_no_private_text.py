"""No words a participant (or their mentor) wrote ever reach the audit log.

The log is append-only and an org admin reads all of it, while an admin may not read goals,
journals, check-in notes, messages or contact notes. So an entry names what happened to which
record ("Goal 17"), never what the record says. Each test here writes private text through the
real API as the people who write it, then searches every column of every entry, and what the
admin and the participant are shown of the log.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from alongside.accounts.services import access_token_create
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import api_call

# Every marker starts with this, so one search finds any of them wherever it ends up.
MARK = "Qzmark"
_serial = itertools.count(1)


def private(what: str) -> str:
    """A distinctive piece of private text, such as a person would type."""
    return f"{MARK}{next(_serial)} {what}"


def ok(client: Client, method: str, path: str, payload: Any = None) -> Any:
    response, body = api_call(client, method, path, payload)
    assert response.status_code in {200, 201}, (method, path, response.status_code, body)
    return body


def _stored_text() -> list[tuple[int, str, str]]:
    """Every column of every entry: as the ORM reads it (the reason decrypted, extra as JSON) and
    as the database holds it."""
    fields = [f.attname for f in AuditEntry._meta.concrete_fields]
    found = [(row["id"], name, str(row[name])) for row in AuditEntry.objects.values(*fields) for name in fields]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuditEntry._meta.db_table}")
        names = [column[0] for column in cursor.description]
        for row in cursor.fetchall():
            found += [(row[0], name, str(value)) for name, value in zip(names, row, strict=True)]
    return found


def _admin_api_log(admin: Client) -> str:
    pages, offset = [], 0
    while True:
        body = ok(admin, "GET", f"/audit?limit=100&offset={offset}")
        pages.append(repr(body["items"]))
        offset += 100
        if offset >= body["count"]:
            return "".join(pages)


def _admin_web_log(admin: Client) -> str:
    pages = []
    for number in itertools.count(1):
        response = admin.get(f"/org/audit/?page={number}")
        assert response.status_code == 200
        pages.append(response.content.decode())
        if 'rel="next"' not in pages[-1]:
            return "".join(pages)


def _write_everything(p: Personas) -> None:
    """Private text of every kind, written by the people who write it, through the API (tokens,
    which the API also asks a password for, through their service)."""
    me, mentor, supervisor = login_client(p.participant), login_client(p.mentor), login_client(p.supervisor)
    today = dt.date.today()

    # The participant's own records.
    goal = ok(
        me,
        "POST",
        "/goals",
        {
            "title": private("Stop using fentanyl"),
            "description": private("so I can see my kids again"),
            "steps": [{"title": private("Throw out the pipe")}, {"title": private("Tell my sister")}],
        },
    )
    ok(me, "POST", f"/goals/{goal['id']}/steps/{goal['steps'][0]['id']}/toggle")
    entry = ok(me, "POST", "/journal", {"text": private("I relapsed at the party"), "share": True})
    ok(me, "PATCH", f"/journal/{entry['id']}", {"text": private("I used again at the party")})
    ok(me, "POST", f"/journal/{entry['id']}/unshare")
    ok(
        me,
        "POST",
        "/checkins",
        {
            "mood": 2,
            "craving": 4,
            "triggers": [private("my ex's street")],
            "used": True,
            "substance": private("oxycodone"),
            "amount": private("three pills"),
            "note": private("argued with my landlord"),
            "wants_outreach": True,
        },
    )
    strategy = ok(me, "POST", "/coping/strategies", {"text": private("call Aunt Rosa")})
    assert strategy
    ok(me, "POST", "/activities", {"kind": "exercise", "minutes": 20, "note": private("walked past the bar")})
    start = ok(
        me,
        "POST",
        "/recovery/starts",
        {"pathway": "medication", "substance": private("heroin"), "started_on": str(today - dt.timedelta(days=40))},
    )
    ok(
        me,
        "POST",
        "/recovery/setbacks",
        {
            "start_id": start["id"],
            "occurred_on": str(today - dt.timedelta(days=3)),
            "learned": private("payday is hard"),
            "private_note": private("it was at Danny's"),
        },
    )
    plan = {
        "warning_signs": [private("not sleeping")],
        "coping": [private("cold shower")],
        "distraction": [private("the library on 5th")],
        "help": [private("Uncle Joe 555-0100")],
        "professionals": [private("Dr. Alvarez")],
        "environment": [private("lock away the pills")],
        "reasons": [private("my daughter Mia")],
    }
    ok(me, "PUT", "/safety-plan", {"sections": plan})
    ok(me, "POST", "/safety-plan/share")
    contact = ok(
        me,
        "POST",
        "/support-contacts",
        {"name": private("Rosa Delgado"), "relationship": "sponsor", "notes": private("knows about the DUI")},
    )
    ok(me, "PATCH", f"/support-contacts/{contact['id']}", {"notes": private("knows about the arrest")})
    consent = ok(
        me,
        "POST",
        "/consents",
        {
            "recipient_type": "family",
            "recipient_name": private("my mother Ines"),
            "information": ["goals"],
            "information_detail": private("only the housing goal"),
            "purpose": private("so she stops worrying"),
            "expires_on": str(today + dt.timedelta(days=90)),
            "signature_name": "Pat Participant",
        },
    )
    ok(me, "POST", f"/consents/{consent['id']}/revoke", {"reason": private("she told my boss")})
    access_token_create(viewer=p.participant, name=private("my phone behind the clinic"))
    thread = ok(me, "GET", "/threads")[0]
    ok(me, "POST", f"/threads/{thread['id']}/messages", {"text": private("I'm scared to go to court")})

    # Their mentor.
    ok(mentor, "POST", f"/participants/{p.participant.pk}/goals", {"title": private("Find an NA meeting near work")})
    ok(mentor, "POST", f"/threads/{thread['id']}/messages", {"text": private("Court is at 9, I'll drive you")})
    note = ok(
        mentor,
        "POST",
        f"/participants/{p.participant.pk}/contacts",
        {
            "occurred_on": str(today),
            "duration_minutes": 30,
            "mode": "phone",
            "topics": ["goals"],
            "summary": private("talked about the custody hearing"),
            "agreed": private("will call the public defender"),
        },
    )
    ok(mentor, "PATCH", f"/contacts/{note['id']}", {"summary": private("talked about the custody case")})
    ok(mentor, "POST", f"/contacts/{note['id']}/addenda", {"text": private("sister called back")})
    alert = ok(mentor, "GET", "/alerts")[0]
    ok(mentor, "GET", f"/alerts/{alert['id']}")
    ok(mentor, "POST", f"/alerts/{alert['id']}/notes", {"text": private("left a voicemail at 3pm")})
    ok(mentor, "POST", f"/alerts/{alert['id']}/resolve", {"note": private("we met at the diner")})
    ok(
        mentor,
        "POST",
        "/wellbeing/checks",
        {"emotional_exhaustion": 4, "boundary_strain": 4, "workload": 4, "support_felt": 2, "note": private("tired")},
    )
    concern = ok(
        mentor,
        "POST",
        "/boundary-concerns",
        {"kind": "money_or_favours", "details": private("asked me for rent money"), "participant_id": p.participant.pk},
    )
    access_token_create(viewer=p.mentor, name=private("mentor laptop"))

    # The mentor's supervisor.
    ok(
        supervisor,
        "POST",
        "/supervision/sessions",
        {
            "kind": "individual",
            "mentor_ids": [p.mentor.pk],
            "occurred_on": str(today),
            "duration_minutes": 45,
            "topics": ["self_care"],
            "notes": private("Maria is grieving her brother"),
            "follow_ups": private("check in after the funeral"),
        },
    )
    ok(supervisor, "POST", f"/boundary-concerns/{concern['id']}/acknowledge", {"response": private("talk Monday")})
    ok(supervisor, "PUT", f"/mentors/{p.mentor.pk}/caseload-cap", {"caseload_cap": 3, "reason": private("burnout")})

    # And everyone who may read it does, so the views are logged too.
    for path in ("/goals", "/journal", "/checkins", "/coping/strategies", "/recovery", "/safety-plan"):
        ok(me, "GET", path)
    for path in ("goals", "checkins", "contacts", "journal", "recovery", "safety-plan", "trends", "signals"):
        ok(mentor, "GET", f"/participants/{p.participant.pk}/{path}")
    ok(mentor, "GET", f"/threads/{thread['id']}/messages")
    ok(mentor, "GET", f"/contacts/{note['id']}")
    ok(mentor, "GET", "/caseload/today")
    ok(supervisor, "GET", "/team")
    ok(supervisor, "GET", f"/mentors/{p.mentor.pk}/wellbeing")
    ok(supervisor, "GET", "/supervision/sessions")


def test_no_private_text_is_stored_in_any_audit_entry(personas: Personas) -> None:
    _write_everything(personas)

    assert AuditEntry.objects.count() > 40  # the writes above were logged
    leaks = [(pk, column, value) for pk, column, value in _stored_text() if MARK in value]
    assert leaks == []


def test_the_admin_sees_no_private_text_in_the_audit_log(personas: Personas) -> None:
    _write_everything(personas)
    admin = login_client(personas.admin)

    assert MARK not in _admin_api_log(admin)
    assert MARK not in _admin_web_log(admin)


def test_the_participant_sees_no_private_text_in_who_viewed_their_information(personas: Personas) -> None:
    _write_everything(personas)
    me = login_client(personas.participant)

    response, body = api_call(me, "GET", "/me/access-log")
    assert response.status_code == 200 and body  # their mentor's reads are there
    assert MARK not in repr(body)
    page = me.get("/accounts/settings/access-log/")
    assert page.status_code == 200
    assert MARK not in page.content.decode()


@pytest.mark.parametrize(
    ("target_type", "shown"),
    [("goals.goal", "Goal 17"), ("goals.goalstep", "Goal step 17"), ("no_such.model", "no_such.model 17")],
)
def test_a_label_written_before_this_rule_is_not_shown(personas: Personas, target_type: str, shown: str) -> None:
    # Entries cannot be rewritten (the log is append-only), so what they say is re-made when shown.
    AuditEntry(
        organization=personas.org,
        action="goal.created",
        actor=personas.participant.user,
        target_type=target_type,
        target_id="17",
        target_label="Stop using fentanyl",
    ).save()
    admin = login_client(personas.admin)

    assert [item["target_label"] for item in ok(admin, "GET", "/audit")["items"]] == [shown]
    page = admin.get("/org/audit/").content.decode()
    assert "fentanyl" not in page and shown in page


def test_people_and_programs_are_still_named(personas: Personas) -> None:
    ok(login_client(personas.mentor), "GET", f"/participants/{personas.participant.pk}")

    items = ok(login_client(personas.admin), "GET", "/audit?action_prefix=participant.viewed")["items"]
    assert "Pat Participant" in items[0]["target_label"]
