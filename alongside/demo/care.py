"""The weeks behind "today" in the demo: check-ins, contacts, messages, alerts, supervision and
program settings, so each role opens a workspace that looks like a real program's.

Written through the services wherever they accept a past time, so the audit log and every
invariant hold. Through the models only where a service can act only "now": the check-in history
before today (a participant may back-fill a few days, not five weeks) and one goal step whose
date has since passed. Every date counts back (or on) from the local today, so the demo tells
the same story whichever day it is seeded.

The demo mentor's caseload, and the reason each person shows on "today":

- Lee Nguyen asked for someone to reach out in today's check-in (a hard few days since a move);
- Camila Herrera's craving is 8 of 10 today, after three evenings of rising craving and poor
  sleep; the early-warning signals raised an alert, which her mentor has acknowledged;
- Dana Okafor usually checks in every day and has been quiet for four, and a goal step is
  past its date;
- Rosa Méndez was last seen ten days ago, and the follow-up planned then is overdue;
- Jordan Rivera (the demo participant) reaches 90 days in two days, and their mentor's
  follow-up from last week's coffee is due today.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from alongside.alerts.models import (
    DEFAULT_ACK_MINUTES,
    Alert,
    AlertKind,
    AlertSeverity,
    AlertStatus,
    default_playbook_steps,
)
from alongside.alerts.services import (
    alert_acknowledge,
    alert_note_add,
    alert_raise,
    on_call_shift_add,
    playbook_update,
    program_local_datetime,
)
from alongside.checkins.models import CheckIn, CommonCoping, CommonTrigger, Halt
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.contacts.services import ContactNoteInput, contact_addendum_add, contact_note_create
from alongside.core.localtime import local_today, zone_for
from alongside.goals.models import GoalStep
from alongside.goals.services import GoalInput, StepInput, goal_create
from alongside.messaging.hours import Window
from alongside.messaging.services import message_send, thread_mark_read, thread_open, working_hours_set
from alongside.organizations.models import Match, MatchStatus, Membership, Organization, Program
from alongside.organizations.services import program_set_contact_expectation
from alongside.signals.rules import DEFAULT_ALERT_THRESHOLD, DEFAULT_WEIGHTS, THRESHOLDS, SignalCode
from alongside.signals.services import signal_settings_update, signals_evaluate_pending
from alongside.supervision.services import (
    boundary_concern_acknowledge,
    boundary_concern_report,
    caseload_cap_set,
    supervision_session_record,
    wellbeing_check_record,
)

# The participants, by their place in ``seed.PARTICIPANTS``.
JORDAN, CAMILA, DANA, LEE, ROSA, TERRELL, AIYANA, SAM, PRIYA, MATEO, HANNAH, MARCUS = range(12)
# The mentors, by their place in ``DemoCast.mentors``.
CHRIS, LUZ, BEN = range(3)

# The demo mentor's caseload: a steady mood for each, so their reasons come from their stories only.
CASELOAD_MOOD = {JORDAN: 4, CAMILA: 3, DANA: 4, LEE: 3, ROSA: 4}
STEADY_DAYS = 14  # the caseload's last two weeks follow their stories, not chance
DANA_QUIET_DAYS = 4  # Dana's last check-in was four days ago
HARD_DAYS = 3  # Lee's and Camila's hard evenings before today

# Client keys derived from a fixed namespace: a service given the same key twice stores one record.
_DEMO_KEYS = uuid.UUID("6f1d3c1e-7a55-4d8e-9a0e-a1b2c3d4e5f6")


def demo_key(label: str) -> uuid.UUID:
    return uuid.uuid5(_DEMO_KEYS, label)


@dataclass(frozen=True)
class DemoCast:
    organization: Organization
    center: Program
    campus: Program
    admin: Membership
    supervisor: Membership
    mentors: list[Membership]  # the demo mentor (Chris Delgado), Luz Ortiz, Ben Carter
    participants: list[Membership]  # in the order of seed.PARTICIPANTS
    now: dt.datetime

    @property
    def mentor(self) -> Membership:
        return self.mentors[0]


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _at(member: Membership, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A wall-clock time on ``day`` in the member's own time zone."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone_for(member))


def _earlier_today(member: Membership, now: dt.datetime, minutes: int) -> dt.datetime:
    """``minutes`` before ``now``, or ``now`` itself if that would fall on the member's yesterday."""
    earlier = now - dt.timedelta(minutes=minutes)
    return earlier if local_today(member, earlier) == local_today(member, now) else now


