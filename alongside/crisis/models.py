"""The crisis lines a program shows its participants: every participant page, the crisis page,
the crisis-sent page and the safety plan. An organization (or one of its programs) sets its
own; with none set, the US defaults in ``lines.py`` are shown."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class CrisisLine(models.Model):
    """One line, in the words of each language the program offers (``{"en": …, "es": …}``)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    # Null: the whole organization's lines; set: this program's own, which replace the organization's.
    program = models.ForeignKey(
        "organizations.Program", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.JSONField(default=dict)
    how = models.JSONField(default=dict, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    text_number = models.CharField(max_length=20, blank=True)
    text_body = models.JSONField(default=dict, blank=True)
    chat_url = models.URLField(max_length=300, blank=True)
    is_emergency = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["organization", "program", "position"])]

    def __str__(self) -> str:
        return f"Crisis line {self.pk}"
