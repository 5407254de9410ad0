from django.urls import path

from alongside.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("new/", views.entry_new, name="new"),
    path("<int:entry_id>/", views.entry_detail, name="detail"),
    path("<int:entry_id>/edit/", views.entry_edit, name="edit"),
    path("<int:entry_id>/delete/", views.entry_delete, name="delete"),
    path("<int:entry_id>/share/", views.entry_share, name="share"),
    path("participant/<int:membership_id>/", views.participant_shared, name="participant_shared"),
]
