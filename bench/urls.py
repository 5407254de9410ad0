"""The benchmarks' URLconf: the app's own routes and the baseline views of ``bench.views``.

Used only through ``bench.settings`` (``DJANGO_SETTINGS_MODULE=bench.settings``), so a deployed
app has no benchmark routes whatever its environment says.
"""

from django.urls import URLPattern, URLResolver, path

from alongside import urls as app_urls
from bench.views import bare_insert, checkin_work, signed_in_insert

urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/insert", bare_insert, name="bench_insert"),
    path("bench/signed-in-insert", signed_in_insert, name="bench_signed_in_insert"),
    path("bench/checkin-work", checkin_work, name="bench_checkin_work"),
    *app_urls.urlpatterns,
]

handler404 = app_urls.handler404
handler403 = app_urls.handler403
handler500 = app_urls.handler500
