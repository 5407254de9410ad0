from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import NotSupportedError, connections, models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.access.models import ParticipantOwned
from alongside.core.crypto import EncryptedTextField

NOTE_MAX_LENGTH = 2000
BACKFILL_DAYS = 7


class Mood(models.IntegerChoices):
    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


class Sleep(models.IntegerChoices):
    VERY_POOR = 1, _("Very poor")
    POOR = 2, _("Poor")
    FAIR = 3, _("Fair")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


class Halt(models.TextChoices):
    HUNGRY = "hungry", _("Hungry")
    ANGRY = "angry", _("Angry")
    LONELY = "lonely", _("Lonely")
    TIRED = "tired", _("Tired")


class CommonTrigger(models.TextChoices):
    STRESS = "stress", _("Stress")
    CONFLICT = "conflict", _("Conflict with someone")
    PEOPLE = "people", _("People I used with")
    PLACES = "places", _("Places I used")
    BOREDOM = "boredom", _("Boredom")
    MONEY = "money", _("Money worries")
    PAIN = "pain", _("Pain or feeling unwell")
    CELEBRATION = "celebration", _("A celebration or party")
    ALONE = "alone", _("Being alone")
    CRAVING_CUES = "cues", _("Seeing or smelling it")


class CommonCoping(models.TextChoices):
    CALLED_SOMEONE = "called", _("Called or texted someone")
    MEETING = "meeting", _("Went to a meeting")
    EXERCISE = "exercise", _("Moved my body")
    BREATHING = "breathing", _("Breathing or grounding")
    JOURNAL = "journal", _("Wrote it down")
    REST = "rest", _("Rested or slept")
    FAITH = "faith", _("Prayer or meditation")
    DISTRACTION = "distraction", _("Kept busy")
    MEDICATION = "medication", _("Took my medication as prescribed")


class CheckInManager(models.Manager["CheckIn"]):
    def insert_if_first(self, checkin: CheckIn) -> bool:
        """Store ``checkin`` unless the participant already has that day's check-in or one with its
        ``client_id``: True when it was stored (its ``pk`` is then set), False when it was not.

        One statement, ``INSERT ... ON CONFLICT DO NOTHING RETURNING id`` (PostgreSQL and SQLite
        alike), so a submission finds out whether it is the day's first without a lookup before
        it. On PostgreSQL the statement first waits for a concurrent insert of the same day or
        ``client_id`` to commit or roll back, so False means that other row now exists (and
        ``checkins.services`` looks it up and locks it). The ORM has no such statement that also
        says whether the row went in (``bulk_create(ignore_conflicts=True)`` returns no key), so it
        is written here, from the model's own fields: every value goes through its field's
        ``pre_save`` and ``get_db_prep_save`` as ``save()`` would send it (defaults, the encrypted
        note, the JSON lists). ``save()`` is not called and no model signal is sent: CheckIn has
        Django's own ``save()`` and no signal receivers (``checkins/tests`` checks both).
        """
        meta = self.model._meta
        assert meta.pk is not None
        if checkin.pk is not None:
            raise NotSupportedError("insert_if_first stores new check-ins")
        # As save(): refuse a related object that is not saved yet (it would be stored as NULL).
        checkin._prepare_related_fields_for_save(operation_name="insert_if_first")
        alias = router.db_for_write(self.model, instance=checkin)
        connection = connections[alias]
        # As save(): every concrete column but the key, which the database assigns.
        fields = [f for f in meta.concrete_fields if f is not meta.auto_field]
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(str(f.column)) for f in fields)})"  # noqa: S608
            f" VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING RETURNING {quote(str(meta.pk.column))}"
        )  # only quoted names from the model's metadata; every value is a parameter
        params = [f.get_db_prep_save(f.pre_save(checkin, True), connection) for f in fields]
        # As save(): a failed statement marks the enclosing atomic block for rollback.
        with transaction.mark_for_rollback_on_error(alias), connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return False
        checkin.pk = row[0]
        checkin._state.adding = False
        checkin._state.db = alias
        return True


class CheckIn(ParticipantOwned):
    """A participant's daily check-in: one per local day, editable until that day ends."""

    # Their lookups use the (organization, local_date) index and the (participant, local_date)
    # unique constraint: no single-column index to keep up on every check-in.
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.CASCADE, related_name="checkins", db_index=False
    )
    local_date = models.DateField()
    mood = models.PositiveSmallIntegerField(
        choices=Mood.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    craving = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    sleep_quality = models.PositiveSmallIntegerField(
        choices=Sleep.choices, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    halt = models.JSONField(default=list, blank=True)
    triggers = models.JSONField(default=list, blank=True)
    coping = models.JSONField(default=list, blank=True)
    # None: the participant chose not to say. Asked without judgment; never required.
    used = models.BooleanField(null=True, blank=True)
    substance = models.CharField(max_length=100, blank=True)
    amount = models.CharField(max_length=100, blank=True)
    note = EncryptedTextField(blank=True)
    wants_outreach = models.BooleanField(default=False)
    # When the participant made it (on their device, possibly offline), and when we stored it.
    made_at = models.DateTimeField(default=timezone.now)
    filled_late = models.BooleanField(default=False)
    client_id = models.UUIDField(default=uuid.uuid4)
    updated_at = models.DateTimeField(default=timezone.now)
    # Set by every write; the worker evaluates the participant's early-warning signals and clears
    # it (signals.services.signals_evaluate_pending), so the check-in request never waits for them.
    signals_pending = models.BooleanField(default=True)

    # Not stored: set by checkins.services when it has just looked at the note for crisis
    # language (True/False), so the page or API answer after saving need not look again.
    crisis_found: bool | None = None

    objects = CheckInManager()

    class Meta:
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "local_date"], name="one_checkin_per_local_day"),
            models.UniqueConstraint(fields=["participant", "client_id"], name="checkin_client_id_unique"),
        ]
        indexes = [
            models.Index(fields=["organization", "local_date"]),
            # The worker's queue: only the few rows still waiting, found by participant.
            models.Index(
                fields=["participant", "updated_at"], condition=Q(signals_pending=True), name="checkin_signals_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.local_date}"

    def halt_labels(self) -> list[str]:
        labels = dict(Halt.choices)
        return [str(labels.get(value, value)) for value in self.halt]


class PersonalTrigger(models.Model):
    """A trigger the participant named themselves, offered again on later check-ins."""

    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.CASCADE, related_name="personal_triggers"
    )
    label = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["participant", "label"], name="personal_trigger_unique")]

    def __str__(self) -> str:
        return self.label
