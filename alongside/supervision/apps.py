from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "alongside.supervision"
    label = "supervision"