# Check-ins ----------------------------------------------------------------------------------------


def seed_checkin_history(participants: list[Membership], rng: random.Random, now: dt.datetime) -> None:
    """About five weeks of check-ins before today, each person with their own rhythm and mood.

    Written as rows (a participant can back-fill only a few days through the service); today's
    check-ins go through the service in ``seed_care``.
    """
    triggers, coping, halt = list(CommonTrigger.values), list(CommonCoping.values), list(Halt.values)
    rows = []
    for index, member in enumerate(participants):
        today = local_today(member, now)
        base_mood = CASELOAD_MOOD.get(index, 2 + index % 3)
        skip_rate = 0.1 + 0.05 * (index % 4)
        for days_ago in range(35, 0, -1):
            skipped = rng.random() < skip_rate  # missed days happen
            steady = index in CASELOAD_MOOD and days_ago < STEADY_DAYS
            if steady:
                skipped = index == DANA and days_ago < DANA_QUIET_DAYS
            if skipped:
                continue
            mood = _clamp(base_mood + rng.choice([-1, 0, 0, 1]), 1, 5)
            craving = _clamp(6 - mood + rng.randint(-1, 2), 0, 10)
            sleep = _clamp(mood + rng.choice([-1, 0, 1]), 1, 5)
            day_halt = sorted(rng.sample(halt, rng.randint(0, 2)))
            day_triggers = rng.sample(triggers, rng.randint(0, 2))
            if steady:
                mood = _clamp(base_mood + rng.choice([0, 0, 1]), 1, 5)
                craving = _clamp(5 - mood + rng.randint(0, 1), 0, 10)
                sleep = _clamp(mood + rng.choice([-1, 0]), 3, 5)
                day_halt = day_halt[:1]
            if index in (LEE, CAMILA) and days_ago <= HARD_DAYS:
                # Lee's hard days since the move; Camila's evenings since her new work shift.
                mood = base_mood - 1 if index == LEE else base_mood
                craving = 7 - (days_ago == HARD_DAYS)
                sleep = 2
                day_halt = ["lonely", "tired"] if index == LEE else ["tired"]
                day_triggers = ["alone"] if index == LEE else ["stress"]
            rows.append(
                CheckIn(
                    organization=member.organization,
                    participant=member,
                    local_date=today - dt.timedelta(days=days_ago),
                    mood=mood,
                    craving=craving,
                    sleep_quality=sleep,
                    halt=day_halt,
                    triggers=day_triggers,
                    coping=rng.sample(coping, rng.randint(1, 3)),
                    used=False,
                    note="Went to my Tuesday meeting and called my sponsor after."
                    if days_ago == 2 and index == JORDAN
                    else "",
                    made_at=now - dt.timedelta(days=days_ago, hours=rng.randint(0, 10)),
                    created_at=now - dt.timedelta(days=days_ago),
                    signals_pending=False,  # the past: its signals were evaluated back then
                )
            )
    CheckIn.objects.bulk_create(rows)


