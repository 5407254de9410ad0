from django.urls import path

from alongside.recovery import views

app_name = "recovery"
urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("participant/<int:membership_id>/", views.participant_timeline, name="participant_timeline"),
    path("starts/new/", views.start_add, name="start_add"),
    path("starts/<int:start_id>/edit/", views.start_edit, name="start_edit"),
    path("starts/<int:start_id>/delete/", views.start_delete, name="start_delete"),
    path("starts/<int:start_id>/setback/", views.setback_add, name="setback_add"),
]
