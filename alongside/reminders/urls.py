from django.urls import path

from alongside.reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.settings, name="settings"),
]
