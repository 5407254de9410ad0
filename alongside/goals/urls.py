from django.urls import path

from alongside.goals import views

app_name = "goals"
urlpatterns = [
    path("", views.goal_list, name="list"),
    path("new/", views.goal_new, name="new"),
    path("<int:goal_id>/", views.goal_detail, name="detail"),
    path("<int:goal_id>/edit/", views.goal_edit, name="edit"),
    path("<int:goal_id>/accept/", views.goal_accept_view, name="accept"),
    path("<int:goal_id>/decline/", views.goal_decline_view, name="decline"),
    path("steps/<int:step_id>/toggle/", views.step_toggle_view, name="step_toggle"),
    path("participant/<int:membership_id>/", views.participant_goals, name="participant_goals"),
    path("participant/<int:membership_id>/propose/", views.goal_propose_view, name="propose"),
]
