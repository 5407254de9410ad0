from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "alongside.trends"
    label = "trends"
