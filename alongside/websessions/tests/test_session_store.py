"""One query loads the session, the user and the membership they act as, and every check
Django makes on a session still holds on that path."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.conftest import Personas, login_client
from alongside.organizations.middleware import SESSION_MEMBERSHIP
from alongside.organizations.models import Membership, Organization, Role
from alongside.websessions.models import WebSession

pytestmark = pytest.mark.django_db


def _tables(sql: str) -> set[str]:
    return {t for t in ("websessions_session", "accounts_user", "organizations_membership") if f'"{t}"' in sql}


def test_a_request_loads_session_user_and_membership_in_one_query(personas: Personas) -> None:
    client = login_client(personas.participant)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["active_membership"]["id"] == personas.participant.pk
    touching = [q["sql"] for q in queries.captured_queries if _tables(q["sql"])]
    assert len(touching) == 1, touching
    assert _tables(touching[0]) == {"websessions_session", "accounts_user", "organizations_membership"}


def test_the_row_records_whose_session_it_is(personas: Personas) -> None:
    client = login_client(personas.mentor)
    row = WebSession.objects.get(session_key=client.session.session_key)
    assert (row.user_id, row.membership_id) == (personas.mentor.user_id, personas.mentor.pk)


def test_a_session_ended_by_logging_out_everywhere_is_refused_on_the_fast_path(personas: Personas) -> None:
    client = login_client(personas.participant)
    user = personas.participant.user
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    assert client.get("/api/v1/me").status_code == 401


def test_a_changed_password_ends_the_session(personas: Personas) -> None:
    client = login_client(personas.participant)
    user = personas.participant.user
    user.set_password("a new long passphrase")
    user.save(update_fields=["password"])
    assert client.get("/api/v1/me").status_code == 401


def test_a_deactivated_account_is_refused(personas: Personas) -> None:
    client = login_client(personas.participant)
    personas.participant.user.is_active = False
    personas.participant.user.save(update_fields=["is_active"])
    assert client.get("/api/v1/me").status_code == 401


def test_an_ended_membership_is_not_used_even_though_it_came_with_the_session(personas: Personas) -> None:
    client = login_client(personas.participant)
    Membership.objects.filter(pk=personas.participant.pk).update(is_active=False)
    # Their only membership has ended: nothing to act as.
    assert client.get("/api/v1/me").status_code == 401


def test_switching_organization_uses_the_new_membership_not_the_loaded_one(personas: Personas) -> None:
    other = Organization.objects.create(name="Another program", slug="another-program")
    second = Membership.objects.create(user=personas.participant.user, organization=other, role=Role.PARTICIPANT)
    client = login_client(personas.participant)
    session = client.session
    session[SESSION_MEMBERSHIP] = second.pk
    session.save()
    assert client.get("/api/v1/me").json()["active_membership"]["id"] == second.pk
    assert WebSession.objects.get(session_key=session.session_key).membership_id == second.pk


def test_a_session_without_a_chosen_membership_remembers_the_first(personas: Personas) -> None:
    client = login_client(personas.participant)
    session = client.session
    del session[SESSION_MEMBERSHIP]
    session.save()
    assert client.get("/api/v1/me").json()["active_membership"]["id"] == personas.participant.pk
    assert client.session[SESSION_MEMBERSHIP] == personas.participant.pk
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/me")
    assert len([q for q in queries.captured_queries if _tables(q["sql"])]) == 1


def test_a_membership_of_someone_else_named_in_the_row_is_never_used(personas: Personas) -> None:
    """Should a row ever name another person's membership, the data in the session and the
    user decide: the participant never acts as the outsider."""
    client = login_client(personas.participant)
    WebSession.objects.filter(session_key=client.session.session_key).update(membership_id=personas.outsider.pk)
    session = client.session
    session[SESSION_MEMBERSHIP] = personas.outsider.pk  # a tampered choice
    session.save()
    WebSession.objects.filter(session_key=session.session_key).update(membership_id=personas.outsider.pk)
    body = client.get("/api/v1/me").json()
    assert body["active_membership"]["id"] == personas.participant.pk


def test_the_loaded_instances_are_the_ones_the_orm_would_make(personas: Personas) -> None:
    """Every field of the user, membership, organization and program, converted as the ORM
    converts it (aware datetimes and JSON on SQLite too)."""
    from alongside.websessions.store import SessionStore

    client = login_client(personas.participant)
    key = client.session.session_key
    store = SessionStore(session_key=key)
    store.load()
    loaded = store._row
    assert loaded is not None
    expected = WebSession.objects.select_related("user", "membership__organization", "membership__program").get(
        session_key=key
    )

    def values(instance: object) -> dict[str, object]:
        assert instance is not None
        return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}  # type: ignore[attr-defined]

    assert values(loaded) == values(expected)
    assert values(loaded.user) == values(expected.user)
    assert loaded.membership is not None and expected.membership is not None
    assert values(loaded.membership) == values(expected.membership)
    assert values(loaded.membership.organization) == values(expected.membership.organization)
    assert values(loaded.membership.program) == values(expected.membership.program)
    assert loaded.user is not None and loaded.user.date_joined.tzinfo is not None


def test_an_expired_session_is_not_loaded(personas: Personas) -> None:
    import datetime as dt

    from django.utils import timezone

    client = login_client(personas.participant)
    WebSession.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get("/api/v1/me").status_code == 401
