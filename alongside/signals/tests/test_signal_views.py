"""The pages: a participant's signals (their mentor and supervisor) and the settings (admins)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.localtime import local_today
from alongside.signals.models import SignalEvaluation, SignalSettings
from alongside.signals.services import signals_evaluate_pending
from alongside.signals.tests.factories import checkins, every_day, usual_month

PARTICIPANT_ACCESS = [
    ("mentor", 200),
    ("supervisor", 200),
    ("mentor2", 404),
    ("supervisor2", 404),
    ("participant2", 404),
    ("admin", 404),
    ("participant", 403),
    ("outsider", 404),
]
SETTINGS_ACCESS = [
    ("admin", 200),
    ("mentor", 404),
    ("supervisor", 404),
    ("mentor2", 404),
    ("participant", 404),
    ("outsider", 404),
]


def evaluated(personas: Personas) -> SignalEvaluation:
    """Craving well above their usual and poor sleep, evaluated as the worker does after a check-in."""
    today = local_today(personas.participant)
    checkins(
        personas.participant,
        {**usual_month(craving=3), **every_day(range(3), craving=8, sleep_quality=1)},
        as_of=today,
    )
    signals_evaluate_pending()
    return SignalEvaluation.objects.get()


def test_the_mentor_sees_the_score_and_each_reason(personas: Personas) -> None:
    evaluation = evaluated(personas)
    response = login_client(personas.mentor).get(reverse("signals:participant", args=[personas.participant.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Early-warning signals: Pat Participant" in html
    assert f"Score {evaluation.score}" in html and "At or over the alert threshold (4)" in html
    assert "Craving has been 8 or higher for three days, above their usual 3." in html
    assert "Slept poorly on 3 of the last 4 check-ins." in html
    assert (
        AuditEntry.objects.filter(
            action="signals.viewed", actor=personas.mentor.user, subject=personas.participant
        ).count()
        == 1
    )


def test_the_page_says_so_when_nothing_was_found(personas: Personas) -> None:
    html = (
        login_client(personas.supervisor)
        .get(reverse("signals:participant", args=[personas.participant.pk]))
        .content.decode()
    )
    assert "No early-warning signals in the last 30 days." in html


@pytest.mark.parametrize(("persona", "status"), PARTICIPANT_ACCESS)
def test_who_sees_a_participants_signals(personas: Personas, persona: str, status: int) -> None:
    evaluated(personas)
    response = login_client(getattr(personas, persona)).get(
        reverse("signals:participant", args=[personas.participant.pk])
    )
    assert response.status_code == status
    assert ("Craving has been" in response.content.decode()) is (status == 200)


@pytest.mark.parametrize(("persona", "status"), SETTINGS_ACCESS)
def test_who_opens_a_programs_signal_settings(personas: Personas, persona: str, status: int) -> None:
    url = reverse("signals:settings", args=[personas.program.pk])
    client = login_client(getattr(personas, persona))
    assert client.get(url).status_code == status
    if status != 200:
        response = client.post(url, {"alert_threshold": "1"})
        assert response.status_code == status
        assert not SignalSettings.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("admin", 200), ("mentor", 403), ("participant", 403), ("outsider", 403)]
)
def test_who_opens_the_settings_overview(personas: Personas, persona: str, status: int) -> None:
    response = login_client(getattr(personas, persona)).get(reverse("signals:settings_index"))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Riverbend Center" in html and reverse("signals:settings", args=[personas.program.pk]) in html


def form_data(**overrides: str) -> dict[str, str]:
    from alongside.signals.rules import DEFAULT_WEIGHTS, THRESHOLDS

    data = {"alert_threshold": "4"}
    for code, weight in DEFAULT_WEIGHTS.items():
        data[f"enabled_{code}"] = "on"
        data[f"weight_{code}"] = str(weight)
    for spec in THRESHOLDS:
        data[f"threshold_{spec.key}"] = f"{spec.default:g}"
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def test_an_admin_changes_the_settings(personas: Personas) -> None:
    client = login_client(personas.admin)
    url = reverse("signals:settings", args=[personas.program.pk])
    page = client.get(url).content.decode()
    assert "<legend>Craving rising</legend>" in page and 'name="threshold_craving_rise"' in page
    response = client.post(
        url,
        form_data(alert_threshold="5", weight_mood_drop="4", threshold_craving_rise="2.5", enabled_quiet_messages=""),
    )
    assert response.status_code == 302 and response["Location"] == url
    settings = SignalSettings.objects.get(program=personas.program)
    config = settings.config()
    assert (config.alert_threshold, config.weights["mood_drop"], config.t("craving_rise")) == (5, 4, 2.5)
    assert "quiet_messages" not in config.enabled and settings.updated_by == personas.admin
    assert AuditEntry.objects.filter(action="signals.settings_updated", actor=personas.admin.user).count() == 1
    assert "Saved." in client.get(url).content.decode()


def test_bad_settings_are_explained_next_to_each_field(personas: Personas) -> None:
    client = login_client(personas.admin)
    url = reverse("signals:settings", args=[personas.program.pk])
    response = client.post(url, form_data(weight_craving_rising="11", threshold_mood_drop="9"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_weight_craving_rising_error"' in html and 'id="id_threshold_mood_drop_error"' in html
    assert 'aria-describedby="id_weight_craving_rising_error"' in html
    # The service's own rule: a threshold the enabled weights can never reach.
    only_sleep = {
        f"enabled_{code}": ""
        for code in [
            "craving_rising",
            "mood_drop",
            "halt_building",
            "trigger_repeating",
            "reported_use",
            "missed_checkins",
            "quiet_messages",
        ]
    }
    response = client.post(url, form_data(**only_sleep))
    assert response.status_code == 400
    assert "the score can reach at most 1, so no alert would ever be raised" in response.content.decode()
    assert not SignalSettings.objects.exists()
