from __future__ import annotations

from typing import Any, NoReturn

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from alongside.core.crypto import EncryptedTextField


class AppendOnlyError(RuntimeError):
    pass


# The records the log may name: people (a user, a membership), an organization and a program:
# who someone is and where, which the staff reading the log see anyway. Every other record is
# named by its kind and number ("Goal 17"): a goal's title, a token's name, a consent's recipient
# are the words of the person who wrote them, and an org admin who may not read them reads the
# whole log, which is kept for good.
NAMED_TARGETS = frozenset(
    {"accounts.user", "organizations.membership", "organizations.organization", "organizations.program"}
)


def target_label(target_type: str, target_id: str, name: str = "") -> str:
    """How the log names a record: ``name`` (its ``str()``) for people, organizations and programs,
    "<kind> <id>" for anything else, whatever ``name`` says."""
    if not target_type:
        return ""
    if target_type in NAMED_TARGETS and name:
        return name
    try:
        kind = capfirst(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):  # a model since removed
        kind = target_type
    return f"{kind} {target_id}"


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only")


class AuditEntry(models.Model):
    """One thing that happened: who, what (a namespaced code), to what, when and why.

    Append-only: the model refuses updates and deletes, and on PostgreSQL a trigger makes
    the database itself refuse them (migration 0002).
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    # No single-column indexes on organization, subject or action: every request that reads
    # something sensitive writes an entry, and the (organization, occurred_at) and (subject,
    # occurred_at) indexes below serve every lookup (a prefix filter on action is always within
    # one organization's entries).
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    # The participant whose information this entry is about, so they can see who viewed it.
    subject = models.ForeignKey(
        "organizations.Membership", on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    # Reasons can hold sensitive detail (why a record was opened in an emergency): encrypted.
    reason = EncryptedTextField(blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    outcome = models.CharField(max_length=16, default="ok")  # ok | refused
    extra = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["subject", "occurred_at"]),
            models.Index(fields=["organization", "occurred_at"]),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("The audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only")

    @property
    def action_label(self) -> str:
        """What the action's code means, in the active language ("Check-ins read"): ``audit.actions``."""
        from alongside.audit.actions import label_of

        return label_of(self.action)

    @property
    def target_name(self) -> str:
        """The target's label as shown, re-made from its type and id: entries written before labels
        were generic may hold a record's own words (a goal's title), and entries are never rewritten."""
        return target_label(self.target_type, self.target_id, self.target_label)