def _todays_checkins(cast: DemoCast, rng: random.Random) -> None:
    """Today's check-ins, through the service: it raises the outreach alert for Lee. Then the
    early-warning signals, as the worker evaluates them (they raise Camila's). Jordan's is left
    for the demo participant to make; Dana has been quiet."""
    stories = {
        CAMILA: CheckInInput(
            mood=3, craving=8, sleep_quality=2, halt=["tired"], triggers=["stress"], coping=["medication", "called"]
        ),
        LEE: CheckInInput(
            mood=2,
            craving=8,
            sleep_quality=2,
            halt=["lonely", "tired"],
            triggers=["alone", "stress"],
            coping=["breathing"],
            note="A hard few days since the move. I would really like to talk.",
            wants_outreach=True,
        ),
        ROSA: CheckInInput(mood=4, craving=1, sleep_quality=4, coping=["faith", "meeting"]),
    }
    for index, member in enumerate(cast.participants):
        if index in (JORDAN, DANA):
            continue
        data = stories.get(index)
        if data is None:
            mood = _clamp(2 + index % 3 + rng.choice([0, 0, 1]), 1, 5)
            data = CheckInInput(
                mood=mood, craving=_clamp(5 - mood + rng.randint(0, 2), 0, 10), sleep_quality=_clamp(mood, 2, 5)
            )
        data.used = False
        data.made_at = _earlier_today(member, cast.now, 20 + 13 * index)
        data.client_id = demo_key(f"checkin-today-{index}")
        checkin_record(participant=member, data=data)
    signals_evaluate_pending(now=cast.now)  # as the worker does within seconds


# Program settings ---------------------------------------------------------------------------------


def _program_settings(cast: DemoCast) -> None:
    """Each program's escalation playbook and early-warning settings (the defaults, saved), and
    the campus program's longer expected time between contacts (students meet every two weeks)."""
    program_set_contact_expectation(viewer=cast.admin, program=cast.campus, contact_expected_days=14)
    campus_minutes = {**DEFAULT_ACK_MINUTES, AlertSeverity.HIGH: 2 * 60, AlertSeverity.NORMAL: 12 * 60}
    for program, minutes in ((cast.center, DEFAULT_ACK_MINUTES), (cast.campus, campus_minutes)):
        playbook_update(viewer=cast.admin, program=program, steps=default_playbook_steps(), ack_minutes={**minutes})
        signal_settings_update(
            viewer=cast.admin,
            program=program,
            alert_threshold=DEFAULT_ALERT_THRESHOLD,
            weights=DEFAULT_WEIGHTS,
            thresholds={spec.key: spec.default for spec in THRESHOLDS},
            enabled=SignalCode.values,
        )


def _on_call_rota(cast: DemoCast) -> None:
    """Every hour of the coming week covered, for both programs: someone by day on weekdays,
    people taking turns at night, and one person for each weekend (Friday evening to Monday
    morning)."""
    chris, luz, ben = cast.mentors
    renee = cast.supervisor
    rotas = (
        (cast.center, renee, [chris, luz], [luz, chris]),
        (cast.campus, ben, [renee], [renee]),
    )
    day_start, day_end = dt.time(9, 0), dt.time(18, 0)
    for program, by_day, nights, weekends in rotas:
        today = cast.now.astimezone(ZoneInfo(program.time_zone)).date()
        for offset in range(-3, 8):
            day = today + dt.timedelta(days=offset)
            shifts: list[tuple[Membership, dt.date, dt.time, dt.date, dt.time]] = []
            if day.weekday() < 5:
                shifts.append((by_day, day, day_start, day, day_end))
            if day.weekday() < 4:
                night = nights[day.toordinal() % len(nights)]
                shifts.append((night, day, day_end, day + dt.timedelta(days=1), day_start))
            if day.weekday() == 4:
                weekend = weekends[day.isocalendar().week % len(weekends)]
                shifts.append((weekend, day, day_end, day + dt.timedelta(days=3), day_start))
            for person, first_day, start, last_day, end in shifts:
                starts_at = program_local_datetime(program=program, day=first_day, time=start, field="starts_on")
                ends_at = program_local_datetime(program=program, day=last_day, time=end, field="ends_on")
                if ends_at <= cast.now:
                    continue  # already over
                on_call_shift_add(
                    viewer=cast.admin,
                    program=program,
                    person=person,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    client_id=demo_key(f"on-call-{program.pk}-{first_day.isoformat()}-{start.hour}"),
                    now=cast.now,
                )


