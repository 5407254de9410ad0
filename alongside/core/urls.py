from django.urls import path

from alongside.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("crisis/", views.crisis, name="crisis"),
    path("crisis/overdose/", views.overdose, name="overdose"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/worker", views.healthz_worker, name="healthz_worker"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
