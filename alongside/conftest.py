"""Shared test fixtures: the personas, the same cast as the demo seed, reused everywhere.

participant, participant2 (both in program A, matched with mentor), mentor, mentor2 (same
organization, no match with them), supervisor (supervises mentor), supervisor2 (another team:
supervises mentor2), admin, and outsider (a mentor in a second organization, who must see nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from alongside.accounts.models import User
from alongside.organizations.models import (
    Match,
    Membership,
    Organization,
    ParticipantProfile,
    Program,
    RecoveryPathway,
    Role,
    SettingType,
)

# Browser fixtures (Playwright driving Debian's Chromium against the live server).
pytest_plugins = ["alongside.core.testing.browser"]

PASSWORD = "correct horse battery staple"


@dataclass
class Personas:
    org: Organization
    other_org: Organization
    program: Program
    participant: Membership
    participant2: Membership
    mentor: Membership
    mentor2: Membership
    supervisor: Membership
    supervisor2: Membership
    admin: Membership
    outsider: Membership
    outsider_participant: Membership
    match: Match
    match2: Match

    def all(self) -> dict[str, Membership]:
        return {
            "participant": self.participant,
            "participant2": self.participant2,
            "mentor": self.mentor,
            "mentor2": self.mentor2,
            "supervisor": self.supervisor,
            "admin": self.admin,
            "outsider": self.outsider,
        }


def make_member(
    org: Organization, email: str, name: str, role: str, program: Program | None = None, **kw: object
) -> Membership:
    user = User.objects.create_user(email, PASSWORD, display_name=name)
    membership = Membership.objects.create(user=user, organization=org, role=role, program=program, **kw)
    if role == Role.PARTICIPANT:
        ParticipantProfile.objects.create(membership=membership, pathway=RecoveryPathway.MUTUAL_HELP)
    return membership


@pytest.fixture
def personas(db: None) -> Personas:
    org = Organization.objects.create(name="Riverbend Recovery Community", slug="riverbend")
    other = Organization.objects.create(name="Harbor Light Peer Network", slug="harbor-light")
    program = Program.objects.create(
        organization=org,
        name="Riverbend Center",
        setting_type=SettingType.RECOVERY_CENTER,
        time_zone="America/Chicago",
        languages=["en", "es"],
    )
    other_program = Program.objects.create(
        organization=other,
        name="Harbor Online",
        setting_type=SettingType.ONLINE,
        time_zone="America/Los_Angeles",
        languages=["en"],
    )
    supervisor = make_member(org, "supervisor@example.test", "Sam Supervisor", Role.SUPERVISOR, program)
    mentor = make_member(org, "mentor@example.test", "Maria Mentor", Role.MENTOR, program, supervisor=supervisor)
    # A second team in the same organization: supervisor2 supports mentor2 (no match with our participants).
    supervisor2 = make_member(org, "supervisor2@example.test", "Sol Supervisor", Role.SUPERVISOR, program)
    mentor2 = make_member(org, "mentor2@example.test", "Miguel Mentor", Role.MENTOR, program, supervisor=supervisor2)
    admin = make_member(org, "admin@example.test", "Ada Admin", Role.ADMIN)
    participant = make_member(org, "participant@example.test", "Pat Participant", Role.PARTICIPANT, program)
    participant2 = make_member(org, "participant2@example.test", "Paz Participant", Role.PARTICIPANT, program)
    outsider = make_member(other, "outsider@example.test", "Olive Outsider", Role.MENTOR, other_program)
    outsider_participant = make_member(other, "op@example.test", "Omar Other", Role.PARTICIPANT, other_program)
    match = Match.objects.create(organization=org, mentor=mentor, participant=participant)
    match2 = Match.objects.create(organization=org, mentor=mentor, participant=participant2)
    Match.objects.create(organization=other, mentor=outsider, participant=outsider_participant)
    return Personas(
        org=org,
        other_org=other,
        program=program,
        participant=participant,
        participant2=participant2,
        mentor=mentor,
        mentor2=mentor2,
        supervisor=supervisor,
        supervisor2=supervisor2,
        admin=admin,
        outsider=outsider,
        outsider_participant=outsider_participant,
        match=match,
        match2=match2,
    )


def login_client(membership: Membership) -> Client:
    """A test client logged in as this persona, acting in this membership (two-factor already passed)."""
    import time

    from alongside.accounts.middleware import SESSION_AUTH_AT, SESSION_IS_STAFF, SESSION_LAST_SEEN
    from alongside.organizations.middleware import SESSION_MEMBERSHIP

    client = Client()
    client.force_login(membership.user, backend="alongside.accounts.backends.EmailBackend")
    session = client.session
    session[SESSION_AUTH_AT] = time.time()
    session[SESSION_LAST_SEEN] = time.time()
    session[SESSION_IS_STAFF] = membership.role != Role.PARTICIPANT
    session[SESSION_MEMBERSHIP] = membership.pk
    session.save()
    return client


@pytest.fixture
def as_persona(personas: Personas):  # type: ignore[no-untyped-def]
    """``as_persona("mentor")`` → a logged-in Client for that persona."""

    def _client(name: str) -> Client:
        return login_client(getattr(personas, name))

    return _client


# --- Real SMTP: a local aiosmtpd server that the app sends to over the wire. ---


@dataclass
class Mailbox:
    messages: list  # list[email.message.EmailMessage]

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]

    def bodies(self, address: str) -> list[str]:
        return [m.get_content() for m in self.to(address)]


@pytest.fixture
def smtp_server(settings):  # type: ignore[no-untyped-def]
    """A real SMTP server on a free local port; settings point the app at it."""
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    box = Mailbox(messages=[])

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            box.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 Message accepted for delivery"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _external_notifications_with_titles(settings):  # type: ignore[no-untyped-def]
    """Most tests tell delivered messages apart by their subject, so they run with titles in
    emails and texts; tests of the private default (no names outside the app) set "none"."""
    settings.EXTERNAL_NOTIFICATION_DETAILS = "titles"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Argon2 is deliberately slow; tests hash with MD5 except where they ask for the real thing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_stray_email(settings):  # type: ignore[no-untyped-def]
    """Unless a test starts the SMTP server, email goes to a closed port and fails loudly
    (and stays in the outbox), so no test can reach a real mail server by accident."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # never the in-memory stand-in
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard port: nothing listens
    settings.EMAIL_TIMEOUT = 2


