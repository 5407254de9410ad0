from django.urls import path

from alongside.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("hours/", views.working_hours, name="working_hours"),
    path("<int:thread_id>/", views.thread, name="thread"),
    path("<int:thread_id>/send/", views.send, name="send"),
    path("<int:thread_id>/poll/", views.poll, name="poll"),
    path("<int:thread_id>/supervisor/", views.add_supervisor, name="add_supervisor"),
    path("participant/<int:participant_id>/", views.thread_for_participant, name="thread_for_participant"),
]
