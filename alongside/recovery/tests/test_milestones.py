"""The timeline's arithmetic, on fixed dates (no clock, no database)."""

from __future__ import annotations

import datetime as dt

from alongside.recovery.milestones import add_months, due_celebration, milestone_schedule, timeline_numbers

D = dt.date


def test_a_month_later_is_clamped_to_the_months_end() -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 11, 15), 3) == D(2025, 2, 15)


def test_it_lists_milestones_reached_and_the_next_one_up() -> None:
    schedule = milestone_schedule(D(2024, 1, 1), D(2024, 1, 31))
    assert [m.key for m in schedule if m.reached] == ["d1", "d7", "d30"]
    next_up = schedule[-1]
    assert (next_up.key, next_up.on, next_up.days_to_go, next_up.reached) == ("d60", D(2024, 3, 1), 30, False)
    assert schedule[0].label == "24 hours"


def test_on_the_start_day_the_first_milestone_is_24_hours_away() -> None:
    schedule = milestone_schedule(D(2024, 5, 5), D(2024, 5, 5))
    assert [(m.key, m.days_to_go) for m in schedule] == [("d1", 1)]


def test_months_and_then_each_year_are_milestones() -> None:
    schedule = milestone_schedule(D(2020, 3, 1), D(2023, 3, 15))
    assert [m.key for m in schedule] == ["d1", "d7", "d30", "d60", "d90", "m6", "m9", "y1", "y2", "y3", "y4"]
    assert schedule[5].on == D(2020, 9, 1) and schedule[-1].on == D(2024, 3, 1)
    assert [m.label for m in schedule[-2:]] == ["3 years", "4 years"]


def test_a_setback_day_is_not_counted_but_no_earlier_day_is_lost() -> None:
    numbers = timeline_numbers(
        started_on=D(2024, 1, 1), setback_days=[D(2024, 1, 11)], today=D(2024, 1, 31), count_from="start"
    )
    assert [s.days for s in numbers.stretches] == [9, 20]
    assert (numbers.total_days, numbers.current_days, numbers.longest_days) == (29, 20, 20)
    assert numbers.shown_days == 29
    assert numbers.anchor == D(2024, 1, 2)  # the total's milestones move by the one setback day


def test_counting_from_the_latest_setback_shows_the_current_stretch() -> None:
    numbers = timeline_numbers(
        started_on=D(2024, 1, 1),
        setback_days=[D(2024, 3, 1), D(2024, 2, 1)],
        today=D(2024, 3, 8),
        count_from="latest_setback",
    )
    assert [s.days for s in numbers.stretches] == [30, 28, 7]
    assert (numbers.shown_days, numbers.anchor, numbers.longest_days, numbers.total_days) == (7, D(2024, 3, 1), 30, 65)


def test_a_setback_on_the_start_day_or_twice_on_one_day_counts_once() -> None:
    numbers = timeline_numbers(
        started_on=D(2024, 1, 1),
        setback_days=[D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 5)],
        today=D(2024, 1, 10),
        count_from="start",
    )
    assert numbers.total_days == 8 and [s.days for s in numbers.stretches] == [3, 5]


def test_only_a_recently_reached_milestone_is_due_for_celebration() -> None:
    today = D(2024, 1, 31)
    assert due_celebration(milestone_schedule(D(2024, 1, 1), today), today).key == "d30"  # type: ignore[union-attr]
    assert due_celebration(milestone_schedule(D(2023, 10, 1), today), today) is None  # 90 days was 30 December
    assert due_celebration(milestone_schedule(today, today), today) is None
