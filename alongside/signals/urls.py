from django.urls import path

from alongside.signals import views

app_name = "signals"
urlpatterns = [
    path("settings/", views.settings_index, name="settings_index"),
    path("settings/<int:program_id>/", views.settings, name="settings"),
    path("participant/<int:participant_id>/", views.participant, name="participant"),
]
