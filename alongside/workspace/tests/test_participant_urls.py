"""The participant_url tag gives exactly what {% url %} gives, reversing each route once per page."""

from __future__ import annotations

from unittest import mock

import pytest
from django.template import engines
from django.urls import reverse

ROUTES = ["workspace:participant", "contacts:new", "messaging:thread_for_participant", "organizations:reassign"]


@pytest.mark.parametrize("name", ROUTES)
def test_it_gives_the_same_link_as_the_url_tag(name: str) -> None:
    template = engines["django"].from_string(
        "{% load participant_urls %}{% for pk in pks %}{% participant_url name pk %}|{% endfor %}"
    )
    rendered = template.render({"pks": [1, 42, 2147483646], "name": name})
    assert rendered == "".join(f"{reverse(name, args=[pk])}|" for pk in (1, 42, 2147483646))


def test_it_reverses_each_route_once_per_page() -> None:
    from alongside.workspace.templatetags import participant_urls

    template = engines["django"].from_string(
        '{% load participant_urls %}{% for pk in pks %}{% participant_url "contacts:new" pk %}{% endfor %}'
    )
    with mock.patch.object(participant_urls, "reverse", wraps=reverse) as spy:
        template.render({"pks": range(40)})
    assert spy.call_count == 1
