from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from alongside.conftest import Personas, login_client
from alongside.supervision.models import (
    BoundaryConcern,
    ConcernStatus,
    MentorSupport,
    SupervisionSession,
    WellbeingCheck,
)
from alongside.supervision.selectors import caseload_cap_for
from alongside.supervision.tests.factories import answer, record_session, report_concern, yesterday


def session_form(personas: Personas, **overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "kind": "individual",
        "mentors": [personas.mentor.pk],
        "occurred_on": yesterday(personas.supervisor).isoformat(),
        "duration_minutes": 50,
        "topics": ["crisis_debrief", "self_care"],
        "notes": "Debriefed Friday's crisis call. Maria handled it well.",
        "follow_ups": "",
        "follow_up_on": "",
        "client_id": str(uuid.uuid4()),
    }
    form.update(overrides)
    return form


def test_the_nav_links_to_supervision_for_mentors_and_supervisors(personas: Personas) -> None:
    mentor_page = login_client(personas.mentor).get(reverse("supervision:session_list")).content.decode()
    assert '<a href="/supervision/" aria-current="page">Supervision & wellbeing</a>' in mentor_page
    assert b'href="/supervision/"' in login_client(personas.supervisor).get("/").content


def test_a_supervisor_records_a_session_with_a_plain_form_and_a_double_submit_makes_one(personas: Personas) -> None:
    client = login_client(personas.supervisor)
    page = client.get(reverse("supervision:session_new") + f"?mentor={personas.mentor.pk}")
    assert page.status_code == 200
    assert b"the mentor (or mentors) in the session can read what you write here" in page.content
    assert b"Miguel" not in page.content  # only their own team to choose from
    form = session_form(personas)
    first = client.post(reverse("supervision:session_new"), form)
    client.post(reverse("supervision:session_new"), form)
    session = SupervisionSession.objects.get()
    assert first["Location"] == reverse("supervision:session_detail", args=[session.pk])
    assert (session.duration_minutes, session.topics) == (50, ["self_care", "crisis_debrief"])


def test_bad_session_input_is_shown_by_the_field(personas: Personas) -> None:
    client = login_client(personas.supervisor)
    future = (yesterday(personas.supervisor) + dt.timedelta(days=3)).isoformat()
    response = client.post(reverse("supervision:session_new"), session_form(personas, occurred_on=future))
    assert response.status_code == 400
    assert b"id_occurred_on_error" in response.content and b"cannot be in the future" in response.content
    no_topics = client.post(reverse("supervision:session_new"), session_form(personas, topics=[]))
    assert no_topics.status_code == 400 and b"id_topics_error" in no_topics.content
    assert not SupervisionSession.objects.exists()


def test_a_supervisor_without_mentors_is_told_so(personas: Personas) -> None:
    personas.mentor2.supervisor = None
    personas.mentor2.save()
    page = login_client(personas.supervisor2).get(reverse("supervision:session_new"))
    assert b"No mentors are assigned to you yet" in page.content


def test_the_mentor_reads_the_session_and_markup_is_escaped(personas: Personas) -> None:
    session = record_session(personas, notes="<b>bold</b> talk")
    page = login_client(personas.mentor).get(reverse("supervision:session_detail", args=[session.pk]))
    assert page.status_code == 200
    assert b"&lt;b&gt;bold&lt;/b&gt; talk" in page.content and b"Administrators cannot read it" in page.content
    hub = login_client(personas.mentor).get(reverse("supervision:session_list")).content
    assert reverse("supervision:session_detail", args=[session.pk]).encode() in hub


def test_the_supervisors_team_page_shows_caseload_flag_and_reasons(personas: Personas) -> None:
    answer(personas.mentor, 4, 2, 3, 1, on=yesterday(personas.mentor))
    record_session(personas)
    page = login_client(personas.supervisor).get(reverse("supervision:session_list")).content.decode()
    assert "Maria Mentor" in page and "2 of 15" in page and "Needs attention" in page
    assert "Feels completely drained after supporting people." in page
    assert "Miguel" not in page


