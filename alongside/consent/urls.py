from django.urls import path

from alongside.consent import views

app_name = "consent"
urlpatterns = [
    path("", views.consent_list, name="list"),
    path("new/", views.consent_new, name="new"),
    path("<int:consent_id>/", views.consent_detail, name="detail"),
    path("<int:consent_id>/revoke/", views.consent_revoke_view, name="revoke"),
    path("sharing/", views.sharing, name="sharing"),
]
