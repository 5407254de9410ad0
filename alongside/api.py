"""The HTTP API at /api/v1: one NinjaAPI, session or token auth, problem+json errors."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError, ValidationErrorContext
from ninja.security import APIKeyCookie, HttpBearer

from alongside.accounts.api import TOKEN_AUTH_ATTRIBUTE
from alongside.accounts.services import access_token_authenticate
from alongside.audit.services import client_address
from alongside.core.edge import error_message, input_facts
from alongside.core.exceptions import DomainError, NotAllowed, NotFound
from alongside.core.idempotency import ACTING_IN_ATTRIBUTE
from alongside.organizations.middleware import set_viewer, viewer_of
from alongside.organizations.views_helpers import audit_refusal

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"


class SessionAuth(APIKeyCookie):
    """The browser's login session (CSRF-checked for unsafe methods)."""

    param_name = "alongside_session"

    def _get_key(self, request: HttpRequest) -> str | None:
        # No one logged in: not authenticated (401), before any CSRF check could answer 403.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        viewer = viewer_of(request) if request.user.is_authenticated else None
        if viewer is None:
            return None
        setattr(request, ACTING_IN_ATTRIBUTE, f"org{viewer.organization_id}")
        return request.user


class TokenAuth(HttpBearer):
    """A personal access token: acts for one user in one organization."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # Failures are counted and slowed per address (accounts.services.access_token_authenticate).
        found = access_token_authenticate(raw=token, address=client_address(request) or "0.0.0.0")  # noqa: S104
        if found is None:
            return None
        user, membership = found
        request.user = user
        set_viewer(request, membership)
        setattr(request, ACTING_IN_ATTRIBUTE, f"org{membership.organization_id}")
        setattr(request, TOKEN_AUTH_ATTRIBUTE, True)
        return user


class FieldErrorOut(Schema):
    field: str
    message: str


class ProblemOut(Schema):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldErrorOut] | None = None


# Every operation may answer with these; POST and DELETE may also meet an idempotency conflict.
_PROBLEM_STATUSES = {
    401: "Not authenticated: log in, or send a valid personal access token",
    403: "Not allowed (or the CSRF check failed for a session request)",
    404: "Not found, or not in your organization",
    422: "The request did not pass validation; `errors` lists each field",
    500: "Something went wrong on our side",
}
_WRITE_PROBLEM_STATUSES = {409: "A request with this Idempotency-Key is still being processed"}


class AlongsideAPI(NinjaAPI):
    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext[Any]]
    ) -> ValidationError:
        # django-ninja leaves out what was sent; keep what a form's message says of it (core.edge).
        error = super().validation_error_from_error_contexts(error_contexts)
        sent = [e.get("input") for c in error_contexts for e in c.pydantic_validation_error.errors(include_url=False)]
        for item, given in zip(error.errors, sent, strict=False):
            item.update(input_facts(given))
        return error

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _document_problems(schema)
        return schema


def _document_problems(schema: Any) -> None:
    """Add the problem+json error responses, which the exception handlers produce, to every operation."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = ProblemOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem_schema.pop("$defs", {}))
    components["Problem"] = {**problem_schema, "title": "Problem"}
    problem_content = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            statuses = dict(_PROBLEM_STATUSES)
            if method in {"post", "delete", "put", "patch"}:
                statuses.update(_WRITE_PROBLEM_STATUSES)
            if "requestBody" in operation:
                statuses[400] = "The request body is not valid JSON"
                statuses[413] = "The request body is larger than the server accepts"
            responses = operation.setdefault("responses", {})
            for status, description in statuses.items():
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": description, "content": problem_content}
            operation["responses"] = dict(sorted(responses.items(), key=lambda item: str(item[0])))


api = AlongsideAPI(
    title="Alongside API",
    version="1",
    description=(
        "Peer recovery support. Authenticate with the browser session or a personal access token "
        "(`Authorization: Bearer alg_…`); a token acts in the one organization it was created in. "
        "Errors are RFC 9457 problem+json. Creating POSTs accept an `Idempotency-Key` header: the same "
        "key and body give the same response and one record. Anything in another organization is "
        "answered exactly like something that does not exist (404)."
    ),
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    urls_namespace="api",
    # The interactive docs page loads Swagger UI from a CDN unless django-ninja's own static
    # files are installed; nothing here may come from a third-party host.
    docs_url="/docs" if "ninja" in settings.INSTALLED_APPS else None,
)


