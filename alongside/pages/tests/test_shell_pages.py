from __future__ import annotations

from django.test import Client

from alongside.conftest import Personas, login_client


def test_every_response_carries_the_security_headers(db: None) -> None:
    response = Client().get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_reference_no_outside_host(personas: Personas) -> None:
    for persona in (personas.participant, personas.mentor, personas.admin):
        body = login_client(persona).get("/").content.decode()
        for attr in ('src="http', "src='http", 'href="//', 'src="//', 'href="http'):
            assert attr not in body.replace('href="http://testserver', "")


def test_anonymous_home_goes_to_login(db: None) -> None:
    assert Client().get("/")["Location"] == "/accounts/login/"


def test_each_role_gets_its_own_home(personas: Personas) -> None:
    assert b"Welcome" in login_client(personas.participant).get("/").content
    assert personas.participant.user.display_name.encode() in login_client(personas.mentor).get("/").content
    assert b"Mentors you supervise" in login_client(personas.supervisor).get("/").content
    assert b"Pending invitations" in login_client(personas.admin).get("/").content


def test_participant_pages_show_crisis_resources_and_staff_pages_do_not_need_to(personas: Personas) -> None:
    page = login_client(personas.participant).get("/").content
    for text in (b"tel:988", b"sms:988", b"1-800-662-4357", b"741741", b"tel:911"):
        assert text in page
    crisis = Client().get("/crisis/")
    assert crisis.status_code == 200 and b"988" in crisis.content


def test_the_outsider_sees_only_their_own_organization(personas: Personas) -> None:
    page = login_client(personas.outsider).get("/").content
    assert personas.org.name.encode() not in page
    assert personas.participant.user.display_name.encode() not in page


def test_spanish_is_served_when_chosen(personas: Personas) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "es", "next": "/accounts/login/"})
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert b'lang="es"' in page.content


def test_health_check_answers(db: None) -> None:
    from alongside.notifications.services import worker_heartbeat

    worker_heartbeat(worker_id="web-test")  # a running worker (the stopped one: alerts/tests)
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_a_user_without_membership_is_told_so(db: None) -> None:
    from alongside.accounts.models import User

    user = User.objects.create_user("lonely@example.test", "x" * 12, display_name="Lonely")
    client = Client()
    client.force_login(user, backend="alongside.accounts.backends.EmailBackend")
    assert client.get("/").status_code == 403


def test_notifications_list_and_mark_read(personas: Personas) -> None:
    from alongside.notifications.models import Notification
    from alongside.notifications.services import notify

    notify(recipient=personas.participant.user, kind="test", title="Hello there", email=False)
    client = login_client(personas.participant)
    assert b"Hello there" in client.get("/notifications/").content
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert b"Hello there" not in login_client(personas.outsider).get("/notifications/").content


def test_the_service_worker_is_served_from_the_root_so_it_can_control_the_checkin(db: None) -> None:
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert b"/api/v1/checkins" in response.content and b"Idempotency-Key" in response.content


def test_the_web_app_manifest_starts_at_the_checkin_and_uses_local_icons(db: None) -> None:
    manifest = Client().get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == "/checkin/" and data["display"] == "standalone"
    assert all(icon["src"].startswith("/static/") for icon in data["icons"])


def test_a_person_in_two_organizations_sees_each_ones_notifications_separately(personas: Personas) -> None:
    from alongside.notifications.models import Notification
    from alongside.notifications.services import notify
    from alongside.organizations.models import Membership, Role

    second = Membership.objects.create(user=personas.mentor.user, organization=personas.other_org, role=Role.MENTOR)
    notify(recipient=personas.mentor.user, organization=personas.org, kind="k", title="From Riverbend", email=False)
    notify(
        recipient=personas.mentor.user,
        organization=personas.other_org,
        kind="k",
        title="From Harbor Light",
        email=False,
    )
    client = login_client(personas.mentor)
    page = client.get("/notifications/").content
    assert b"From Riverbend" in page and b"From Harbor Light" not in page
    client.post("/notifications/read-all/")
    assert Notification.objects.get(title="From Harbor Light").read_at is None
    client.post(f"/accounts/switch/{second.pk}/")
    assert b"From Harbor Light" in client.get("/notifications/").content
