from django.urls import path

from alongside.crisis import views

app_name = "crisis"
urlpatterns = [
    path("lines/", views.lines_edit, name="lines"),
]
