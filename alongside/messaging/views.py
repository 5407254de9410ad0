"""Message pages.

New messages appear without a reload by **polling**: the thread page asks the small ``poll``
endpoint every two seconds (htmx ``hx-trigger="every 2s"``) for messages after the last one
it shows, and gets 204 No Content when nothing changed — one indexed range query on
(thread, id). Polling was chosen over Server-Sent Events or WebSockets because it works
through every proxy and on poor mobile connections (each poll is a plain, short request that
simply retries), and it needs no async server or long-lived connections on the synchronous
WSGI deployment a small nonprofit runs. If the load ever matters, the "anything new?" check
can move to a Redis key per thread (or a fan-out channel) without changing the page.
Without JavaScript the page is a normal form POST and redirect, with a "Refresh" link.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alongside.core.exceptions import InvalidInput
from alongside.crisis_language.support import crisis_support, overdose_in_progress
from alongside.messaging.forms import MessageForm, WorkingHoursForm
from alongside.messaging.models import Message, Thread
from alongside.messaging.selectors import (
    MessageItem,
    may_read,
    mentor_availability,
    thread_for_joining,
    thread_for_viewer,
    thread_page,
    thread_poll,
    working_hours_for,
)
from alongside.messaging.services import (
    message_send,
    thread_add_supervisor,
    thread_mark_read,
    thread_open,
    threads_open_for,
    working_hours_set,
)
from alongside.organizations.models import Membership, Role
from alongside.organizations.views_helpers import form_errors_from, get_membership_or_404, member_view


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None


@member_view
def inbox(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """A mentor's (or added supervisor's) conversations with unread counts; a participant goes
    straight to their own thread."""
    threads = threads_open_for(viewer=viewer)
    if viewer.role == Role.PARTICIPANT and threads:
        return redirect("messaging:thread", threads[0].thread.pk)
    return render(request, "messaging/inbox.html", {"threads": threads})


def _render_thread(
    request: HttpRequest, viewer: Membership, thread: Thread, form: MessageForm, status: int = 200
) -> HttpResponse:
    before = _int_param(request, "before")
    page = thread_page(viewer=viewer, thread=thread, before=before)
    if before is None and page.items:
        thread_mark_read(viewer=viewer, thread=thread, message_id=page.last_id)
    sent = _sent_message(viewer, page.items, _int_param(request, "sent"))
    context = {
        "page": page,
        "form": form,
        "sent": sent,
        # The participant's own message may be about a crisis: the crisis lines and their safety plan.
        "crisis_support": crisis_support(
            participant=viewer, overdose=overdose_in_progress(sent.body, participant=viewer)
        )
        if sent is not None and sent.is_crisis and viewer.pk == thread.participant_id
        else None,
        "is_participant": viewer.pk == thread.participant_id,
        "viewing_earlier": before is not None,
    }
    return render(request, "messaging/thread.html", context, status=status)


def _sent_message(viewer: Membership, items: list[MessageItem], sent_id: int | None) -> Message | None:
    """The viewer's own message just sent (after the redirect), to show crisis support or the wait."""
    for item in items:
        if item.message.pk == sent_id and item.mine:
            return item.message
    return None


@member_view
def thread(request: HttpRequest, viewer: Membership, thread_id: int) -> HttpResponse:
    return _render_thread(request, viewer, thread_for_viewer(viewer=viewer, thread_id=thread_id), MessageForm())


@member_view
def thread_for_participant(request: HttpRequest, viewer: Membership, participant_id: int) -> HttpResponse:
    """Open (or start) the conversation with a participant: for their mentor, or their
    mentor's supervisor, who is first asked whether to join (the participant will see it)."""
    thread = thread_open(viewer=viewer, participant=get_membership_or_404(participant_id))
    if may_read(viewer=viewer, thread=thread):
        return redirect("messaging:thread", thread.pk)
    return render(request, "messaging/join.html", {"thread": thread})


@require_POST
@member_view
def send(request: HttpRequest, viewer: Membership, thread_id: int) -> HttpResponse:
    thread = thread_for_viewer(viewer=viewer, thread_id=thread_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message, _created = message_send(
                viewer=viewer, thread=thread, body=form.cleaned_data["body"], client_id=form.cleaned_data["client_id"]
            )
        except InvalidInput as exc:
            form_errors_from(exc, form)
        else:
            url = reverse("messaging:thread", args=[thread.pk])
            return redirect(f"{url}?sent={message.pk}#message-{message.pk}")
    return _render_thread(request, viewer, thread, form, status=400)


@require_GET
@member_view
def poll(request: HttpRequest, viewer: Membership, thread_id: int) -> HttpResponse:
    """The htmx fragment: only what changed after ``?after=<last id>`` (204 when nothing did)."""
    after = _int_param(request, "after")
    if after is None:
        return HttpResponseBadRequest(_("after must be a message id"))
    thread = thread_for_viewer(viewer=viewer, thread_id=thread_id)
    result = thread_poll(
        viewer=viewer,
        thread=thread,
        after=after,
        first=_int_param(request, "from") or 0,
        seen_key=request.GET.get("seen", "")[:500],
    )
    if result is None:
        return HttpResponse(status=204)
    if result.items and any(not item.mine for item in result.items):
        thread_mark_read(viewer=viewer, thread=thread, message_id=result.last_id)
    context = {
        "result": result,
        "thread": thread,
        "was_empty": after == 0,
        "is_participant": viewer.pk == thread.participant_id,
    }
    return render(request, "messaging/_poll.html", context)


@require_POST
@member_view
def add_supervisor(request: HttpRequest, viewer: Membership, thread_id: int) -> HttpResponse:
    thread = thread_for_joining(viewer=viewer, thread_id=thread_id)
    try:
        thread_add_supervisor(viewer=viewer, thread=thread)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect("messaging:thread_for_participant", thread.participant_id)
    messages.success(request, _("The supervisor is now part of this conversation. The participant can see that."))
    return redirect("messaging:thread", thread.pk)


@member_view
def working_hours(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """A mentor sets when they usually reply; messages outside these times wait for them."""
    bound = request.POST if request.method == "POST" else None  # an empty POST clears every day
    form = WorkingHoursForm(bound, current=working_hours_for(viewer=viewer))
    if request.method == "POST" and form.is_valid():
        try:
            working_hours_set(mentor=viewer, windows=form.windows())
        except InvalidInput as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your working hours are saved."))
            return redirect("messaging:working_hours")
    context = {"form": form, "availability": mentor_availability(mentor=viewer, viewer=viewer)}
    return render(request, "messaging/working_hours.html", context, status=400 if form.errors else 200)
