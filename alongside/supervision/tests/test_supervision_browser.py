"""Every supervision page passes axe-core, and a supervisor sees a flagged mentor and lowers the cap."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import assert_no_axe_violations, login, url
from alongside.supervision.selectors import caseload_cap_for
from alongside.supervision.tests.factories import answer, record_session, report_concern, yesterday

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytest_plugins = ["alongside.core.testing.browser"]
pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def test_a_mentors_supervision_pages_are_accessible(page: Page, live_server: LiveServer, personas: Personas) -> None:
    session = record_session(personas)
    concern = report_concern(personas)
    answer(personas.mentor, 1, 1, 2, 3, on=yesterday(personas.mentor))
    login(page, live_server, personas.mentor, PASSWORD)
    page.get_by_role("link", name="Supervision & wellbeing").click()
    assert page.get_by_role("heading", name="Supervision & wellbeing", level=1).is_visible()
    assert_no_axe_violations(page)
    for path in (
        reverse("supervision:session_detail", args=[session.pk]),
        reverse("supervision:hours"),
        reverse("supervision:concern_new"),
        reverse("supervision:concern_list"),
        reverse("supervision:concern_detail", args=[concern.pk]),
    ):
        page.goto(url(live_server, path))
        assert_no_axe_violations(page)

    page.goto(url(live_server, reverse("supervision:wellbeing")))
    assert_no_axe_violations(page)
    page.get_by_label("Quite a lot").check()
    page.get_by_label("Often hard").check()
    page.get_by_label("Too much").check()
    page.get_by_label("A little", exact=True).last.check()
    page.get_by_role("button", name="Save my answers").click()
    assert page.get_by_text("Your answers are saved").is_visible()
    assert page.get_by_text("Your recent answers suggest this stretch has been heavy").is_visible()
    assert_no_axe_violations(page)


def test_a_supervisor_sees_a_flagged_mentor_and_lowers_the_cap(
    page: Page, live_server: LiveServer, personas: Personas
) -> None:
    answer(personas.mentor, 4, 3, 3, 1, on=yesterday(personas.mentor), note="I need a lighter week")
    concern = report_concern(personas)
    login(page, live_server, personas.supervisor, PASSWORD)
    page.get_by_role("link", name="Supervision", exact=True).click()
    assert page.get_by_text("Feels completely drained after supporting people.").is_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Maria Mentor").click()
    assert page.get_by_text("I need a lighter week").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Caseload cap (most participants at once)").fill("10")
    page.get_by_label("Why are you changing it?").fill("A lighter few weeks while things settle")
    page.get_by_role("button", name="Save the cap").click()
    assert page.get_by_text("The caseload cap is saved").is_visible()
    assert caseload_cap_for(mentor=personas.mentor) == 10

    for path in (reverse("supervision:session_new"), reverse("supervision:hours"), reverse("supervision:concern_list")):
        page.goto(url(live_server, path))
        assert_no_axe_violations(page)
    page.goto(url(live_server, reverse("supervision:concern_detail", args=[concern.pk])))
    assert_no_axe_violations(page)
    page.get_by_label("Your note back to the mentor").fill("Thank you. Let's talk tomorrow.")
    page.get_by_role("button", name="Acknowledge").click()
    assert page.get_by_text("Acknowledged. The mentor has been told.").is_visible()
