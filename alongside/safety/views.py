from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.core.exceptions import Conflict, DomainError
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import form_errors_from, get_membership_or_404, member_view
from alongside.safety.forms import SafetyPlanForm, SupportContactForm
from alongside.safety.models import SupportContact
from alongside.safety.selectors import (
    safety_plan_for_owner,
    safety_plan_for_viewer,
    support_contact_for_owner,
    support_contacts_for_owner,
)
from alongside.safety.services import (
    ContactInput,
    safety_plan_save,
    safety_plan_set_shared,
    support_contact_create,
    support_contact_delete,
    support_contact_update,
)


@member_view
def plan(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """The participant's own safety plan: one tap from every participant page, 988 always on it."""
    response = render(request, "safety/plan.html", {"plan": safety_plan_for_owner(participant=viewer), "own": True})
    if viewer.user.offline_safety_plan:
        # Their own phone may keep it for when there is no connection (the service worker keeps only
        # responses without no-store); otherwise the site-wide no-store stands.
        response["Cache-Control"] = "private, no-cache"
    return response


@member_view
def plan_edit(request: HttpRequest, viewer: Membership) -> HttpResponse:
    current = safety_plan_for_owner(participant=viewer)
    stored = {s.key: s.items for s in current.sections}
    data = request.POST if request.method == "POST" else None
    more = data.get("more", "") if data is not None else ""
    form = SafetyPlanForm(data, sections=stored, version=current.version, more=more)
    if data is not None and not more and form.is_valid():
        try:
            safety_plan_save(
                participant=viewer, sections=form.cleaned_sections(), expected_version=form.cleaned_data["version"]
            )
        except Conflict as exc:
            # Show what they typed against the newer version: saving again is a deliberate choice.
            fresh = data.copy()
            fresh["version"] = str(current.version)
            form = SafetyPlanForm(fresh, sections=stored, version=current.version)
            form.is_valid()
            form.add_error(None, exc.message)
            form.add_error(None, _("Saving again will replace it with what you see here."))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Your safety plan is saved."))
            return redirect("safety:plan")
    invalid = data is not None and not more and bool(form.errors or form.section_errors)
    context = {"form": form, "plan": current, "blocks": form.blocks(current.sections)}
    return render(request, "safety/edit.html", context, status=400 if invalid else 200)


@require_POST
@member_view
def plan_share(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """Share the plan with the mentor or stop; the form says which way, so a second tap changes nothing."""
    current = safety_plan_for_owner(participant=viewer)
    shared = request.POST.get("shared", "0" if current.shared_with_mentor else "1") == "1"
    safety_plan_set_shared(participant=viewer, shared=shared)
    messages.success(
        request, _("Your mentor can now see your safety plan.") if shared else _("Your safety plan is private again.")
    )
    return redirect("safety:plan")


@member_view
def participant_plan(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    """A participant's shared safety plan, for their mentor and supervisor (audited; contact details masked)."""
    participant = get_membership_or_404(membership_id)
    shared = safety_plan_for_viewer(viewer=viewer, participant=participant)
    return render(
        request,
        "safety/plan.html",
        {"plan": shared, "participant": participant, "own": participant.pk == viewer.pk},
    )


def _contact_input(form: SupportContactForm) -> ContactInput:
    return ContactInput(**{name: form.cleaned_data[name] for name in SupportContactForm.base_fields})


@member_view
def contacts(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """The participant's support network (people, not users), with a form to add someone."""
    people = support_contacts_for_owner(participant=viewer)
    form = SupportContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support_contact_create(participant=viewer, data=_contact_input(form))
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Added to your support network."))
            return redirect("safety:contacts")
    return render(
        request, "safety/contacts.html", {"contacts": people, "form": form}, status=400 if form.errors else 200
    )


@member_view
def contact_edit(request: HttpRequest, viewer: Membership, contact_id: int) -> HttpResponse:
    contact = support_contact_for_owner(participant=viewer, contact_id=contact_id)
    form = SupportContactForm(request.POST or None, initial=_initial(contact))
    if request.method == "POST" and form.is_valid():
        try:
            support_contact_update(participant=viewer, contact=contact, data=_contact_input(form))
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("safety:contacts")
    return render(
        request, "safety/contact_edit.html", {"contact": contact, "form": form}, status=400 if form.errors else 200
    )


def _initial(contact: SupportContact) -> dict[str, object]:
    return {name: getattr(contact, name) for name in SupportContactForm.base_fields}


@require_POST
@member_view
def contact_delete(request: HttpRequest, viewer: Membership, contact_id: int) -> HttpResponse:
    contact = support_contact_for_owner(participant=viewer, contact_id=contact_id)
    support_contact_delete(participant=viewer, contact=contact)
    messages.success(request, _("Removed from your support network."))
    return redirect("safety:contacts")
