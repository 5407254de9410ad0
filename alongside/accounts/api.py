"""The account API (who am I, who looked at my data, my tokens), and helpers the other routers share."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from alongside.access import policy
from alongside.accounts.models import PersonalAccessToken
from alongside.core.edge import not_idempotent
from alongside.core.exceptions import NotAllowed, NotFound
from alongside.core.schema_types import BodySchema
from alongside.organizations.api_refs import require_viewer
from alongside.organizations.models import Membership

router = Router(tags=["account"])


class MembershipOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    role: str
    program_id: int | None
    program_name: str | None


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    language: str
    time_zone: str
    active_membership: MembershipOut


def membership_out(m: Membership) -> MembershipOut:
    return MembershipOut(
        id=m.pk,
        organization_id=m.organization_id,
        organization_name=m.organization.name,
        role=m.role,
        program_id=m.program_id,
        program_name=m.program.name if m.program else None,
    )


@router.get("/me", response=MeOut, summary="Who I am, and the organization I am acting in")
def me(request: HttpRequest) -> MeOut:
    viewer = require_viewer(request)
    user = viewer.user
    return MeOut(
        id=user.pk,
        email=user.email,
        display_name=user.display_name,
        language=user.language,
        time_zone=user.time_zone,
        active_membership=membership_out(viewer),
    )


class AccessLogEntryOut(Schema):
    occurred_at: datetime
    who: str
    action: str = Field(description="The action's code (see sentence for what it means)")
    sentence: str = Field(description="What happened, in the caller's language: 'Your mentor Dana read your check-ins'")
    reason: str


@router.get("/me/access-log", response=list[AccessLogEntryOut], summary="Who viewed my information")
def my_access_log(request: HttpRequest) -> list[AccessLogEntryOut]:
    from alongside.accounts.selectors import views_of_my_information
    from alongside.audit.wording import access_log_lines

    viewer = require_viewer(request)
    entries = list(views_of_my_information(viewer=viewer)[:200])
    return [
        AccessLogEntryOut(
            occurred_at=e.occurred_at, who=e.actor_label, action=e.action, sentence=line.sentence, reason=e.reason
        )
        for e, line in zip(entries, access_log_lines(entries, viewer), strict=True)
    ]


# Set by the API's token authentication ---------------------------------------------------------

# Set on the request by the API's token authentication (not by the browser session).
TOKEN_AUTH_ATTRIBUTE = "alongside_token_auth"


def authenticated_by_token(request: HttpRequest) -> bool:
    return bool(getattr(request, TOKEN_AUTH_ATTRIBUTE, False))


# Personal access tokens -----------------------------------------------------------------------

token_router = Router(tags=["tokens"])


class TokenState(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the token, to recognise it; never the token.")
    state: TokenState
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The token itself. Shown this once; only its hash is stored.")


class TokenIn(BodySchema):
    name: str = Field(min_length=1, max_length=100)
    expires_days: int | None = Field(90, ge=1, le=366, description="Days until it stops working; null for never.")
    current_password: str = Field(
        min_length=1, max_length=256, description="The account's current password, asked again before a token is made."
    )


def token_out(token: PersonalAccessToken) -> TokenOut:
    if token.revoked_at is not None:
        state = TokenState.REVOKED
    elif not token.is_usable():
        state = TokenState.EXPIRED
    else:
        state = TokenState.ACTIVE
    return TokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        state=state,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


def _tokens_of(viewer: Membership) -> QuerySet[PersonalAccessToken]:
    """The viewer's own tokens in the organization they are acting in (nobody sees anyone else's)."""
    policy.authorize(viewer, policy.ORG_USE_API_TOKENS, viewer.organization)
    return policy.scope(viewer, policy.OBJECT_VIEW, PersonalAccessToken).order_by("-created_at", "-pk")


def _token_for_viewer(viewer: Membership, token_id: int) -> PersonalAccessToken:
    token = PersonalAccessToken.objects.filter(pk=token_id).first()
    if token is None:
        raise NotFound()
    policy.authorize(viewer, policy.OBJECT_CHANGE, token)
    return token


@token_router.get("/tokens", response=list[TokenOut], summary="My personal access tokens in this organization")
def token_list(request: HttpRequest) -> list[TokenOut]:
    viewer = require_viewer(request)
    return [token_out(token) for token in _tokens_of(viewer)]


@token_router.post(
    "/tokens",
    response={201: TokenCreatedOut},
    summary="Create a personal access token (the token is shown once)",
    description=(
        "Only from a logged-in browser session: a token cannot mint further tokens. The response carries "
        "the token itself this one time; it is not stored, so Idempotency-Key is not honoured here. "
        "The current password is asked again (422 when it does not match, 429 after repeated failures)."
    ),
)
@not_idempotent("the token itself is in the answer once and never stored, so no answer can be replayed")
def token_create(request: HttpRequest, payload: TokenIn) -> Status[TokenCreatedOut]:
    from alongside.accounts.services import access_token_create, reauthenticate
    from alongside.audit.services import client_address

    viewer = require_viewer(request)
    if authenticated_by_token(request):
        raise NotAllowed("Create personal access tokens from a logged-in session, not with another token.")
    reauthenticate(
        user=viewer.user,
        password=payload.current_password,
        address=client_address(request) or "0.0.0.0",  # noqa: S104 - a placeholder address, never bound
        request=request,
    )
    token, raw = access_token_create(viewer=viewer, name=payload.name, expires_days=payload.expires_days)
    return Status(201, TokenCreatedOut(**token_out(token).model_dump(), token=raw))


@token_router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of my tokens")
def token_revoke(request: HttpRequest, token_id: int) -> Status[None]:
    from alongside.accounts.services import access_token_revoke

    viewer = require_viewer(request)
    access_token_revoke(viewer=viewer, token=_token_for_viewer(viewer, token_id))
    return Status(204, None)
