from django.urls import path

from alongside.checkins import views

app_name = "checkins"
urlpatterns = [
    path("", views.checkin, name="checkin"),
    path("history/", views.history, name="history"),
    path("participant/<int:membership_id>/", views.participant_history, name="participant_history"),
]
