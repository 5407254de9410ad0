"""A small cast for benchmarks (the same shape as the test personas)."""

from __future__ import annotations

from alongside.accounts.models import User
from alongside.organizations.models import Match, Membership, Organization, ParticipantProfile, Program, Role


def make_cast(suffix: str = "") -> dict[str, Membership]:
    org = Organization.objects.create(name=f"Bench Org{suffix}", slug=f"bench{suffix}")
    program = Program.objects.create(
        organization=org, name="Bench Program", setting_type="recovery_center", languages=["en"]
    )

    def member(name: str, role: str) -> Membership:
        user = User.objects.create_user(f"{name}{suffix}@bench.test", "bench-password-123", display_name=name.title())
        return Membership.objects.create(user=user, organization=org, role=role, program=program)

    mentor = member("mentor", Role.MENTOR)
    participant = member("participant", Role.PARTICIPANT)
    ParticipantProfile.objects.create(membership=participant)
    Match.objects.create(organization=org, mentor=mentor, participant=participant)
    return {"mentor": mentor, "participant": participant}
