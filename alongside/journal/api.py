"""The journal over the API: the participant's own entries, and what they shared with their mentor."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from alongside.core.edge import idempotent
from alongside.core.schema_types import BodySchema, InputSchema, Offset
from alongside.crisis_language.support import needs_crisis_support, overdose_in_progress
from alongside.journal.models import SEARCH_MAX_LENGTH, TEXT_MAX_LENGTH, JournalEntry, Prompt
from alongside.journal.schemas import JournalEntryIn
from alongside.journal.selectors import (
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
from alongside.organizations.api_refs import require_viewer
from alongside.organizations.views_helpers import get_membership_or_404

router = Router(tags=["journal"])


class JournalEntryPatch(BodySchema):
    text: str | None = Field(None, min_length=1, max_length=TEXT_MAX_LENGTH)
    prompt: Prompt | None = None


class JournalEntryOut(Schema):
    id: int
    participant_id: int
    prompt: str
    text: str
    shared_with_mentor: bool
    shared_at: dt.datetime | None
    client_id: uuid.UUID
    created_at: dt.datetime
    updated_at: dt.datetime


class JournalEntrySaved(JournalEntryOut):
    show_crisis_support: bool = Field(
        description="What was just saved may be about a crisis: show the crisis lines (988, SAMHSA, text HOME to "
        "741741, 911) and the participant's safety plan now. Their mentor has been told, without the words."
    )
    show_overdose_response: bool = Field(
        False,
        description='What was just saved may be about an overdose happening now: show "Overdose: what to do" '
        "(/crisis/overdose/: call 911, naloxone, rescue breathing, recovery position) before anything else.",
    )


class JournalFilter(InputSchema):
    q: str = Field("", max_length=SEARCH_MAX_LENGTH, description="Case-insensitive words to find in the text")
    limit: int = Field(20, ge=1, le=100)
    offset: Offset = 0


class PageFilter(InputSchema):
    limit: int = Field(20, ge=1, le=100)
    offset: Offset = 0


def _out(entry: JournalEntry) -> dict[str, Any]:
    return JournalEntryOut.model_validate(entry).model_dump(mode="json")


def _saved(entry: JournalEntry) -> dict[str, Any]:
    crisis = needs_crisis_support(entry.text, participant=entry.participant)
    return {
        **_out(entry),
        "show_crisis_support": crisis,
        "show_overdose_response": crisis and overdose_in_progress(entry.text, participant=entry.participant),
    }


@router.get("/journal", response=list[JournalEntryOut], summary="My journal entries, newest first (searchable)")
def journal_list(request: HttpRequest, filters: Query[JournalFilter]) -> list[dict[str, Any]]:
    viewer = require_viewer(request)
    entries = journal_entries_for_owner(participant=viewer, query=filters.q)
    return [_out(e) for e in entries[filters.offset : filters.offset + filters.limit]]


@router.post(
    "/journal",
    response={200: JournalEntrySaved, 201: JournalEntrySaved},
    url_name="journal_create",
    summary="Write a journal entry (participants; private unless shared; idempotent)",
)
@idempotent
def journal_create(request: HttpRequest, payload: JournalEntryIn) -> Status[Any]:
    viewer = require_viewer(request)
    entry, created = journal_entry_create(
        participant=viewer,
        text=payload.text,
        prompt=payload.prompt.value if payload.prompt else "",
        share=payload.share,
        client_id=payload.client_id,
    )
    return Status(201 if created else 200, _saved(entry))


@router.get(
    "/journal/{entry_id}",
    response=JournalEntryOut,
    summary="One journal entry: my own, or one shared with me as mentor or supervisor (audited)",
)
def journal_detail(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    return _out(journal_entry_for_viewer(viewer=require_viewer(request), entry_id=entry_id))


@router.patch("/journal/{entry_id}", response=JournalEntrySaved, summary="Change my journal entry")
def journal_update(request: HttpRequest, entry_id: int, payload: JournalEntryPatch) -> dict[str, Any]:
    viewer = require_viewer(request)
    entry = journal_entry_for_owner(participant=viewer, entry_id=entry_id)
    fields = payload.model_dump(exclude_unset=True)
    text = fields["text"] if fields.get("text") is not None else entry.text
    prompt = (payload.prompt.value if payload.prompt else "") if "prompt" in fields else entry.prompt
    return _saved(journal_entry_update(participant=viewer, entry=entry, text=text, prompt=prompt))


@router.delete("/journal/{entry_id}", response={204: None}, summary="Delete my journal entry for good")
def journal_delete(request: HttpRequest, entry_id: int) -> Status[None]:
    viewer = require_viewer(request)
    journal_entry_delete(participant=viewer, entry=journal_entry_for_owner(participant=viewer, entry_id=entry_id))
    return Status(204, None)


@router.post("/journal/{entry_id}/share", response=JournalEntryOut, summary="Share my entry with my mentor")
def journal_share(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    viewer = require_viewer(request)
    entry = journal_entry_for_owner(participant=viewer, entry_id=entry_id)
    return _out(journal_entry_set_shared(participant=viewer, entry=entry, shared=True))


@router.post(
    "/journal/{entry_id}/unshare", response=JournalEntryOut, summary="Make my entry private again (immediately)"
)
def journal_unshare(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    viewer = require_viewer(request)
    entry = journal_entry_for_owner(participant=viewer, entry_id=entry_id)
    return _out(journal_entry_set_shared(participant=viewer, entry=entry, shared=False))


@router.get(
    "/participants/{participant_id}/journal",
    response=list[JournalEntryOut],
    summary="Journal entries a participant shared (their mentor and supervisor; audited)",
)
def participant_journal(request: HttpRequest, participant_id: int, filters: Query[PageFilter]) -> list[dict[str, Any]]:
    viewer = require_viewer(request)
    entries = journal_shared_entries(viewer=viewer, participant=get_membership_or_404(participant_id))
    return [_out(e) for e in entries[filters.offset : filters.offset + filters.limit]]
