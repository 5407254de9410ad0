from django.urls import include, path, re_path
from django.views.i18n import set_language

from alongside.api import api, api_not_found

urlpatterns = [
    path("", include("alongside.pages.urls")),
    path("", include("alongside.ops.urls")),
    path("accounts/", include("alongside.accounts.urls")),
    path("org/", include("alongside.organizations.urls")),
    path("consent/", include("alongside.consent.urls")),
    path("notifications/", include("alongside.notifications.urls")),
    path("checkin/", include("alongside.checkins.urls")),
    path("coping/", include("alongside.coping.urls")),
    path("trends/", include("alongside.trends.urls")),
    path("reminders/", include("alongside.reminders.urls")),
    path("recovery/", include("alongside.recovery.urls")),
    path("goals/", include("alongside.goals.urls")),
    path("journal/", include("alongside.journal.urls")),
    path("safety/", include("alongside.safety.urls")),
    path("contacts/", include("alongside.contacts.urls")),
    path("alerts/", include("alongside.alerts.urls")),
    path("crisis/", include("alongside.crisis.urls")),
    path("supervision/", include("alongside.supervision.urls")),
    path("workspace/", include("alongside.workspace.urls")),
    path("messages/", include("alongside.messaging.urls")),
    path("signals/", include("alongside.signals.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    # Anything else under /api/ answers in problem+json too, never an HTML page.
    re_path(r"^api/", api_not_found, name="api_not_found"),
]

handler404 = "alongside.pages.views.not_found"
handler403 = "alongside.pages.views.forbidden"
handler500 = "alongside.pages.views.server_error"
