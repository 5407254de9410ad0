from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "alongside.recovery"
    label = "recovery"
