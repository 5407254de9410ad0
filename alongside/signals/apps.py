from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "alongside.signals"
    label = "signals"
