from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alongside.alerts"
    label = "alerts"
