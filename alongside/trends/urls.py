from django.urls import path

from alongside.trends import views

app_name = "trends"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("participant/<int:membership_id>/", views.participant, name="participant"),
]
