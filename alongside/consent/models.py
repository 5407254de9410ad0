from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The notice that must accompany every disclosure of Part 2 information (42 CFR §2.32(a)(1)).
PART2_NOTICE = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony "
    "that describes the information contained in this record, in any civil, criminal, administrative, "
    "or legislative proceedings by any Federal, State, or local authority, against the patient, unless "
    "authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized "
    "by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from "
    "making any other use or disclosure of this record unless at least one of the following applies: "
    "Further use or disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. A general "
    "authorization for the release of medical or other information is NOT sufficient for this purpose "
    "(see 42 CFR 2.31). The Federal rules restrict any use of the information to investigate or prosecute "
    "with regard to a crime any patient with a substance use disorder, except as provided at 42 CFR "
    "2.12(c)(5) and 2.65."
)


class InformationCategory(models.TextChoices):
    ATTENDANCE = "attendance", _("That I take part in the program, and how often")
    CHECKINS = "checkins", _("My check-ins (mood, cravings, sleep)")
    GOALS = "goals", _("My goals and progress")
    RECOVERY_TIMELINE = "timeline", _("My recovery timeline, including setbacks")
    ASSESSMENTS = "assessments", _("My questionnaire results")
    REFERRALS = "referrals", _("Referral details: my name, contact details and what I need help with")
    SAFETY_PLAN = "safety_plan", _("My safety plan")


class RecipientType(models.TextChoices):
    REFERRAL_PARTNER = "referral_partner", _("A service I am referred to")
    FAMILY = "family", _("A family member")
    SPONSOR = "sponsor", _("My sponsor")
    CLINICIAN = "clinician", _("A clinician or treatment provider")
    OTHER = "other", _("Someone else")


class Consent(models.Model):
    """A participant's written consent to a disclosure outside the program (42 CFR §2.31).

    Holds every required element: the participant; who may disclose; what information, how
    much and what kind; to whom; the purpose; when it expires; the right to revoke (shown at
    signing, exercised with ``consent_revoke``); the signature and the date.
    """

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="consents")
    disclosing_party = models.CharField(max_length=200)
    information = models.JSONField(default=list)  # list of InformationCategory values
    information_detail = models.CharField(max_length=500, blank=True)
    recipient_type = models.CharField(max_length=32, choices=RecipientType.choices)
    recipient_name = models.CharField(max_length=200)
    recipient_user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set when the recipient has an account (for example a family member's read-only view).",
    )
    purpose = models.CharField(max_length=500)
    expires_on = models.DateField()
    signature_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        indexes = [models.Index(fields=["participant", "revoked_at", "expires_on"])]

    def __str__(self) -> str:
        return f"Consent to share with {self.recipient_name}"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.revoked_at is None and self.expires_on >= today

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expires_on < timezone.localdate():
            return "expired"
        return "active"

    def information_labels(self) -> list[str]:
        labels = dict(InformationCategory.choices)
        return [str(labels.get(code, code)) for code in self.information]
