from __future__ import annotations

import datetime as dt
import uuid

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.coping.models import Activity, CopingStrategy
from alongside.coping.selectors import activity_counts
from alongside.coping.services import (
    activity_delete,
    activity_log,
    strategy_add,
    strategy_move,
    strategy_remove,
)
from alongside.core.crypto import TOKEN_PREFIX
from alongside.core.exceptions import InvalidInput, NotAllowed, NotFound
from alongside.core.localtime import local_today


def _texts(personas: Personas) -> list[str]:
    return [s.text for s in CopingStrategy.objects.filter(participant=personas.participant).order_by("position")]


def test_it_adds_strategies_in_order_and_encrypts_them(personas: Personas) -> None:
    strategy_add(participant=personas.participant, text="Call my sister")
    strategy_add(participant=personas.participant, text="  Walk round the block  ")
    assert _texts(personas) == ["Call my sister", "Walk round the block"]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM coping_copingstrategy")
        stored = [row[0] for row in cursor.fetchall()]
    assert all(value.startswith(TOKEN_PREFIX) and "sister" not in value for value in stored)
    assert AuditEntry.objects.filter(action="coping.strategy_added").count() == 2


@pytest.mark.parametrize("text", ["", "   ", "x" * 201])
def test_it_refuses_an_empty_or_oversized_strategy(personas: Personas, text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        strategy_add(participant=personas.participant, text=text)
    assert "text" in caught.value.field_errors
    assert not CopingStrategy.objects.exists()


def test_it_moves_strategies_up_and_down_and_stays_put_at_the_ends(personas: Personas) -> None:
    a, b, c = (strategy_add(participant=personas.participant, text=t) for t in ("a", "b", "c"))
    strategy_move(participant=personas.participant, strategy_id=c.pk, direction="up")
    assert _texts(personas) == ["a", "c", "b"]
    strategy_move(participant=personas.participant, strategy_id=a.pk, direction="down")
    assert _texts(personas) == ["c", "a", "b"]
    strategy_move(participant=personas.participant, strategy_id=c.pk, direction="up")
    assert _texts(personas) == ["c", "a", "b"]
    strategy_remove(participant=personas.participant, strategy_id=a.pk)
    strategy_move(participant=personas.participant, strategy_id=b.pk, direction="up")
    assert _texts(personas) == ["b", "c"]
    with pytest.raises(InvalidInput):
        strategy_move(participant=personas.participant, strategy_id=b.pk, direction="sideways")


def test_nobody_can_touch_another_participants_strategy(personas: Personas) -> None:
    theirs = strategy_add(participant=personas.participant2, text="mine")
    with pytest.raises(NotFound):
        strategy_remove(participant=personas.participant, strategy_id=theirs.pk)
    with pytest.raises(NotFound):
        strategy_move(participant=personas.participant, strategy_id=theirs.pk, direction="up")
    with pytest.raises(NotAllowed):
        strategy_add(participant=personas.mentor, text="not a participant")
    assert CopingStrategy.objects.count() == 1


def test_it_logs_an_activity_once_per_client_id(personas: Personas) -> None:
    key = uuid.uuid4()
    first, created = activity_log(
        participant=personas.participant, kind="meeting", minutes=60, note="home group", client_id=key
    )
    again, created_again = activity_log(participant=personas.participant, kind="meeting", minutes=60, client_id=key)
    assert created and not created_again and first.pk == again.pk
    stored = Activity.objects.get()
    assert (stored.kind, stored.minutes, stored.note, stored.local_date) == (
        "meeting",
        60,
        "home group",
        local_today(personas.participant),
    )
    assert AuditEntry.objects.filter(action="coping.activity_logged").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "partying"}, "kind"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 601}, "minutes"),
        ({"note": "n" * 501}, "note"),
        ({"local_date_offset": 1}, "local_date"),
        ({"local_date_offset": -31}, "local_date"),
    ],
)
def test_it_refuses_bad_activities_and_saves_nothing(personas: Personas, changes: dict, field: str) -> None:
    values: dict = {"kind": "exercise", "minutes": 30, "note": ""}
    offset = changes.pop("local_date_offset", None)
    values.update(changes)
    if offset is not None:
        values["local_date"] = local_today(personas.participant) + dt.timedelta(days=offset)
    with pytest.raises(InvalidInput) as caught:
        activity_log(participant=personas.participant, **values)
    assert field in caught.value.field_errors
    assert not Activity.objects.exists()


def test_an_activity_thirty_days_back_is_still_accepted(personas: Personas) -> None:
    day = local_today(personas.participant) - dt.timedelta(days=30)
    activity, _ = activity_log(participant=personas.participant, kind="service", local_date=day)
    assert activity.local_date == day and activity.minutes is None


def test_activity_counts_counts_each_kind_since_a_day(personas: Personas) -> None:
    today = local_today(personas.participant)
    for kind, back in [("meeting", 0), ("meeting", 2), ("meeting", 10), ("exercise", 1)]:
        activity_log(participant=personas.participant, kind=kind, local_date=today - dt.timedelta(days=back))
    activity_log(participant=personas.participant2, kind="meeting")
    counts = activity_counts(participant=personas.participant, since=today - dt.timedelta(days=6))
    assert counts == {"exercise": 1, "volunteering": 0, "mindfulness": 0, "meeting": 2, "service": 0}


def test_only_the_owner_deletes_an_activity(personas: Personas) -> None:
    activity, _ = activity_log(participant=personas.participant, kind="mindfulness")
    with pytest.raises(NotFound):
        activity_delete(participant=personas.participant2, activity_id=activity.pk)
    activity_delete(participant=personas.participant, activity_id=activity.pk)
    assert not Activity.objects.exists()
    assert AuditEntry.objects.filter(action="coping.activity_deleted").exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_identical_activity_submissions_make_one_activity(personas: Personas) -> None:
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locking is only real on PostgreSQL (run with DATABASE_URL set)")
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []
    key = uuid.uuid4()

    def submit() -> None:
        try:
            barrier.wait()
            activity_log(participant=personas.participant, kind="meeting", client_id=key)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Activity.objects.filter(participant=personas.participant).count() == 1
