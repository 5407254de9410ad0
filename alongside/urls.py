from django.urls import include, path
from django.views.i18n import set_language

from alongside.api import api

urlpatterns = [
    path("", include("alongside.core.urls")),
    path("accounts/", include("alongside.accounts.urls")),
    path("org/", include("alongside.organizations.urls")),
    path("consent/", include("alongside.consent.urls")),
    path("notifications/", include("alongside.notifications.urls")),
    path("checkin/", include("alongside.checkins.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
]

handler404 = "alongside.core.views.not_found"
handler403 = "alongside.core.views.forbidden"
handler500 = "alongside.core.views.server_error"
