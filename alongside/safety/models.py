from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alongside.access.models import ParticipantOwned
from alongside.core.crypto import EncryptedTextField

MAX_ITEMS = 20
ITEM_MAX_LENGTH = 300
MAX_CONTACTS = 50
NAME_MAX_LENGTH = 100
PHONE_MAX_LENGTH = 40
EMAIL_MAX_LENGTH = 254
NOTES_MAX_LENGTH = 1000


class Section(models.TextChoices):
    """The steps of the Stanley-Brown safety plan, in the order they are used."""

    WARNING_SIGNS = "warning_signs", _("Warning signs that a hard time may be starting")
    COPING = "coping", _("Things I can do on my own to feel better")
    DISTRACTION = "distraction", _("People and places that help take my mind off things")
    HELP = "help", _("People I can ask for help")
    PROFESSIONALS = "professionals", _("Professionals and services I can contact")
    ENVIRONMENT = "environment", _("Making my surroundings safer")
    REASONS = "reasons", _("My reasons for living")


SECTION_HINTS: dict[str, Promise] = {
    Section.WARNING_SIGNS: _("Thoughts, feelings, moods or situations that tell you things are getting harder."),
    Section.COPING: _("Things that help you feel calmer or lift your mood, like a walk, music or a shower."),
    Section.DISTRACTION: _("People to spend time with and places to go: a friend, a meeting, a coffee shop, a park."),
    Section.HELP: _("People you trust and can reach out to when you need support."),
    Section.PROFESSIONALS: _("Counsellors, doctors, clinics or services. Crisis lines are always on your plan."),
    Section.ENVIRONMENT: _("Steps that help keep you safe, and people who can help you take them."),
    Section.REASONS: _("People, hopes, plans and things that matter to you."),
}


@dataclass(frozen=True)
class FixedResource:
    """A crisis service that is always on every plan and cannot be removed."""

    key: str
    name: str | Promise
    description: str | Promise
    tel: str
    sms: str = ""


class SafetyPlan(ParticipantOwned):
    """A participant's safety plan: one per participant, every section encrypted at rest."""

    participant = models.OneToOneField("organizations.Membership", on_delete=models.CASCADE, related_name="safety_plan")
    # JSON: {"warning_signs": ["…"], "coping": [...], ...}; one field, so one decryption per read.
    content = EncryptedTextField(default="{}")
    shared_with_mentor = models.BooleanField(default=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        """One plan per participant: its unique participant key is all the index it needs."""

    def __str__(self) -> str:
        return f"Safety plan {self.pk}"

    def sections(self) -> dict[str, list[str]]:
        stored = json.loads(self.content or "{}")
        return {key: [str(item) for item in stored.get(key, [])] for key in Section.values}


class Relationship(models.TextChoices):
    SPONSOR = "sponsor", _("Sponsor")
    FAMILY = "family", _("Family")
    FRIEND = "friend", _("Friend")
    OTHER_SUPPORT = "other_support", _("Other support")
    PROFESSIONAL = "professional", _("Professional")


class SupportContact(models.Model):
    """Someone in the participant's support network (not a user of Alongside)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.CASCADE, related_name="support_contacts"
    )
    name = EncryptedTextField()
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    phone = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    can_call_in_crisis = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-can_call_in_crisis", "pk"]

    def __str__(self) -> str:
        # Never the name or details: this label is written to the audit log.
        return f"Support contact {self.pk}"
