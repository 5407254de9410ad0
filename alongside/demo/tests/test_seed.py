from __future__ import annotations

import pyotp
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from alongside.demo.seed import DEMO_LOGINS, demo_password, seed_demo
from alongside.organizations.models import Membership, Organization, Role


def test_the_seed_creates_the_demo_cast_and_is_idempotent(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    assert seed_demo()["created"] == 1
    assert seed_demo()["created"] == 0
    riverbend = Organization.objects.get(slug="riverbend")
    members = Membership.objects.filter(organization=riverbend)
    assert riverbend.programs.count() == 2
    assert members.filter(role=Role.MENTOR).count() == 3
    assert members.filter(role=Role.PARTICIPANT).count() == 12
    assert members.filter(role=Role.SUPERVISOR).count() == 1 and members.filter(role=Role.ADMIN).count() == 1
    assert Membership.objects.get(user__email="outsider@demo.alongside.test").organization.slug == "harbor-light"


def test_every_printed_demo_login_works(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    seed_demo()
    for login in DEMO_LOGINS:
        client = Client()
        response = client.post("/accounts/login/", {"email": login.email, "password": demo_password()})
        if login.totp_secret:
            assert response["Location"] == "/accounts/login/verify/", login.email
            response = client.post("/accounts/login/verify/", {"code": pyotp.TOTP(login.totp_secret).now()})
        assert response.status_code == 302, login.email
        assert client.get("/").status_code == 200, login.email


def test_the_seed_refuses_to_run_with_debug_off(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        seed_demo()
    assert not Organization.objects.exists()