# Contacts and goals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Contact:
    mentor: int  # CHRIS, LUZ or BEN
    participant: int
    days_ago: int
    mode: str
    minutes: int
    topics: list[str]
    summary: str
    agreed: str = ""
    follow_up_in_days: int | None = None  # from the day of the contact


CONTACTS = [
    _Contact(
        mentor=CHRIS,
        participant=JORDAN,
        days_ago=12,
        mode="phone",
        minutes=20,
        topics=["recovery_support"],
        summary="Jordan called after a long week at work. We talked about what makes weekends hard and what "
        "has helped before.",
        agreed="Jordan will call their sponsor on Friday evenings.",
    ),
    _Contact(
        mentor=CHRIS,
        participant=JORDAN,
        days_ago=5,
        mode="in_person",
        minutes=45,
        topics=["goals", "recovery_support"],
        summary="Met for coffee after Jordan's home group. Jordan shared that weekends alone still feel hard, "
        "and is proud of making three meetings last week.",
        agreed="Jordan will try the morning meeting near the library. We will catch up and plan the week together.",
        follow_up_in_days=5,  # due today
    ),
    _Contact(
        mentor=CHRIS,
        participant=CAMILA,
        days_ago=2,
        mode="phone",
        minutes=25,
        topics=["coping", "recovery_support"],
        summary="Camila talked about cravings being stronger in the evenings since her new work shift started. "
        "We went through her coping list together: calling her sister and a short walk help most.",
        agreed="Camila will keep her clinic appointment this week and text me how the evenings go.",
        follow_up_in_days=4,
    ),
    _Contact(
        mentor=CHRIS,
        participant=DANA,
        days_ago=6,
        mode="video",
        minutes=30,
        topics=["goals", "resources"],
        summary="Dana is excited about taking a class at the community college. We looked at the fee waiver together.",
        agreed="Dana will ask the college about the evening class schedule.",
    ),
    _Contact(
        mentor=CHRIS,
        participant=LEE,
        days_ago=4,
        mode="text",
        minutes=15,
        topics=["recovery_support"],
        summary="Checked in with Lee by text about settling into the new apartment. Lee is finding the "
        "evenings quiet and lonely.",
        agreed="I will share a list of evening meetings close to Lee's new place.",
    ),
    _Contact(
        mentor=CHRIS,
        participant=ROSA,
        days_ago=10,
        mode="in_person",
        minutes=60,
        topics=["resources", "goals"],
        summary="Went with Rosa to the food pantry and talked about reconnecting with her church's recovery "
        "circle. Rosa spoke warmly about her grandchildren.",
        agreed="I will call Rosa in a week to hear how the circle went.",
        follow_up_in_days=7,  # three days overdue
    ),
    _Contact(
        mentor=LUZ,
        participant=TERRELL,
        days_ago=3,
        mode="in_person",
        minutes=40,
        topics=["resources", "recovery_support"],
        summary="Terrell picked up a naloxone kit and we looked at housing options together. He is glad to "
        "have a plan for the week.",
        agreed="We will visit the housing office together.",
        follow_up_in_days=5,
    ),
    _Contact(
        mentor=LUZ,
        participant=AIYANA,
        days_ago=9,
        mode="phone",
        minutes=30,
        topics=["recovery_support", "goals"],
        summary="Aiyana is thinking about becoming a peer mentor herself after a year in recovery. We talked "
        "about the training path.",
    ),
    _Contact(
        mentor=BEN,
        participant=SAM,
        days_ago=5,
        mode="in_person",
        minutes=30,
        topics=["goals"],
        summary="Sam is keeping up with his medication and his classes. We planned how he will look after "
        "himself through finals week.",
    ),
    _Contact(
        mentor=BEN,
        participant=PRIYA,
        days_ago=2,
        mode="group",
        minutes=60,
        topics=["coping", "recovery_support"],
        summary="Priya came to the campus recovery group and shared a breathing exercise that helps her before exams.",
    ),
    _Contact(
        mentor=BEN,
        participant=MARCUS,
        days_ago=8,
        mode="video",
        minutes=30,
        topics=["recovery_support"],
        summary="Marcus talked about volunteering at his church's food drive. He sounded steady and hopeful.",
    ),
    _Contact(
        mentor=BEN,
        participant=HANNAH,
        days_ago=1,
        mode="in_person",
        minutes=45,
        topics=["recovery_support", "resources"],
        summary="First meeting with Hannah. We talked about what she would like from peer support and found "
        "a time to meet each week.",
        agreed="Hannah will try the campus recovery group. We meet again next week.",
        follow_up_in_days=7,
    ),
    _Contact(
        mentor=BEN,
        participant=MATEO,
        days_ago=16,  # longer than the campus program's two weeks
        mode="phone",
        minutes=20,
        topics=["recovery_support"],
        summary="Mateo is busy with a new job on campus. We talked about keeping time for his recovery routine.",
    ),
]


