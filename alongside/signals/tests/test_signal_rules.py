"""Each early-warning rule on crafted check-in histories: found when it should be, with the
reason a mentor reads in plain words; not found when it should not be."""

from __future__ import annotations

import dataclasses
import datetime as dt

from alongside.conftest import Personas
from alongside.messaging.models import Message, Thread
from alongside.signals.rules import SignalConfig
from alongside.signals.tests.factories import (
    AS_OF,
    checkins,
    codes,
    every_day,
    reason,
    signals_as_of,
    usual_month,
)

END = dt.datetime.combine(AS_OF + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def with_thresholds(**values: float) -> SignalConfig:
    config = SignalConfig.default()
    return dataclasses.replace(config, thresholds={**config.thresholds, **values})


# Craving -----------------------------------------------------------------------------------------


def test_craving_rising_above_their_usual_for_three_days_is_found(personas: Personas) -> None:
    checkins(personas.participant, {**usual_month(craving=3), 2: {"craving": 7}, 1: {"craving": 8}, 0: {"craving": 7}})
    found = signals_as_of(personas.participant)
    assert codes(found) == ["craving_rising"]
    assert reason(found, "craving_rising") == "Craving has been 7 or higher for three days, above their usual 3."
    assert found[0].weight == 3


def test_a_very_high_latest_craving_is_found_even_without_a_usual(personas: Personas) -> None:
    checkins(personas.participant, {0: {"craving": 9}})
    found = signals_as_of(personas.participant)
    assert reason(found, "craving_rising") == "The latest check-in says 9 out of 10."


def test_craving_a_little_above_their_usual_is_not_a_signal(personas: Personas) -> None:
    checkins(personas.participant, {**usual_month(craving=3), **every_day(range(3), craving=4)})
    assert signals_as_of(personas.participant) == []


def test_a_craving_rise_without_enough_history_is_not_a_signal(personas: Personas) -> None:
    checkins(personas.participant, {**every_day(range(3, 6), craving=2), **every_day(range(3), craving=7)})
    assert signals_as_of(personas.participant) == []


def test_the_craving_thresholds_come_from_the_settings(personas: Personas) -> None:
    checkins(personas.participant, {**usual_month(craving=3), **every_day(range(3), craving=4)})
    found = signals_as_of(personas.participant, config=with_thresholds(craving_rise=1))
    assert reason(found, "craving_rising") == "Craving has been 4 or higher for three days, above their usual 3."
    checkins(personas.participant2, {0: {"craving": 9}})
    assert signals_as_of(personas.participant2, config=with_thresholds(craving_high=10)) == []


# Mood ----------------------------------------------------------------------------------------------


def test_mood_lower_than_usual_over_three_days_is_found(personas: Personas) -> None:
    checkins(personas.participant, {**usual_month(mood=4), **every_day(range(3), mood=2)})
    found = signals_as_of(personas.participant)
    assert codes(found) == ["mood_drop"]
    assert reason(found, "mood_drop") == "Mood has averaged 2 out of 5 over the last three days, below their usual 4."


def test_a_low_latest_mood_is_found(personas: Personas) -> None:
    checkins(personas.participant, {**usual_month(mood=4), 2: {"mood": 4}, 1: {"mood": 4}, 0: {"mood": 2}})
    assert reason(signals_as_of(personas.participant), "mood_drop") == (
        "Mood was 2 out of 5 in the latest check-in, below their usual 4."
    )


def test_a_small_dip_in_mood_is_not_a_signal(personas: Personas) -> None:
    checkins(personas.participant, {**usual_month(mood=4), **every_day(range(3), mood=3)})
    assert signals_as_of(personas.participant) == []
    assert codes(signals_as_of(personas.participant, config=with_thresholds(mood_drop=1))) == ["mood_drop"]


# Sleep ---------------------------------------------------------------------------------------------


def test_poor_sleep_on_three_of_the_last_four_check_ins_is_found(personas: Personas) -> None:
    checkins(
        personas.participant,
        {3: {"sleep_quality": 2}, 2: {"sleep_quality": 1}, 1: {"sleep_quality": 4}, 0: {"sleep_quality": 2}},
    )
    found = signals_as_of(personas.participant)
    assert codes(found) == ["poor_sleep"]
    assert reason(found, "poor_sleep") == "Slept poorly on 3 of the last 4 check-ins."


def test_two_poor_nights_or_old_ones_are_not_a_signal(personas: Personas) -> None:
    checkins(
        personas.participant,
        {3: {"sleep_quality": 2}, 2: {"sleep_quality": 4}, 1: {"sleep_quality": 4}, 0: {"sleep_quality": 1}},
    )
    checkins(personas.participant2, every_day(range(8, 12), sleep_quality=1))
    assert signals_as_of(personas.participant) == []
    assert signals_as_of(personas.participant2) == []


# HALT ----------------------------------------------------------------------------------------------


def test_halt_building_up_on_two_of_the_last_three_days_is_found(personas: Personas) -> None:
    checkins(
        personas.participant,
        {2: {"halt": ["hungry", "angry", "lonely"]}, 1: {"halt": []}, 0: {"halt": ["angry", "lonely", "tired"]}},
    )
    assert reason(signals_as_of(personas.participant), "halt_building") == (
        "Felt 3 or more of hungry, angry, lonely and tired on 2 of the last three days."
    )


def test_halt_rising_above_their_usual_is_found(personas: Personas) -> None:
    checkins(personas.participant, {**usual_month(halt=[]), **every_day(range(3), halt=["lonely", "tired"])})
    assert reason(signals_as_of(personas.participant), "halt_building") == (
        "Feeling hungry, angry, lonely or tired more than usual: about 2 a day lately, against their usual 0."
    )


def test_one_heavy_day_is_not_a_signal(personas: Personas) -> None:
    checkins(
        personas.participant, {**usual_month(halt=["tired"]), 2: {"halt": ["hungry", "angry", "tired"]}, 1: {}, 0: {}}
    )
    assert signals_as_of(personas.participant) == []


# Triggers ------------------------------------------------------------------------------------------


def test_the_same_trigger_on_three_of_the_last_five_check_ins_is_found(personas: Personas) -> None:
    checkins(
        personas.participant,
        {
            4: {"triggers": ["stress"]},
            3: {"triggers": ["stress", "money"]},
            2: {"triggers": ["money"]},
            1: {"triggers": []},
            0: {"triggers": ["stress"]},
        },
    )
    assert reason(signals_as_of(personas.participant), "trigger_repeating") == (
        "Named the same trigger, “Stress”, in 3 of the last 5 check-ins."
    )


def test_a_personal_trigger_is_named_in_their_own_words(personas: Personas) -> None:
    checkins(personas.participant, every_day(range(3), triggers=["payday"]))
    assert reason(signals_as_of(personas.participant), "trigger_repeating") == (
        "Named the same trigger, “payday”, in 3 of the last 3 check-ins."
    )


def test_a_trigger_only_twice_or_before_the_last_five_check_ins_is_not_a_signal(personas: Personas) -> None:
    checkins(personas.participant, {**every_day(range(5, 8), triggers=["stress"]), **every_day(range(5), triggers=[])})
    checkins(personas.participant2, {**every_day(range(2), triggers=["money"]), **every_day(range(2, 5), triggers=[])})
    assert signals_as_of(personas.participant) == []
    assert signals_as_of(personas.participant2) == []


# Reported use --------------------------------------------------------------------------------------


def test_use_reported_in_the_last_two_days_is_found(personas: Personas) -> None:
    checkins(personas.participant, {1: {"used": True}, 0: {}})
    assert reason(signals_as_of(personas.participant), "reported_use") == (
        "Reported use on June 9, 2025. A good moment to check in, without judgment."
    )


def test_use_reported_earlier_is_outside_the_window(personas: Personas) -> None:
    checkins(personas.participant, {3: {"used": True}, 0: {"used": None}})
    assert signals_as_of(personas.participant) == []
    assert codes(signals_as_of(personas.participant, config=with_thresholds(use_days=7))) == ["reported_use"]


# Missed check-ins ----------------------------------------------------------------------------------


def test_missed_days_against_their_own_rhythm_are_found(personas: Personas) -> None:
    checkins(personas.participant, {**usual_month(), 1: {}})
    found = signals_as_of(personas.participant)
    assert codes(found) == ["missed_checkins"]
    assert reason(found, "missed_checkins") == (
        "Usually checks in about 7 days a week, but missed 2 of the last three days."
    )


def test_missed_days_are_not_a_signal_without_a_rhythm_or_when_only_one_is_missed(personas: Personas) -> None:
    checkins(personas.participant, every_day(range(3, 31, 3)))  # about twice a week
    checkins(personas.participant2, {**usual_month(), 1: {}, 0: {}})  # only one missed
    assert signals_as_of(personas.participant) == []
    assert signals_as_of(personas.participant2) == []


def test_missed_check_ins_are_left_to_the_nightly_sweep(personas: Personas) -> None:
    checkins(personas.participant, usual_month())
    assert codes(signals_as_of(personas.participant)) == ["missed_checkins"]
    assert signals_as_of(personas.participant, include_absence=False) == []


# Quiet in messages ---------------------------------------------------------------------------------


def write_messages(personas: Personas, days_before_end: list[int], *, by_participant: bool = True) -> None:
    thread, _ = Thread.objects.get_or_create(organization=personas.org, participant=personas.participant)
    sender = personas.participant if by_participant else personas.mentor
    for n in days_before_end:
        Message.objects.create(
            organization=personas.org, thread=thread, sender=sender, body="Hello", created_at=END - dt.timedelta(days=n)
        )


def test_going_quiet_after_messaging_most_weeks_is_found(personas: Personas) -> None:
    write_messages(personas, [17, 24, 30, 38])
    found = signals_as_of(personas.participant, message_end=END)
    assert codes(found) == ["quiet_messages"]
    assert reason(found, "quiet_messages") == (
        "Used to message their mentor most weeks, but has not written for 17 days."
    )


def test_recent_messages_or_no_habit_are_not_a_signal(personas: Personas) -> None:
    write_messages(personas, [5, 17, 24, 30, 38])
    assert signals_as_of(personas.participant, message_end=END) == []
    Message.objects.all().delete()
    write_messages(personas, [17, 24])  # two weeks of messages is not "most weeks"
    assert signals_as_of(personas.participant, message_end=END) == []


def test_only_what_the_participant_wrote_counts(personas: Personas) -> None:
    write_messages(personas, [17, 24, 30, 38], by_participant=False)
    assert signals_as_of(personas.participant, message_end=END) == []


# Settings ------------------------------------------------------------------------------------------


def test_a_switched_off_signal_is_not_looked_for_and_weights_come_from_the_settings(personas: Personas) -> None:
    checkins(personas.participant, {**usual_month(craving=3, mood=4), **every_day(range(3), craving=8, mood=2)})
    config = SignalConfig.default()
    found = signals_as_of(personas.participant)
    assert [(r.code, r.weight) for r in found] == [("craving_rising", 3), ("mood_drop", 2)]
    changed = dataclasses.replace(
        config, weights={**config.weights, "mood_drop": 5}, enabled=config.enabled - {"craving_rising"}
    )
    assert [(r.code, r.weight) for r in signals_as_of(personas.participant, config=changed)] == [("mood_drop", 5)]


def test_reasons_are_plain_words_without_codes(personas: Personas) -> None:
    checkins(
        personas.participant,
        {**usual_month(craving=3, mood=4), **every_day(range(3), craving=8, mood=2, sleep_quality=1, used=True)},
    )
    found = signals_as_of(personas.participant)
    assert set(codes(found)) == {"craving_rising", "mood_drop", "poor_sleep", "reported_use"}
    for result in found:
        assert "_" not in result.reason and result.reason.endswith(".") and result.reason[0].isupper()
