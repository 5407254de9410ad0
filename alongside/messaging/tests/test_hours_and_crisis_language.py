from __future__ import annotations

import datetime as dt

import pytest

from alongside.crisis_language import detect, phrase_detector
from alongside.messaging.hours import Window, is_within, next_start, phrases
from alongside.messaging.tests.helpers import CHICAGO, THURSDAY_9AM, WEDNESDAY_8PM, WEDNESDAY_10AM

WEEKDAYS_9_TO_5 = [Window(d, dt.time(9), dt.time(17)) for d in range(5)]


def test_no_hours_means_always_available() -> None:
    assert is_within([], CHICAGO, WEDNESDAY_8PM)
    assert next_start([], CHICAGO, WEDNESDAY_8PM) is None
    assert phrases([]) == []


def test_inside_and_outside_hours() -> None:
    assert is_within(WEEKDAYS_9_TO_5, CHICAGO, WEDNESDAY_10AM)
    assert next_start(WEEKDAYS_9_TO_5, CHICAGO, WEDNESDAY_10AM) is None
    assert not is_within(WEEKDAYS_9_TO_5, CHICAGO, WEDNESDAY_8PM)
    assert next_start(WEEKDAYS_9_TO_5, CHICAGO, WEDNESDAY_8PM) == THURSDAY_9AM


def test_the_end_of_a_window_is_outside_it() -> None:
    five_pm = WEDNESDAY_10AM.replace(hour=17)
    assert not is_within(WEEKDAYS_9_TO_5, CHICAGO, five_pm)


def test_friday_evening_waits_for_monday_morning() -> None:
    friday_evening = dt.datetime(2025, 6, 6, 18, 30, tzinfo=CHICAGO)
    assert next_start(WEEKDAYS_9_TO_5, CHICAGO, friday_evening) == dt.datetime(2025, 6, 9, 9, 0, tzinfo=CHICAGO)


def test_the_hours_follow_the_mentors_clock_across_a_daylight_saving_change() -> None:
    # Saturday 8 March 2025, the night before clocks go forward in Chicago.
    saturday = dt.datetime(2025, 3, 8, 12, 0, tzinfo=CHICAGO)
    monday_9am = next_start(WEEKDAYS_9_TO_5, CHICAGO, saturday)
    assert monday_9am == dt.datetime(2025, 3, 10, 9, 0, tzinfo=CHICAGO)
    assert monday_9am is not None and monday_9am.utcoffset() == dt.timedelta(hours=-5)


def test_a_time_given_in_another_zone_is_read_on_the_mentors_clock() -> None:
    # 15:00 UTC is 10:00 in Chicago (summer): inside hours.
    assert is_within(WEEKDAYS_9_TO_5, CHICAGO, dt.datetime(2025, 6, 4, 15, 0, tzinfo=dt.UTC))


def test_hours_are_described_in_plain_words() -> None:
    assert phrases(WEEKDAYS_9_TO_5) == ["between 9:00 and 17:00 on weekdays"]
    mixed = [*WEEKDAYS_9_TO_5, Window(5, dt.time(10), dt.time(12, 30))]
    assert phrases(mixed) == ["between 9:00 and 17:00 on weekdays", "between 10:00 and 12:30 on Saturday"]
    assert phrases([Window(d, dt.time(8), dt.time(20)) for d in range(7)]) == ["between 8:00 and 20:00 every day"]
    assert phrases([Window(0, dt.time(9), dt.time(12)), Window(2, dt.time(9), dt.time(12))]) == [
        "between 9:00 and 12:00 on Monday and Wednesday"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I want to die",
        "I've been thinking about SUICIDE",
        "feeling suicidal tonight",
        "I can't go on like this",
        "I can\u2019t go on",
        "I might hurt myself",
        "everyone would be better off without me",
        "took too much, maybe an overdose",
        "Quiero morir",
        "ya no puedo más",
        "pienso en quitarme la vida",
        "tengo ganas de hacerme daño",
        "no quiero vivir así",
    ],
)
def test_the_default_detector_flags_crisis_language_in_english_and_spanish(text: str) -> None:
    assert detect(text)
    assert detect(text, language="en") and detect(text, language="es")


@pytest.mark.parametrize(
    "text",
    ["Had a good day at the meeting", "I'm tired but okay", "Vamos a caminar mañana", "", "studied for my exam"],
)
def test_everyday_words_are_not_flagged(text: str) -> None:
    assert not phrase_detector(text)
