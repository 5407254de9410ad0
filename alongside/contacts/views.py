from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.contacts.forms import AddendumForm, ContactNoteForm, NewContactNoteForm
from alongside.contacts.models import ContactMode
from alongside.contacts.selectors import (
    assert_may_write_contact_note,
    contact_history,
    contact_note_for_editing,
    contact_note_for_viewer,
    contact_note_for_writer,
    may_edit_contact_note,
    may_write_contact_note,
    service_hours_for_viewer,
)
from alongside.contacts.services import contact_addendum_add, contact_note_create, contact_note_update
from alongside.core.exceptions import Conflict, DomainError
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import form_errors_from, get_membership_or_404, member_view


@member_view
def note_new(request: HttpRequest, viewer: Membership, participant_id: int) -> HttpResponse:
    """Log a contact: today, by phone, 15 minutes unless changed."""
    participant = get_membership_or_404(participant_id)
    assert_may_write_contact_note(viewer=viewer, participant=participant)
    form = NewContactNoteForm(
        request.POST or None,
        initial={"occurred_on": local_today(viewer), "mode": ContactMode.PHONE, "duration_minutes": 15},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact_note_create(
                mentor=viewer, participant=participant, data=form.to_input(), client_id=form.cleaned_data["client_id"]
            )
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("The contact is saved."))
            return redirect("contacts:list_for_participant", participant.pk)
    context = {"form": form, "participant": participant, "note": None}
    return render(request, "contacts/form.html", context, status=400 if form.errors else 200)


@member_view
def list_for_participant(request: HttpRequest, viewer: Membership, participant_id: int) -> HttpResponse:
    participant = get_membership_or_404(participant_id)
    history = contact_history(viewer=viewer, participant=participant)
    may_write = may_write_contact_note(viewer=viewer, participant=participant)
    return render(
        request, "contacts/list.html", {"history": history, "participant": participant, "may_write": may_write}
    )


def _detail(request: HttpRequest, viewer: Membership, note_id: int, form: AddendumForm | None = None) -> HttpResponse:
    note = contact_note_for_viewer(viewer=viewer, note_id=note_id)
    may_add = may_write_contact_note(viewer=viewer, participant=note.participant)
    context = {
        "note": note,
        "may_edit": may_edit_contact_note(viewer=viewer, note=note),
        "may_add_addendum": may_add,
        "addendum_form": (form or AddendumForm()) if may_add else None,
    }
    return render(request, "contacts/detail.html", context, status=400 if form is not None and form.errors else 200)


@member_view
def note_detail(request: HttpRequest, viewer: Membership, note_id: int) -> HttpResponse:
    return _detail(request, viewer, note_id)


@member_view
def note_edit(request: HttpRequest, viewer: Membership, note_id: int) -> HttpResponse:
    """Change a note within 24 hours of writing it; afterwards, back to the note to add an addendum."""
    try:
        note = contact_note_for_editing(viewer=viewer, note_id=note_id)
    except Conflict as exc:
        messages.warning(request, exc.message)
        return redirect("contacts:detail", note_id)
    initial = {name: getattr(note, name) for name in ContactNoteForm.base_fields}
    form = ContactNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact_note_update(mentor=viewer, note=note, data=form.to_input())
        except Conflict as exc:
            messages.warning(request, exc.message)
            return redirect("contacts:detail", note.pk)
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("contacts:detail", note.pk)
    context = {"form": form, "participant": note.participant, "note": note}
    return render(request, "contacts/form.html", context, status=400 if form.errors else 200)


@require_POST
@member_view
def addendum_add(request: HttpRequest, viewer: Membership, note_id: int) -> HttpResponse:
    note = contact_note_for_writer(viewer=viewer, note_id=note_id)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            contact_addendum_add(
                author=viewer, note=note, text=form.cleaned_data["text"], client_id=form.cleaned_data["client_id"]
            )
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("The addendum is added."))
            return redirect("contacts:detail", note.pk)
    return _detail(request, viewer, note.pk, form)


@member_view
def hours(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """Service hours: a mentor's own; a supervisor's per mentor they supervise."""
    return render(request, "contacts/hours.html", {"report": service_hours_for_viewer(viewer=viewer)})
