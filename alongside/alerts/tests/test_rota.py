"""The on-call rota: shifts entered in the program's time zone, gaps in the coming week."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.alerts.models import OnCallShift
from alongside.alerts.selectors import Gap, coverage_gaps
from alongside.alerts.services import on_call_shift_add, on_call_shift_remove, program_local_datetime
from alongside.alerts.tests.conftest import CHICAGO, T0, put_on_call
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.exceptions import InvalidInput, NotAllowed

UTC = dt.UTC


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHICAGO)  # type: ignore[misc]


def shift_form(personas: Personas, **overrides: str) -> dict[str, str]:
    data = {
        "person": str(personas.supervisor2.pk),
        "starts_on": "2026-03-14",
        "starts_time": "22:00",
        "ends_on": "2026-03-15",
        "ends_time": "08:00",
        "repeat_weeks": "0",
        "client_id": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_a_supervisor_puts_someone_on_call_for_a_weekend_night(personas: Personas) -> None:
    [shift] = on_call_shift_add(
        viewer=personas.supervisor,
        program=personas.program,
        person=personas.mentor2,
        starts_at=local(2026, 3, 14, 22, 0),
        ends_at=local(2026, 3, 15, 8, 0),
        now=T0,
    )
    assert (shift.starts_at, shift.ends_at) == (
        dt.datetime(2026, 3, 15, 3, tzinfo=UTC),
        dt.datetime(2026, 3, 15, 13, tzinfo=UTC),
    )
    assert shift.organization == personas.org and shift.created_by == personas.supervisor
    assert AuditEntry.objects.get(action="on_call_shift.added").extra["person"] == personas.mentor2.pk


def test_weekly_repeats_keep_the_wall_clock_time_across_a_clock_change(personas: Personas) -> None:
    # Saturday 7 March is still CST (UTC-6); clocks go forward on Sunday 8 March.
    shifts = on_call_shift_add(
        viewer=personas.admin,
        program=personas.program,
        person=personas.supervisor2,
        starts_at=local(2026, 3, 7, 22, 0),
        ends_at=local(2026, 3, 8, 8, 0),
        repeat_weeks=1,
        now=local(2026, 3, 1, 9, 0),
    )
    assert [s.starts_at.astimezone(CHICAGO).strftime("%a %d %H:%M") for s in shifts] == ["Sat 07 22:00", "Sat 14 22:00"]
    assert [s.starts_at.astimezone(UTC).hour for s in shifts] == [4, 3]
    assert [s.ends_at.astimezone(CHICAGO).hour for s in shifts] == [8, 8]


def test_a_time_the_clocks_skip_is_refused() -> None:
    from alongside.organizations.models import Program

    program = Program(time_zone="America/Chicago")
    with pytest.raises(InvalidInput) as exc:
        program_local_datetime(program=program, day=dt.date(2026, 3, 8), time=dt.time(2, 30), field="starts_time")
    assert "starts_time" in exc.value.field_errors


def test_the_same_client_id_adds_the_shifts_once(personas: Personas) -> None:
    key = uuid.uuid4()
    for _ in range(2):
        on_call_shift_add(
            viewer=personas.admin,
            program=personas.program,
            person=personas.mentor2,
            starts_at=T0,
            ends_at=T0 + dt.timedelta(hours=8),
            repeat_weeks=2,
            client_id=key,
            now=T0,
        )
    assert OnCallShift.objects.count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"person": "participant"}, "person"),
        ({"person": "admin"}, "person"),
        ({"person": "outsider"}, "person"),
        ({"ends_at": T0}, "ends_on"),
        ({"ends_at": T0 + dt.timedelta(days=15)}, "ends_on"),
        ({"starts_at": T0 - dt.timedelta(hours=9), "ends_at": T0 - dt.timedelta(hours=1)}, "ends_on"),
        ({"repeat_weeks": 13}, "repeat_weeks"),
    ],
)
def test_it_refuses_a_shift_that_cannot_work(personas: Personas, change: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "person": personas.mentor2,
        "starts_at": T0,
        "ends_at": T0 + dt.timedelta(hours=8),
        "repeat_weeks": 0,
    }
    if isinstance(change.get("person"), str):
        change = {"person": getattr(personas, str(change["person"]))}
    values.update(change)
    with pytest.raises(InvalidInput) as exc:
        on_call_shift_add(viewer=personas.admin, program=personas.program, now=T0, **values)  # type: ignore[arg-type]
    assert field in exc.value.field_errors and not OnCallShift.objects.exists()


def test_a_mentor_cannot_change_the_rota(personas: Personas) -> None:
    with pytest.raises(NotAllowed):
        on_call_shift_add(
            viewer=personas.mentor,
            program=personas.program,
            person=personas.mentor,
            starts_at=T0,
            ends_at=T0 + dt.timedelta(hours=8),
            now=T0,
        )
    shift = put_on_call(personas, personas.mentor2, dt.datetime(2026, 3, 12, 9), dt.datetime(2026, 3, 12, 17))
    with pytest.raises(NotAllowed):
        on_call_shift_remove(viewer=personas.mentor, shift=shift)
    on_call_shift_remove(viewer=personas.supervisor, shift=shift)
    assert not OnCallShift.objects.exists() and AuditEntry.objects.filter(action="on_call_shift.removed").exists()


def test_gaps_are_the_uncovered_stretches(personas: Personas) -> None:
    end = T0 + dt.timedelta(days=7)
    assert coverage_gaps(program=personas.program, start=T0, end=end) == [Gap(T0, end)]
    put_on_call(personas, personas.mentor2, dt.datetime(2026, 3, 11, 18), dt.datetime(2026, 3, 12, 8))
    put_on_call(personas, personas.supervisor2, dt.datetime(2026, 3, 12, 6), dt.datetime(2026, 3, 12, 9))  # overlaps
    put_on_call(personas, personas.supervisor, dt.datetime(2026, 3, 12, 9), dt.datetime(2026, 3, 18, 14))
    assert coverage_gaps(program=personas.program, start=T0, end=end) == [Gap(T0, local(2026, 3, 11, 18, 0))]
    # A deactivated person's shift covers nothing.
    personas.supervisor.is_active = False
    personas.supervisor.save()
    assert coverage_gaps(program=personas.program, start=T0, end=end)[-1] == Gap(local(2026, 3, 12, 9, 0), end)


def test_the_page_shows_gaps_and_adds_a_shift_in_the_programs_time(personas: Personas) -> None:
    client = login_client(personas.supervisor)
    url = reverse("alerts:rota", args=[personas.program.pk])
    page = client.get(url).content.decode()
    assert "Gaps in the next 7 days" in page and "No one is on call right now." in page and "America/Chicago" in page
    form = shift_form(personas, starts_on="2099-03-14", ends_on="2099-03-15")
    response = client.post(url, form)
    assert response.status_code == 302 and response["Location"] == url
    client.post(url, form)  # a double submit
    shift = OnCallShift.objects.get()
    assert shift.starts_at.astimezone(CHICAGO).replace(tzinfo=None) == dt.datetime(2099, 3, 14, 22, 0)
    listing = client.get(url).content.decode()
    assert "Sol Supervisor" in listing and "Sat 14 Mar 2099, 22:00" in listing


def test_a_week_fully_covered_says_so(personas: Personas) -> None:
    now = timezone.now()
    on_call_shift_add(
        viewer=personas.admin,
        program=personas.program,
        person=personas.supervisor2,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=8),
    )
    page = login_client(personas.mentor).get(reverse("alerts:rota", args=[personas.program.pk])).content.decode()
    assert "Every hour of the next 7 days" in page and "Sol Supervisor" in page
    assert "Add a shift" not in page  # a mentor sees the rota but does not keep it


def test_the_page_explains_a_skipped_time(personas: Personas) -> None:
    response = login_client(personas.admin).post(
        reverse("alerts:rota", args=[personas.program.pk]),
        shift_form(personas, starts_on="2099-03-08", starts_time="02:30", ends_on="2099-03-08", ends_time="09:00"),
    )
    assert response.status_code == 400 and "The clocks change at that time" in response.content.decode()
    assert not OnCallShift.objects.exists()


ROTA_VIEW = [
    ("admin", 200),
    ("supervisor", 200),
    ("supervisor2", 200),
    ("mentor", 200),
    ("mentor2", 200),
    ("participant", 403),
    ("outsider", 404),
]
ROTA_CHANGE = [
    ("admin", 302),
    ("supervisor", 302),
    ("supervisor2", 302),
    ("mentor", 403),
    ("mentor2", 403),
    ("participant", 403),
    ("outsider", 404),
]


@pytest.mark.parametrize(("persona", "status"), ROTA_VIEW)
def test_who_sees_the_rota(personas: Personas, persona: str, status: int) -> None:
    response = login_client(getattr(personas, persona)).get(reverse("alerts:rota", args=[personas.program.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("persona", "status"), ROTA_CHANGE)
def test_who_adds_shifts(personas: Personas, persona: str, status: int) -> None:
    response = login_client(getattr(personas, persona)).post(
        reverse("alerts:rota", args=[personas.program.pk]),
        shift_form(personas, starts_on="2099-03-14", ends_on="2099-03-15"),
    )
    assert response.status_code == status
    assert OnCallShift.objects.exists() is (status == 302)


@pytest.mark.parametrize(("persona", "status"), ROTA_CHANGE)
def test_who_removes_shifts(personas: Personas, persona: str, status: int) -> None:
    shift = put_on_call(personas, personas.mentor2, dt.datetime(2099, 3, 12, 9), dt.datetime(2099, 3, 12, 17))
    response = login_client(getattr(personas, persona)).post(
        reverse("alerts:rota_remove", args=[personas.program.pk, shift.pk])
    )
    assert response.status_code == status
    assert OnCallShift.objects.exists() is (status != 302)


def test_a_shift_of_another_program_is_not_found(personas: Personas) -> None:
    from alongside.organizations.models import Program

    other = Program.objects.create(organization=personas.org, name="Evening group", setting_type="community")
    shift = put_on_call(personas, personas.mentor2, dt.datetime(2099, 3, 12, 9), dt.datetime(2099, 3, 12, 17))
    response = login_client(personas.admin).post(reverse("alerts:rota_remove", args=[other.pk, shift.pk]))
    assert response.status_code == 404 and OnCallShift.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("mentor", 200), ("admin", 200), ("participant", 403)])
def test_the_escalation_overview(personas: Personas, persona: str, status: int) -> None:
    now = timezone.now().astimezone(CHICAGO)
    put_on_call(personas, personas.mentor2, now - dt.timedelta(hours=1), now + dt.timedelta(hours=1))
    response = login_client(getattr(personas, persona)).get(reverse("alerts:escalation"))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Riverbend Center" in page and "Miguel Mentor" in page
        assert (reverse("alerts:playbook", args=[personas.program.pk]) in page) is (persona == "admin")


def test_the_admin_nav_links_to_escalation(personas: Personas) -> None:
    page = login_client(personas.admin).get(reverse("pages:home")).content.decode()
    assert f'href="{reverse("alerts:escalation")}"' in page