def _contacts(cast: DemoCast) -> None:
    """Contact notes through the service, each written on the day of the contact (so its 24 hours
    to change it are long over), and one addendum added later."""
    started = dict(
        Match.objects.filter(participant__in=cast.participants, status=MatchStatus.ACTIVE).values_list(
            "participant_id", "started_at"
        )
    )
    notes = {}
    for number, contact in enumerate(CONTACTS):
        mentor, participant = cast.mentors[contact.mentor], cast.participants[contact.participant]
        today = local_today(mentor, cast.now)
        # Never before the match began.
        days_ago = min(contact.days_ago, (today - local_today(mentor, started[participant.pk])).days)
        day = today - dt.timedelta(days=days_ago)
        follow_up = day + dt.timedelta(days=contact.follow_up_in_days) if contact.follow_up_in_days else None
        notes[contact.participant, contact.days_ago], _created = contact_note_create(
            mentor=mentor,
            participant=participant,
            data=ContactNoteInput(
                occurred_on=day,
                duration_minutes=contact.minutes,
                mode=contact.mode,
                topics=contact.topics,
                summary=contact.summary,
                agreed=contact.agreed,
                follow_up_on=follow_up,
            ),
            client_id=demo_key(f"contact-{number}"),
            now=_at(mentor, day, 17, 30),
        )
    first = notes[JORDAN, 12]
    contact_addendum_add(
        author=cast.mentor,
        note=first,
        text="Jordan let me know the Friday call with their sponsor has become a weekly plan.",
        client_id=demo_key("addendum-jordan"),
        now=_at(cast.mentor, first.occurred_on + dt.timedelta(days=3), 10, 15),
    )


def _goals(cast: DemoCast) -> None:
    """Dana's goal, through the service; its first step was planned for three days ago."""
    dana = cast.participants[DANA]
    today = local_today(dana, cast.now)
    goal = goal_create(
        participant=dana,
        data=GoalInput(
            title="Take a class at the community college",
            template_key="school",
            steps=[
                StepInput("Ask about the evening class schedule", target_date=today),
                StepInput("Fill in the fee waiver form", target_date=today + dt.timedelta(days=10)),
            ],
        ),
    )
    # The service takes only dates from today on; this step was planned for three days ago.
    GoalStep.objects.filter(goal=goal, order=0).update(target_date=today - dt.timedelta(days=3))


# Messages -----------------------------------------------------------------------------------------

