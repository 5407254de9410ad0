from __future__ import annotations

import re

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client


def test_a_participant_sees_three_accessible_charts_rendered_on_the_server(personas: Personas, add_checkin) -> None:  # type: ignore[no-untyped-def]
    for days_ago, craving in [(0, 2), (1, 4), (5, 6)]:
        add_checkin(days_ago, craving=craving, triggers=["stress"])
    page = login_client(personas.participant).get(reverse("trends:mine"), {"days": "7"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<svg role="img"') == 3
    assert 'aria-labelledby="craving-title craving-desc"' in html
    assert '<title id="craving-title">Craving, last 7 days</title>' in html
    assert "Craving averaged 4.0 over 7 days." in html
    assert html.count("<details>") == 3 and html.count("<caption>") == 4
    assert html.count("no answer") == 3 * 4  # four missing days in each of three tables
    assert "tel:988" in html
    assert "<script" not in html.split("<main")[1]  # no JavaScript needed for the charts


def test_the_trigger_table_shows_triggers_met_at_least_twice(personas: Personas, add_checkin) -> None:  # type: ignore[no-untyped-def]
    add_checkin(0, craving=9, triggers=["conflict"])
    add_checkin(1, craving=7, triggers=["conflict"])
    add_checkin(2, craving=1, triggers=["<b>my ex</b>"])
    add_checkin(3, craving=1, triggers=[])
    html = login_client(personas.participant).get(reverse("trends:mine")).content.decode()
    assert "Conflict with someone" in html and "+7.0" in html
    assert "my ex" not in html  # only once: not shown


def test_markup_in_a_personal_trigger_is_escaped(personas: Personas, add_checkin) -> None:  # type: ignore[no-untyped-def]
    add_checkin(0, craving=9, triggers=["<b>my ex</b>"])
    add_checkin(1, craving=7, triggers=["<b>my ex</b>"])
    add_checkin(2, craving=1)
    html = login_client(personas.participant).get(reverse("trends:mine")).content.decode()
    assert "&lt;b&gt;my ex&lt;/b&gt;" in html and "<b>my ex</b>" not in html


@pytest.mark.parametrize("days", ["7", "30", "90"])
def test_each_period_has_one_point_per_day(personas: Personas, days: str) -> None:
    html = login_client(personas.participant).get(reverse("trends:mine"), {"days": days}).content.decode()
    table = html.split("<table>")[1]
    assert len(re.findall(r'<th scope="row">', table)) == int(days)
    assert 'aria-current="page"' in html


@pytest.mark.parametrize("days", ["8", "abc", "365"])
def test_any_other_period_gets_a_clear_400(personas: Personas, days: str) -> None:
    response = login_client(personas.participant).get(reverse("trends:mine"), {"days": days})
    assert response.status_code == 400
    assert b"Choose a period of 7, 30 or 90 days." in response.content
    assert b"<svg" not in response.content


@pytest.mark.parametrize("persona", ["mentor", "supervisor", "admin", "outsider"])
def test_staff_have_no_trends_of_their_own(personas: Personas, persona: str) -> None:
    assert login_client(getattr(personas, persona)).get(reverse("trends:mine")).status_code in {403, 404}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("participant", 200),
        ("mentor", 200),
        ("supervisor", 200),
        ("participant2", 404),
        ("mentor2", 404),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_a_participants_trends(personas: Personas, add_checkin, persona: str, status: int) -> None:  # type: ignore[no-untyped-def]
    add_checkin(0, craving=7)
    response = login_client(getattr(personas, persona)).get(
        reverse("trends:participant", args=[personas.participant.pk])
    )
    assert response.status_code == status
    assert (b"Craving averaged 7.0" in response.content) is (status == 200)
    audited = AuditEntry.objects.filter(action="trends.viewed", subject=personas.participant).exists()
    assert audited is (status == 200 and persona != "participant")


def test_a_refused_viewer_with_a_bad_period_is_still_refused(personas: Personas) -> None:
    url = reverse("trends:participant", args=[personas.participant.pk])
    assert login_client(personas.outsider).get(url, {"days": "8"}).status_code == 404
    assert login_client(personas.mentor).get(url, {"days": "8"}).status_code == 400
    assert not AuditEntry.objects.filter(action="trends.viewed").exists()


def test_chart_coordinates_stay_numbers_in_spanish(personas: Personas, add_checkin) -> None:  # type: ignore[no-untyped-def]
    personas.participant.user.language = "es"
    personas.participant.user.save()
    for days_ago in (0, 1, 2):
        add_checkin(days_ago, craving=3 + days_ago)
    html = (
        login_client(personas.participant)
        .get(reverse("trends:mine"), {"days": "7"}, HTTP_ACCEPT_LANGUAGE="es")
        .content.decode()
    )
    assert 'lang="es"' in html
    svg = html.split("<svg")[2].split("</svg>")[0]
    assert re.search(r'cx="\d+\.\d"', svg) and not re.search(r'c[xy]="\d+,\d"', svg)
    assert not re.search(r'y1="\d+,\d"', svg)
