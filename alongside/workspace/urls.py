from django.urls import path

from alongside.workspace import views

app_name = "workspace"
urlpatterns = [
    path("today/", views.today, name="today"),
    path("team/", views.team, name="team"),
    path("participants/<int:participant_id>/", views.participant, name="participant"),
]
