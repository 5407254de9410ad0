"""Public static files are served without inviting every other site to read them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware


def _never_reached(request: HttpRequest) -> HttpResponse:
    raise AssertionError("the static file was not served by the middleware")


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_it_serves_a_static_file_without_an_allow_all_origins_header(db: None) -> None:
    # The middleware reads its settings when it starts, as it does in the running site.
    middleware = WhiteNoiseMiddleware(_never_reached)
    response = middleware(RequestFactory().get("/static/css/alongside.css"))
    response.close()  # the file; this ends the request as Django does (its connections checked: db)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
