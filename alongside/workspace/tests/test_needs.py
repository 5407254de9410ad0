"""The reasons a participant may need their mentor today, from facts alone (no database, no clock)."""

from __future__ import annotations

import datetime as dt

import pytest

from alongside.workspace.needs import (
    WEIGHTS,
    DayCheckIn,
    ParticipantFacts,
    ReasonCode,
    RecoveryStartFacts,
    assess,
    expected_checkins,
    missed_checkins,
)

TODAY = dt.date(2026, 3, 10)


def day(
    days_ago: int, *, mood: int = 4, craving: int = 2, used: bool | None = False, outreach: bool = False
) -> DayCheckIn:
    return DayCheckIn(
        local_date=TODAY - dt.timedelta(days=days_ago), mood=mood, craving=craving, used=used, wants_outreach=outreach
    )


def facts(*checkins: DayCheckIn, **kw: object) -> ParticipantFacts:
    defaults: dict[str, object] = {"today": TODAY, "cared_for_since": TODAY, "usual_checkin_days": 0}
    defaults.update(kw)
    return ParticipantFacts(checkins=list(checkins), **defaults)  # type: ignore[arg-type]


def codes(f: ParticipantFacts) -> list[ReasonCode]:
    return [r.code for r in assess(f).reasons]


def test_nothing_stands_out_for_a_steady_week() -> None:
    need = assess(facts(*(day(n) for n in range(7)), usual_checkin_days=28))
    assert need.reasons == [] and need.score == 0 and not need.needs_attention


@pytest.mark.parametrize(("days_ago", "counts"), [(0, True), (1, True), (2, False)])
def test_an_ask_for_outreach_counts_when_made_today_or_yesterday(days_ago: int, counts: bool) -> None:
    assert (ReasonCode.OUTREACH in codes(facts(day(days_ago, outreach=True)))) is counts


def test_only_the_latest_check_in_speaks_for_outreach_and_craving() -> None:
    earlier_ask = facts(day(1, outreach=True, craving=9), day(0))
    assert codes(earlier_ask) == []


@pytest.mark.parametrize(("craving", "counts"), [(6, False), (7, True), (10, True)])
def test_craving_of_seven_or_more_in_the_latest_check_in(craving: int, counts: bool) -> None:
    reasons = assess(facts(day(3, craving=craving))).reasons
    assert (ReasonCode.CRAVING in [r.code for r in reasons]) is counts
    if counts:
        assert reasons[0].text == f"Craving {craving} of 10 on March 7"


def test_a_craving_check_in_older_than_a_week_is_not_today_news() -> None:
    assert ReasonCode.CRAVING not in codes(facts(day(7, craving=9)))


def test_mood_two_below_their_own_average_of_the_week_before() -> None:
    f = facts(day(0, mood=2), day(1, mood=4), day(3, mood=5), day(7, mood=4))
    reason = next(r for r in assess(f).reasons if r.code == ReasonCode.MOOD)
    assert reason.text == "Mood 2 of 5 today, below their usual 4.3"


def test_mood_a_little_lower_than_usual_is_not_a_reason() -> None:
    assert ReasonCode.MOOD not in codes(facts(day(0, mood=3), day(1, mood=4), day(2, mood=4)))


def test_a_mood_drop_needs_at_least_two_earlier_check_ins_to_compare_with() -> None:
    assert ReasonCode.MOOD not in codes(facts(day(0, mood=1), day(1, mood=5)))


def test_the_mood_baseline_is_the_seven_days_before_the_latest_check_in() -> None:
    # Latest two days ago; days 3..9 are its week before; day 10 is outside it.
    f = facts(day(2, mood=2), day(3, mood=4), day(9, mood=4), day(10, mood=1), today=TODAY)
    assert ReasonCode.MOOD in codes(f)


@pytest.mark.parametrize(("used_days_ago", "counts"), [(0, True), (6, True), (7, False)])
def test_reported_use_in_the_last_seven_days(used_days_ago: int, counts: bool) -> None:
    f = facts(day(used_days_ago, used=True), day(0))
    assert (ReasonCode.USE in codes(f)) is counts


def test_would_rather_not_say_is_not_reported_use() -> None:
    assert ReasonCode.USE not in codes(facts(day(0, used=None)))


@pytest.mark.parametrize(("usual", "expected"), [(0, 0), (3, 1), (4, 1), (8, 2), (14, 4), (24, 6), (26, 7), (28, 7)])
def test_their_usual_week_is_scaled_from_the_four_weeks_before(usual: int, expected: int) -> None:
    assert expected_checkins(usual) == expected


@pytest.mark.parametrize(
    ("recent", "usual", "missed"),
    [(7, 28, 0), (6, 28, 1), (4, 28, 3), (1, 8, 1), (0, 8, 2), (0, 0, 0), (5, 8, 0)],
)
def test_missed_check_ins_are_counted_against_their_own_rhythm(recent: int, usual: int, missed: int) -> None:
    assert missed_checkins(recent_checkin_days=recent, usual_checkin_days=usual) == missed


def test_a_daily_check_in_person_quiet_for_three_days_shows_up() -> None:
    f = facts(*(day(n) for n in range(3, 7)), usual_checkin_days=28)
    reason = next(r for r in assess(f).reasons if r.code == ReasonCode.MISSED_CHECKINS)
    assert reason.text == "3 check-ins fewer than usual this week"


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


def test_open_alerts_and_overdue_steps_are_reasons() -> None:
    need = assess(facts(open_alerts=2, overdue_steps=1))
    assert [r.text for r in need.reasons] == ["2 open alerts", "1 goal step past its date"]


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
    f = facts(day(0, outreach=True, craving=8, used=True), open_alerts=1, overdue_steps=1)
    need = assess(f)
    assert [r.code for r in need.reasons] == [
        ReasonCode.OUTREACH,
        ReasonCode.ALERT,
        ReasonCode.USE,
        ReasonCode.CRAVING,
        ReasonCode.STEP_OVERDUE,
    ]
    assert need.score == sum(WEIGHTS[c] for c in [r.code for r in need.reasons]) == 50 + 40 + 30 + 25 + 5


def test_a_celebration_never_outranks_a_need() -> None:
    assert min(w for c, w in WEIGHTS.items() if c != ReasonCode.MILESTONE) > WEIGHTS[ReasonCode.MILESTONE]


@pytest.mark.parametrize(("days_ago", "words"), [(0, "today"), (1, "yesterday"), (4, "on March 6")])
def test_days_are_said_as_a_person_would(days_ago: int, words: str) -> None:
    (reason,) = assess(facts(day(days_ago, used=True))).reasons
    assert reason.text == f"Reported use {words}"
