"""The HTTP API at /api/v1: one NinjaAPI, session or token auth, problem+json errors."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from alongside.accounts.services import access_token_authenticate
from alongside.core.exceptions import DomainError, NotAllowed, NotFound
from alongside.core.views_helpers import audit_refusal
from alongside.organizations.middleware import set_viewer, viewer_of

PROBLEM_CONTENT_TYPE = "application/problem+json"


class SessionAuth(APIKeyCookie):
    """The browser's login session (CSRF-checked for unsafe methods)."""

    param_name = "alongside_session"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated and viewer_of(request) is not None:
            return request.user
        return None


class TokenAuth(HttpBearer):
    """A personal access token: acts for one user in one organization."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = access_token_authenticate(raw=token)
        if found is None:
            return None
        user, membership = found
        request.user = user
        set_viewer(request, membership)
        return user


api = NinjaAPI(
    title="Alongside API",
    version="1",
    description=(
        "Peer recovery support. Authenticate with the browser session or a personal access token "
        "(`Authorization: Bearer alg_…`). Errors are RFC 9457 problem+json. POSTs accept an "
        "`Idempotency-Key` header."
    ),
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    urls_namespace="api",
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
        return problem(request, 404, "Not found")
    extra: dict[str, Any] = {}
    if exc.field_errors:
        extra["errors"] = [{"field": field, "message": msg} for field, msgs in exc.field_errors.items() for msg in msgs]
    return problem(request, exc.status, exc.title, exc.message, **extra)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(part) for part in err.get("loc", []) if part not in {"body", "payload"}), "message": err.get("msg", "")}
        for err in exc.errors
    ]
    return problem(request, 422, "Invalid input", "The request did not pass validation.", errors=errors)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, 401, "Unauthorized", "Log in, or send a valid personal access token.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc.message) if hasattr(exc, "message") else str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "Not found")


def _register_routers() -> None:
    from alongside.accounts.api import router as accounts_router

    api.add_router("", accounts_router)


_register_routers()
