"""The reasons a participant may need their mentor today, from facts alone (no database, no clock):
the one risk engine (``signals.needs`` over ``signals.rules``) with the program's own settings."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import translation

from alongside.signals.needs import (
    SIGNAL_WEIGHT_SCALE,
    WEIGHTS,
    AlertCounts,
    ParticipantFacts,
    Reason,
    ReasonCode,
    RecoveryStartFacts,
    assess,
    combine,
    state_reasons,
)
from alongside.signals.rules import DEFAULT_WEIGHTS, Features, SignalCode, SignalConfig

TODAY = dt.date(2026, 3, 10)


def features(**kw: object) -> Features:
    """A participant's check-in numbers as the signals read them (a steady recent week unless given)."""
    values: dict[str, object] = {
        "as_of": TODAY,
        "checkins": 7,
        "latest_date": TODAY,
        "latest_craving": 2,
        "latest_mood": 4,
    }
    values.update(kw)
    return Features(**values)  # type: ignore[arg-type]


def facts(**kw: object) -> ParticipantFacts:
    defaults: dict[str, object] = {"today": TODAY, "cared_for_since": TODAY, "features": features()}
    defaults.update(kw)
    return ParticipantFacts(**defaults)  # type: ignore[arg-type]


def codes(f: ParticipantFacts) -> list[str]:
    return [r.code for r in assess(f).reasons]


def config(**thresholds: float) -> SignalConfig:
    default = SignalConfig.default()
    return SignalConfig(
        weights=default.weights, thresholds={**default.thresholds, **thresholds}, enabled=default.enabled
    )


def test_nothing_stands_out_for_a_steady_week() -> None:
    need = assess(facts())
    assert need.reasons == [] and need.score == 0 and not need.needs_attention


@pytest.mark.parametrize(("days_ago", "counts"), [(0, True), (1, True), (2, False)])
def test_an_ask_for_outreach_counts_when_made_today_or_yesterday(days_ago: int, counts: bool) -> None:
    asked_on = TODAY - dt.timedelta(days=days_ago)
    assert (ReasonCode.OUTREACH in codes(facts(latest_outreach_on=asked_on))) is counts


@pytest.mark.parametrize(("craving", "counts"), [(7, False), (8, True), (10, True)])
def test_a_high_craving_is_judged_by_the_programs_threshold_8_by_default(craving: int, counts: bool) -> None:
    reasons = assess(facts(features=features(latest_craving=craving))).reasons
    assert (SignalCode.CRAVING_RISING in [r.code for r in reasons]) is counts
    if counts:
        (reason,) = reasons
        assert reason.params["high"] == 8 and reason.params["latest"] == craving
        assert reason.text == f"The latest check-in says {craving} out of 10."


def test_a_program_that_sets_its_craving_threshold_at_7_sees_a_7() -> None:
    (reason,) = assess(facts(features=features(latest_craving=7), config=config(craving_high=7))).reasons
    assert reason.code == SignalCode.CRAVING_RISING and reason.params["high"] == 7


def test_each_signal_weighs_its_programs_weight_times_ten() -> None:
    f = facts(features=features(latest_craving=9, last_used_on=TODAY))
    weights = {r.code: r.weight for r in assess(f).reasons}
    assert weights == {
        SignalCode.CRAVING_RISING: DEFAULT_WEIGHTS[SignalCode.CRAVING_RISING] * SIGNAL_WEIGHT_SCALE,
        SignalCode.REPORTED_USE: DEFAULT_WEIGHTS[SignalCode.REPORTED_USE] * SIGNAL_WEIGHT_SCALE,
    }
    heavier = SignalConfig(
        weights={**DEFAULT_WEIGHTS, SignalCode.REPORTED_USE: 5},
        thresholds=SignalConfig.default().thresholds,
        enabled=SignalConfig.default().enabled,
    )
    f.config = heavier
    assert {r.code: r.weight for r in assess(f).reasons}[SignalCode.REPORTED_USE] == 50