# --- Route coverage gate: every URL and API operation exercised; every object route refused to the outsider. ---

_ROUTES_HIT: set[str] = set()
_OUTSIDER_REFUSED: set[str] = set()
OUTSIDER_EMAILS = {"outsider@example.test", "outsider@demo.alongside.test"}
# Object routes whose parameter is a secret token rather than an object id: the outsider
# has nothing to be refused (an unknown token is a 404 for everyone, tested separately).
TOKEN_ROUTES = {"accounts:password_reset_confirm", "accounts:accept_invitation"}


def _route_key(match) -> str:  # type: ignore[no-untyped-def]
    if match.namespace == "api" or (match.route or "").startswith("api/"):
        return "API " + (match.route or "")
    return match.view_name


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    from django.test import client as test_client

    original = test_client.Client.request

    def recording_request(self, **request):  # type: ignore[no-untyped-def]
        response = original(self, **request)
        match = getattr(response, "resolver_match", None)
        if match is not None:
            key = _route_key(match)
            if key.startswith("API "):
                key = f"{key} {request.get('REQUEST_METHOD', 'GET').upper()}"
            _ROUTES_HIT.add(key)
            user = getattr(getattr(response, "wsgi_request", None), "user", None)
            if (
                user is not None
                and getattr(user, "email", None) in OUTSIDER_EMAILS
                and response.status_code in {401, 403, 404}
            ):
                _OUTSIDER_REFUSED.add(key)
        return response

    test_client.Client.request = recording_request  # type: ignore[method-assign]


def _all_routes() -> tuple[set[str], set[str]]:
    """(every route key, the object routes among them) from the URLconf and the OpenAPI schema."""
    import re

    from django.urls import URLPattern, URLResolver, get_resolver

    routes: set[str] = set()
    object_routes: set[str] = set()

    def walk(patterns, prefix: str, namespace: str | None) -> None:  # type: ignore[no-untyped-def]
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if route.startswith("api/"):
                    continue
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or route)
                routes.add(name)
                if "<" in route and name not in TOKEN_ROUTES:
                    object_routes.add(name)

    walk(get_resolver().url_patterns, "", None)
    from alongside.api import api

    for path, ops in api.get_openapi_schema()["paths"].items():
        route = re.sub(r"\{(\w+)\}", r"<\1>", path.lstrip("/"))
        for method in ops:
            key = f"API {route} {method.upper()}"
            routes.add(key)
            if "<" in route:
                object_routes.add(key)
    return routes, object_routes


def _normalize_api_key(key: str) -> str:
    import re

    return re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", key)


def pytest_sessionfinish(session, exitstatus) -> None:  # type: ignore[no-untyped-def]
    import os

    if os.environ.get("ALONGSIDE_ROUTE_GATE") != "1" or exitstatus != 0:
        return
    routes, object_routes = _all_routes()
    hit = {_normalize_api_key(k) for k in _ROUTES_HIT}
    refused = {_normalize_api_key(k) for k in _OUTSIDER_REFUSED}
    never = sorted(r for r in routes if _normalize_api_key(r) not in hit)
    unrefused = sorted(r for r in object_routes if _normalize_api_key(r) not in refused)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if never or unrefused:
        if reporter:
            reporter.write_line("ROUTE GATE FAILED", red=True)
            for r in never:
                reporter.write_line(f"  never exercised: {r}")
            for r in unrefused:
                reporter.write_line(f"  no test refuses the outsider: {r}")
        session.exitstatus = 1
    elif reporter:
        reporter.write_line(
            f"route gate: all {len(routes)} routes exercised; outsider refused on all {len(object_routes)} object routes"
        )
