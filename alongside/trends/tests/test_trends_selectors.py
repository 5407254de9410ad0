from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput, NotFound
from alongside.trends.selectors import parse_days, trends_for


def test_it_averages_each_measure_and_compares_with_the_period_before(personas: Personas, add_checkin) -> None:  # type: ignore[no-untyped-def]
    add_checkin(0, mood=4, craving=2, sleep=5)
    add_checkin(3, mood=2, craving=4, sleep=None)
    add_checkin(10, mood=1, craving=9, sleep=1)  # the 7 days before
    trends = trends_for(viewer=personas.participant, participant=personas.participant, days=7)
    mood, craving, sleep = trends.series
    assert (mood.average, craving.average, sleep.average) == (3.0, 3.0, 5.0)
    assert (mood.previous_average, craving.previous_average) == (1.0, 9.0)
    assert craving.summary == "Craving averaged 3.0 over 7 days, lower than the 7 days before."
    assert mood.summary == "Mood averaged 3.0 over 7 days, higher than the 7 days before."
    assert trends.checkin_count == 2


def test_missing_days_are_gaps_not_lines(personas: Personas, add_checkin) -> None:  # type: ignore[no-untyped-def]
    for days_ago in (6, 5, 2, 1, 0):
        add_checkin(days_ago)
    craving = trends_for(viewer=personas.participant, participant=personas.participant, days=7).series[1]
    assert [value is None for _day, value in craving.points] == [False, False, True, True, False, False, False]
    assert len(craving.chart.paths) == 2  # two unbroken runs
    assert len(craving.chart.dots) == 5


def test_a_lone_day_is_a_dot_without_a_line(personas: Personas, add_checkin) -> None:  # type: ignore[no-untyped-def]
    add_checkin(3)
    chart = trends_for(viewer=personas.participant, participant=personas.participant, days=7).series[0].chart
    assert chart.paths == [] and len(chart.dots) == 1


def test_no_checkins_says_so(personas: Personas) -> None:
    trends = trends_for(viewer=personas.participant, participant=personas.participant, days=30)
    assert trends.series[1].summary == "No craving answers in the last 30 days."
    assert trends.triggers == []
    assert len(trends.series[1].points) == 30


def test_triggers_are_ranked_by_how_much_higher_craving_is_with_them(personas: Personas, add_checkin) -> None:  # type: ignore[no-untyped-def]
    add_checkin(0, craving=8, triggers=["stress", "money"])
    add_checkin(1, craving=6, triggers=["stress"])
    add_checkin(2, craving=2, triggers=["boredom"])
    add_checkin(3, craving=4, triggers=["boredom", "money"])
    add_checkin(4, craving=1, triggers=["my ex"])  # once only: left out
    rows = trends_for(viewer=personas.participant, participant=personas.participant, days=7).triggers
    assert [(r.trigger, r.checkins, r.average_craving_with, r.average_craving_without, r.difference) for r in rows] == [
        ("stress", 2, 7.0, 2.3, 4.7),
        ("money", 2, 6.0, 3.0, 3.0),
        ("boredom", 2, 3.0, 5.0, -2.0),
    ]
    assert rows[0].label == "Stress"


def test_a_trigger_on_every_checkin_has_nothing_to_compare_with_and_comes_last(personas: Personas, add_checkin) -> None:  # type: ignore[no-untyped-def]
    add_checkin(0, craving=5, triggers=["alone", "pain"])
    add_checkin(1, craving=3, triggers=["alone"])
    rows = trends_for(viewer=personas.participant, participant=personas.participant, days=7).triggers
    assert [(r.trigger, r.difference) for r in rows] == [("alone", None)]


@pytest.mark.parametrize("days", [7, 30, 90])
def test_it_reads_the_checkins_in_one_query_whatever_the_period(personas: Personas, add_checkin, days: int) -> None:  # type: ignore[no-untyped-def]
    for days_ago in range(0, 150, 3):
        add_checkin(days_ago, triggers=["stress"] if days_ago % 2 else ["money", "stress"])
    with CaptureQueriesContext(connection) as queries:
        trends_for(viewer=personas.mentor, participant=personas.participant, days=days)
    checkin_queries = [q for q in queries.captured_queries if "checkins_checkin" in q["sql"]]
    assert len(checkin_queries) == 1
    assert len(queries.captured_queries) <= 8  # policy checks + one audit entry + the one read


@pytest.mark.parametrize("raw", ["8", "abc", "-30", 365, "0"])
def test_any_period_but_7_30_or_90_days_is_refused(raw: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_days(raw)  # type: ignore[arg-type]
    assert "days" in caught.value.field_errors


def test_no_period_means_30_days() -> None:
    assert parse_days(None) == parse_days("") == 30


def test_access_and_audit(personas: Personas) -> None:
    trends_for(viewer=personas.participant, participant=personas.participant, days=30)
    assert not AuditEntry.objects.filter(action="trends.viewed").exists()
    trends_for(viewer=personas.mentor, participant=personas.participant, days=30)
    assert AuditEntry.objects.get(action="trends.viewed").actor == personas.mentor.user
    with pytest.raises(NotFound):
        trends_for(viewer=personas.mentor2, participant=personas.participant, days=30)
    with pytest.raises(NotFound):
        trends_for(viewer=personas.admin, participant=personas.participant, days=30)
    with pytest.raises(NotFound):
        trends_for(viewer=personas.outsider, participant=personas.participant, days=30)
