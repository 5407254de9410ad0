from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What operators watch: the health checks of the web process and of the background worker."""

    name = "alongside.ops"
    label = "ops"
