from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.core.exceptions import DomainError
from alongside.crisis.forms import CrisisLineFormSet, initial_from, inputs_from_rows
from alongside.crisis.selectors import crisis_lines_for_scope
from alongside.crisis.services import crisis_lines_replace, us_default_inputs
from alongside.organizations.models import Membership
from alongside.organizations.selectors import programs_for_admin
from alongside.organizations.views_helpers import member_view


def _program_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("program", "")
    return int(raw) if raw.isdigit() and len(raw) < 18 else None


@member_view
def lines_edit(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """An admin sets the crisis lines of the organization, or of one program (which replace the
    organization's for its participants). Starts prefilled with what is shown today."""
    scope = crisis_lines_for_scope(viewer=viewer, program_id=_program_id(request))
    here = reverse("crisis:lines") + (f"?program={scope.program.pk}" if scope.program else "")
    if request.method == "POST" and request.POST.get("action") == "inherit":
        crisis_lines_replace(viewer=viewer, program=scope.program, lines=[])
        messages.success(request, _("Saved. These participants now see the lines set above this level."))
        return redirect(here)
    if scope.own:
        initial = inputs_from_rows(scope.own)
    elif scope.inherits_from == "organization":
        org_scope = crisis_lines_for_scope(viewer=viewer, program_id=None)
        initial = inputs_from_rows(org_scope.own)
    else:
        initial = us_default_inputs()
    formset = CrisisLineFormSet(request.POST or None, initial=initial_from(initial), prefix="lines")
    status = 200
    if request.method == "POST":
        status = 400
        if formset.is_valid():
            kept = [
                form.to_input()
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()
            ]
            try:
                crisis_lines_replace(viewer=viewer, program=scope.program, lines=kept)
            except DomainError as exc:
                formset.non_form_errors().extend([exc.message, *_errors_in_words(exc)])
            else:
                messages.success(request, _("The crisis lines were saved."))
                return redirect(here)
    context = {
        "scope": scope,
        "formset": formset,
        "programs": programs_for_admin(viewer=viewer),
        "is_custom": bool(scope.own),
    }
    return render(request, "crisis/lines_edit.html", context, status=status)


def _errors_in_words(exc: DomainError) -> list[str]:
    out: list[str] = []
    for key, messages_ in exc.field_errors.items():
        parts = key.split(".")
        if len(parts) >= 2 and parts[1].isdigit():
            prefix = _("Line %(number)s:") % {"number": int(parts[1]) + 1}
            out.extend(f"{prefix} {m}" for m in messages_)
        else:
            out.extend(messages_)
    return out


# The crisis pages may be kept on the person's own phone for when there is no connection (the
# service worker keeps only responses without no-store); they are asked for again each time online.
_KEEP_ON_DEVICE = "private, no-cache"


def help_now(request: HttpRequest) -> HttpResponse:
    """Help now: public, no login, no tracking; also works offline once the app has been opened."""
    response = render(request, "crisis/help.html")
    response["Cache-Control"] = _KEEP_ON_DEVICE
    return response


def overdose(request: HttpRequest) -> HttpResponse:
    """Overdose: what to do. Public like the crisis page, and kept for offline use the same way."""
    response = render(request, "crisis/overdose.html")
    response["Cache-Control"] = _KEEP_ON_DEVICE
    return response