def test_a_signal_the_program_turned_off_is_no_reason() -> None:
    default = SignalConfig.default()
    off = SignalConfig(
        weights=default.weights, thresholds=default.thresholds, enabled=default.enabled - {SignalCode.REPORTED_USE}
    )
    assert codes(facts(features=features(last_used_on=TODAY), config=off)) == []


def test_a_reported_use_counts_once_with_its_alert() -> None:
    """The check-in raised a "reported use" alert and the signals found the use: one reason, 30."""
    alerts = AlertCounts(open=1, by_kind={"reported_use": 1})
    need = assess(facts(features=features(last_used_on=TODAY), alerts=alerts))
    assert [r.code for r in need.reasons] == [SignalCode.REPORTED_USE]
    assert need.score == 30


def test_an_early_warning_alert_adds_nothing_to_the_signals_it_was_raised_for() -> None:
    alerts = AlertCounts(open=1, by_kind={"signal": 1})
    need = assess(facts(features=features(last_used_on=TODAY, latest_craving=9), alerts=alerts))
    assert ReasonCode.ALERT not in [r.code for r in need.reasons]


def test_an_alert_still_waiting_when_its_reason_has_passed_is_a_reason() -> None:
    """The use was a week ago (no longer a signal) and nobody has resolved its alert yet."""
    alerts = AlertCounts(open=1, by_kind={"reported_use": 1})
    need = assess(facts(features=features(last_used_on=TODAY - dt.timedelta(days=7)), alerts=alerts))
    assert [(r.code, r.text) for r in need.reasons] == [(ReasonCode.ALERT, "1 open alert")]


def test_open_alerts_of_other_kinds_and_overdue_steps_are_reasons() -> None:
    alerts = AlertCounts(open=2, by_kind={"crisis_language": 1, "reported_use": 1})
    need = assess(facts(alerts=alerts, overdue_steps=1))
    assert [r.text for r in need.reasons] == ["2 open alerts", "1 goal step past its date"]


def test_missed_check_ins_are_the_signals_rhythm_of_the_last_three_days() -> None:
    f = facts(features=features(recent_n=0, mood_base_n=28, latest_date=TODAY - dt.timedelta(days=3)))
    (reason,) = assess(f).reasons
    assert reason.code == SignalCode.MISSED_CHECKINS
    assert reason.text == "Usually checks in about 7 days a week, but missed 3 of the last three days."


def test_no_contact_for_longer_than_the_program_expects() -> None:
    f = facts(last_contact_on=TODAY - dt.timedelta(days=9), cared_for_since=TODAY - dt.timedelta(days=60))
    need = assess(f)
    assert [r.text for r in need.reasons] == ["No contact for 9 days"]
    assert need.days_without_contact == 9


def test_a_new_match_counts_as_the_first_contact() -> None:
    f = facts(cared_for_since=TODAY - dt.timedelta(days=3), contact_expected_days=7)
    assert codes(f) == []
    f = facts(cared_for_since=TODAY - dt.timedelta(days=8), contact_expected_days=7)
    assert [r.text for r in assess(f).reasons] == ["No contact yet, matched 8 days ago"]


def test_the_programs_expected_days_between_contacts_decide() -> None:
    f = facts(last_contact_on=TODAY - dt.timedelta(days=3), cared_for_since=TODAY - dt.timedelta(days=30))
    assert codes(f) == []
    f.contact_expected_days = 3
    assert codes(f) == [ReasonCode.NO_CONTACT]


def test_a_milestone_in_the_next_three_days_is_something_to_celebrate() -> None:
    start = RecoveryStartFacts(started_on=TODAY - dt.timedelta(days=28), count_from="start")
    need = assess(facts(recovery_starts=[start]))
    assert [r.code for r in need.reasons] == [ReasonCode.MILESTONE]
    assert need.reasons[0].text == "Reaches 30 days on March 12: something to celebrate"
    assert need.upcoming_milestone is not None and need.upcoming_milestone.key == "d30"
    # A celebration is a reason to reach out, not a need.
    assert not need.needs_attention


