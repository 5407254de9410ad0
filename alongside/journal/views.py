from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.core.exceptions import DomainError
from alongside.crisis_language.support import (
    crisis_support_for,
    needs_crisis_support,
    overdose_in_progress,
    remember_crisis_support,
)
from alongside.journal.forms import JournalEntryForm, JournalSearchForm, NewJournalEntryForm
from alongside.journal.models import Prompt
from alongside.journal.selectors import (
    assert_may_keep_journal,
    journal_entries_for_owner,
    journal_entry_for_owner,
    journal_entry_for_viewer,
    journal_shared_entries,
)
from alongside.journal.services import (
    journal_entry_create,
    journal_entry_delete,
    journal_entry_set_shared,
    journal_entry_update,
)
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import form_errors_from, get_membership_or_404, member_view

PAGE_SIZE = 20


@member_view
def entry_list(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """The participant's journal, newest first, with a search box (searched in Python: the text is encrypted)."""
    search = JournalSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    entries = journal_entries_for_owner(participant=viewer, query=query)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "journal/list.html",
        {"search": search, "query": query, "page": page, "prompts": Prompt.choices},
        status=400 if search.errors else 200,
    )


@member_view
def entry_new(request: HttpRequest, viewer: Membership) -> HttpResponse:
    assert_may_keep_journal(participant=viewer)
    prompt = request.GET.get("prompt", "")
    form = NewJournalEntryForm(request.POST or None, initial={"prompt": prompt if prompt in Prompt.values else ""})
    if request.method == "POST" and form.is_valid():
        try:
            entry, _created = journal_entry_create(
                participant=viewer,
                text=form.cleaned_data["text"],
                prompt=form.cleaned_data["prompt"],
                share=form.cleaned_data["share"],
                client_id=form.cleaned_data["client_id"],
            )
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your entry is saved."))
            if needs_crisis_support(entry.text, participant=viewer):
                remember_crisis_support(request, overdose=overdose_in_progress(entry.text, participant=viewer))
            return redirect("journal:detail", entry.pk)
    return render(request, "journal/form.html", {"form": form, "entry": None}, status=400 if form.errors else 200)


@member_view
def entry_detail(request: HttpRequest, viewer: Membership, entry_id: int) -> HttpResponse:
    entry = journal_entry_for_viewer(viewer=viewer, entry_id=entry_id)
    own = entry.participant_id == viewer.pk
    support = crisis_support_for(request, viewer, private=not entry.shared_with_mentor) if own else None
    return render(request, "journal/detail.html", {"entry": entry, "own": own, "crisis_support": support})


@member_view
def entry_edit(request: HttpRequest, viewer: Membership, entry_id: int) -> HttpResponse:
    entry = journal_entry_for_owner(participant=viewer, entry_id=entry_id)
    form = JournalEntryForm(request.POST or None, initial={"prompt": entry.prompt, "text": entry.text})
    if request.method == "POST" and form.is_valid():
        try:
            journal_entry_update(
                participant=viewer, entry=entry, text=form.cleaned_data["text"], prompt=form.cleaned_data["prompt"]
            )
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your changes are saved."))
            if needs_crisis_support(entry.text, participant=viewer):
                remember_crisis_support(request, overdose=overdose_in_progress(entry.text, participant=viewer))
            return redirect("journal:detail", entry.pk)
    return render(request, "journal/form.html", {"form": form, "entry": entry}, status=400 if form.errors else 200)


@member_view
def entry_delete(request: HttpRequest, viewer: Membership, entry_id: int) -> HttpResponse:
    entry = journal_entry_for_owner(participant=viewer, entry_id=entry_id)
    if request.method == "POST":
        journal_entry_delete(participant=viewer, entry=entry)
        messages.success(request, _("The entry is deleted."))
        return redirect("journal:list")
    return render(request, "journal/delete.html", {"entry": entry})


@require_POST
@member_view
def entry_share(request: HttpRequest, viewer: Membership, entry_id: int) -> HttpResponse:
    """Toggle sharing with the mentor; the form says which way, so a repeated tap changes nothing."""
    entry = journal_entry_for_owner(participant=viewer, entry_id=entry_id)
    shared = request.POST.get("shared", "1" if not entry.shared_with_mentor else "0") == "1"
    journal_entry_set_shared(participant=viewer, entry=entry, shared=shared)
    messages.success(request, _("Shared with your mentor.") if shared else _("This entry is private again."))
    return redirect("journal:detail", entry.pk)


@member_view
def participant_shared(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    """What a participant shared with their mentor, for that mentor and their supervisor (audited)."""
    participant = get_membership_or_404(membership_id)
    entries = journal_shared_entries(viewer=viewer, participant=participant)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journal/shared.html", {"participant": participant, "page": page})
