from django.urls import path

from alongside.coping import views

app_name = "coping"
urlpatterns = [
    path("", views.toolbox, name="toolbox"),
    path("breathing/", views.breathing, name="breathing"),
    path("grounding/", views.grounding, name="grounding"),
    path("urge-surfing/", views.urge_surfing, name="urge_surfing"),
    path("strategies/", views.strategies, name="strategies"),
    path("strategies/<int:strategy_id>/delete/", views.strategy_delete, name="strategy_delete"),
    path("strategies/<int:strategy_id>/move/", views.strategy_move, name="strategy_move"),
    path("activities/", views.activities, name="activities"),
    path("activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path("participant/<int:membership_id>/", views.participant_toolkit, name="participant_toolkit"),
]
