from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AccessConfig(AppConfig):
    name = "alongside.access"
    label = "access"

    def ready(self) -> None:
        # Every app's access rules and record types (``<app>/access_rules.py``) join the registry.
        autodiscover_modules("access_rules")
