"""Every write that changes what a caseload row is computed from marks that row stale, in the
writer's transaction: a model hook for each input saved or deleted through the ORM. Writes that
bypass the model hooks (a bulk UPDATE, a raw INSERT) call ``state.mark_stale`` themselves, one
line each (the check-in's INSERT ... ON CONFLICT, ending a departing member's matches)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save

from alongside.caseload.state import mark_program_stale, mark_stale
from alongside.core.changes import participant_changed


def _participant(instance: Any) -> int | None:
    return getattr(instance, "participant_id", None)


def _through(parent: str) -> Callable[[Any], int | None]:
    """The participant of the row's parent (goal, thread, recovery start); None when the parent
    is gone (deleted with it: the parent's own hook marked the row)."""

    def participant(instance: Any) -> int | None:
        try:
            participant_id: int | None = getattr(instance, parent).participant_id
        except ObjectDoesNotExist:
            return None
        return participant_id

    return participant


_through_goal, _through_thread, _through_start = _through("goal"), _through("thread"), _through("start")

# Deleting a whole member or organization takes their rows (and the state) with it: nothing to mark.
_WHOLESALE = frozenset({"organizations.Membership", "organizations.Organization"})


# model label → how to find the participant whose row it changes.
# (A check-in is stored by one INSERT ... ON CONFLICT that sends no model signal: its service sends
# ``core.changes.participant_changed`` instead.)
PARTICIPANT_OF = {
    "contacts.ContactNote": _participant,
    "alerts.Alert": _participant,
    "goals.Goal": _participant,
    "goals.GoalStep": _through_goal,
    "messaging.Message": _through_thread,
    "messaging.ThreadRead": _through_thread,
    "organizations.Match": _participant,
    "recovery.RecoveryStart": _participant,
    "recovery.Setback": _through_start,
}


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures: rebuild_caseload_state afterwards
    origin = kwargs.get("origin")
    if origin is not None and getattr(origin, "model", type(origin))._meta.label in _WHOLESALE:
        return
    mark_stale(PARTICIPANT_OF[sender._meta.label](instance))


def _membership_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A participant's own membership (program, active); a mentor's (their participants' rows name them)."""
    if kwargs.get("raw"):
        return
    from alongside.caseload.models import CaseloadState

    if instance.role == "participant":
        mark_stale(instance.pk)
    else:
        mark_stale(*CaseloadState.objects.filter(mentor_id=instance.pk).values_list("participant_id", flat=True))


def _user_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A person's time zone decides their "today": their participant rows (not on a login's
    ``last_login`` save, nor on any save that leaves the time zone alone)."""
    update_fields = kwargs.get("update_fields")
    if kwargs.get("raw") or kwargs.get("created") or (update_fields is not None and "time_zone" not in update_fields):
        return
    from alongside.organizations.models import Membership

    mark_stale(*Membership.objects.filter(user=instance, role="participant").values_list("pk", flat=True))


def _program_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The program's expected days between contacts, its time zone, its signal settings."""
    is_program = sender._meta.label == "organizations.Program"
    if kwargs.get("raw") or (is_program and kwargs.get("created")):
        return
    mark_program_stale(instance.pk if is_program else instance.program_id)


def _participants_changed(sender: Any, participant_ids: list[int], **kwargs: Any) -> None:
    mark_stale(*participant_ids)


def connect() -> None:
    participant_changed.connect(_participants_changed, dispatch_uid="caseload-participant-changed")
    for label in PARTICIPANT_OF:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"caseload-{label}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"caseload-{label}-delete")
    membership = apps.get_model("organizations.Membership")
    post_save.connect(_membership_changed, sender=membership, dispatch_uid="caseload-membership-save")
    post_save.connect(_user_changed, sender=apps.get_model("accounts.User"), dispatch_uid="caseload-user-save")
    for label in ("organizations.Program", "signals.SignalSettings"):
        post_save.connect(_program_changed, sender=apps.get_model(label), dispatch_uid=f"caseload-{label}-save")
