"""The "Overdose: what to do" page: public, one tap away, the steps in plain words, in Spanish too."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from alongside.conftest import Personas, login_client


def test_it_has_a_stable_address() -> None:
    assert reverse("crisis:overdose") == "/crisis/overdose/"


def test_it_is_public_and_gives_every_step(db: None) -> None:
    response = Client().get("/crisis/overdose/")
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        'href="tel:911"',
        "naloxone",
        "Narcan",
        "breathing",
        "recovery position",
        "Stay with them",
        "2 to 3 minutes",
        "Good Samaritan",
        "without a prescription",
        "health department",
    ):
        assert text in body, text


def test_it_is_in_spanish_for_a_spanish_speaker(db: None, compiled_translations: None) -> None:
    body = Client(headers={"accept-language": "es"}).get("/crisis/overdose/").content.decode()
    assert '<html lang="es">' in body
    for text in ("Sobredosis", "Llama al 911", "naloxona", "posición de recuperación", "Quédate con la persona"):
        assert text in body, text
    assert "Stay with them" not in body


def test_it_may_be_kept_for_offline_use_even_when_logged_in(personas: Personas) -> None:
    for client in (Client(), login_client(personas.participant)):
        for path in ("/crisis/", "/crisis/overdose/"):
            cache_control = client.get(path)["Cache-Control"]
            assert "no-store" not in cache_control and "private" in cache_control, (path, cache_control)


def test_it_is_one_tap_from_every_participant_page_and_from_the_crisis_page(personas: Personas) -> None:
    client = login_client(personas.participant)
    for path in ("/", "/checkin/", "/safety/", "/journal/", "/crisis/"):
        assert 'href="/crisis/overdose/"' in client.get(path).content.decode(), path
    assert 'href="/crisis/overdose/"' in Client().get("/crisis/").content.decode()


def test_the_crisis_pages_are_in_the_service_worker_precache(db: None) -> None:
    body = Client().get("/sw.js").content.decode()
    assert '"/crisis/"' in body and '"/crisis/overdose/"' in body
