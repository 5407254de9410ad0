from __future__ import annotations

import hashlib
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Organization(models.Model):
    """A tenant. Every record in Alongside belongs to exactly one organization."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SettingType(models.TextChoices):
    RECOVERY_CENTER = "recovery_center", _("Recovery community center")
    TREATMENT_PROGRAM = "treatment_program", _("Treatment program")
    COMMUNITY_GROUP = "community_group", _("Community recovery group")
    SCHOOL = "school", _("School or college")
    ONLINE = "online", _("Online platform")
    PEER_NONPROFIT = "peer_nonprofit", _("Peer-led nonprofit")


DEFAULT_CONTACT_EXPECTED_DAYS = 7
MAX_CONTACT_EXPECTED_DAYS = 90


class Program(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="programs")
    name = models.CharField(max_length=200)
    setting_type = models.CharField(max_length=32, choices=SettingType.choices)
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    languages = models.JSONField(default=list, help_text='Language codes offered, e.g. ["en", "es"].')
    # After this many days without a contact, a participant shows on their mentor's "today" list.
    contact_expected_days = models.PositiveSmallIntegerField(
        default=DEFAULT_CONTACT_EXPECTED_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CONTACT_EXPECTED_DAYS)],
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="program_name_unique_in_org")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    MENTOR = "mentor", _("Peer mentor")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Organization admin")


STAFF_ROLES = frozenset({Role.MENTOR, Role.SUPERVISOR, Role.ADMIN})


class Membership(models.Model):
    """A user's one role in one organization. All access is decided from memberships."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")
    # For mentors: the supervisor who supports them (a supervisor membership in the same organization).
    supervisor = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supervisees")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # No default ordering: it would join users and organizations into every membership
        # query (and into row locks). Lists order explicitly.
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org"),
        ]
        indexes = [models.Index(fields=["organization", "role", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class RecoveryPathway(models.TextChoices):
    TWELVE_STEP = "twelve_step", _("12-step (with a sponsor)")
    MUTUAL_HELP = "mutual_help", _("SMART Recovery or other mutual help")
    MEDICATION = "medication", _("Medication-assisted recovery")
    FAITH = "faith", _("Faith-based")
    SECULAR = "secular", _("Secular")
    HARM_REDUCTION = "harm_reduction", _("Harm reduction")
    OTHER = "other", _("Other or still deciding")


class ParticipantProfile(models.Model):
    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="participant_profile")
    pathway = models.CharField(max_length=32, choices=RecoveryPathway.choices, default=RecoveryPathway.OTHER)
    recovery_start_date = models.DateField(null=True, blank=True)
    # When the participant was shown who inside the program sees what (enrollment notice).
    sharing_explained_at = models.DateTimeField(null=True, blank=True)
    # Since when they let their matched mentor call or text them at their account's mobile
    # number (null: not shared, the default). During a crisis alert not yet resolved, whoever
    # its escalation reached may call too (never an admin). Each showing is audited.
    phone_shared_with_mentor_at = models.DateTimeField(null=True, blank=True)


class MatchStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Match(models.Model):
    """A mentor walking alongside a participant. Access follows active matches only."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="matches")
    mentor = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="mentor_matches")
    participant = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="participant_matches")
    status = models.CharField(max_length=8, choices=MatchStatus.choices, default=MatchStatus.ACTIVE)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(status="active"), name="one_active_match_per_participant"
            )
        ]
        indexes = [models.Index(fields=["mentor", "status"])]


class Invitation(models.Model):
    """An emailed, expiring, single-use invitation to join an organization in one role."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    email = models.EmailField()
    display_name = models.CharField(max_length=120, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.role})"

    @staticmethod
    def hash_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
