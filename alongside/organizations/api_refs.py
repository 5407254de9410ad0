"""What every app's API shares about people: the viewer a request acts as, and how a person or a
program is named in an answer (by id and name only). Here, beside the membership they are about,
so each app's router can use them without importing the accounts app above it."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Schema

from alongside.core.exceptions import NotFound
from alongside.organizations.middleware import viewer_of
from alongside.organizations.models import Membership, Program


def require_viewer(request: HttpRequest) -> Membership:
    viewer = viewer_of(request)
    if viewer is None:
        raise NotFound()
    return viewer


class PersonRef(Schema):
    """Someone in the viewer's organization, by membership id and name only."""

    id: int
    display_name: str


class ProgramRef(Schema):
    id: int
    name: str


def person_ref(membership: Membership) -> PersonRef:
    return PersonRef(id=membership.pk, display_name=membership.user.display_name)


def program_ref(program: Program | None) -> ProgramRef | None:
    return ProgramRef(id=program.pk, name=program.name) if program is not None else None