def test_a_mentor_answers_the_self_check_and_sees_trend_cap_and_resources(personas: Personas) -> None:
    client = login_client(personas.mentor)
    page = client.get(reverse("supervision:wellbeing"))
    assert page.status_code == 200
    assert b"How drained have you felt after supporting people?" in page.content
    assert b"Completely drained" in page.content and b"tel:988" in page.content and b"1-800-662-4357" in page.content
    form = {
        "emotional_exhaustion": 3,
        "boundary_strain": 2,
        "workload": 3,
        "support_felt": 1,
        "note": "Evenings are hard",
        "client_id": str(uuid.uuid4()),
    }
    response = client.post(reverse("supervision:wellbeing"), form)
    client.post(reverse("supervision:wellbeing"), form)
    assert response["Location"] == reverse("supervision:wellbeing")
    check = WellbeingCheck.objects.get()
    assert check.strain_score == 11 and check.note == "Evenings are hard"
    page = client.get(reverse("supervision:wellbeing")).content.decode()
    assert "Evenings are hard" in page and 'class="strain-bar' in page and "Your recent answers suggest" in page


def test_a_missing_answer_is_shown_by_the_question(personas: Personas) -> None:
    response = login_client(personas.mentor).post(reverse("supervision:wellbeing"), {"emotional_exhaustion": 2})
    assert response.status_code == 400 and b"id_workload_error" in response.content
    assert not WellbeingCheck.objects.exists()


def test_the_supervisor_sees_answers_and_the_admin_only_the_cap(personas: Personas) -> None:
    answer(personas.mentor, 4, 4, 4, 0, on=yesterday(personas.mentor), note="Please call me")
    url = reverse("supervision:mentor_wellbeing", args=[personas.mentor.pk])
    supervisor_page = login_client(personas.supervisor).get(url).content.decode()
    assert "Please call me" in supervisor_page and "Needs attention" in supervisor_page
    assert "Change the caseload cap" in supervisor_page
    admin_page = login_client(personas.admin).get(url).content.decode()
    assert "Please call me" not in admin_page and "Needs attention" not in admin_page
    assert "Wellbeing answers are private" in admin_page and "Change the caseload cap" in admin_page


def test_a_mentor_opening_their_own_supervisor_page_is_sent_to_their_own(personas: Personas) -> None:
    response = login_client(personas.mentor).get(reverse("supervision:mentor_wellbeing", args=[personas.mentor.pk]))
    assert response["Location"] == reverse("supervision:wellbeing")


def test_the_supervisor_lowers_the_cap_and_the_mentor_reads_why(personas: Personas) -> None:
    client = login_client(personas.supervisor)
    url = reverse("supervision:caseload_cap", args=[personas.mentor.pk])
    response = client.post(url, {"caseload_cap": 8, "reason": "Time to recover after a hard month"})
    assert response["Location"] == reverse("supervision:mentor_wellbeing", args=[personas.mentor.pk])
    assert caseload_cap_for(mentor=personas.mentor) == 8
    mine = login_client(personas.mentor).get(reverse("supervision:wellbeing")).content.decode()
    assert "your cap is 8" in mine and "Time to recover after a hard month" in mine


def test_a_bad_cap_is_shown_on_the_page_and_changes_nothing(personas: Personas) -> None:
    url = reverse("supervision:caseload_cap", args=[personas.mentor.pk])
    response = login_client(personas.supervisor).post(url, {"caseload_cap": 99, "reason": ""})
    assert response.status_code == 400
    assert b"id_caseload_cap_error" in response.content and b"id_reason_error" in response.content
    assert caseload_cap_for(mentor=personas.mentor) == 15


