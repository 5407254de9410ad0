"""Crisis lines over the API: what this person is shown, and (admins) setting a scope's lines."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from alongside.core.schema_types import BodySchema, Id, InputSchema
from alongside.crisis.selectors import crisis_lines_for_scope, crisis_lines_for_viewer
from alongside.crisis.services import LineInput, crisis_lines_replace
from alongside.organizations.api_refs import require_viewer

router = Router(tags=["crisis"])


class CrisisLineOut(Schema):
    name: str
    how: str
    phone: str = Field(description="A number to call (digits, + for a full number), or empty.")
    text_number: str
    text_body: str = Field(description="The word to text, in the reader's language, or empty.")
    chat_url: str
    is_emergency: bool
    tel_href: str
    sms_href: str


@router.get("/crisis-lines", response=list[CrisisLineOut], summary="The crisis lines shown to me, in my language")
def crisis_lines(request: HttpRequest) -> list[CrisisLineOut]:
    viewer = require_viewer(request)
    return [
        CrisisLineOut(
            name=line.name,
            how=line.how,
            phone=line.phone,
            text_number=line.text_number,
            text_body=line.text_body,
            chat_url=line.chat_url,
            is_emergency=line.is_emergency,
            tel_href=line.tel_href,
            sms_href=line.sms_href,
        )
        for line in crisis_lines_for_viewer(viewer)
    ]


class ScopeFilter(InputSchema):
    program_id: Id | None = Field(None, description="A program's own lines; leave out for the organization's.")


class CrisisLineIn(BodySchema):
    name: dict[str, str] = Field(description='The name in each language, e.g. {"en": "…", "es": "…"}.')
    how: dict[str, str] = Field(default_factory=dict)
    phone: str = Field("", max_length=20)
    text_number: str = Field("", max_length=20)
    text_body: dict[str, str] = Field(default_factory=dict)
    chat_url: str = Field("", max_length=300)
    is_emergency: bool = False


class CrisisLinesIn(BodySchema):
    lines: list[CrisisLineIn] = Field(
        max_length=12, description="The whole list, in order; empty to show the level above (or the US defaults)."
    )


class CrisisLineStoredOut(Schema):
    name: dict[str, str]
    how: dict[str, str]
    phone: str
    text_number: str
    text_body: dict[str, str]
    chat_url: str
    is_emergency: bool


class ScopeOut(Schema):
    program_id: int | None
    lines: list[CrisisLineStoredOut]
    inherits_from: str = Field(description='While "lines" is empty: "organization" or "defaults".')


def _scope_out(request: HttpRequest, program_id: int | None) -> ScopeOut:
    scope = crisis_lines_for_scope(viewer=require_viewer(request), program_id=program_id)
    return ScopeOut(
        program_id=scope.program.pk if scope.program else None,
        lines=[
            CrisisLineStoredOut(
                name=row.name,
                how=row.how,
                phone=row.phone,
                text_number=row.text_number,
                text_body=row.text_body,
                chat_url=row.chat_url,
                is_emergency=row.is_emergency,
            )
            for row in scope.own
        ],
        inherits_from=scope.inherits_from,
    )


@router.get("/crisis-lines/settings", response=ScopeOut, summary="A scope's own crisis lines (org admins)")
def crisis_lines_settings(request: HttpRequest, filters: Query[ScopeFilter]) -> ScopeOut:
    return _scope_out(request, filters.program_id)


@router.put("/crisis-lines/settings", response=ScopeOut, summary="Set a scope's crisis lines (org admins)")
def crisis_lines_set(request: HttpRequest, filters: Query[ScopeFilter], payload: CrisisLinesIn) -> ScopeOut:
    viewer = require_viewer(request)
    scope = crisis_lines_for_scope(viewer=viewer, program_id=filters.program_id)
    crisis_lines_replace(
        viewer=viewer,
        program=scope.program,
        lines=[LineInput(**line.model_dump()) for line in payload.lines],
    )
    return _scope_out(request, filters.program_id)
