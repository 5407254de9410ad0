"""Crisis first for the people who answer: an open crisis alert puts its participant above
everyone else on the mentor's "today" and home page, puts their mentor first on the
supervisor's team page, and leads the alert list, each time with a labelled mark (words, not
colour alone); acknowledged and not-yet-acknowledged alerts are counted apart."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.alerts.models import Alert, AlertStatus
from alongside.alerts.services import alert_acknowledge, alert_raise
from alongside.conftest import Personas, make_member
from alongside.organizations.models import Match, Membership, Role
from alongside.signals.needs import ReasonCode
from alongside.workspace.selectors import caseload_today, team_overview
from alongside.workspace.tests.conftest import caught_up, checkin, contact

AsPersona = Callable[[str], Client]


def _crisis(participant: Membership, minutes_ago: int = 20, kind: str = "crisis_button") -> Alert:
    return alert_raise(
        participant=participant,
        kind=kind,
        reason="Pressed the crisis button",
        notify_mentor=False,
        now=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def _hard_day(participant: Membership) -> None:
    """Cravings and an ask for outreach: the kind of day that used to outrank a crisis."""
    checkin(participant, 0, craving=9, mood=1, wants_outreach=True, used=True)


def _today_names(content: str) -> list[str]:
    return re.findall(r'<h2 class="caseload-name"[^>]*><a [^>]*>([^<]+)</a>', content)


def test_a_crisis_ranks_first_on_today_above_people_with_high_cravings(
    personas: Personas, as_persona: AsPersona, grow_caseload: Callable[..., list[Membership]]
) -> None:
    # Two people having a hard day with many reasons; Pat pressed the crisis button and has no other reason.
    (extra,) = grow_caseload(1, full=False)
    _hard_day(personas.participant2)
    _hard_day(extra)
    contact(personas.mentor, personas.participant, 1)
    alert = _crisis(personas.participant)
    caught_up()
    rows = caseload_today(viewer=personas.mentor).rows
    assert rows[0].participant == personas.participant
    assert rows[0].need.reasons[0].code == ReasonCode.CRISIS
    caught_up()
    content = as_persona("mentor").get(reverse("workspace:today")).content.decode()
    assert _today_names(content)[0] == "Pat Participant"
    since = timezone.localtime(alert.raised_at, timezone.get_current_timezone()).strftime("%H:%M")
    first_item = content.split('<li class="caseload-item')[1]
    assert "Crisis" in first_item and f"open since {since}" in first_item
    assert "not yet acknowledged" in first_item


def test_an_unacknowledged_crisis_comes_before_an_acknowledged_one(personas: Personas) -> None:
    older = _crisis(personas.participant, minutes_ago=60)
    _crisis(personas.participant2, minutes_ago=5)
    alert_acknowledge(viewer=personas.mentor, alert=older)
    caught_up()
    rows = caseload_today(viewer=personas.mentor).rows
    assert [r.participant for r in rows[:2]] == [personas.participant2, personas.participant]
    acknowledged = next(r for r in rows if r.participant == personas.participant)
    texts = [r.text for r in acknowledged.need.reasons]
    assert any(t.startswith("Crisis") and "acknowledged" in t for t in texts)


def test_acknowledged_and_open_alerts_are_counted_apart_on_today(personas: Personas, as_persona: AsPersona) -> None:
    crisis = _crisis(personas.participant)
    alert_raise(participant=personas.participant, kind="reported_use", reason="Used", notify_mentor=False)
    alert_acknowledge(viewer=personas.mentor, alert=crisis)
    caught_up()
    content = as_persona("mentor").get(reverse("workspace:today")).content.decode()
    assert "1 open alert · 1 acknowledged" in content


def test_a_crisis_comes_first_on_the_mentors_home_with_a_mark(personas: Personas, as_persona: AsPersona) -> None:
    # Paz comes after Pat by name; her crisis puts her first.
    _crisis(personas.participant2)
    _hard_day(personas.participant)
    content = as_persona("mentor").get(reverse("pages:home")).content.decode()
    names = re.findall(r'<li class="person[^"]*"><a [^>]*>([^<]+)</a>', content)
    assert names[0] == "Paz Participant", names
    first = content.split('<li class="person')[1]
    assert "Crisis" in first and "open since" in first
    assert reverse("alerts:detail", args=[Alert.objects.get().pk]) in content


def test_the_home_page_shows_no_crisis_mark_without_a_crisis(personas: Personas, as_persona: AsPersona) -> None:
    alert_raise(participant=personas.participant2, kind="reported_use", reason="Used", notify_mentor=False)
    content = as_persona("mentor").get(reverse("pages:home")).content.decode()
    assert "open since" not in content
    names = re.findall(r'<li class="person[^"]*"><a [^>]*>([^<]+)</a>', content)
    assert names == ["Pat Participant", "Paz Participant"]


def test_the_team_page_puts_mentors_with_an_open_crisis_first_and_marks_them(
    personas: Personas, as_persona: AsPersona
) -> None:
    # Aaron comes before Maria by name and has someone with high cravings; Maria's participant is in crisis.
    aaron = make_member(
        personas.org,
        "aaron@example.test",
        "Aaron Mentor",
        Role.MENTOR,
        personas.program,
        supervisor=personas.supervisor,
    )
    person = make_member(personas.org, "p3@example.test", "Quinn Participant", Role.PARTICIPANT, personas.program)
    Match.objects.create(organization=personas.org, mentor=aaron, participant=person)
    _hard_day(person)
    _crisis(personas.participant)
    caught_up()
    overview = team_overview(viewer=personas.supervisor)
    assert [m.mentor for m in overview.mentors] == [personas.mentor, aaron]
    assert overview.mentors[0].crisis_open == 1
    caught_up()
    content = as_persona("supervisor").get(reverse("workspace:team")).content.decode()
    assert content.index("Maria Mentor") < content.index("Aaron Mentor")
    maria_section = content.split(f'id="mentor-{personas.mentor.pk}"')[1].split("</section>")[0]
    assert "1 crisis not yet acknowledged" in maria_section
    aaron_section = content.split(f'id="mentor-{aaron.pk}"')[1].split("</section>")[0]
    assert "crisis not yet acknowledged" not in aaron_section


def test_without_a_crisis_the_team_stays_in_name_order(personas: Personas) -> None:
    aaron = make_member(
        personas.org,
        "aaron@example.test",
        "Aaron Mentor",
        Role.MENTOR,
        personas.program,
        supervisor=personas.supervisor,
    )
    _hard_day(personas.participant)
    caught_up()
    assert [m.mentor for m in team_overview(viewer=personas.supervisor).mentors] == [aaron, personas.mentor]


def test_the_alert_list_shows_crises_first_with_separate_counts(personas: Personas, as_persona: AsPersona) -> None:
    crisis = _crisis(personas.participant2, minutes_ago=60)
    acknowledged = _crisis(personas.participant, minutes_ago=90, kind="crisis_language")
    alert_acknowledge(viewer=personas.mentor, alert=acknowledged)
    # Newer and open, but not a crisis.
    other = alert_raise(participant=personas.participant, kind="reported_use", reason="Used", notify_mentor=False)
    content = as_persona("mentor").get(reverse("alerts:list")).content.decode()
    order = [int(pk) for pk in re.findall(r'href="/alerts/(\d+)/"', content)]
    assert order[:3] == [crisis.pk, acknowledged.pk, other.pk]
    assert "1 crisis not yet acknowledged · 1 acknowledged" in content
    assert "1 other alert open · 0 acknowledged" in content
    assert content.count("Crisis — open since") >= 1


def test_the_alert_list_counts_only_what_the_viewer_responds_to(personas: Personas, as_persona: AsPersona) -> None:
    _crisis(personas.participant)
    content = as_persona("mentor2").get(reverse("alerts:list")).content.decode()
    assert "crisis not yet acknowledged" not in content
    assert Alert.objects.get().status == AlertStatus.OPEN


def test_the_supervision_hub_puts_mentors_with_an_open_crisis_first_and_marks_them(
    personas: Personas, as_persona: AsPersona
) -> None:
    make_member(
        personas.org,
        "aaron@example.test",
        "Aaron Mentor",
        Role.MENTOR,
        personas.program,
        supervisor=personas.supervisor,
    )
    # Another team's participant in crisis is not counted for this supervisor.
    other = make_member(personas.org, "p4@example.test", "Remy Participant", Role.PARTICIPANT, personas.program)
    Match.objects.create(organization=personas.org, mentor=personas.mentor2, participant=other)
    _crisis(other)
    content = as_persona("supervisor").get(reverse("supervision:session_list")).content.decode()
    assert content.index("Aaron Mentor") < content.index("Maria Mentor")
    assert "crisis not yet acknowledged" not in content
    acknowledged = _crisis(personas.participant, minutes_ago=30)
    alert_acknowledge(viewer=personas.mentor, alert=acknowledged)
    _crisis(personas.participant2)
    content = as_persona("supervisor").get(reverse("supervision:session_list")).content.decode()
    assert content.index("Maria Mentor") < content.index("Aaron Mentor")
    assert "1 crisis not yet acknowledged · 1 crisis acknowledged" in content
