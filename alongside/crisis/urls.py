from django.urls import path

from alongside.crisis import views

app_name = "crisis"
urlpatterns = [
    # Public, no login: help now (/crisis/) and what to do in an overdose (/crisis/overdose/).
    path("", views.help_now, name="help"),
    path("overdose/", views.overdose, name="overdose"),
    path("lines/", views.lines_edit, name="lines"),
]