def test_a_milestone_reached_today_counts_and_one_four_days_away_does_not() -> None:
    today_start = RecoveryStartFacts(started_on=TODAY - dt.timedelta(days=7), count_from="start")
    assert (
        assess(facts(recovery_starts=[today_start])).reasons[0].text == "Reaches 7 days today: something to celebrate"
    )
    far_start = RecoveryStartFacts(started_on=TODAY - dt.timedelta(days=26), count_from="start")
    assert codes(facts(recovery_starts=[far_start])) == []


def test_a_setback_moves_the_milestones_when_they_count_from_it() -> None:
    start = RecoveryStartFacts(
        started_on=TODAY - dt.timedelta(days=100),
        count_from="latest_setback",
        setback_days=(TODAY - dt.timedelta(days=6),),
    )
    need = assess(facts(recovery_starts=[start]))
    assert need.upcoming_milestone is not None and need.upcoming_milestone.key == "d7"


def test_the_score_is_the_sum_of_the_published_weights_highest_first() -> None:
    f = facts(
        latest_outreach_on=TODAY,
        features=features(latest_craving=8),
        alerts=AlertCounts(open=1, by_kind={"crisis_language": 1}),
        overdue_steps=1,
    )
    need = assess(f)
    assert [r.code for r in need.reasons] == [
        ReasonCode.OUTREACH,
        ReasonCode.ALERT,
        SignalCode.CRAVING_RISING,
        ReasonCode.STEP_OVERDUE,
    ]
    assert need.score == 50 + 40 + 30 + 5


def test_a_celebration_never_outranks_a_need() -> None:
    lightest_signal = min(w for w in DEFAULT_WEIGHTS.values() if w) * SIGNAL_WEIGHT_SCALE
    needs = [w for c, w in WEIGHTS.items() if c != ReasonCode.MILESTONE]
    assert min([*needs, lightest_signal]) > WEIGHTS[ReasonCode.MILESTONE]


@pytest.mark.parametrize(("offset", "words"), [(0, "today"), (-1, "yesterday"), (1, "tomorrow"), (-4, "on March 6")])
def test_days_are_said_from_the_readers_today(offset: int, words: str) -> None:
    on = TODAY + dt.timedelta(days=offset)
    start = RecoveryStartFacts(started_on=on - dt.timedelta(days=30), count_from="start")
    computed_on = on - dt.timedelta(days=2)
    (reason,) = assess(facts(recovery_starts=[start], today=computed_on)).reasons
    # The kept reason read on TODAY: the day it names is said from the reader's today.
    read = Reason.from_json(reason.as_json(), today=TODAY)
    assert read.text == f"Reaches 30 days {words}: something to celebrate"


def test_reasons_are_kept_as_codes_and_numbers_and_put_into_words_when_read() -> None:
    """Computed with English active (as the worker may run), kept as JSON, read by a Spanish
    speaker: the words are Spanish."""
    f = facts(
        features=features(latest_craving=9, last_used_on=TODAY),
        last_contact_on=TODAY - dt.timedelta(days=9),
        cared_for_since=TODAY - dt.timedelta(days=60),
        overdue_steps=2,
    )
    with translation.override("en"):
        kept = json.loads(json.dumps([r.as_json() for r in state_reasons(f)]))
    assert all(set(item) == {"code", "weight", "params"} for item in kept)
    words_kept = [v for item in kept for v in item["params"].values() if isinstance(v, str) and " " in v]
    assert words_kept == []
    with translation.override("es"):
        read = combine([Reason.from_json(item, today=TODAY) for item in kept], AlertCounts(), today=TODAY, quiet_days=9)
        words = [r.text for r in read.reasons]
    assert words == [
        "El registro más reciente indica 9 de 10.",
        "Reportó consumo el 10 de marzo de 2026. Es un buen momento para comunicarte, sin juzgar.",
        "Sin contacto desde hace 9 días",
        "2 pasos de metas pasaron su fecha",
    ]
