from django.apps import AppConfig


class CopingConfig(AppConfig):
    name = "alongside.coping"
    label = "coping"