def problem(request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    return response


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if isinstance(exc, NotFound | NotAllowed):
        audit_refusal(request, exc)
    if isinstance(exc, NotFound):
        # Never the message: "not yours" and "not there" must read the same.
        return problem(request, 404, "Not found")
    extra: dict[str, Any] = {}
    if exc.field_errors:
        extra["errors"] = [{"field": field, "message": msg} for field, msgs in exc.field_errors.items() for msg in msgs]
    elif exc.status == 422:
        extra["errors"] = []
    return problem(request, exc.status, exc.title, exc.message, **extra)


_LOCATION_PARTS = {"body", "payload", "query", "path", "header", "cookie", "pagination", "filters"}


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(str(part) for part in err.get("loc", []) if part not in _LOCATION_PARTS),
            "message": error_message(err),  # a form's words for it, translated (core.edge)
        }
        for err in exc.errors
    ]
    return problem(request, 422, "Invalid input", "The request did not pass validation.", errors=errors)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(request, 401, "Unauthorized", "Log in, or send a valid personal access token.")
    response["WWW-Authenticate"] = 'Bearer realm="alongside"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(getattr(exc, "message", exc))
    if exc.status_code == 403 and "CSRF" in message:
        return problem(
            request,
            403,
            "CSRF check failed",
            "Session requests that change something must send the X-CSRFToken header (or use a personal access token).",
        )
    return problem(request, exc.status_code, message)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "Not found")


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE (as for a form): nothing was read.
    return problem(request, 413, "Request too large", "The request body is larger than this server accepts.")


@api.exception_handler(Exception)
def _unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with its traceback, and signalled as Django would (the test client re-raises it),
    # but the caller only ever gets a plain problem document.
    logger.exception("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
    got_request_exception.send(sender=None, request=request)
    return problem(request, 500, "Internal error", "Something went wrong on our side. Please try again later.")


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Unknown paths and malformed ids under /api/: the same problem+json 404 as a missing object."""
    response = HttpResponse(
        b'{"type": "about:blank", "title": "Not found", "status": 404}', status=404, content_type=PROBLEM_CONTENT_TYPE
    )
    return response


def _register_routers() -> None:
    from alongside.access.api import router as access_router
    from alongside.accounts.api import router as accounts_router
    from alongside.accounts.api import token_router
    from alongside.alerts.api import router as alerts_router
    from alongside.checkins.api import router as checkins_router
    from alongside.consent.api import router as consent_router
    from alongside.contacts.api import router as contacts_router
    from alongside.coping.api import router as coping_router
    from alongside.crisis.api import router as crisis_router
    from alongside.goals.api import router as goals_router
    from alongside.journal.api import router as journal_router
    from alongside.messaging.api import router as messaging_router
    from alongside.notifications.api import router as notifications_router
    from alongside.organizations.api import audit_router, invitation_router, match_router, participant_router
    from alongside.recovery.api import router as recovery_router
    from alongside.reminders.api import router as reminders_router
    from alongside.safety.api import router as safety_router
    from alongside.signals.api import router as signals_router
    from alongside.supervision.api import router as supervision_router
    from alongside.trends.api import router as trends_router
    from alongside.workspace.api import router as workspace_router

    api.add_router("", accounts_router)
    api.add_router("", crisis_router)
    api.add_router("", participant_router)
    api.add_router("", access_router)
    api.add_router("", consent_router)
    api.add_router("", invitation_router)
    api.add_router("", match_router)
    api.add_router("", notifications_router)
    api.add_router("", token_router)
    api.add_router("", audit_router)
    api.add_router("", checkins_router)
    api.add_router("", coping_router)
    api.add_router("", trends_router)
    api.add_router("", reminders_router)
    api.add_router("", recovery_router)
    api.add_router("", goals_router)
    api.add_router("", journal_router)
    api.add_router("", messaging_router)
    api.add_router("", safety_router)
    api.add_router("", contacts_router)
    api.add_router("", alerts_router)

    api.add_router("", supervision_router)
    api.add_router("", workspace_router)
    api.add_router("", signals_router)


_register_routers()
