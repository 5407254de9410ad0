"""Races that only a real database with row locks can show (PostgreSQL)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import pytest
from django.db import connection, connections

from alongside.conftest import Personas, make_member
from alongside.core.exceptions import InvalidInput
from alongside.organizations.models import Match, MatchStatus, Role
from alongside.organizations.services import match_create
from alongside.supervision.models import SupervisionSession
from alongside.supervision.services import caseload_cap_set
from alongside.supervision.tests.factories import record_session


def run_at_once(tasks: list[Callable[[], object]]) -> list[BaseException]:
    barrier = threading.Barrier(len(tasks))
    errors: list[BaseException] = []

    def run(task: Callable[[], object]) -> None:
        try:
            barrier.wait()
            task()
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(t,)) for t in tasks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locking is only real on PostgreSQL (run with DATABASE_URL set)")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_matches_at_once_cannot_both_take_the_last_place(personas: Personas) -> None:
    _skip_unless_postgres()
    caseload_cap_set(viewer=personas.supervisor, mentor=personas.mentor, caseload_cap=3, reason="One more")
    newcomers = [
        make_member(personas.org, f"race{n}@example.test", f"Racer {n}", Role.PARTICIPANT, personas.program)
        for n in range(4)
    ]
    errors = run_at_once(
        [lambda p=p: match_create(viewer=personas.supervisor, mentor=personas.mentor, participant=p) for p in newcomers]
    )
    assert len(errors) == 3 and all(isinstance(e, InvalidInput) for e in errors)
    assert Match.objects.filter(mentor=personas.mentor, status=MatchStatus.ACTIVE).count() == 3


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_ten_identical_session_submissions_at_once_make_one_session(personas: Personas) -> None:
    _skip_unless_postgres()
    key = uuid.uuid4()
    errors = run_at_once([lambda: record_session(personas, client_id=key) for _ in range(10)])
    assert errors == []
    assert SupervisionSession.objects.count() == 1