# (days ago, local hour, minute, from the participant?, text); today's message is sent shortly before now.
JORDAN_THREAD = [
    (5, 16, 40, False, "Really good to see you today, Jordan. Thank you for sharing about weekends. That took courage."),
    (5, 18, 5, True, "Thanks for listening. It helped more than I expected."),
    (2, 11, 20, True, "I tried the morning meeting near the library like we talked about. Stayed for coffee after too!"),
    (2, 12, 2, False, "That is wonderful to hear. How did it feel walking in on your own?"),
    (1, 9, 30, True, "Nervous at first, then okay. Someone remembered my name from last time."),
    (1, 9, 48, False, "That is how it starts. Want to catch up tomorrow and plan the week together?"),
    (0, 0, 0, True, "Yes please! Any time after 3 works for me."),
]  # fmt: skip


def _messages(cast: DemoCast) -> None:
    """Jordan's conversation with their mentor, both ways, with read receipts: Jordan has read
    everything; the mentor has not yet read Jordan's latest reply. Then the mentors'
    working hours (set afterwards, so no message of the past waits for them)."""
    mentor, jordan = cast.mentor, cast.participants[JORDAN]
    thread = thread_open(viewer=mentor, participant=jordan)
    today = local_today(jordan, cast.now)
    for number, (days_ago, hour, minute, from_participant, text) in enumerate(JORDAN_THREAD):
        sender, reader = (jordan, mentor) if from_participant else (mentor, jordan)
        if days_ago:
            sent_at = _at(jordan, today - dt.timedelta(days=days_ago), hour, minute)
        else:
            sent_at = _earlier_today(jordan, cast.now, 35)
        message, _created = message_send(
            viewer=sender, thread=thread, body=text, client_id=demo_key(f"message-jordan-{number}"), now=sent_at
        )
        if days_ago:  # read a little later; the newest waits for the mentor
            thread_mark_read(viewer=reader, thread=thread, message_id=message.pk, now=sent_at + dt.timedelta(minutes=9))
    weekdays = [Window(weekday=d, start=dt.time(9, 0), end=dt.time(17, 0)) for d in range(5)]
    working_hours_set(mentor=mentor, windows=[*weekdays, Window(weekday=5, start=dt.time(10, 0), end=dt.time(13, 0))])
    luz = cast.mentors[LUZ]
    working_hours_set(
        mentor=luz, windows=[Window(weekday=d, start=dt.time(12, 0), end=dt.time(20, 0)) for d in range(4)]
    )


# Alerts -------------------------------------------------------------------------------------------


def _acknowledge_camilas_alert(cast: DemoCast) -> None:
    """The early-warning alert today's check-in raised for Camila, acknowledged by her mentor with
    a note on what they did."""
    camila = cast.participants[CAMILA]
    alert = Alert.objects.filter(participant=camila, kind=AlertKind.SIGNAL, status=AlertStatus.OPEN).first()
    if alert is None:  # the signals' defaults changed: raise it as they would have
        alert = alert_raise(
            participant=camila, kind=AlertKind.SIGNAL, reason="Craving has been higher than usual for a few days."
        )
    alert_acknowledge(viewer=cast.mentor, alert=alert)
    alert_note_add(
        viewer=cast.mentor,
        alert=alert,
        text="Called Camila. We talked through a plan for this evening, and she will see her clinic team tomorrow.",
    )


# Supervision ----------------------------------------------------------------------------------------


