"""The demo organization: the same cast as the test personas, plus enough people and history
to make every page look like a real program. Idempotent: running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import RecoveryCode, TOTPDevice, User
from alongside.audit.services import log_action
from alongside.consent.models import Consent, InformationCategory, RecipientType
from alongside.demo.care import DemoCast, seed_care, seed_checkin_history
from alongside.notifications.models import Notification
from alongside.organizations.models import (
    Match,
    MatchStatus,
    Membership,
    Organization,
    ParticipantProfile,
    Program,
    RecoveryPathway,
    Role,
    SettingType,
)

DEFAULT_DEMO_PASSWORD = "alongside-demo-2026"

# Fixed TOTP secrets so the demo logins can be printed and typed into an authenticator app.
# They protect demo data only; the seed refuses to run with DEBUG off.
DEMO_TOTP_SECRETS = {
    "mentor@demo.alongside.test": "MENTQRDEMQALQNGSIDEMENTQRSECRETA",
    "supervisor@demo.alongside.test": "SUPERVISQRDEMQALQNGSIDESECRETABA",
    "admin@demo.alongside.test": "ADMINDEMQALQNGSIDEADMINSECRETABA",
    "outsider@demo.alongside.test": "QUTSIDERDEMQHARBQRLIGHTSECRETABA",
}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    totp_secret: str | None


DEMO_LOGINS = [
    DemoLogin("participant", "participant@demo.alongside.test", None),
    DemoLogin("participant (second)", "participant2@demo.alongside.test", None),
    DemoLogin("peer mentor", "mentor@demo.alongside.test", DEMO_TOTP_SECRETS["mentor@demo.alongside.test"]),
    DemoLogin("supervisor", "supervisor@demo.alongside.test", DEMO_TOTP_SECRETS["supervisor@demo.alongside.test"]),
    DemoLogin("org admin", "admin@demo.alongside.test", DEMO_TOTP_SECRETS["admin@demo.alongside.test"]),
    DemoLogin(
        "outsider (mentor, other org)",
        "outsider@demo.alongside.test",
        DEMO_TOTP_SECRETS["outsider@demo.alongside.test"],
    ),
]

PARTICIPANTS = [
    # email local part, name, pathway, days in recovery, program index, language
    ("participant", "Jordan Rivera", RecoveryPathway.TWELVE_STEP, 41, 0, "en"),
    ("participant2", "Camila Herrera", RecoveryPathway.MEDICATION, 23, 0, "es"),
    ("dana.okafor", "Dana Okafor", RecoveryPathway.MUTUAL_HELP, 96, 0, "en"),
    ("lee.nguyen", "Lee Nguyen", RecoveryPathway.SECULAR, 12, 0, "en"),
    ("rosa.mendez", "Rosa Méndez", RecoveryPathway.FAITH, 190, 0, "es"),
    ("terrell.jackson", "Terrell Jackson", RecoveryPathway.HARM_REDUCTION, 8, 0, "en"),
    ("aiyana.begay", "Aiyana Begay", RecoveryPathway.TWELVE_STEP, 365, 0, "en"),
    ("sam.kowalski", "Sam Kowalski", RecoveryPathway.MEDICATION, 60, 1, "en"),
    ("priya.shah", "Priya Shah", RecoveryPathway.MUTUAL_HELP, 30, 1, "en"),
    ("mateo.garcia", "Mateo García", RecoveryPathway.SECULAR, 75, 1, "es"),
    ("hannah.lee", "Hannah Lee", RecoveryPathway.OTHER, 3, 1, "en"),
    ("marcus.brown", "Marcus Brown", RecoveryPathway.FAITH, 150, 1, "en"),
]


def demo_password() -> str:
    from alongside.envconf import env_str

    return env_str("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def _user(email: str, name: str, language: str = "en", tz: str = "America/Chicago") -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, demo_password(), display_name=name, language=language, time_zone=tz)
    if email in DEMO_TOTP_SECRETS and not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(user=user, secret=DEMO_TOTP_SECRETS[email], confirmed_at=timezone.now())
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(user=user, code_hash=RecoveryCode.hash_code(f"demo-{i:04d}")) for i in range(10)]
        )
    return user


def _member(user: User, org: Organization, role: str, program: Program | None = None, **extra: object) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=org, defaults={"role": role, "program": program, **extra}
    )
    return membership


@transaction.atomic
def seed_demo() -> dict[str, int]:
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "The demo seed refuses to run with DEBUG off: it creates accounts with known passwords."
        )
    if Organization.objects.filter(slug="riverbend").exists():
        return {"created": 0}
    rng = random.Random(2026)  # noqa: S311 - deterministic demo data, not security
    now = timezone.now()
    org, _c = Organization.objects.get_or_create(slug="riverbend", defaults={"name": "Riverbend Recovery Community"})
    center, _c = Program.objects.get_or_create(
        organization=org,
        name="Riverbend Recovery Center",
        defaults={
            "setting_type": SettingType.RECOVERY_CENTER,
            "time_zone": "America/Chicago",
            "languages": ["en", "es"],
        },
    )
    campus, _c = Program.objects.get_or_create(
        organization=org,
        name="Riverbend Campus Recovery",
        defaults={"setting_type": SettingType.SCHOOL, "time_zone": "America/Chicago", "languages": ["en"]},
    )
    programs = [center, campus]
    admin = _member(_user("admin@demo.alongside.test", "Alex Morgan"), org, Role.ADMIN)
    supervisor = _member(_user("supervisor@demo.alongside.test", "Renee Thompson"), org, Role.SUPERVISOR, center)
    mentors = [
        _member(_user("mentor@demo.alongside.test", "Chris Delgado"), org, Role.MENTOR, center, supervisor=supervisor),
        _member(
            _user("luz.ortiz@demo.alongside.test", "Luz Ortiz", "es"), org, Role.MENTOR, center, supervisor=supervisor
        ),
        _member(_user("ben.carter@demo.alongside.test", "Ben Carter"), org, Role.MENTOR, campus, supervisor=supervisor),
    ]
    for mentor in mentors[1:]:
        if not TOTPDevice.objects.filter(user=mentor.user).exists():
            TOTPDevice.objects.create(user=mentor.user, secret=pyotp.random_base32(), confirmed_at=now)
    participants: list[Membership] = []
    for index, (local, name, pathway, days, program_index, language) in enumerate(PARTICIPANTS):
        user = _user(f"{local}@demo.alongside.test", name, language)
        member = _member(user, org, Role.PARTICIPANT, programs[program_index])
        ParticipantProfile.objects.get_or_create(
            membership=member,
            defaults={
                "pathway": pathway,
                "recovery_start_date": (now - dt.timedelta(days=days)).date(),
                "sharing_explained_at": now - dt.timedelta(days=min(days, 40)) if index != 1 else None,
            },
        )
        participants.append(member)
        # Mentor 1 walks with the first five, mentor 2 with the next two, mentor 3 with the campus group.
        mentor = mentors[0] if index < 5 else mentors[1] if program_index == 0 else mentors[2]
        started = now - dt.timedelta(days=min(days, rng.randint(14, 56)))
        if not Match.objects.filter(participant=member).exists():
            Match.objects.create(
                organization=org, mentor=mentor, participant=member, started_at=started, created_by=supervisor
            )
            log_action("match.created", actor=supervisor, target=member, subject=member)
        # Some weeks of history: the mentor looked at the record now and then.
        for week in range(rng.randint(1, 5)):
            log_action("participant.viewed", actor=mentor, target=member, subject=member, extra={"demo_week": week})
    seed_checkin_history(participants, rng, now)
    _seed_toolkit(participants, mentors[0], now)
    # An earlier match that ended, so history shows reassignment.
    Match.objects.get_or_create(
        organization=org,
        mentor=mentors[1],
        participant=participants[3],
        status=MatchStatus.ENDED,
        defaults={
            "started_at": now - dt.timedelta(days=40),
            "ended_at": now - dt.timedelta(days=12),
            "created_by": supervisor,
        },
    )
    Consent.objects.get_or_create(
        organization=org,
        participant=participants[0],
        recipient_name="Riverside Housing Services",
        defaults={
            "disclosing_party": center.name,
            "information": [InformationCategory.REFERRALS, InformationCategory.ATTENDANCE],
            "recipient_type": RecipientType.REFERRAL_PARTNER,
            "purpose": "To help me apply for supportive housing",
            "expires_on": (now + dt.timedelta(days=180)).date(),
            "signature_name": participants[0].user.display_name,
            "signed_at": now - dt.timedelta(days=20),
        },
    )
    Consent.objects.get_or_create(
        organization=org,
        participant=participants[0],
        recipient_name="Taylor Rivera",
        defaults={
            "disclosing_party": center.name,
            "information": [InformationCategory.ATTENDANCE],
            "recipient_type": RecipientType.FAMILY,
            "purpose": "So my sister knows I am going to my program",
            "expires_on": (now + dt.timedelta(days=90)).date(),
            "signature_name": participants[0].user.display_name,
            "signed_at": now - dt.timedelta(days=30),
            "revoked_at": now - dt.timedelta(days=5),
            "revocation_reason": "I want to tell her myself",
        },
    )
    Notification.objects.get_or_create(
        recipient=participants[0].user,
        dedupe_key="demo-welcome",
        defaults={
            "organization": org,
            "kind": "match.created",
            "title": "You have a peer mentor",
            "body": f"{mentors[0].user.display_name} will walk alongside you.",
            "link": "/",
        },
    )
    # The weeks behind "today": contacts, messages, alerts, supervision, program settings.
    seed_care(
        DemoCast(
            organization=org,
            center=center,
            campus=campus,
            admin=admin,
            supervisor=supervisor,
            mentors=mentors,
            participants=participants,
            now=now,
        ),
        rng,
    )
    # The second organization: its own people, who must never see Riverbend's.
    other, _c = Organization.objects.get_or_create(slug="harbor-light", defaults={"name": "Harbor Light Peer Network"})
    online, _c = Program.objects.get_or_create(
        organization=other,
        name="Harbor Light Online",
        defaults={"setting_type": SettingType.ONLINE, "time_zone": "America/Los_Angeles", "languages": ["en", "es"]},
    )
    other_sup = _member(
        _user("harbor.supervisor@demo.alongside.test", "Jamie Fox", tz="America/Los_Angeles"),
        other,
        Role.SUPERVISOR,
        online,
    )
    outsider = _member(
        _user("outsider@demo.alongside.test", "Olivia Park", tz="America/Los_Angeles"),
        other,
        Role.MENTOR,
        online,
        supervisor=other_sup,
    )
    for local, name in [("kai.harbor", "Kai Thompson"), ("nia.harbor", "Nia Robinson"), ("eli.harbor", "Eli Cohen")]:
        member = _member(
            _user(f"{local}@demo.alongside.test", name, tz="America/Los_Angeles"), other, Role.PARTICIPANT, online
        )
        ParticipantProfile.objects.get_or_create(membership=member, defaults={"pathway": RecoveryPathway.MUTUAL_HELP})
        Match.objects.get_or_create(
            participant=member, status=MatchStatus.ACTIVE, defaults={"organization": other, "mentor": outsider}
        )
    # One person in both organizations: the Riverbend admin also volunteers as a Harbor Light mentor.
    _member(admin.user, other, Role.MENTOR, online, supervisor=other_sup)
    # The caseload state from the history just written (the check-ins were loaded in bulk, unmarked).
    from alongside.caseload.state import recompute

    recompute(
        Membership.objects.filter(organization__in=[org, other], role=Role.PARTICIPANT).values_list("pk", flat=True)
    )
    return {"created": 1, "participants": len(participants)}


def _seed_toolkit(participants: list[Membership], mentor: Membership, now: dt.datetime) -> None:
    """The demo participant's recovery work, written through the services so it is audited."""
    from alongside.coping.services import activity_log, strategy_add
    from alongside.core.localtime import local_today
    from alongside.goals.services import GoalInput, StepInput, goal_create, goal_propose
    from alongside.journal.services import journal_entry_create
    from alongside.recovery.services import recovery_start_create, setback_record
    from alongside.reminders.services import reminder_update
    from alongside.safety.services import ContactInput, safety_plan_save, safety_plan_set_shared, support_contact_create

    p = participants[0]
    today = local_today(p, now)
    # 89 days ago, less the setback day: 88 days counted, so 90 days comes round in two days.
    start = recovery_start_create(participant=p, pathway="twelve_step", started_on=today - dt.timedelta(days=89))
    setback_record(
        participant=p,
        start=start,
        occurred_on=today - dt.timedelta(days=41),
        learned="Weekends alone are hard; I call my sponsor on Fridays now.",
    )
    goal_create(
        participant=p,
        data=GoalInput(
            title="Go to 3 meetings a week",
            template_key="meetings",
            counts_activity="meeting",
            weekly_target=3,
            steps=[
                StepInput("Find three meetings that fit my week"),
                StepInput("Talk to one person after a meeting", target_date=today + dt.timedelta(days=2)),
            ],
        ),
    )
    goal_propose(
        mentor=mentor,
        participant=p,
        data=GoalInput(
            title="Find work",
            template_key="work",
            steps=[StepInput("Update my résumé")],
        ),
    )
    journal_entry_create(
        participant=p, text="Went to the Tuesday meeting and stayed for coffee after.", prompt="wins", share=True
    )
    journal_entry_create(participant=p, text="Grateful my sister called.", prompt="gratitude")
    support_contact_create(
        participant=p,
        data=ContactInput(
            name="Dana (sponsor)",
            relationship="sponsor",
            phone="555-0142",
            can_call_in_crisis=True,
        ),
    )
    safety_plan_save(
        participant=p,
        sections={
            "warning_signs": ["Skipping meals and meetings", "Not answering my phone"],
            "coping": ["Walk by the river", "Box breathing"],
            "distraction": ["Coffee shop on 5th", "Call my cousin"],
            "help": ["My mentor"],
            "environment": ["Ask my sponsor to help me keep my home a safe place"],
            "reasons": ["My daughter", "Finishing my course"],
        },
    )
    safety_plan_set_shared(participant=p, shared=True)
    strategy_add(participant=p, text="Call my sponsor before deciding anything")
    strategy_add(participant=p, text="Walk round the block and breathe")
    activity_log(participant=p, kind="meeting", minutes=60, note="Home group")
    activity_log(participant=p, kind="exercise", minutes=30)
    reminder_update(participant=p, local_time=dt.time(19, 30), in_app=True, email=False)
    for other, pathway, days in ((participants[2], "mutual_help", 96), (participants[4], "faith", 190)):
        recovery_start_create(
            participant=other, pathway=pathway, started_on=local_today(other, now) - dt.timedelta(days=days)
        )


def demo_login_lines() -> list[str]:
    lines = [f"Demo logins (password for all: {demo_password()!r}; change it with DEMO_PASSWORD):"]
    for login in DEMO_LOGINS:
        line = f"  {login.role:<30} {login.email}"
        if login.totp_secret:
            line += f"   TOTP secret {login.totp_secret}  (code now: {pyotp.TOTP(login.totp_secret).now()})"
        lines.append(line)
    lines.append("  Staff accounts need the 6-digit code: add the secret to an authenticator app, or run")
    lines.append(
        "  `.venv/bin/python manage.py demo_logins` for fresh codes. Recovery codes demo-0000 … demo-0009 also work once each."
    )
    return lines
