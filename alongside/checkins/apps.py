from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "alongside.checkins"
    label = "checkins"