def test_the_wellbeing_rhythm_is_set_from_the_page(personas: Personas) -> None:
    url = reverse("supervision:wellbeing_interval", args=[personas.mentor.pk])
    client = login_client(personas.admin)
    assert client.post(url, {"days": 21}).status_code == 302
    assert MentorSupport.objects.get(mentor=personas.mentor).wellbeing_interval_days == 21
    bad = client.post(url, {"days": 2})
    assert bad.status_code == 400 and b"id_days_error" in bad.content


def test_the_hours_page_lists_the_mentors_time(personas: Personas) -> None:
    record_session(personas, duration_minutes=90)
    for who in ("mentor", "supervisor"):
        page = login_client(getattr(personas, who)).get(reverse("supervision:hours")).content.decode()
        assert "Maria Mentor" in page and "1 h 30 min" in page


def test_a_mentor_reports_a_concern_and_the_supervisor_acknowledges_it(personas: Personas) -> None:
    mentor = login_client(personas.mentor)
    page = mentor.get(reverse("supervision:concern_new"))
    assert b"Pat Participant" in page.content and b"Omar" not in page.content
    form = {
        "kind": "contact_details",
        "participant": personas.participant.pk,
        "details": "Pat keeps asking for my home address.",
        "client_id": str(uuid.uuid4()),
    }
    response = mentor.post(reverse("supervision:concern_new"), form)
    mentor.post(reverse("supervision:concern_new"), form)
    concern = BoundaryConcern.objects.get()
    assert response["Location"] == reverse("supervision:concern_detail", args=[concern.pk])
    assert b"Pressure about personal contact details" in mentor.get(reverse("supervision:concern_list")).content
    supervisor = login_client(personas.supervisor)
    listing = supervisor.get(reverse("supervision:concern_list")).content.decode()
    assert "Maria Mentor" in listing and "Pressure about personal contact details" in listing
    detail = reverse("supervision:concern_detail", args=[concern.pk])
    assert b"Acknowledge and respond" in supervisor.get(detail).content
    assert b"Acknowledge and respond" not in mentor.get(detail).content
    assert supervisor.post(detail, {"response": "Thank you. Let's meet Tuesday."}).status_code == 302
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ACKNOWLEDGED
    assert b"Let&#x27;s meet Tuesday." in mentor.get(detail).content


def test_an_empty_acknowledgement_is_shown_as_an_error(personas: Personas) -> None:
    concern = report_concern(personas)
    response = login_client(personas.supervisor).post(
        reverse("supervision:concern_detail", args=[concern.pk]), {"response": ""}
    )
    assert response.status_code == 400 and b"id_response_error" in response.content


def test_a_mentor_without_a_supervisor_is_not_told_a_supervisor_heard_them(personas: Personas) -> None:
    personas.mentor.supervisor = None
    personas.mentor.save(update_fields=["supervisor"])
    response = login_client(personas.mentor).post(
        reverse("supervision:concern_new"),
        {"kind": "other", "details": "A hard call today.", "client_id": str(uuid.uuid4())},
        follow=True,
    )
    assert b"please tell your program" in response.content
    assert b"Your supervisor has been told" not in response.content
    assert BoundaryConcern.objects.count() == 1


def test_a_concern_naming_someone_outside_the_caseload_is_refused_on_the_form(personas: Personas) -> None:
    response = login_client(personas.mentor).post(
        reverse("supervision:concern_new"),
        {"kind": "other", "participant": personas.outsider_participant.pk, "details": "x"},
    )
    assert response.status_code == 400 and not BoundaryConcern.objects.exists()


def test_the_date_picker_value_is_iso_in_every_language(personas: Personas) -> None:
    from django.utils import translation

    from alongside.supervision.forms import SupervisionSessionForm

    with translation.override("es"):
        html = str(SupervisionSessionForm(mentors=[], initial={"occurred_on": dt.date(2026, 3, 10)})["occurred_on"])
    assert 'value="2026-03-10"' in html and 'type="date"' in html