def _supervision(cast: DemoCast) -> None:
    """Supervision sessions (individual and group), wellbeing self-checks (Luz's latest is flagged),
    a lighter caseload cap for Ben, and two boundary concerns (one waiting, one answered)."""
    renee = cast.supervisor
    chris, luz, ben = cast.mentors
    today = local_today(renee, cast.now)
    sessions = [
        (
            "group",
            [chris, luz, ben],
            14,
            90,
            ["ethics_boundaries", "skills_training"],
            "Peer supervision on warm, clear boundaries: what to say when someone asks for a personal "
            "phone number, and how to offer the program line and the crisis numbers instead. Ben shared "
            "a role-play from his campus group that everyone found useful.",
            "Everyone to try the role-play with a colleague before the next group session.",
            None,
        ),
        (
            "individual",
            [luz],
            10,
            45,
            ["self_care", "difficult_situations"],
            "Luz talked about supporting Terrell in his first days, and about how tiring the evening "
            "calls have been. We looked at her week together.",
            "Luz to set working hours in Alongside so evening messages wait until the next day.",
            today + dt.timedelta(days=4),
        ),
        (
            "individual",
            [chris],
            7,
            50,
            ["caseload_review", "self_care"],
            "Chris walked through his caseload. He is proud of how Jordan is leaning on their sponsor at "
            "weekends, and wants to think about Lee's evenings after the move. Chris keeps two evenings a "
            "week for his own meetings, and we agreed that matters.",
            "Chris to share the list of evening meetings with Lee. Next check-in in two weeks.",
            today + dt.timedelta(days=7),
        ),
    ]
    for number, (kind, mentors, days_ago, minutes, topics, notes, follow_ups, follow_up_on) in enumerate(sessions):
        supervision_session_record(
            supervisor=renee,
            kind=kind,
            mentor_ids=[m.pk for m in mentors],
            occurred_on=today - dt.timedelta(days=days_ago),
            duration_minutes=minutes,
            topics=topics,
            notes=notes,
            follow_ups=follow_ups,
            follow_up_on=follow_up_on,
            client_id=demo_key(f"supervision-{number}"),
            today=today,
        )
    # (mentor, days ago, exhaustion, boundary strain, workload, support felt, note), oldest first per mentor.
    luz_note = (
        "It has been a heavy couple of weeks and I have been taking calls in the evenings. I would like to talk "
        "about pacing."
    )
    checks = [
        (chris, 28, 1, 1, 2, 3, ""),
        (chris, 14, 1, 2, 2, 3, "A full fortnight, and a good one. Supervision helps."),
        (luz, 30, 1, 1, 1, 4, ""),
        (luz, 16, 1, 1, 2, 3, ""),
        (luz, 2, 3, 2, 3, 2, luz_note),  # strain 10 of 16, up 5: flagged for Renee
        (ben, 10, 0, 1, 1, 4, "Finals are coming, but the group is going well."),
    ]
    for number, (mentor, days_ago, exhaustion, strain, workload, support, note) in enumerate(checks):
        wellbeing_check_record(
            mentor=mentor,
            emotional_exhaustion=exhaustion,
            boundary_strain=strain,
            workload=workload,
            support_felt=support,
            note=note,
            client_id=demo_key(f"wellbeing-{number}"),
            today=local_today(mentor, cast.now) - dt.timedelta(days=days_ago),
        )
    caseload_cap_set(
        viewer=renee,
        mentor=ben,
        caseload_cap=6,
        reason="Ben is finishing his degree this term, so we agreed on a lighter caseload until the summer.",
    )
    boundary_concern_report(
        mentor=chris,
        kind="contact_details",
        participant_id=cast.participants[ROSA].pk,
        details="Rosa asked for my personal phone number so she can text me late at night. I offered the program "
        "line and went over the 988 Lifeline with her. I would like to talk about keeping this kind and clear.",
        client_id=demo_key("concern-chris"),
    )
    answered, _created = boundary_concern_report(
        mentor=ben,
        kind="money_or_favours",
        details="Someone in my campus group asked if I could lend them money for books. I said no kindly and "
        "pointed them to the campus emergency fund.",
        client_id=demo_key("concern-ben"),
    )
    boundary_concern_acknowledge(
        viewer=renee,
        concern=answered,
        response="Thank you for bringing this to me. You handled it with care. Let's add the emergency fund to "
        "the campus resource list.",
    )


def seed_care(cast: DemoCast, rng: random.Random) -> None:
    """Everything behind each role's first look at the workspace (see the module docstring).
    Runs after the cast, their matches, the check-in history and the toolkit exist."""
    _program_settings(cast)
    _on_call_rota(cast)
    _contacts(cast)
    _goals(cast)
    _todays_checkins(cast, rng)
    _acknowledge_camilas_alert(cast)
    _messages(cast)
    _supervision(cast)
