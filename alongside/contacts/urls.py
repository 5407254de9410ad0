from django.urls import path

from alongside.contacts import views

app_name = "contacts"
urlpatterns = [
    path("participant/<int:participant_id>/", views.list_for_participant, name="list_for_participant"),
    path("participant/<int:participant_id>/new/", views.note_new, name="new"),
    path("<int:note_id>/", views.note_detail, name="detail"),
    path("<int:note_id>/edit/", views.note_edit, name="edit"),
    path("<int:note_id>/addendum/", views.addendum_add, name="addendum"),
    path("hours/", views.hours, name="hours"),
]
