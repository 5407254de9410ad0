from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput, NotAllowed
from alongside.notifications.models import Notification
from alongside.supervision.models import WellbeingCheck
from alongside.supervision.selectors import wellbeing_flags
from alongside.supervision.services import wellbeing_check_record
from alongside.supervision.tests.factories import answer

DAY = dt.date(2026, 3, 10)


def flag_of(personas: Personas):  # type: ignore[no-untyped-def]
    return wellbeing_flags(mentor_ids=[personas.mentor.pk])[personas.mentor.pk]


def test_it_records_a_check_with_the_strain_score(personas: Personas) -> None:
    check = answer(personas.mentor, 2, 1, 3, 3, on=DAY, note="Tired but okay")
    assert (check.answered_on, check.strain_score, check.note) == (DAY, 2 + 1 + 3 + (4 - 3), "Tired but okay")
    assert AuditEntry.objects.filter(action="wellbeing.checked").count() == 1
    # The audit log records that a check happened, never the answers.
    assert "Tired" not in str(AuditEntry.objects.get(action="wellbeing.checked").extra)


def test_the_same_client_id_twice_stores_one_check(personas: Personas) -> None:
    key = uuid.uuid4()
    for _ in range(2):
        wellbeing_check_record(
            mentor=personas.mentor, emotional_exhaustion=1, boundary_strain=1, workload=1, support_felt=3, client_id=key
        )
    assert WellbeingCheck.objects.count() == 1


@pytest.mark.parametrize("field", ["emotional_exhaustion", "boundary_strain", "workload", "support_felt"])
@pytest.mark.parametrize("value", [-1, 5])
def test_answers_outside_the_scale_are_refused(personas: Personas, field: str, value: int) -> None:
    answers = {"emotional_exhaustion": 1, "boundary_strain": 1, "workload": 1, "support_felt": 3, field: value}
    with pytest.raises(InvalidInput) as exc:
        wellbeing_check_record(mentor=personas.mentor, **answers)
    assert field in exc.value.field_errors
    assert not WellbeingCheck.objects.exists()


def test_a_note_over_the_limit_is_refused(personas: Personas) -> None:
    with pytest.raises(InvalidInput) as exc:
        answer(personas.mentor, 1, 1, 1, 3, on=DAY, note="n" * 2001)
    assert "note" in exc.value.field_errors


@pytest.mark.parametrize("who", ["supervisor", "admin", "participant"])
def test_only_a_mentor_answers_their_own_check(personas: Personas, who: str) -> None:
    with pytest.raises(NotAllowed):
        answer(getattr(personas, who), 1, 1, 1, 3, on=DAY)


def test_the_note_is_encrypted_at_rest(personas: Personas) -> None:
    answer(personas.mentor, 1, 1, 1, 3, on=DAY, note="my brother is sick")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM supervision_wellbeingcheck")
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:") and "brother" not in stored


# Flags -----------------------------------------------------------------------------------------


def test_no_check_and_a_calm_check_raise_no_flag(personas: Personas) -> None:
    assert flag_of(personas) is None
    answer(personas.mentor, 1, 1, 2, 3, on=DAY)  # strain 5
    assert flag_of(personas) is None


def test_strain_of_ten_of_sixteen_is_flagged_with_a_plain_reason(personas: Personas) -> None:
    answer(personas.mentor, 3, 2, 3, 2, on=DAY)  # 3 + 2 + 3 + (4 - 2) = 10
    flag = flag_of(personas)
    assert flag is not None and flag.latest_score == 10 and flag.trend is None
    assert flag.reasons == ["Overall strain is 10 of 16 (a flag starts at 10)."]


def test_strain_of_nine_is_not_flagged(personas: Personas) -> None:
    answer(personas.mentor, 3, 2, 3, 3, on=DAY)  # 9
    assert flag_of(personas) is None


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ((4, 0, 0, 4), "Feels completely drained after supporting people."),
        ((0, 4, 0, 4), "Keeping healthy boundaries has felt very hard."),
        ((0, 0, 4, 4), "The workload feels like too much."),
        ((0, 0, 0, 0), "Does not feel supported at all."),
    ],
)
def test_any_single_answer_at_its_hardest_is_flagged(
    personas: Personas, answers: tuple[int, int, int, int], reason: str
) -> None:
    answer(personas.mentor, *answers, on=DAY)
    flag = flag_of(personas)
    assert flag is not None and flag.reasons == [reason]


def test_worsening_by_three_points_is_flagged_with_both_scores(personas: Personas) -> None:
    answer(personas.mentor, 1, 0, 1, 4, on=DAY)  # 2
    answer(personas.mentor, 2, 1, 2, 4, on=DAY + dt.timedelta(days=14))  # 5: three points worse
    flag = flag_of(personas)
    assert flag is not None and flag.trend == "worse" and (flag.previous_score, flag.latest_score) == (2, 5)
    assert flag.reasons == ["Strain rose by 3 points since the check on March 10, 2026 (2 → 5)."]


def test_worsening_by_two_points_is_not_flagged(personas: Personas) -> None:
    answer(personas.mentor, 1, 0, 1, 4, on=DAY)
    answer(personas.mentor, 2, 0, 2, 4, on=DAY + dt.timedelta(days=14))
    assert flag_of(personas) is None


def test_a_flag_clears_when_the_next_check_is_better(personas: Personas) -> None:
    answer(personas.mentor, 4, 3, 3, 1, on=DAY)
    answer(personas.mentor, 1, 1, 2, 3, on=DAY + dt.timedelta(days=14))
    assert flag_of(personas) is None


def test_high_and_worse_give_every_reason(personas: Personas) -> None:
    answer(personas.mentor, 1, 1, 1, 3, on=DAY)  # 4
    answer(personas.mentor, 4, 3, 4, 1, on=DAY + dt.timedelta(days=14))  # 14
    flag = flag_of(personas)
    assert flag is not None and flag.latest_score == 14
    assert len(flag.reasons) == 4  # high strain, drained, too much work, worse by 10


def test_a_flagged_check_tells_the_supervisor_without_the_answers(personas: Personas) -> None:
    answer(personas.mentor, 4, 3, 3, 1, on=DAY, note="I can't sleep")
    told = Notification.objects.get(recipient=personas.supervisor.user, kind="wellbeing.flagged")
    assert "Maria Mentor" in told.title and "sleep" not in told.title + told.body
    assert told.link == f"/supervision/mentors/{personas.mentor.pk}/"
    assert not Notification.objects.filter(recipient=personas.supervisor2.user).exists()


def test_a_calm_check_tells_no_one(personas: Personas) -> None:
    answer(personas.mentor, 1, 1, 1, 3, on=DAY)
    assert not Notification.objects.filter(kind="wellbeing.flagged").exists()
